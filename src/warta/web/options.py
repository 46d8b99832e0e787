"""What a ``warta serve`` application is built from: :class:`WebOptions`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["ZONES", "WebOptions"]

# The reader's zone choices: Indonesia's three zones first, then UTC. Any IANA zone name
# is accepted in ``?tz=``; these are the ones the pages offer as links.
ZONES: tuple[tuple[str, str], ...] = (
    ("Asia/Jakarta", "WIB"),
    ("Asia/Makassar", "WITA"),
    ("Asia/Jayapura", "WIT"),
    ("UTC", "UTC"),
)


@dataclass(frozen=True, kw_only=True, slots=True)
class WebOptions:
    """Settings of one web application.

    ``db`` is the store file, opened read-only. ``zone`` is the time zone times are shown
    in unless the request names another (``?tz=Asia/Makassar``). The limits bound what one
    request may ask for: the query length, results per page, how deep pagination goes
    (a deep OFFSET costs the store as much as reading every row before it) and how many
    filter values a page lists.
    """

    db: Path
    zone: str = "Asia/Jakarta"
    max_query_chars: int = 200
    per_page: int = 20
    max_per_page: int = 50
    max_page: int = 200
    max_limit: int = 200
    facet_values: int = 12
    # Seconds of store work one request may take before it is stopped (503): search is
    # meant to take tens of milliseconds, so this only stops pathological queries.
    query_seconds: float = 1.0
    # Seconds the facets and the unfiltered front page are kept before being read again;
    # they change only when an ingest adds articles, and they are the most requested.
    cache_seconds: float = 5.0
