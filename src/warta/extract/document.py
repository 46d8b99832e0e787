"""A parsed page and the lookups every signal shares.

The tree is parsed once. Structured data (JSON-LD and ``<meta>`` tags) is read before body
extraction starts, because body extraction removes ``<script>`` and ``<head>`` noise from
the same tree.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = ["Found", "Page"]

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """A value and the signal that produced it, for ``Article.provenance``."""

    value: T
    signal: str


@dataclass(slots=True)
class Page:
    """One parsed HTML page."""

    html: str
    url: str | None
    tree: LexborHTMLParser
    meta: dict[str, list[str]] = field(default_factory=dict)
    jsonld: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def parse(cls, html: str, url: str | None = None, *, utf8: bytes | None = None) -> Page:
        """Parse ``html``; ``utf8``, when given, must be its exact UTF-8 bytes (the page's
        own, see :class:`~warta.extract.encoding.Decoded`): lexbor reads UTF-8, so it takes
        them as they are rather than ``html`` encoded again, which cost 0.17 of 0.55 ms a
        page on the ingest benchmark's pages (parsing alone, best of three)."""
        tree = LexborHTMLParser(html if utf8 is None else utf8)
        page = cls(html=html, url=url, tree=tree)
        page.meta = _read_meta(tree)
        page.jsonld = _read_jsonld(tree)
        return page

    def meta_first(self, *names: str) -> Found[str] | None:
        """The first non-empty ``<meta>`` value among ``names`` (lower case), in that order."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value.strip():
                    return Found(value.strip(), f"meta:{name}")
        return None

    def css(self, selector: str) -> list[LexborNode]:
        return list(self.tree.css(selector))


def _read_meta(tree: LexborHTMLParser) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        content = attrs.get("content")
        if key and content:
            meta.setdefault(key.strip().lower(), []).append(content)
    return meta


def _read_jsonld(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, with ``@graph`` lists and nesting flattened."""
    found: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True, strip=True)
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            log.debug("skipping JSON-LD that does not parse (%d chars)", len(raw))
            continue
        _flatten(data, found)
    return found


def _flatten(data: Any, out: list[dict[str, Any]]) -> None:
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            graph = item.get("@graph")
            if graph is not None:
                stack.append(graph)
