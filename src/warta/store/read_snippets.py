"""Highlighted snippets: a window of an article's own text with the matched words marked.

The search index holds stems, but a reader wants the words as written, so the snippet is
cut from the original text: each word is analysed as the index analysed it, and a word
whose stem is one of the query's is a match (``membahas`` is marked for a search for
``pembahasan``). The window is the stretch of :data:`WINDOW_WORDS` words with the most
matches among the first match and the ``2 x WINDOW_WORDS`` words after it (the best
window is near the first match in practice). The result is a list of ``(text,
is_match)`` pieces, never HTML.

Cost: analysing every word up to the window cost more than the whole search query
(measured: 1.7 us a word, ~90 words a hit, 20 hits a page). So the words worth analysing
are found first, by a regular expression in C: a word can only stem to a query term
``t`` if it contains ``t[1:]`` (Sastrawi strips affixes and at most recodes the root's
first letter: ``menulis`` -> ``tulis``; checked on 430,000 words and affixed dictionary
forms, no exception). Only those candidates go through the analyser, and only the
words the window needs are cut out. The result is the same as analysing every word.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from itertools import islice

from warta.search.analyzer import WORD, Analyzer
from warta.store.read_models import SnippetPiece

__all__ = ["SCAN_CHARS", "WINDOW_WORDS", "Highlighter", "snippet"]

WINDOW_WORDS = 32
# Only the start of a long body is scanned: snippets must stay cheap per hit.
SCAN_CHARS = 20_000
ELLIPSIS = "…"
# Words of context kept before the window's first match.
_CONTEXT = 4


class Highlighter:
    """Snippets for one query: built once per search, then used for every hit."""

    def __init__(
        self, terms: frozenset[str], analyzer: Analyzer, *, width: int = WINDOW_WORDS
    ) -> None:
        self.terms = terms
        self.analyzer = analyzer
        self.width = width
        # A one-letter term has an empty core: then every word is a candidate.
        cores = {term[1:] for term in terms}
        self._cores = tuple(cores) if cores and all(cores) else None

    def snippet(self, text: str | None) -> tuple[list[SnippetPiece], int]:
        """``(pieces, matched words)`` of the best window of ``text``."""
        if not text:
            return [], 0
        scanned = text[:SCAN_CHARS]
        candidates = self._candidates(scanned)
        first = self._first_match(scanned, candidates)
        if first is None:
            spans = [m.span() for m in islice(WORD.finditer(scanned), self.width)]
            if not spans:
                return [(scanned[:200], False)], 0
            return _cut(text, scanned, spans, set(), 0)
        before = len(WORD.findall(scanned, 0, first))
        limit = before + 1 + 2 * self.width
        spans = [m.span() for m in islice(WORD.finditer(scanned), limit)]
        matched = self._matched(scanned, spans, candidates, before)
        start = _window_start(matched, len(spans), self.width)
        return _cut(text, scanned, spans[start : start + self.width], matched, start)

    def first_matching(self, texts: Iterable[object]) -> list[SnippetPiece]:
        """The snippet of the first of ``texts`` (body, then lead) with a matched word,
        else of the first one that has any words; a text that is not a string has none."""
        fallback: list[SnippetPiece] = []
        for text in texts:
            pieces, matched = self.snippet(text if isinstance(text, str) else None)
            if matched:
                return pieces
            fallback = fallback or pieces
        return fallback

    def _candidates(self, scanned: str) -> list[int]:
        """Offsets, in order, of every place a word that may match holds a core."""
        lowered = scanned.lower()
        if self._cores is None or len(lowered) != len(scanned):
            # (A case mapping that changes lengths would shift offsets: check every word.)
            return [m.start() for m in WORD.finditer(scanned)]
        found = []
        for core in self._cores:
            # str.find, not a regular expression: an alternation of literals is
            # searched character by character (measured 5-10 times slower).
            pos = lowered.find(core)
            while pos >= 0:
                found.append(pos)
                pos = lowered.find(core, pos + 1)
        return sorted(found)

    def _is_match(self, word: str) -> bool:
        term = self.analyzer.term(word)
        return term is not None and term in self.terms

    def _first_match(self, scanned: str, candidates: list[int]) -> int | None:
        """The offset of the first matched word, or None."""
        checked = -1
        for pos in candidates:
            if pos < checked:
                continue  # inside a word already checked
            word = _word_at(scanned, pos)
            if word is None:
                continue
            if self._is_match(scanned[word[0] : word[1]]):
                return word[0]
            checked = word[1]
        return None

    def _matched(
        self, scanned: str, spans: list[tuple[int, int]], candidates: list[int], first: int
    ) -> set[int]:
        """Indices (into ``spans``) of the matched words; ``first`` is the first one's."""
        starts = [start for start, _ in spans]
        end = spans[-1][1]
        matched = {first}
        for pos in candidates:
            if pos >= end:
                break
            index = bisect_right(starts, pos) - 1
            if index <= first or index in matched or pos >= spans[index][1]:
                continue
            start, stop = spans[index]
            if self._is_match(scanned[start:stop]):
                matched.add(index)
        return matched


