"""Language identification for article bodies and paragraphs, as ISO 639-1 codes.

CLD2 (pycld2) names the language first: it is fast and knows some 80 languages, among
them Indonesian, Malay, Javanese and Sundanese. It is not reliable *between* those four
on news text: it calls about 4% of Indonesian news paragraphs Malay, and some Javanese
and Sundanese ones Indonesian. Two hand-written layers of facts (``data/language.toml``)
settle those cases:

1. Function words and affixes pick the group: Indonesian/Malay, Javanese or Sundanese.
2. Cue words, bigrams and currency signs that one of the two standards uses and the
   other does not (``bahawa``/``bahwa``, ``kerana``/``karena``, ``RM``/``Rp``) decide
   between Malay and Indonesian. Without enough Malay evidence the answer is Indonesian,
   the language Warta mostly reads (or the article's language, for a paragraph).

A statistical id/ms model (lingua, restricted to the two) was measured and left out: it
called 6% of IndoSum's Indonesian paragraphs Malay, more than CLD2 does, while the cues
bring that under 0.1% and keep every Malay evaluation paragraph Malay.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from warta.enrich.deps import require

__all__ = [
    "LanguageIdentifier",
    "identify",
    "identify_paragraphs",
    "load_identifier",
    "reads_as_indonesian_or_malay",
]

log = logging.getLogger(__name__)

# Fewer letters than this: too little to judge, the answer is None.
MIN_LETTERS = 20
# Below this many letters CLD2's guess is not trusted when it names a language outside
# the id/ms/jv/su group without calling it reliable (CLD2 is weak on short text); the
# group and id/ms rules decide instead.
SHORT_LETTERS = 80
# Malay needs this much more weighted cue evidence than Indonesian (weights 2 and 1 from
# data/language.toml): a strong cue and a weak one, or three weak ones. With 2, 11 of the
# 17,845 IndoSum paragraphs of 200+ characters came out Malay (one word such as "selepas"
# or "lelaki", which Indonesian writers use too); no Malay evaluation paragraph scores
# under 4.
MALAY_MARGIN = 3.0
# Indonesian/Malay function words overrule CLD2's other language from this many hits and
# this share of the words on: English news has none of them (measured on the evaluation
# paragraphs), Indonesian prose about 20%, an Indonesian list of English titles 5-10%.
IDMS_MIN_HITS = 2
IDMS_SHARE = 0.05
# Javanese or Sundanese needs this many function words or affixes (CLD2's vote included).
JV_SU_MIN_HITS = 2.5
# Below this many words the function-word test alone (reads_as_indonesian_or_malay) gives
# no answer: a headline, a caption or a two-sentence brief can lack "yang" and "dan"
# whatever its language (two plain Indonesian sentences of 21 words may hold only one),
# while 40 words of Indonesian prose hold about eight of them.
MIN_WORDS = 40
# ... and reads at most this many (about 1,000 characters of news prose): enough for the
# share to settle, and cheap enough (about 10 microseconds) to run on every article the
# store indexes.
MAX_WORDS = 150
# Only the first this many characters of a long text are read: an article's language
# shows long before, and the cost stays flat (CLD2 and the word counts are linear).
MAX_CHARS = 2000
# A cue word counts at most this often, so that one repeated name-like word ("Wang",
# "Kerajaan Arab Saudi") cannot outweigh the rest of the text.
MAX_REPEAT = 2

_NUSANTARA = frozenset({"id", "ms", "jv", "su"})
# CLD2 codes that are not the ISO 639-1 code of the language.
_CLD2_CODES = {"jw": "jv", "iw": "he", "in": "id", "zh-Hant": "zh", "ji": "yi", "mo": "ro"}
# Characters CLD2 rejects as "invalid UTF-8": C0/C1 controls, surrogates, noncharacters.
_CLD2_BAD = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# Letters as the thresholds count them: what [\W\d_] does not match. Counted by parts (see
# _letter_count): the ASCII bytes that are no letters, and the non-ASCII characters that are.
_ASCII_NON_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f\W\d_]")
# Punctuation stripped from whitespace-separated tokens (faster than a word regex, and
# hyphenated words such as "kanak-kanak" stay whole).
_PUNCT = "\"'“”‘’«»()[]{}<>.,;:!?…/\\|*#@&%+=~^`–—-_0123456789"
_ACCENTS = tuple(zip("áàâäéèêëíìîïóòôöúùûü", "aaaaeeeeiiiioooouuuu", strict=True))
_STRONG, _WEAK = 2.0, 1.0
# Currency: Malaysia writes RM1,250.50, Indonesia Rp1.250,50. (Digit grouping itself was
# tried as a cue and dropped: its regex cost more than the rest of the id/ms decision.)
_MONEY = re.compile(r"R(M|p)\.? ?\d")
_MONEY_WEIGHTS = {"M": _STRONG, "p": -_STRONG}


@dataclass(frozen=True)
class Cues:
    """The word lists of ``data/language.toml``: one signed weight per Malay (+) or
    Indonesian (-) cue word and bigram, and the function words and affixes of each
    language group."""

    weights: dict[str, float]
    cue_words: frozenset[str]  # the keys of ``weights``, as a set for fast intersection
    # First word of a bigram -> (second word, "first second", weight) for each bigram.
    bigrams: dict[str, tuple[tuple[str, str, float], ...]]
    bigram_heads: frozenset[str]
    groups: dict[str, frozenset[str]]
    suffixes: dict[str, tuple[str, ...]]
    prefixes: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls) -> Cues:
        """Read the shipped cue lists."""
        raw = resources.files("warta.enrich").joinpath("data", "language.toml").read_text("utf-8")
        data = tomllib.loads(raw)
        weights = _weights(data["malay"])
        weights.update({k: -w for k, w in _weights(data["indonesian"]).items()})
        bigrams: dict[str, list[tuple[str, str, float]]] = {}
        for key, weight in weights.items():
            if " " in key:
                first, second = key.split(" ", 1)
                bigrams.setdefault(first, []).append((second, key, weight))
        group = data["group"]
        return cls(
            weights={k: w for k, w in weights.items() if " " not in k},
            cue_words=frozenset(k for k in weights if " " not in k),
            bigrams={first: tuple(rest) for first, rest in bigrams.items()},
            bigram_heads=frozenset(bigrams),
            groups={name: frozenset(group[name]) for name in ("idms", "jv", "su")},
            suffixes={name: tuple(group[f"{name}_suffixes"]) for name in ("jv", "su")},
            prefixes={name: tuple(group[f"{name}_prefixes"]) for name in ("jv", "su")},
        )


def _weights(section: dict[str, list[str]]) -> dict[str, float]:
    """One language's cue words with their weights (strong 2, weak 1)."""
    weights = dict.fromkeys(section.get("weak", []), _WEAK)
    weights.update(dict.fromkeys(section.get("strong", []), _STRONG))
    return weights


