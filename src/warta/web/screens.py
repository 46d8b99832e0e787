"""Filters, entity and outlet pages as the templates show them.

The store reader returns counts as ``(value, count)`` pairs; these functions turn them
into filter groups with links, and day counts into charts. A count may also come as an
object with ``value``/``name``/``key`` and ``count``/``articles`` attributes, so small
changes in the reader's shapes do not break the pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from warta.store.read_models import EntityView, Facets, OutletView, SectionBlock
from warta.web.charts import BarChart, bar_chart
from warta.web.pages import ENTITY_LABELS, EntityLink, entity_href
from warta.web.render import format_day

__all__ = [
    "EntityScreen",
    "FilterGroup",
    "Option",
    "OutletScreen",
    "entity_index",
    "entity_screen",
    "front_filters",
    "outlet_screen",
    "search_filters",
    "section_blocks",
]

LANGUAGES = {"id": "Indonesia", "en": "Inggris", "jv": "Jawa", "su": "Sunda", "ms": "Melayu"}
# Days offered as front-page filters: the latest week is what a reader picks from.
FILTER_DAYS = 7


@dataclass(frozen=True, slots=True)
class Option:
    """One value a filter can take, what it is called, and how many articles have it."""

    value: str
    label: str
    count: int | None = None


@dataclass(frozen=True, slots=True)
class FilterGroup:
    name: str
    label: str
    current: str | None
    options: list[Option]

    @property
    def values(self) -> set[str]:
        return {option.value for option in self.options}


def _pair(item: Any) -> tuple[str, int | None] | None:
    """``(value, count)`` out of a pair, a plain value or a small record."""
    if isinstance(item, str):
        return item, None
    if isinstance(item, tuple | list) and item and isinstance(item[0], str):
        count = item[1] if len(item) > 1 and isinstance(item[1], int) else None
        return item[0], count
    for name in ("value", "name", "key", "domain", "section"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            count = getattr(item, "count", getattr(item, "articles", None))
            return value, count if isinstance(count, int) else None
    return None


def options(items: Iterable[Any], labels: Mapping[str, str] | None = None) -> list[Option]:
    """Filter options out of the reader's counts; unreadable items are left out."""
    out = []
    for item in items:
        pair = _pair(item)
        if pair is not None:
            value, count = pair
            out.append(Option(value, (labels or {}).get(value, value), count))
    return out


def front_filters(facets: Facets, chosen: Any, limit: int) -> list[FilterGroup]:
    """The front page's outlet, language and day filters, with the chosen ones marked."""
    days = sorted(options(facets.days), key=lambda o: o.value, reverse=True)[:FILTER_DAYS]
    days = [Option(o.value, format_day(o.value), o.count) for o in days]
    return [
        FilterGroup("outlet", "Media", chosen.outlet, options(facets.outlets)[:limit]),
        FilterGroup("language", "Bahasa", chosen.language, options(facets.languages, LANGUAGES)),
        FilterGroup("day", "Hari", chosen.day, days),
    ]


def section_blocks(blocks: Iterable[SectionBlock]) -> list[tuple[str, list[Any]]]:
    """``(heading label, articles)`` per front-page section block."""
    out = []
    for block in blocks:
        out.append((block.section, list(block.articles)))
    return out


def search_filters(facets: Facets, params: Mapping[str, Any]) -> list[FilterGroup]:
    """The search form's choice lists: outlet, section, language and topic."""
    return [
        FilterGroup("outlet", "Media", params.get("outlet"), options(facets.outlets)),
        FilterGroup("section", "Rubrik", params.get("section"), options(facets.sections)),
        FilterGroup(
            "language", "Bahasa", params.get("language"), options(facets.languages, LANGUAGES)
        ),
        FilterGroup("topic", "Topik", params.get("topic"), options(facets.topics)),
    ]


def _entity_link(item: Any) -> EntityLink | None:
    """An entity reference from the reader (key, canonical, type, count) as a link."""
    if isinstance(item, tuple | list) and len(item) == 4:
        key, name, kind, count = item
        return EntityLink(str(name), str(kind), entity_href(str(key)), int(count))
    key = getattr(item, "key", None)
    name = getattr(item, "canonical", None) or getattr(item, "name", None) or key
    if not isinstance(name, str):
        pair = _pair(item)
        return EntityLink(pair[0], "", entity_href(pair[0]), pair[1]) if pair else None
    count = getattr(item, "count", getattr(item, "articles", None))
    kind = getattr(item, "type", None)
    return EntityLink(
        name,
        kind if isinstance(kind, str) else "",
        entity_href(key if isinstance(key, str) else None),
        count if isinstance(count, int) else None,
    )


def entity_index(items: Iterable[Any]) -> list[EntityLink]:
    """The entities page's list."""
    return [link for link in (_entity_link(item) for item in items) if link is not None]


@dataclass(frozen=True, kw_only=True, slots=True)
class EntityScreen:
    key: str
    name: str
    type_label: str
    wikidata_id: str | None
    wikidata: str | None
    chart: BarChart
    related: list[EntityLink]
    outlets: list[Option]
    quotes_by: Sequence[Any]
    quotes_about: Sequence[Any]
    latest: Sequence[Any]


def _wikidata(value: object) -> tuple[str | None, str | None]:
    """A Wikidata item id (Q42) and its page; anything else is not linked."""
    if isinstance(value, str) and value[:1] == "Q" and value[1:].isdigit():
        return value, f"https://www.wikidata.org/wiki/{value}"
    return None, None


def entity_screen(view: EntityView) -> EntityScreen:
    """An entity's page: coverage chart, entities seen with it, quotes, outlets."""
    name = view.canonical or view.key
    wikidata_id, wikidata = _wikidata(getattr(view, "wikidata", None))
    points = [p for p in (_pair(m) for m in view.mentions_per_day) if p is not None]
    return EntityScreen(
        key=view.key,
        name=name,
        type_label=ENTITY_LABELS.get(view.type or "", view.type or ""),
        wikidata_id=wikidata_id,
        wikidata=wikidata,
        chart=bar_chart([(d, c or 0) for d, c in points], label=f"Sebutan {name} per hari"),
        related=entity_index(view.cooccurring),
        outlets=options(view.outlets),
        quotes_by=view.quotes_by,
        quotes_about=view.quotes_about,
        latest=view.latest,
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class OutletScreen:
    domain: str
    chart: BarChart
    sections: list[Option]
    latest: Sequence[Any]


def outlet_screen(view: OutletView) -> OutletScreen:
    """An outlet's page: articles per day and its sections."""
    points = [p for p in (_pair(m) for m in view.articles_per_day) if p is not None]
    return OutletScreen(
        domain=view.domain,
        chart=bar_chart([(d, c or 0) for d, c in points], label=f"Berita {view.domain} per hari"),
        sections=options(view.sections),
        latest=view.latest,
    )