def _word_at(text: str, pos: int) -> tuple[int, int] | None:
    """The span of the word holding offset ``pos``, or None when it is not in a word.

    Words never hold whitespace, so tokenising from just after the last space or line
    break before ``pos`` finds the same words as tokenising from the start.
    """
    start = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos)) + 1
    for match in WORD.finditer(text, start):
        if match.end() > pos:
            return match.span() if match.start() <= pos else None
    return None


def _window_start(matched: set[int], words: int, width: int) -> int:
    """The first word of the window: the earliest stretch of ``width`` of ``words``
    words holding the most matches, moved back to keep a few words before its first
    match. The earliest best stretch starts at 0 or just where a match comes in."""
    if words <= width or not matched:
        return 0
    ordered = sorted(matched)
    starts = [0] + [m - width + 1 for m in ordered if 0 < m - width + 1 <= words - width]
    best, best_start = -1, 0
    for start in starts:
        count = sum(1 for m in ordered if start <= m < start + width)
        if count > best:  # ties go to the earlier stretch
            best, best_start = count, start
    first = next(m for m in ordered if m >= best_start)
    return max(0, min(best_start, first - _CONTEXT))


def _cut(
    text: str, scanned: str, window: list[tuple[int, int]], matched: set[int], offset: int
) -> tuple[list[SnippetPiece], int]:
    """The pieces of ``window`` (word spans; the first is word number ``offset``)."""
    start, end = window[0][0], window[-1][1]
    flags = [(s - start, e - start, offset + n in matched) for n, (s, e) in enumerate(window)]
    pieces = _pieces(scanned[start:end], flags)
    if offset > 0:
        pieces.insert(0, (ELLIPSIS + " ", False))
    if end < len(text.rstrip()):
        pieces.append((" " + ELLIPSIS, False))
    return _merge(pieces), sum(1 for _, _, m in flags if m)


def _pieces(text: str, spans: Iterable[tuple[int, int, bool]]) -> list[SnippetPiece]:
    """``text`` cut into alternating plain and matched pieces at the matched spans."""
    out: list[SnippetPiece] = []
    pos = 0
    for start, end, matched in spans:
        if not matched:
            continue
        if start > pos:
            out.append((text[pos:start], False))
        out.append((text[start:end], True))
        pos = end
    if pos < len(text):
        out.append((text[pos:], False))
    return _merge(out)


def _merge(pieces: list[SnippetPiece]) -> list[SnippetPiece]:
    """Adjacent pieces of the same kind joined into one."""
    merged: list[SnippetPiece] = []
    for text, matched in pieces:
        if merged and merged[-1][1] == matched:
            merged[-1] = (merged[-1][0] + text, matched)
        else:
            merged.append((text, matched))
    return [p for p in merged if p[0]]


def snippet(
    text: str | None,
    terms: frozenset[str],
    analyzer: Analyzer,
    *,
    width: int = WINDOW_WORDS,
) -> tuple[list[SnippetPiece], int]:
    """``(pieces, matched words)`` of the best window of ``text`` for the query ``terms``
    (one call of :meth:`Highlighter.snippet`; build a Highlighter for many texts)."""
    return Highlighter(terms, analyzer, width=width).snippet(text)
