"""Rows to summaries, and the filter clauses the reader's queries share.

A summary needs the lead and the first images, which live only in the record JSON; one
``json_extract`` with several paths parses each record once and returns them as a JSON
array, so a page of summaries costs one small parse per row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from warta.store.read_models import ArticleSummary
from warta.store.sqlite import BadQuery

__all__ = [
    "SUMMARY_COLUMNS",
    "Filters",
    "day_bounds",
    "summaries",
    "summary_fields",
    "summary_from_row",
]

# The first few images are enough to find one with an http(s) address.
_IMAGES = 3
SUMMARY_COLUMNS = (
    "a.id, a.title, a.outlet, a.section_norm, a.section, a.published, "
    "coalesce(a.canonical_url, a.url), a.topic, a.language, json_extract(a.record, '$.lead', "
    + ", ".join(f"'$.images[{n}].url'" for n in range(_IMAGES))
    + ")"
)


def _image(candidates: Sequence[Any]) -> str | None:
    """The first http(s) image address: others (data:, javascript:, relative) are not
    safe to put in a page."""
    for url in candidates:
        if isinstance(url, str) and url.lower().startswith(("https://", "http://")):
            return url
    return None


def summary_fields(row: Sequence[Any]) -> dict[str, Any]:
    """The :class:`ArticleSummary` fields of a row of :data:`SUMMARY_COLUMNS`, as keyword
    arguments (for a summary, or a class extending it such as a search hit)."""
    extra = json.loads(row[9]) if row[9] else [None] * (1 + _IMAGES)
    return {
        "id": row[0],
        "title": row[1],
        "lead": extra[0] if isinstance(extra[0], str) else None,
        "outlet": row[2],
        "section": row[3],
        "section_label": row[4],
        "published": row[5],
        "url": row[6],
        "topic": row[7],
        "language": row[8],
        "image": _image(extra[1:]),
    }


def summary_from_row(row: Sequence[Any]) -> ArticleSummary:
    """An :class:`ArticleSummary` from a row of :data:`SUMMARY_COLUMNS`."""
    return ArticleSummary(**summary_fields(row))


def summaries(conn: sqlite3.Connection, ids: Sequence[int]) -> list[ArticleSummary]:
    """The summaries of ``ids`` in the order given (ids not found are left out)."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM articles AS a WHERE a.id IN ({marks})", list(ids)
    ).fetchall()
    found = {row[0]: summary_from_row(row) for row in rows}
    return [found[i] for i in ids if i in found]


def day_bounds(day: str | date) -> tuple[str, str]:
    """``(day, next day)`` as ISO strings: ``published >= a AND published < b`` selects
    the articles published that day (as the page states it, in its own time zone)."""
    try:
        start = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    except ValueError as exc:
        raise BadQuery(f"not a date: {day!r} (want YYYY-MM-DD)") from exc
    return start.isoformat(), (start + timedelta(days=1)).isoformat()


@dataclass(frozen=True, kw_only=True, slots=True)
class Filters:
    """Conditions on ``articles AS a``; None means no condition."""

    since: str | date | None = None
    until: str | date | None = None
    day: str | date | None = None
    outlet: str | None = None
    section: str | None = None
    language: str | None = None
    topic: str | None = None
    entity_keys: tuple[str, ...] | None = None

    def sql(self) -> tuple[list[str], list[Any]]:
        """``(clauses, parameters)`` to AND into a WHERE."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("a.outlet", self.outlet),
            ("a.section_norm", self.section),
            ("a.language", self.language),
            ("a.topic", self.topic),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.day is not None:
            clauses.append("a.published >= ? AND a.published < ?")
            params.extend(day_bounds(self.day))
        if self.since is not None:
            clauses.append("a.published >= ?")
            params.append(day_bounds(self.since)[0])
        if self.until is not None:
            clauses.append("a.published < ?")
            params.append(day_bounds(self.until)[1])
        if self.entity_keys is not None:
            marks = ",".join("?" * len(self.entity_keys)) or "NULL"
            clauses.append(
                f"a.id IN (SELECT article_id FROM entity_mentions WHERE key IN ({marks}))"
            )
            params.extend(self.entity_keys)
        return clauses, params
