"""The Jinja2 side of the pages: one environment, its filters, and HTML responses.

Autoescaping is on for every template whatever its name, so any value a template prints
is escaped unless it is :class:`~markupsafe.Markup` built by :mod:`warta.web.text` or
:mod:`warta.web.charts` from escaped pieces. Templates never use ``|safe``.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2
from fastapi.responses import HTMLResponse

from warta.web.options import ZONES
from warta.web.text import safe_url

__all__ = ["Renderer", "format_day", "format_time", "load_zone", "zone_name"]

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


def load_zone(name: str) -> tzinfo | None:
    """The IANA zone ``name``, or None when there is no such zone."""
    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_name(zone: tzinfo, when: datetime | None = None) -> str:
    """The short name a reader knows the zone by at ``when`` (WIB, WITA, WIT, UTC)."""
    return (when or datetime.now(zone)).astimezone(zone).tzname() or str(zone)


def _parse(value: object) -> datetime | date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def format_day(value: object) -> str:
    """An ISO day (or date-time) as '6 Mei 2024'; anything unreadable as it is."""
    parsed = _parse(value)
    if parsed is None:
        return str(value or "")
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"


def format_time(value: object, zone: tzinfo) -> str:
    """An ISO date-time in ``zone`` as '6 Mei 2024, 14.30 WIB'.

    A bare date has no time to convert and is shown as a day; a date-time without an
    offset is shown as the page stated it, without a zone name (its zone is unknown).
    """
    parsed = _parse(value)
    if parsed is None:
        return str(value or "")
    if not isinstance(parsed, datetime):
        return format_day(value)
    if parsed.tzinfo is None:
        return f"{format_day(value)}, {parsed:%H.%M}"
    local = parsed.astimezone(zone)
    return f"{format_day(local.isoformat())}, {local:%H.%M} {zone_name(zone, local)}"


def query(base: dict[str, Any], **changes: Any) -> str:
    """A query string: ``base`` with ``changes`` applied; None or '' drops a key."""
    merged = {**base, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return "?" + urlencode(kept) if kept else ""


class Renderer:
    """Renders the package's templates to HTML responses."""

    def __init__(self) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("warta.web", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # The templates ship with the package and do not change while it runs; by
            # default Jinja2 would stat each template file on every render.
            auto_reload=False,
        )
        self.env.filters["url"] = safe_url
        self.env.filters["day"] = format_day
        self.env.filters["localtime"] = format_time
        # A value placed in a path segment (/outlet/<domain>): '/', '?' and '#' escaped.
        self.env.filters["seg"] = lambda value: quote(str(value), safe="")
        self.env.globals["zones"] = ZONES
        self.env.globals["query"] = query

    def html(self, name: str, **context: Any) -> str:
        """``templates/<name>`` rendered with ``context``."""
        return self.env.get_template(name).render(**context)

    def page(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """``templates/<name>`` rendered with ``context`` as an HTML response."""
        return HTMLResponse(self.html(name, **context), status_code=status)
