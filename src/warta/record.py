"""The one record that flows through every Warta stage.

Field names and JSON shapes follow ``shared/contracts/article.md``: tools outside the
project read them, so a field may be added but never renamed. Dates are timezone-aware
``datetime`` values in Python (or a bare ``date`` when the page gives only a day) and ISO
8601 strings in JSON. ``body`` is not stored: it is always the paragraph texts joined by
one blank line, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import Any

__all__ = [
    "ENRICHMENT_FIELDS",
    "Article",
    "Attribution",
    "DateMention",
    "Dateline",
    "Entity",
    "Image",
    "Paragraph",
    "Quote",
    "Related",
    "Removed",
    "Republication",
]

PARAGRAPH_KINDS = frozenset({"paragraph", "heading", "list-item", "quote"})


@dataclass(slots=True)
class Paragraph:
    """One block of the body, in reading order; ``language`` is set by enrichment (and
    left out of the JSON form until then)."""

    kind: str
    text: str
    language: str | None = None


@dataclass(slots=True)
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass(slots=True)
class Related:
    """A link the page inserted or listed as related ('Baca juga')."""

    title: str | None
    url: str | None


@dataclass(slots=True)
class Dateline:
    place: str | None
    outlet: str | None


@dataclass(slots=True)
class Republication:
    """Where a republished article first ran ('Artikel ini telah tayang di ...')."""

    outlet: str | None
    title: str | None
    url: str | None


@dataclass(slots=True)
class Attribution:
    """A secondary source the text credits ('dilansir dari Express')."""

    source: str
    cue: str


@dataclass(slots=True)
class Removed:
    """A piece of text taken out of the article container, with why."""

    kind: str
    text: str


@dataclass(slots=True)
class Entity:
    """A named entity mention: ``type`` is person, place, organization or event.

    ``start``/``end`` are character offsets into ``field`` (``body`` unless said otherwise:
    ``title``, ``lead`` or ``related`` for a mention in a related-link title).
    """

    text: str
    type: str
    canonical: str | None = None
    id: str | None = None
    start: int | None = None
    end: int | None = None
    field: str = "body"


@dataclass(slots=True)
class Quote:
    """A direct or reported quote; offsets are into ``body``."""

    text: str
    speaker: str | None
    direct: bool
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class DateMention:
    """A date or time named in the text, resolved against the publication date."""

    text: str
    date: datetime | date | None
    start: int | None = None
    end: int | None = None


_SUBRECORDS: dict[str, type[Any]] = {
    "paragraphs": Paragraph,
    "images": Image,
    "related": Related,
    "dateline": Dateline,
    "republished_from": Republication,
    "attributions": Attribution,
    "removed": Removed,
    "entities": Entity,
    "quotes": Quote,
    "dates_mentioned": DateMention,
}
_DATE_FIELDS = frozenset({"published", "updated"})


@dataclass(slots=True)
class Article:
    """An article as Warta understands it; see ``shared/contracts/article.md``."""

    source: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    outlet: str | None = None
    section: str | None = None
    title: str | None = None
    lead: str | None = None
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    published: datetime | date | None = None
    updated: datetime | date | None = None
    language: str | None = None
    dateline: Dateline | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    republished_from: Republication | None = None
    attributions: list[Attribution] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    # Enrichment adds these; None means "not run", an empty list "ran, found nothing".
    entities: list[Entity] | None = None
    quotes: list[Quote] | None = None
    dates_mentioned: list[DateMention] | None = None
    keywords: list[str] | None = None
    summary: str | None = None
    topic: str | None = None

    @property
    def body(self) -> str:
        """The body as text: paragraph texts joined by one blank line."""
        return "\n\n".join([p.text for p in self.paragraphs])  # a list joins faster

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the contract; enrichment fields only when they were set."""
        out: dict[str, Any] = {}
        for name in _field_names(type(self)):
            value = getattr(self, name)
            if name in ENRICHMENT_FIELDS and value is None:
                continue
            if name == "paragraphs":
                out[name] = _paragraphs(value)
                out["body"] = self.body
            else:
                out[name] = _jsonable(value)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from its JSON form; unknown keys are ignored.

        A record that has only ``body`` gets one paragraph per blank-line-separated block.
        A sub-record that is not a JSON object raises :class:`ValueError`, and one with
        missing or unknown-shaped fields :class:`TypeError`, both naming the field.
        """
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data or data[f.name] is None:
                continue
            kwargs[f.name] = _from_json(f.name, data[f.name])
        if "paragraphs" not in kwargs and isinstance(data.get("body"), str):
            kwargs["paragraphs"] = [
                Paragraph("paragraph", block.strip())
                for block in data["body"].split("\n\n")
                if block.strip()
            ]
        return cls(**kwargs)


# The fields enrichment sets (warta.enrich), None until it has run; to_dict leaves them out
# then. It may also decide the languages (the article's, its paragraphs').
ENRICHMENT_FIELDS = frozenset(
    {"entities", "quotes", "dates_mentioned", "keywords", "summary", "topic"}
)


_PLAIN = (str, int, float, bool, type(None))
_PLAIN_TYPES = frozenset(_PLAIN)


def _field_names(cls: type[Any]) -> tuple[str, ...]:
    """A record class's field names: ``fields()`` is slow, and serialising records is on
    the ingest path (about 30 sub-records per article), so they are read once, below."""
    names = _FIELD_NAMES.get(cls)
    return names if names is not None else tuple(f.name for f in fields(cls))


def _jsonable(value: Any) -> Any:
    # Exact type checks first: they are most of the values (some 300 an article) and a
    # set lookup of the type is cheaper than isinstance against five classes.
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is list:
        return [v if type(v) in _PLAIN_TYPES else _jsonable(v) for v in value]
    names = _FIELD_NAMES.get(kind)
    if names is not None:
        return _fields(value, names)
    return _jsonable_other(value)


def _fields(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The JSON form of a dataclass record; a paragraph's unknown language is left out."""
    out = {}
    for name in names:
        v = getattr(value, name)
        out[name] = v if type(v) in _PLAIN_TYPES else _jsonable(v)
    if isinstance(value, Paragraph) and value.language is None:
        del out["language"]
    return out