class _Words:
    """A text's lower-cased, accent-folded words, counted; made once per text."""

    __slots__ = ("counts", "lower", "total")

    def __init__(self, text: str) -> None:
        lower = text.lower()
        if not lower.isascii():
            for accented, plain in _ACCENTS:
                if accented in lower:
                    lower = lower.replace(accented, plain)
        # Stripping every token (not every distinct one) lets Counter do the counting in
        # C; the counts are the same.
        counts = Counter([token.strip(_PUNCT) for token in lower.split()])
        counts.pop("", None)  # tokens that were all punctuation
        self.lower = lower
        self.counts: dict[str, int] = counts
        self.total = sum(counts.values())


class LanguageIdentifier:
    """Names the language of a text; cheap to call many times (no model to run but CLD2).

    ``identify`` returns an ISO 639-1 code, or None for text with fewer than
    ``min_letters`` letters or in a language CLD2 cannot name.
    """

    def __init__(self, cues: Cues | None = None, *, min_letters: int = MIN_LETTERS) -> None:
        self.cues = cues or Cues.load()
        self.min_letters = min_letters
        self._cld2: Any = require("pycld2")

    def identify(self, text: str, prior: str | None = None) -> str | None:
        """The language of ``text``. ``prior`` (the article's language, for a paragraph)
        settles what the text alone cannot: Indonesian against Malay without cue words,
        or a short text CLD2 is unsure of."""
        if len(text) > MAX_CHARS:
            text = text[:MAX_CHARS]
        # Only the short-text thresholds need the count, so a prefix is enough.
        letters = _letter_count(text[: 4 * SHORT_LETTERS])
        if letters < self.min_letters:
            return None
        code, reliable = self._cld2_guess(text)
        short = letters < SHORT_LETTERS
        words = _Words(text)
        named_other = code is not None and code not in _NUSANTARA and (reliable or not short)
        if named_other and not self._mostly_idms(words):
            return code
        group = self._group(words, code)
        if group is None and code in ("id", "ms"):
            group = "idms"
        if group == "idms":
            return self._indonesian_or_malay(text, words, prior)
        if group is not None:
            return group
        if short and prior is not None:
            return prior
        return code if reliable else None

    def identify_paragraphs(
        self, paragraphs: Sequence[str], article_language: str | None = None
    ) -> list[str | None]:
        """Each paragraph's language; one too short to judge (or in no language CLD2
        knows) takes ``article_language``."""
        found = []
        for text in paragraphs:
            code = self.identify(text, prior=article_language)
            found.append(code if code is not None else article_language)
        return found

    def malay_score(self, text: str) -> float:
        """Weighted Malay cue evidence minus Indonesian evidence (positive: Malay)."""
        return self._malay_score(text, _Words(text))

    def _cld2_guess(self, text: str) -> tuple[str | None, bool]:
        """CLD2's top language as an ISO 639-1 code (None when unknown) and whether CLD2
        calls its guess reliable."""
        clean = _CLD2_BAD.sub(" ", text)
        try:
            reliable, _, details = self._cld2.detect(clean, isPlainText=True, bestEffort=True)
        except self._cld2.error as exc:  # pragma: no cover - sanitised above
            log.debug("CLD2 refused the text: %s", exc)
            return None, False
        raw = details[0][1]
        code = _CLD2_CODES.get(raw, raw)
        if code == "un" or len(code) != 2:
            return None, False
        return code, bool(reliable)

    def _mostly_idms(self, words: _Words) -> bool:
        """Whether Indonesian/Malay function words make up enough of the text for it to
        be Indonesian or Malay whatever CLD2 says: CLD2 calls a paragraph that lists
        English names or titles with a few Indonesian words English."""
        counts = words.counts
        hits = sum(counts[w] for w in self.cues.groups["idms"].intersection(counts))
        return _idms_share_reached(hits, words.total)

    def _group(self, words: _Words, cld2_code: str | None) -> str | None:
        """'idms', 'jv' or 'su', whichever group's function words and affixes the text
        uses most (CLD2's choice breaks ties); None when it uses none of them."""
        counts = words.counts
        cues = self.cues
        scores = {
            name: float(sum(counts[w] for w in vocabulary.intersection(counts)))
            for name, vocabulary in cues.groups.items()
        }
        if scores["jv"] or scores["su"] or cld2_code in ("jv", "su"):
            # Affixes only where Javanese or Sundanese is in question (it saves a pass
            # over the words of every Indonesian paragraph).
            for name in ("jv", "su"):
                scores[name] += _affixed(counts, cues.suffixes[name], cues.prefixes[name])
        if cld2_code in _NUSANTARA:
            # Half a word: enough to break a tie, never enough to outvote the text.
            scores["idms" if cld2_code in ("id", "ms") else str(cld2_code)] += 0.5
        best = max(scores, key=scores.__getitem__)
        if best != "idms" and scores[best] < JV_SU_MIN_HITS:
            # One Javanese-looking word in an Indonesian text is a name ("Ki Gede").
            return "idms" if scores["idms"] >= 1 else None
        return best if scores[best] >= 1 else None

    def _indonesian_or_malay(self, text: str, words: _Words, prior: str | None) -> str:
        """'ms' when the Malay cues outweigh the Indonesian ones by ``MALAY_MARGIN``,
        'id' when the Indonesian ones win, else the prior (Indonesian by default)."""
        score = self._malay_score(text, words)
        if score >= MALAY_MARGIN:
            return "ms"
        if score < 0 or prior not in ("id", "ms"):
            return "id"
        return prior

    def _malay_score(self, text: str, words: _Words) -> float:
        """Signed cue evidence; each cue counts at most ``MAX_REPEAT`` times."""
        counts = words.counts
        weights = self.cues.weights
        found = self.cues.cue_words.intersection(counts)
        score = sum(weights[w] * min(counts[w], MAX_REPEAT) for w in found)
        bigrams = self.cues.bigrams
        for first in self.cues.bigram_heads.intersection(counts):
            for second, bigram, weight in bigrams[first]:
                if second in counts:
                    score += weight * min(words.lower.count(bigram), MAX_REPEAT)
        signs = {
            match.group(1)
            for match in _MONEY.finditer(text)
            if match.start() == 0 or not text[match.start() - 1].isalpha()
        }
        return score + sum(_MONEY_WEIGHTS[sign] for sign in signs)


