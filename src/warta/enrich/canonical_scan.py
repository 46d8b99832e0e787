"""High-precision gazetteer scan: mentions of known entities found directly in text.

The scan complements the statistical tagger: it finds "AS" in "hingga AS:" or "PBB" where
the tagger is unsure. It walks a token trie over a plain ``\\w+`` tokenisation, longest
match first, and only accepts a match that looks like a proper noun: acronyms (three
letters or fewer) must match case and all, longer names must start with a capital letter.
Only some kinds of rows are scanned (countries, national capitals, provinces, international
organisations, institutions, ministries, parties and the full names of listed persons):
regency and city names are too often ordinary words ("Batu", "Bone", "Agam", "Metro").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from warta.enrich.canonical_norm import fold, is_short
from warta.record import Entity

__all__ = ["NO_SCAN", "ONE_WORD_PERSON_KINDS", "SCAN_KINDS", "Candidate", "Scanner"]

SCAN_KINDS = frozenset(
    {
        "country",
        "capital",
        "territory",
        "constituent-country",
        "province",
        "international-organization",
        "institution",
        "ministry",
        "party",
    }
)
# Person rows whose one-word names (Jokowi, Soeharto, SBY) are safe to scan; a one-word
# minister name ("Sugiono", "Pratikno") is a common Javanese name and is left to the tagger.
ONE_WORD_PERSON_KINDS = frozenset({"head-of-state", "head-of-government", "vice-president"})

# Names never scanned (folded or exact): ordinary Indonesian words at a sentence start
# ("Lima" = five, "Baku" = standard, "Asmara" = romance), first names ("Sofia",
# "Victoria", "Jordan", "Chad") and acronyms with other common readings ("UN" = Ujian
# Nasional, "PNG" images, "MA"/"MK"/"BI"/"KY" letters in running text).
NO_SCAN = frozenset(
    {
        "lima",
        "baku",
        "asmara",
        "sofia",
        "victoria",
        "jordan",
        "georgia",
        "chad",
        "kingston",
        "santiago",
        "UN",
        "US",
        "UK",
        "KL",
        "JK",
        "RI",
        "DKI",
        "PNG",
        "MA",
        "MK",
        "BI",
        "KY",
        "UE",
    }
)
# A match followed by one of these words is part of a longer name the table does not have
# ("Laut China Selatan", "Amerika Latin", "Indonesia Raya"), so it is dropped.
_DIRECTION_WORDS = frozenset(
    {"utara", "selatan", "barat", "timur", "tengah", "tenggara", "daya", "latin", "raya"}
)
# Words after which a country name is a language ("bahasa Inggris"), not a place.
_LANGUAGE_CUES = frozenset({"bahasa"})
# Names of other things that start with a known name: skipped whole ("AS Roma" is a
# football club, not the United States and Rome).
_BLOCKED = frozenset({("AS", "Roma"), ("AS", "Monaco")})

_TOKEN = re.compile(r"\w+")
_GAP = re.compile(r"[\s\-/.,&']{1,3}")


@dataclass(slots=True, frozen=True)
class Candidate:
    """One name of one row, as the scan knows it."""

    row: int
    exact: str | None  # the exact surface for acronyms, None for folded names


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[Candidate] = field(default_factory=list)


def _fold_token(token: str) -> str:
    return token.casefold() if token.isascii() else fold(token)


# The folded first words of the blocked pairs: the scan must stop at those too.
_BLOCKED_HEADS = frozenset(_fold_token(first) for first, _ in _BLOCKED)


class Scanner:
    """A token trie over the scannable names of an entity table."""

    def __init__(self, names: Iterable[tuple[int, str]]) -> None:
        self._root = _Node()
        for row, name in names:
            self._add(row, name)

    def _add(self, row: int, name: str) -> None:
        exact = name if is_short(name) else None
        if (exact or fold(name)) in NO_SCAN:
            return
        tokens = _TOKEN.findall(name)
        if not tokens:
            return
        node = self._root
        for token in tokens:
            node = node.children.setdefault(_fold_token(token), _Node())
        if all(c.row != row for c in node.entries):
            node.entries.append(Candidate(row, exact))

    def scan(self, text: str, rows: Sequence[tuple[str, str, str | None]]) -> list[Entity]:
        """Find mentions; ``rows`` gives (type, canonical, id) per row index."""
        toks = _Tokens(text)
        found: list[Entity] = []
        # Only a token that starts a name (or a blocked pair) needs a look: most of an
        # article's tokens start none, and skipping them is most of the scan's speed.
        heads = self._root.children
        folded = toks.folded
        starts = [i for i, key in enumerate(folded) if key in heads or key in _BLOCKED_HEADS]
        resume = 0  # the first token not inside a match already taken
        for i in starts:
            if i < resume:
                continue
            if toks.pair(i) in _BLOCKED:
                resume = i + 2
                continue
            hit = self._longest(toks, i)
            if hit is None:
                continue
            j, candidate = hit
            start, end = toks.spans[i][0], toks.spans[j][1]
            typ, canonical, qid = rows[candidate.row]
            found.append(Entity(text[start:end], typ, canonical, qid, start, end))
            resume = j + 1
        return found

    def _longest(self, toks: _Tokens, i: int) -> tuple[int, Candidate] | None:
        """The longest acceptable match starting at token ``i``: (last token, candidate)."""
        node = self._root.children.get(toks.folded[i])
        best: tuple[int, Candidate] | None = None
        j = i
        while node is not None:
            for candidate in node.entries:
                if _accept(toks, i, j, candidate):
                    best = (j, candidate)
                    break
            if j + 1 >= len(toks.spans) or not _GAP.fullmatch(toks.gap(j)):
                break
            j += 1
            node = node.children.get(toks.folded[j])
        return best


class _Tokens:
    """The ``\\w+`` tokens of a text with their folded forms."""

    __slots__ = ("folded", "spans", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = list(map(re.Match.span, _TOKEN.finditer(text)))
        # _fold_token inlined: this runs for every word of every article.
        self.folded = [
            word.casefold() if word.isascii() else fold(word) for word in _TOKEN.findall(text)
        ]

    def gap(self, j: int) -> str:
        """The text between token ``j`` and the next one."""
        return self.text[self.spans[j][1] : self.spans[j + 1][0]]

    def pair(self, i: int) -> tuple[str, str] | None:
        """Tokens ``i`` and ``i + 1`` as written, or None at the end."""
        if i + 1 >= len(self.spans):
            return None
        (a, b), (c, d) = self.spans[i], self.spans[i + 1]
        return self.text[a:b], self.text[c:d]


def _accept(toks: _Tokens, i: int, j: int, candidate: Candidate) -> bool:
    """Case, language and continuation rules for a match of tokens ``i..j``."""
    surface = toks.text[toks.spans[i][0] : toks.spans[j][1]]
    if candidate.exact is not None:
        if " ".join(surface.split()) != candidate.exact:
            return False
    elif not surface[0].isupper():
        return False
    if i > 0 and toks.folded[i - 1] in _LANGUAGE_CUES:
        return False
    followed = j + 1 < len(toks.spans) and toks.gap(j).isspace()
    return not (followed and toks.folded[j + 1] in _DIRECTION_WORDS)
