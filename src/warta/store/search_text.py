"""The analysed text of the stemmed search index, computed token by token.

Every article's title, lead and body go through the search analyser before they reach
``articles_stem`` (:func:`warta.store.search_index.analysed_text`); ingest workers do it
for every page, so its cost is part of ingest throughput. :class:`TokenAnalysis` gives
the analyser's exact output more cheaply.
"""

from __future__ import annotations

import functools

from warta.search.analyzer import Analyzer

__all__ = ["TOKEN_CACHE_LIMIT", "TokenAnalysis", "token_analysis"]

# Tokens a TokenAnalysis remembers before it starts afresh: some 30 MB at most (a token
# and its terms, about 150 bytes), as much as the analyser's own word cache allows.
TOKEN_CACHE_LIMIT = 200_000


class TokenAnalysis:
    """:meth:`Analyzer.analyse <warta.search.analyzer.Analyzer.analyse>` of whole fields,
    one whitespace-separated token at a time, each token's terms remembered.

    News text repeats its tokens (``Jakarta,``, ``(ANTARA)``, ``yang``), so most are a
    dictionary hit and the word-splitting regular expression runs only on new ones
    (measured on the benchmark pages: 0.23 -> 0.12 ms a page, warm). The result is the
    analyser's own: a word never spans whitespace, and lower-casing a token alone is
    lower-casing it in its text (case context, such as Greek final sigma, stops at
    whitespace). Safe to share between threads as :class:`Analyzer` is.
    """

    def __init__(self, analyzer: Analyzer, *, cache_limit: int = TOKEN_CACHE_LIMIT) -> None:
        self.analyzer = analyzer
        self._limit = cache_limit
        self._tokens: tuple[dict[str, str], dict[str, str]] = ({}, {})  # plain, stemmed

    def analyse(self, text: str | None, *, stem: bool = True) -> str:
        """The analysed ``text``: its terms joined by spaces, as the analyser gives them."""
        if not text:
            return ""
        cache = self._tokens[stem]
        tokens = text.split()
        # Looked up all at once (map and filter loop in C); misses filled in after.
        terms = list(map(cache.get, tokens))
        if None in terms:
            for n, found in enumerate(terms):
                if found is None:
                    terms[n] = self._learn(cache, tokens[n], stem)
        return " ".join(filter(None, terms))

    def _learn(self, cache: dict[str, str], token: str, stem: bool) -> str:
        terms = self.analyzer.analyse(token, stem=stem)
        if len(cache) >= self._limit:
            cache.clear()  # bounded, like the analyser's word cache
        cache[token] = terms
        return terms


@functools.lru_cache(maxsize=4)
def token_analysis(analyzer: Analyzer) -> TokenAnalysis:
    """The :class:`TokenAnalysis` of ``analyzer``, one per analyser and process (its
    cache is what makes it fast), built on first use."""
    return TokenAnalysis(analyzer)