def _idms_share_reached(hits: int, words: int) -> bool:
    """Whether ``hits`` Indonesian/Malay function words among ``words`` are enough."""
    return hits >= IDMS_MIN_HITS and hits >= IDMS_SHARE * words


def _letter_count(text: str) -> int:
    """How many letters ``text`` has: what ``[\\W\\d_]`` does not match.

    Counted as ASCII bytes plus the other letters, which costs a few percent of a regex
    substitution over the whole text (news is mostly ASCII).
    """
    ascii_letters = len(text.encode("ascii", "ignore").translate(None, _ASCII_NON_LETTERS))
    if text.isascii():
        return ascii_letters
    return ascii_letters + len(_NON_ASCII_LETTER.findall(text))


def _affixed(counts: dict[str, int], suffixes: tuple[str, ...], prefixes: tuple[str, ...]) -> int:
    """How many words of six letters or more carry one of the affixes."""
    return sum(
        n
        for w, n in counts.items()
        if len(w) >= 6 and (w.endswith(suffixes) or w.startswith(prefixes))
    )


@cache
def _shipped_cues() -> Cues:
    return Cues.load()


@cache
def load_identifier() -> LanguageIdentifier:
    """The process's identifier with the shipped cue lists (loaded once)."""
    return LanguageIdentifier(_shipped_cues())


def reads_as_indonesian_or_malay(words: Sequence[str]) -> bool | None:
    """Whether a text is Indonesian or Malay by its function words alone: the test that
    overrules CLD2 in :meth:`LanguageIdentifier.identify`, without CLD2, so that parts of
    Warta without the ``enrich`` extra (the search index) can use it.

    ``words`` are the text's whitespace-separated tokens (``text.split()``, which the
    caller often has already); the first ``MAX_WORDS`` are read. They are lower-cased but
    not stripped of punctuation, so ``itu,`` does not count: that only lowers the count,
    and Indonesian prose clears the bar several times over. None when there are fewer
    than ``MIN_WORDS``: too little to tell.
    """
    if len(words) < MIN_WORDS:
        return None
    read = words[:MAX_WORDS]
    hits = sum(map(_shipped_cues().groups["idms"].__contains__, map(str.lower, read)))
    return _idms_share_reached(hits, len(read))


def identify(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None if too short or unknown."""
    return load_identifier().identify(text)


def identify_paragraphs(
    paragraphs: Sequence[str], article_language: str | None = None
) -> list[str | None]:
    """Each paragraph's language; a paragraph too short to judge inherits
    ``article_language``."""
    return load_identifier().identify_paragraphs(paragraphs, article_language)
