"""What quote attribution reads in a text: speech cues, sentences, person mentions.

The speech words live in ``data/speech.toml``; :func:`lexicon` reads them once. A cue is
one of three kinds, by where its speaker stands:

- ``after``: a base verb whose speaker follows ('kata Budi', 'ujar Menteri X');
- ``before``: a verb whose subject is the speaker ('Budi mengatakan', 'Xi menyapa ...');
- ``back``: a form that points back to the last speaker ('katanya', 'menurutnya');

and 'menurut' is an ``after`` cue of its own ('Menurut X, ...').
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from warta.record import Entity

__all__ = ["Context", "Cue", "Lexicon", "Person", "lexicon"]

# One character class first, so the engine skips to candidates without trying each position.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)|[.!?]*[\"”’]?(?=\s+[\"“‘(]?[A-Z0-9]))")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class Person:
    start: int
    end: int
    name: str  # canonical if known, else the mention's text


@dataclass(frozen=True, slots=True)
class Cue:
    start: int
    end: int
    kind: str  # "after", "before" or "back"
    word: str  # lower case, as matched


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The speech words of ``data/speech.toml``, compiled."""

    cue: re.Pattern[str]
    after: frozenset[str]
    according: frozenset[str]
    naming: frozenset[str]
    pronouns: frozenset[str]
    filler: frozenset[str]
    no_break_after: frozenset[str]

    def kind(self, word: str) -> str:
        """The kind of a matched cue (see the module docstring)."""
        if word.endswith("nya") and (word[:-3] in self.after or word[:-3] in self.according):
            return "back"
        return "after" if word in self.after or word in self.according else "before"


def _trie(words: list[str]) -> str:
    """A regex matching any of ``words``, written as a trie ('me(?:n(?:gatakan|...)...)').
    A flat alternation of the ~120 words took 1.4 ms over a 600-word article, as the engine
    tried every word at every position; the trie takes 0.15 ms."""
    root: dict[str, dict[str, Any]] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_node(root)


def _trie_node(node: dict[str, dict[str, Any]]) -> str:
    branches = [re.escape(ch) + _trie_node(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


@cache
def lexicon() -> Lexicon:
    """The speech lexicon, read from the package data once per process."""
    text = resources.files("warta.enrich").joinpath("data/speech.toml").read_text("utf-8")
    data = tomllib.loads(text)
    after, before, according = data["speaker_after"], data["speaker_before"], data["according"]
    nya = [w + "nya" for w in after + according]
    # Matched in the lower-cased text; a word must stand whole ('berkata', not 'kata').
    pattern = rf"\b(?:{_trie(nya + after + according + before + data['naming'])})\b"
    return Lexicon(
        cue=re.compile(pattern),
        after=frozenset(after),
        according=frozenset(according),
        naming=frozenset(data["naming"]),
        pronouns=frozenset(data["pronouns"]),
        filler=frozenset(data["filler"]),
        no_break_after=frozenset(data["no_break_after"]),
    )


class Context:
    """One text prepared for attribution: its sentences, cues and person mentions."""

    def __init__(self, text: str, persons: Sequence[Entity], lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.persons = _persons(persons, len(text))
        self._person_ends = [p.end for p in self.persons]
        self._person_starts = [p.start for p in self.persons]
        self.ends = _sentence_ends(text, lex.no_break_after)
        self.cues = [
            Cue(m.start(), m.end(), lex.kind(m.group()), m.group())
            for m in lex.cue.finditer(_lowered(text))
        ]
        self._cue_starts = [c.start for c in self.cues]

    def sentence(self, pos: int) -> tuple[int, int]:
        """The span of the sentence holding ``pos``."""
        i = bisect.bisect_right(self.ends, pos)
        start = self.ends[i - 1] if i else 0
        end = self.ends[i] if i < len(self.ends) else len(self.text)
        while start < end and self.text[start].isspace():
            start += 1
        return start, end

    def cues_in(self, lo: int, hi: int) -> list[Cue]:
        """Cues starting in ``[lo, hi)``, in text order."""
        i = bisect.bisect_left(self._cue_starts, lo)
        j = bisect.bisect_left(self._cue_starts, hi)
        return self.cues[i:j]

    def person_ending_in(self, lo: int, hi: int) -> Person | None:
        """The last person mention lying wholly in ``[lo, hi)``."""
        i = bisect.bisect_right(self._person_ends, hi) - 1
        if i >= 0 and self.persons[i].start >= lo:
            return self.persons[i]
        return None

    def person_starting_in(self, lo: int, hi: int) -> Person | None:
        """The first person mention starting in ``[lo, hi)``."""
        i = bisect.bisect_left(self._person_starts, lo)
        if i < len(self.persons) and self.persons[i].start < hi:
            return self.persons[i]
        return None

    def last_person_before(self, pos: int) -> Person | None:
        i = bisect.bisect_right(self._person_ends, pos) - 1
        return self.persons[i] if i >= 0 else None

    def words(self, lo: int, hi: int) -> list[str]:
        """The words of ``text[lo:hi]``, lower case."""
        return [w.lower() for w in _WORD.findall(self.text, lo, hi)]


def _lowered(text: str) -> str:
    """``text`` in lower case, character for character (offsets must not move: 'İ'
    lower-cases to two characters, so such characters are kept as they are)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _persons(entities: Sequence[Entity], size: int) -> list[Person]:
    """Person mentions with usable offsets, in text order, overlaps dropped."""
    out: list[Person] = []
    for e in sorted(
        (e for e in entities if e.type == "person" and e.start is not None and e.end is not None),
        key=lambda e: (e.start or 0, -(e.end or 0)),
    ):
        start, end = e.start or 0, e.end or 0
        if end > size or start >= end or (out and start < out[-1].end):
            continue
        out.append(Person(start, end, e.canonical or e.text))
    return out


def _sentence_ends(text: str, no_break: frozenset[str]) -> list[int]:
    """Offsets just past each sentence end. A full stop after an abbreviation or a title
    ('Prof.', 'H.', 'Jl.') is no end; a line break always is."""
    out: list[int] = []
    for m in _SENTENCE_END.finditer(text):
        if text[m.start()] == ".":
            i = m.start()
            j = i
            while j > 0 and text[j - 1].isalpha():
                j -= 1
            if text[j:i].lower() in no_break:
                continue
        out.append(m.end())
    return out
