"""Where ingested articles go: an embedded SQLite store, and exports out of it.

:class:`Store` is the default store (one file, no server; see :mod:`warta.store.sqlite`);
:mod:`warta.store.export` streams its articles out as JSONL, CSV or Parquet.
"""

from warta.store.results import BatchResult, SearchHit, StoredArticle
from warta.store.sqlite import BadQuery, Store, StoreBusy, StoreError

__all__ = [
    "BadQuery",
    "BatchResult",
    "SearchHit",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoredArticle",
]
