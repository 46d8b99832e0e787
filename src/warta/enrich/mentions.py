"""Whole-word occurrences of known names in a text, the longest names first.

Keywords count an article's entity names in its text, and the stage finds the names of
the running text again in its headlines; both need the same search: every whole-word
occurrence, where a name inside a longer name's occurrence ('Jakarta' in 'Jakarta
Utara') does not count again.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["find_names"]


def find_names(text: str, names: Iterable[str]) -> list[tuple[str, int, int]]:
    """``(name, start, end)`` of each whole-word occurrence of ``names`` in ``text``.

    Longer names are looked for first (ties in name order, so the result does not depend
    on the order given); the result lists occurrences name by name, each in text order.
    A plain search per name: a pattern of all the names would be compiled anew for each
    text.
    """
    found: list[tuple[str, int, int]] = []
    taken = bytearray(len(text))  # 1 where a longer name already stands
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        if not name:
            continue
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if _word_edges(text, start, end) and not any(taken[start:end]):
                found.append((name, start, end))
                taken[start:end] = b"\x01" * (end - start)
            start = text.find(name, start + 1)
    return found


def _word_edges(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` neither begins nor ends inside a word (``\\w``)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")
