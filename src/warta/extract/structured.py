"""Typed reads from the page's JSON-LD objects (schema.org Article and friends).

``Page.jsonld`` is a flat list of every object the page declares. Publishers mix in
WebSite, Organization, BreadcrumbList and navigation objects, write ``@type`` as a string
or a list, put people in ``author`` as strings, objects, lists or ``{"@id": ...}``
references into an ``@graph`` (Yoast), and nest names under ``name`` or ``@value``. These
helpers absorb those variations so the field readers see plain strings.
"""

from __future__ import annotations

from typing import Any

from warta.extract.document import Page
from warta.extract.metatext import clean

__all__ = [
    "ARTICLE_TYPES",
    "article_object",
    "breadcrumb_names",
    "by_id",
    "first_text",
    "image_urls",
    "people",
    "publisher_name",
    "texts",
    "types_of",
]

# schema.org CreativeWork types that describe the article itself (Article and its news,
# blog and report subtypes). WebPage is not here: it describes the container page.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "askpublicnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
    }
)


def types_of(obj: dict[str, Any]) -> set[str]:
    """The object's ``@type`` values in lower case, without a schema.org prefix."""
    raw = obj.get("@type", obj.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].lower() for v in values if isinstance(v, str)}


def article_object(page: Page) -> dict[str, Any] | None:
    """The object describing the article: the first Article-typed one with a headline.

    A page may carry several (a main story and teasers of others); the first one with a
    headline is the page's own in every sample we checked. Without one, an untyped object
    that has a headline is accepted, then a WebPage with a headline (some CMSs put the
    article fields on WebPage).
    """
    typed = [o for o in page.jsonld if types_of(o) & ARTICLE_TYPES]
    for obj in typed:
        if first_text(obj.get("headline")):
            return obj
    if typed:
        return typed[0]
    for obj in page.jsonld:
        kinds = types_of(obj)
        if (not kinds or "webpage" in kinds) and first_text(obj.get("headline")):
            return obj
    return None


def by_id(page: Page) -> dict[str, dict[str, Any]]:
    """Objects keyed by ``@id``, to resolve ``{"@id": ...}`` references."""
    return {o["@id"]: o for o in page.jsonld if isinstance(o.get("@id"), str) and len(o) > 1}


def texts(value: Any) -> list[str]:
    """Every non-empty string in ``value``: a string, a list, or objects with a name."""
    out: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            text = clean(item)
            if text:
                out.append(text)
        elif isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            inner = item.get("name", item.get("@value", item.get("text")))
            if inner is not None:
                stack.append(inner)
    return out


def first_text(value: Any) -> str | None:
    """The first string :func:`texts` finds, or None."""
    found = texts(value)
    return found[0] if found else None


def people(value: Any, ids: dict[str, dict[str, Any]]) -> list[str]:
    """Names in an ``author``/``editor`` value: strings, Person/Organization objects.

    References (``{"@id": ...}``) are resolved through ``ids``. Organisations are kept:
    the byline parser drops the ones that name the site itself.
    """
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for raw in items:
        item = raw
        if isinstance(raw, dict) and "name" not in raw and isinstance(raw.get("@id"), str):
            item = ids.get(raw["@id"], raw)
        if isinstance(item, str):
            out.extend(texts(item))
        elif isinstance(item, dict):
            out.extend(texts(item.get("name")))
    return out


def publisher_name(page: Page, article: dict[str, Any] | None) -> str | None:
    """The publisher's name from the article object, else from a NewsMediaOrganization."""
    if article is not None:
        name = first_text(article.get("publisher"))
        if name:
            return name
    for obj in page.jsonld:
        if "newsmediaorganization" in types_of(obj):
            return first_text(obj.get("name"))
    return None


def image_urls(value: Any) -> list[str]:
    """Image addresses in an ``image`` value: strings, ImageObjects, or lists of either."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str):
            out.append(item.strip())
        elif isinstance(item, dict):
            url = item.get("url", item.get("contentUrl"))
            if isinstance(url, list):
                url = url[0] if url else None
            if isinstance(url, str):
                out.append(url.strip())
    return [u for u in out if u]


def breadcrumb_names(page: Page) -> list[str]:
    """The names of the first BreadcrumbList's items, in position order."""
    for obj in page.jsonld:
        if "breadcrumblist" not in types_of(obj):
            continue
        elements = obj.get("itemListElement")
        if not isinstance(elements, list):
            continue
        ranked: list[tuple[float, str]] = []
        for index, element in enumerate(elements):
            if not isinstance(element, dict):
                continue
            item = element.get("item")
            name = first_text(element.get("name"))
            if name is None and isinstance(item, dict):
                name = first_text(item.get("name"))
            position = element.get("position")
            rank = float(position) if isinstance(position, int | float) else float(index)
            if name:
                ranked.append((rank, name))
        ranked.sort(key=lambda pair: pair[0])
        return [name for _, name in ranked]
    return []
