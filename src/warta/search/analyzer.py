"""The search analyser: text to Indonesian stems, the same way for documents and queries.

SQLite's FTS5 has no Indonesian stemmer, so the store keeps a second, analysed copy of each
article's text: lower-cased, cut into words, stop words dropped and every word reduced to
its root by Sastrawi (``membahas`` and ``pembahasan`` both become ``bahas``). A query goes
through the same :class:`Analyzer`, so its words meet the index in the same form.

Words are runs of letters and digits, with inner hyphens kept (``anak-anak`` is one word,
which Sastrawi reduces to ``anak``). A word holding a digit (``2024``, ``covid-19``) is
kept as it is. Sastrawi leaves a word it cannot reduce to a known root unchanged, so
English and proper names pass through.

Sastrawi is slow (about 0.2 ms a word) and news text repeats its words, so each
:class:`Analyzer` remembers every word it has stemmed, up to a bound; and the analysed
text of every whitespace-separated token, which spares the word-splitting expression
for most of an article (the store analyses every article it writes).

Text in a language Sastrawi is not for (an English article) is only lower-cased: Indonesian
affix rules would be wrong for it, and its words are most of the stemming work of a mixed
corpus (every new word costs Sastrawi a full pass over its prefix rules). A query is
always stemmed; an English query word is one Sastrawi leaves alone in almost every case,
since it only strips an affix when what remains is an Indonesian root.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterator
from importlib import resources
from typing import cast

from warta.errors import MissingDependency

__all__ = ["WORD", "Analyzer", "load_stopwords", "shared_analyzer"]

log = logging.getLogger(__name__)

# Letters and digits, with inner hyphens (reduplication: anak-anak, berlari-lari).
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_DIGIT = re.compile(r"\d")
# Clitics written after a hyphen ('DPR-nya', 'Jakarta-lah') are not part of the word.
_CLITIC = re.compile(r"-(?:nya|ku|mu|lah|kah|pun|tah)$")

# Beyond this many remembered words the cache starts afresh, so a long-running process
# fed unusual text stays bounded (about 100 bytes a word: some 20 MB at most).
CACHE_LIMIT = 200_000

INSTALL_HINT = "Indonesian search stemming needs Sastrawi: pip install PySastrawi"


def load_stopwords() -> frozenset[str]:
    """The search stop words of ``data/stopwords-search.txt`` (lower case)."""
    text = resources.files("warta.search").joinpath("data/stopwords-search.txt")
    lines = text.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _sastrawi() -> Callable[[str], str]:
    """Sastrawi's per-word stemmer, imported only when an analyser is first built."""
    try:
        from warta.enrich.stem import sastrawi_word_stemmer  # noqa: PLC0415

        return sastrawi_word_stemmer()
    except MissingDependency as exc:
        raise MissingDependency(INSTALL_HINT) from exc


class Analyzer:
    """Turns text into search terms; safe to share between threads.

    ``stemmer`` reduces one lower-case word (Sastrawi's by default, see :meth:`load`);
    ``stopwords`` are dropped before stemming.
    """

    def __init__(
        self,
        stemmer: Callable[[str], str],
        stopwords: frozenset[str],
        *,
        cache_limit: int = CACHE_LIMIT,
    ) -> None:
        self._stemmer = stemmer
        self.stopwords = stopwords
        self._cache: dict[str, str] = {}
        # Each token's terms, each followed by one space ("" for a token of stop words
        # only): an analysed text is then its tokens' entries joined with nothing, less the
        # last space; plain, then stemmed.
        self._tokens: tuple[dict[str, str], dict[str, str]] = ({}, {})
        self._limit = cache_limit

    @classmethod
    def load(cls) -> Analyzer:
        """The Sastrawi analyser with Warta's search stop words."""
        return cls(_sastrawi(), load_stopwords())

    def stem(self, word: str) -> str:
        """The root of one lower-case ``word``, by the stemmer (or kept when it holds a
        digit: numbers and codes like ``covid-19`` have no affixes)."""
        return word if _DIGIT.search(word) else (self._stemmer(word) or word)

    def term(self, word: str) -> str | None:
        """The search term of one word as found in text, or None for a stop word.

        Remembered per word as written, so each form is lowered, checked and stemmed once.
        Dictionary reads and writes are atomic in CPython, so threads may share the cache;
        two threads meeting the same new word at once merely both compute it.
        """
        cached = self._cache.get(word)
        if cached is None:
            lower = _CLITIC.sub("", word.lower())
            cached = "" if lower in self.stopwords else self.stem(lower)
            if len(self._cache) >= self._limit:
                log.debug("term cache reached %d words; starting afresh", self._limit)
                self._cache.clear()
            self._cache[word] = cached
        return cached or None

    def words(self, text: str) -> Iterator[tuple[int, int, str | None]]:
        """``(start, end, term or None)`` for each word of ``text``, in order."""
        for match in WORD.finditer(text):
            yield match.start(), match.end(), self.term(match.group())

    def terms(self, text: str | None, *, stem: bool = True) -> list[str]:
        """The search terms of ``text`` in order, stop words left out; without ``stem``,
        the words lower-cased but not reduced (text in a language Sastrawi is not for)."""
        if not text:
            return []
        if not stem:
            stop = self.stopwords
            words = WORD.findall(text.lower())  # one lower() for the text, not one a word
            return [w if "-" not in w else _CLITIC.sub("", w) for w in words if w not in stop]
        cache, out = self._cache, []
        for word in WORD.findall(text):
            # The cache lookup inlined: this loop runs for every word of every article.
            term = cache.get(word)
            if term is None:
                term = self.term(word) or ""
            if term:
                out.append(term)
        return out

    def analyse(self, text: str | None, *, stem: bool = True) -> str:
        """The analysed text the index stores: the terms joined by spaces.

        The same as joining :meth:`terms`, computed a whitespace-separated token at a
        time with each token's terms remembered (``Jakarta,``, ``(ANTARA)``, ``yang``
        recur), so the word expression runs only on new tokens (measured on the ingest
        benchmark's pages: 0.23 -> 0.12 ms a page). A word never spans white space, and
        lower-casing a token alone is lower-casing it in its text (case context, such as
        Greek final sigma, stops at white space).
        """
        return self.analyse_tokens(text.split(), stem=stem) if text else ""

    def analyse_tokens(self, tokens: list[str], *, stem: bool = True) -> str:
        """:meth:`analyse` of a text already cut at white space (``text.split()``)."""
        cache = self._tokens[stem]
        # Looked up all at once (map runs in C); the misses are filled in after. Joined
        # with nothing, the entries need no pass to drop the empty ones: 0.047 -> 0.040 ms
        # a page of the ingest benchmark's bodies (look-ups and join, 2026-12-01).
        terms = list(map(cache.get, tokens))
        if None in terms:
            for n, found in enumerate(terms):
                if found is None:
                    terms[n] = self._learn_token(cache, tokens[n], stem)
        return "".join(cast("list[str]", terms))[:-1]  # every None was filled in

    def _learn_token(self, cache: dict[str, str], token: str, stem: bool) -> str:
        entry = "".join(f"{term} " for term in self.terms(token, stem=stem))
        if len(cache) >= self._limit:
            cache.clear()  # bounded like the word cache
        cache[token] = entry
        return entry


@functools.cache
def shared_analyzer() -> Analyzer:
    """One Sastrawi analyser per process, built on first use and shared by every store
    connection and reader (its word cache is what makes indexing fast)."""
    return Analyzer.load()
