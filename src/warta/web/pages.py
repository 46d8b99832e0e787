"""What the HTML templates show, built from the store reader's views.

The JSON twins return the reader's views as they are; the HTML pages need a little more
work on them: the record's fields read defensively (a record is scraped data), URLs
vetted, entities turned into highlighted, linked text, counts into charts. Nothing here
renders HTML except through :mod:`warta.web.text` and :mod:`warta.web.charts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from warta.store.read_models import ArticleSummary, ArticleView
from warta.store.search_index import entity_key
from warta.web.text import Block, blocks, entity_highlights, safe_url

__all__ = ["ArticleScreen", "EntityLink", "article_screen", "entity_href"]

ENTITY_LABELS = {
    "person": "Tokoh",
    "place": "Tempat",
    "organization": "Lembaga",
    "event": "Peristiwa",
}


def record_entity_key(entity: Mapping[str, Any]) -> str | None:
    """The store's key of a record's entity (Wikidata id, else ``type:canonical``)."""
    found = entity_key(dict(entity))
    return found[0] if found else None


def entity_href(key: str | None) -> str | None:
    """The address of an entity's page, or None when it has no key."""
    return f"/entity/{quote(key, safe='')}" if key else None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _texts(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [t for t in (_text(v) for v in value) if t]


def _dicts(value: object) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


@dataclass(frozen=True, slots=True)
class EntityLink:
    """An entity as a page lists it: its name, type and the address of its page."""

    name: str
    type: str
    href: str | None
    count: int | None = None

    @property
    def type_label(self) -> str:
        return ENTITY_LABELS.get(self.type, self.type)


@dataclass(frozen=True, slots=True)
class Picture:
    src: str
    caption: str | None
    credit: str | None


@dataclass(frozen=True, slots=True)
class QuoteLine:
    text: str
    speaker: str | None
    direct: bool
    href: str | None


@dataclass(frozen=True, slots=True)
class Source:
    """Where a republished article first ran; ``href`` only when it is http(s)."""

    outlet: str | None
    title: str | None
    href: str | None


@dataclass(frozen=True, slots=True)
class Credit:
    cue: str
    source: str


@dataclass(frozen=True, kw_only=True, slots=True)
class ArticleScreen:
    """One article as its page shows it."""

    id: int
    title: str | None
    lead: str | None
    outlet: str | None
    section: str | None
    topic: str | None
    published: str | None
    updated: str | None
    authors: list[str]
    editors: list[str]
    dateline: str | None
    blocks: list[Block]
    images: list[Picture]
    quotes: list[QuoteLine]
    republished: Source | None
    attributions: list[Credit]
    original: str | None
    tags: list[str]
    entities: list[EntityLink]
    similar: Sequence[ArticleSummary] = field(default_factory=list)


def _dateline(record: Mapping[str, Any]) -> str | None:
    """'TRIBUNNEWS.COM, JAKARTA' from the record's dateline, as the page printed it."""
    dateline = record.get("dateline")
    if not isinstance(dateline, Mapping):
        return None
    parts = [_text(dateline.get("outlet")), _text(dateline.get("place"))]
    return ", ".join(p for p in parts if p) or None


def _images(record: Mapping[str, Any]) -> list[Picture]:
    """The images whose address is http(s); any other (javascript:, data:) is dropped."""
    out = []
    for image in _dicts(record.get("images")):
        src = safe_url(image.get("url"))
        if src is not None:
            out.append(Picture(src, _text(image.get("caption")), _text(image.get("credit"))))
    return out


def _entity_links(record: Mapping[str, Any]) -> list[EntityLink]:
    """Each distinct entity of the record once, in order of first mention."""
    seen: dict[str, EntityLink] = {}
    for entity in _dicts(record.get("entities")):
        key = record_entity_key(entity)
        name = _text(entity.get("canonical")) or _text(entity.get("text"))
        if key is None or name is None or key in seen:
            continue
        kind = _text(entity.get("type")) or ""
        seen[key] = EntityLink(name, kind, entity_href(key))
    return list(seen.values())


def _quotes(record: Mapping[str, Any], people: Mapping[str, str | None]) -> list[QuoteLine]:
    out = []
    for item in _dicts(record.get("quotes")):
        text = _text(item.get("text"))
        if text is None:
            continue
        speaker = _text(item.get("speaker"))
        href = people.get(speaker) if speaker else None
        out.append(QuoteLine(text, speaker, item.get("direct") is True, href))
    return out


def _republished(record: Mapping[str, Any]) -> Source | None:
    item = record.get("republished_from")
    if not isinstance(item, Mapping):
        return None
    source = Source(_text(item.get("outlet")), _text(item.get("title")), safe_url(item.get("url")))
    return source if any((source.outlet, source.title, source.href)) else None


def _credits(record: Mapping[str, Any]) -> list[Credit]:
    out = []
    for item in _dicts(record.get("attributions")):
        source = _text(item.get("source"))
        if source:
            out.append(Credit(_text(item.get("cue")) or "menurut", source))
    return out


def article_screen(view: ArticleView) -> ArticleScreen:
    """The page of ``view``: body with linked entities, vetted links, credits."""
    record = view.record
    paragraphs = _dicts(record.get("paragraphs"))
    body = "\n\n".join(t if isinstance(t := p.get("text"), str) else "" for p in paragraphs)
    marks = entity_highlights(record, body, lambda e: entity_href(record_entity_key(e)))
    entities = _entity_links(record)
    people = {e.name: e.href for e in entities if e.type == "person"}
    return ArticleScreen(
        id=view.id,
        title=view.title,
        lead=view.lead,
        outlet=view.outlet,
        section=view.section or view.section_label,
        topic=view.topic,
        published=view.published,
        updated=_text(record.get("updated")),
        authors=_texts(record.get("authors")),
        editors=_texts(record.get("editors")),
        dateline=_dateline(record),
        blocks=blocks(paragraphs, marks),
        images=_images(record),
        quotes=_quotes(record, people),
        republished=_republished(record),
        attributions=_credits(record),
        original=safe_url(record.get("canonical_url")) or safe_url(record.get("url")),
        tags=_texts(record.get("tags")),
        entities=entities,
        similar=view.similar,
    )
