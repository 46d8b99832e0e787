"""Scraped text made safe for a page: escaped pieces, entity highlights, vetted links.

Everything a record holds came from someone else's page, so nothing in it is trusted:
text is escaped piece by piece with :func:`markupsafe.escape` before it is joined into
:class:`~markupsafe.Markup`, and a URL becomes an ``href`` or ``src`` only when it is an
absolute http(s) address (a ``javascript:`` or ``data:`` URL is dropped, never
rewritten). Templates never mark scraped text ``|safe``; only the Markup built here is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

__all__ = [
    "ENTITY_TYPES",
    "Block",
    "Highlight",
    "blocks",
    "entity_highlights",
    "highlight",
    "safe_url",
]

# The separator Article.body puts between paragraphs: entity offsets count it.
PARAGRAPH_SEPARATOR = "\n\n"
# Longer than any real article address; a longer one is junk or an attack.
MAX_URL_CHARS = 2048


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str) or len(value) > MAX_URL_CHARS:
        return None
    url = value.strip()
    # Control characters and white space inside a URL are how filters get fooled
    # (``java\tscript:``); a clean address has none.
    if any(ord(c) < 0x21 or c == "\x7f" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


@dataclass(frozen=True, slots=True)
class Highlight:
    """A span of the body to mark: ``[start, end)`` offsets, a CSS class and a link."""

    start: int
    end: int
    kind: str
    href: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph ready for the template: its kind and its text as safe Markup."""

    kind: str
    html: Markup


def _spans_in(
    highlights: Sequence[Highlight], start: int, end: int
) -> list[tuple[int, int, Highlight]]:
    """The highlights wholly inside ``[start, end)``, local offsets, overlaps dropped.

    Sorted by start (longest first on a tie); a span overlapping one already kept is left
    out, because nested or crossing ``<a>`` elements are not valid HTML.
    """
    inside = sorted(
        (h for h in highlights if start <= h.start < h.end <= end),
        key=lambda h: (h.start, -h.end),
    )
    kept: list[tuple[int, int, Highlight]] = []
    cursor = start
    for item in inside:
        if item.start >= cursor:
            kept.append((item.start - start, item.end - start, item))
            cursor = item.end
    return kept


def _mark(text: str, item: Highlight) -> Markup:
    """One highlighted span: escaped text in a ``<mark>``, inside a link when it has one."""
    title = Markup(' title="{}"').format(item.title) if item.title else Markup("")
    inner = Markup('<mark class="{}"{}>{}</mark>').format(item.kind, title, text)
    if item.href is None:
        return inner
    return Markup('<a href="{}">{}</a>').format(item.href, inner)


def highlight(text: str, highlights: Sequence[Highlight], offset: int = 0) -> Markup:
    """``text`` escaped, with the highlights that fall inside it marked.

    ``offset`` is where ``text`` starts in the string the highlight offsets count in
    (the body), so a paragraph can be marked with body offsets.
    """
    pieces: list[Markup] = []
    cursor = 0
    for start, end, item in _spans_in(highlights, offset, offset + len(text)):
        pieces.append(escape(text[cursor:start]))
        pieces.append(_mark(text[start:end], item))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return Markup("").join(pieces)


def blocks(paragraphs: Iterable[Mapping[str, Any]], highlights: Sequence[Highlight]) -> list[Block]:
    """The body's paragraphs as safe blocks, highlights placed by body offsets.

    Offsets count the paragraphs joined by a blank line, as ``Article.body`` does.
    """
    out: list[Block] = []
    offset = 0
    for paragraph in paragraphs:
        text = paragraph.get("text")
        text = text if isinstance(text, str) else ""
        kind = paragraph.get("kind")
        out.append(
            Block(
                kind if isinstance(kind, str) else "paragraph", highlight(text, highlights, offset)
            )
        )
        offset += len(text) + len(PARAGRAPH_SEPARATOR)
    return out


def entity_highlights(
    record: Mapping[str, Any], body: str, link: Callable[[Mapping[str, Any]], str | None]
) -> list[Highlight]:
    """Highlights for the record's body entities whose offsets still match the body.

    An entity whose ``body[start:end]`` is not its text (a stale offset after the record
    changed) is left unmarked rather than marking the wrong words.
    """
    out: list[Highlight] = []
    for entity in record.get("entities") or ():
        if not isinstance(entity, Mapping) or entity.get("field", "body") != "body":
            continue
        start, end, text = entity.get("start"), entity.get("end"), entity.get("text")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(body)):
            continue
        if isinstance(text, str) and body[start:end] != text:
            continue
        kind = entity.get("type")
        css = f"entity entity-{kind}" if kind in ENTITY_TYPES else "entity"
        canonical = entity.get("canonical")
        title = canonical if isinstance(canonical, str) else None
        out.append(Highlight(start, end, css, link(entity), title))
    return out


ENTITY_TYPES = frozenset({"person", "place", "organization", "event"})
