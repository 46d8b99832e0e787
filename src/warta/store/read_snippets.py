"""Highlighted snippets: a window of an article's own text with the matched words marked.

The search index holds stems, but a reader wants the words as written, so the snippet is
cut from the original text: each word is analysed as the index analysed it, and a word
whose stem is one of the query's is a match (``membahas`` is marked for a search for
``pembahasan``). The window is the stretch of :data:`WINDOW_WORDS` words with the most
matches. The result is a list of ``(text, is_match)`` pieces, never HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

from warta.search.analyzer import Analyzer
from warta.store.read_models import SnippetPiece

__all__ = ["WINDOW_WORDS", "snippet"]

WINDOW_WORDS = 32
# Only the start of a long body is scanned: snippets must stay cheap per hit.
SCAN_CHARS = 20_000
ELLIPSIS = "…"


def _best_window(flags: list[bool], width: int) -> int:
    """The first word of the window of ``width`` words holding the most matches."""
    if len(flags) <= width:
        return 0
    count = sum(flags[:width])
    best, best_start = count, 0
    for start in range(1, len(flags) - width + 1):
        count += flags[start + width - 1] - flags[start - 1]
        if count > best:
            best, best_start = count, start
    if best == 0:
        return 0
    # Start a few words before the first match, for context.
    first = next(i for i in range(best_start, best_start + width) if flags[i])
    return max(0, min(best_start, first - 4))


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


def _scan(
    text: str, terms: frozenset[str], analyzer: Analyzer, width: int
) -> list[tuple[int, int, bool]]:
    """``(start, end, matched)`` per word, up to ``2 * width`` words past the first match:
    the best window is near the first match in practice, and analysing the rest of a
    long body for every hit would cost more than the search itself."""
    words: list[tuple[int, int, bool]] = []
    stop = -1
    for start, end, term in analyzer.words(text):
        matched = term is not None and term in terms
        words.append((start, end, matched))
        if matched and stop < 0:
            stop = len(words) + 2 * width
        if len(words) == stop:
            break
    return words


def snippet(
    text: str | None,
    terms: frozenset[str],
    analyzer: Analyzer,
    *,
    width: int = WINDOW_WORDS,
) -> tuple[list[SnippetPiece], int]:
    """``(pieces, matched words)`` of the best window of ``text`` for the query ``terms``."""
    if not text:
        return [], 0
    scanned = text[:SCAN_CHARS]
    words = _scan(scanned, terms, analyzer, width)
    if not words:
        return [(scanned[:200], False)], 0
    first = _best_window([w[2] for w in words], width)
    window = words[first : first + width]
    start, end = window[0][0], window[-1][1]
    pieces = _pieces(scanned[start:end], [(s - start, e - start, m) for s, e, m in window])
    if first > 0:
        pieces.insert(0, (ELLIPSIS + " ", False))
    if end < len(text.rstrip()):
        pieces.append((" " + ELLIPSIS, False))
    return _merge(pieces), sum(w[2] for w in window)
