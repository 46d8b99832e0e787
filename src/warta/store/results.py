"""What :class:`~warta.store.Store` hands back: a batch's outcome counts, a stored article
with its bookkeeping, and a search hit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["BatchResult", "SearchHit", "StoredArticle"]


@dataclass(frozen=True, kw_only=True, slots=True)
class BatchResult:
    """What :meth:`~warta.store.Store.save_batch` did with each item, counted.

    ``inserted`` new articles, ``updated`` changed ones (a new version), ``duplicates``
    inputs whose content was already stored, ``rejected`` inputs that did not become
    articles (with ``reasons`` counting them by reason), ``skipped`` sources already done.
    ``each`` is the same item by item, in the batch's order: ``(outcome, reason)`` with
    outcome one of ``inserted``, ``updated``, ``duplicate``, ``rejected`` and ``skipped``,
    and the reason of a rejection (else None).
    """

    inserted: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    each: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, kw_only=True, slots=True)
class StoredArticle:
    """A stored article: its record (``Article.to_dict()``) and the store's bookkeeping."""

    id: int
    version: int
    first_seen: str
    last_seen: str
    record: dict[str, Any]


@dataclass(frozen=True, kw_only=True, slots=True)
class SearchHit:
    """One hit of :meth:`~warta.store.Store.search`, the plain Python search; the web
    reader's richer hits (facets, pages, highlighted pieces) are
    :class:`warta.store.reader.SearchHit`."""

    id: int
    title: str | None
    url: str | None
    snippet: str  # matched words in [brackets]
    score: float  # FTS5 bm25 over the stemmed index: lower is a better match
