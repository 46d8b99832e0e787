"""Indonesian stemming (Sastrawi, cached per word), the Indonesian stop-word list, and the
plain word splitting the summary and topic models share (:func:`word_runs`).

Sastrawi's stemmer is accurate but slow (tens to hundreds of microseconds a word, since it
tries dictionary lookups for each affix combination), and news text repeats its words, so
every word is stemmed once and remembered. The cache lives on the :class:`Stemmer` object
that :func:`load_stemmer` builds once; nothing is loaded at import time.

:func:`sastrawi_word_stemmer` is the one place Sastrawi is loaded, for this module and for
the search analyser: it answers a word that no affix rule can apply to without calling
Sastrawi, which would otherwise try all of its rules on it before giving it back, and a
word of the shipped table of known stems (``models/stems.tsv.gz``: Sastrawi's own answers
for the word forms of IndoSum, see :func:`known_stems`) without a call either.
"""

from __future__ import annotations

import functools
import gzip
import logging
import re
from collections.abc import Callable, Mapping
from importlib import resources

from warta.enrich.deps import require

__all__ = [
    "Stemmer",
    "affixable",
    "known_stems",
    "load_stemmer",
    "read_stem_table",
    "sastrawi_word_stemmer",
    "stopwords",
    "word_runs",
]

log = logging.getLogger(__name__)

# Where one of Sastrawi's rules could apply (PySastrawi 1.2: Stemmer/Context/Visitor and
# Morphology/Disambiguator): the prefixes di-, ke-, se-, be(r)-, te(r)-, me-, pe-, ku-, kau-;
# the infixes -er-, -el-, -em-, -in- after a first consonant; the suffixes -lah, -kah, -tah,
# -pun, -ku, -mu, -nya, -is, -isme, -isasi, -i, -kan, -an; a hyphen (reduplication). Any
# other word comes back unchanged, after Sastrawi has tried its forty-odd prefix rules on it
# three times: about 0.15 ms a word. Of the 44,480 word types of IndoSum's dev folds,
# 22,504 are such words and Sastrawi changes none of them; skipping them halves the cost of
# analysing that corpus from a cold cache, 1.62 to 0.78 ms an article
# (benchmarks/bench_stem.py).
_AFFIXABLE = re.compile(
    r"^(?:di|ke|se|be|te|me|pe|ku|kau)|^[bcdfghjklmnpqrstvwxyz](?:er|el|em|in)[aiueo]"
    r"|(?:lah|kah|tah|pun|ku|mu|nya|is|isme|i|kan|an)$|-"
)


def affixable(word: str) -> bool:
    """Whether one of Sastrawi's affix rules could apply to the lower-case ``word`` (any
    other word Sastrawi gives back unchanged)."""
    return _AFFIXABLE.search(word) is not None


def sastrawi_word_stemmer(*, table: Mapping[str, str] | None = None) -> Callable[[str], str]:
    """Sastrawi's stemmer for one lower-case word, uncached. A word of ``table`` (the
    shipped table of known stems when None; another, or none at all, when a table is made
    or measured) and a word no affix rule can apply to (:func:`affixable`) are answered
    without calling Sastrawi."""
    factory = require("Sastrawi.Stemmer.StemmerFactory").StemmerFactory()
    # The factory wraps the real stemmer in one that re-normalises the text on every
    # call; the inner stemmer's stem_word is the part worth calling per word.
    stem_word: Callable[[str], str] = factory.create_stemmer().delegatedStemmer.stem_word
    may_have_affix = _AFFIXABLE.search
    known = (known_stems() if table is None else table).get

    def stem(word: str) -> str:
        found = known(word)
        if found is not None:
            return found
        return stem_word(word) if may_have_affix(word) else word

    return stem


@functools.cache
def known_stems() -> dict[str, str]:
    """Sastrawi's stem of each word form of the shipped table (``models/stems.tsv.gz``,
    made by ``scripts/train_indosum.py stems``): every form of IndoSum's news text that
    an affix rule could apply to, so that a process meets most of an Indonesian article's
    words stemmed already instead of paying Sastrawi's rules for each on first sight.
    Measured by the training script on articles the table did not see (dev.01's own, with
    a table made from the other folds): analysing them from a cold cache took 0.53 ms an
    article instead of 1.39. It costs about 9 ms to load and 3 MB.

    A line is ``form<TAB>stem``, or ``form`` alone when Sastrawi leaves it unchanged.
    """
    path = resources.files("warta.enrich").joinpath("models", "stems.tsv.gz")
    return read_stem_table(gzip.decompress(path.read_bytes()).decode("utf-8"))


def read_stem_table(text: str) -> dict[str, str]:
    """The table of a stems file's text (see :func:`known_stems`); ``#`` starts a comment."""
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            form, _, stem = line.partition("\t")
            table[form] = stem or form
    return table


# Beyond this many remembered words the cache is emptied and refilled, so a long-running
# process fed unusual text cannot grow without bound (~100 bytes a word: ~20 MB at most).
_CACHE_LIMIT = 200_000


class Stemmer:
    """A Sastrawi stemmer that remembers every word it has stemmed."""

    def __init__(self, delegate: Callable[[str], str], limit: int = _CACHE_LIMIT) -> None:
        self._delegate = delegate
        self._cache: dict[str, str] = {}
        self._limit = limit

    @classmethod
    def load(cls) -> Stemmer:
        """Build the stemmer from Sastrawi's bundled root-word dictionary."""
        return cls(sastrawi_word_stemmer())

    def stem(self, word: str) -> str:
        """The stem of one lower-case word (letters, digits, hyphens); a word with digits
        (``covid-19``, ``g20``) is returned whole, since affix rules would mangle it."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        digits = any(c.isdigit() for c in word)
        stem: str = word if digits else self._delegate(word) or word
        if len(self._cache) >= self._limit:
            log.debug("stem cache reached %d words; starting afresh", self._limit)
            self._cache.clear()
        self._cache[word] = stem
        return stem


@functools.cache
def load_stemmer() -> Stemmer:
    """The shared cached stemmer (built on first use)."""
    return Stemmer.load()


@functools.cache
def stopwords() -> frozenset[str]:
    """Indonesian stop words (lower case), from ``data/stopwords-id.txt``."""
    text = resources.files("warta.enrich").joinpath("data/stopwords-id.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


_WORD_RUN = re.compile(r"[^\W_]+")
# ASCII characters that are no letter or digit, all made spaces (for word_runs).
_ASCII_BREAKS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def word_runs(text: str) -> list[str]:
    """The runs of letters and digits of ``text``, in order: what ``[^\\W_]+`` finds.

    ASCII text (most news sentences) is split by ``translate`` and ``split`` instead of
    the regex, which takes under half the time and finds the same runs.
    """
    if text.isascii():
        return text.translate(_ASCII_BREAKS).split()
    return _WORD_RUN.findall(text)