def _paragraphs(value: Any) -> Any:
    """:func:`_jsonable` of an article's paragraphs, the most numerous sub-records (24 an
    article on the ingest benchmark's pages, against 9 of all others), with a paragraph of
    plain texts and no language made directly."""
    if type(value) is not list:
        return _jsonable(value)
    return [
        {"kind": p.kind, "text": p.text}
        if type(p) is Paragraph and p.language is None and type(p.kind) is type(p.text) is str
        else _jsonable(p)
        for p in value
    ]


def _jsonable_other(value: Any) -> Any:
    """:func:`_jsonable` of what is not a plain value, list or record class: subclasses,
    dates, dictionaries and dataclasses of other modules."""
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return _fields(value, _field_names(type(value)))
    return value


def parse_iso(value: str) -> datetime | date:
    """Read an ISO 8601 date or date-time as written by :meth:`Article.to_dict`."""
    if len(value) == 10:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _from_json(name: str, value: Any) -> Any:
    if name in _DATE_FIELDS:
        return parse_iso(value) if isinstance(value, str) else None
    sub = _SUBRECORDS.get(name)
    if sub is None:
        return value
    if isinstance(value, list):
        return [_subrecord(sub, v, name) for v in value]
    return _subrecord(sub, value, name)


def _subrecord(cls: type[Any], value: Any, name: str) -> Any:
    if not isinstance(value, dict):
        raise ValueError(f"{name}: want an object, got {type(value).__name__}")
    names = {f.name for f in fields(cls)}
    kwargs = {k: v for k, v in value.items() if k in names}
    if cls is DateMention and isinstance(kwargs.get("date"), str):
        kwargs["date"] = parse_iso(kwargs["date"])
    return cls(**kwargs)


# Read once at import; never changed afterwards.
_RECORD_CLASSES: tuple[type[Any], ...] = (Article, *_SUBRECORDS.values())
_FIELD_NAMES: dict[type[Any], tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in _RECORD_CLASSES
}
