"""Indonesian stemming (Sastrawi, cached per word), the Indonesian stop-word list, and the
plain word splitting the summary and topic models share (:func:`word_runs`).

Sastrawi's stemmer is accurate but slow (tens to hundreds of microseconds a word, since it
tries dictionary lookups for each affix combination), and news text repeats its words, so
every word is stemmed once and remembered. The cache lives on the :class:`Stemmer` object
that :func:`load_stemmer` builds once; nothing is loaded at import time.
"""

from __future__ import annotations

import functools
import logging
import re
from importlib import resources
from typing import Any

from warta.enrich.deps import require

__all__ = ["Stemmer", "load_stemmer", "stopwords", "word_runs"]

log = logging.getLogger(__name__)

# Beyond this many remembered words the cache is emptied and refilled, so a long-running
# process fed unusual text cannot grow without bound (~100 bytes a word: ~20 MB at most).
_CACHE_LIMIT = 200_000


class Stemmer:
    """A Sastrawi stemmer that remembers every word it has stemmed."""

    def __init__(self, delegate: Any, limit: int = _CACHE_LIMIT) -> None:
        self._delegate = delegate
        self._cache: dict[str, str] = {}
        self._limit = limit

    @classmethod
    def load(cls) -> Stemmer:
        """Build the stemmer from Sastrawi's bundled root-word dictionary."""
        factory = require("Sastrawi.Stemmer.StemmerFactory").StemmerFactory()
        # The factory wraps the real stemmer in one that re-normalises the text on every
        # call; the inner stemmer's stem_word is the part worth calling per word.
        return cls(factory.create_stemmer().delegatedStemmer)

    def stem(self, word: str) -> str:
        """The stem of one lower-case word (letters, digits, hyphens); a word with digits
        (``covid-19``, ``g20``) is returned whole, since affix rules would mangle it."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        digits = any(c.isdigit() for c in word)
        stem: str = word if digits else self._delegate.stem_word(word) or word
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
