"""Title, lead, authors, section, tags, images, canonical URL, outlet and language.

This module only orchestrates: each field has its own reader module, and every value is
recorded in ``Article.provenance`` with the signal that produced it. The readers share
one body-wide DOM query (:mod:`warta.extract.metascan`), the JSON-LD article object and
the site's names, computed here once. Runs before body extraction, which edits the tree.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from warta.extract.authors import read_people
from warta.extract.document import Found, Page
from warta.extract.images import read_images
from warta.extract.langtag import declared_language, looks_indonesian
from warta.extract.lead import read_lead
from warta.extract.metascan import Scan, scan
from warta.extract.structured import article_object, publisher_name
from warta.extract.taxonomy import read_section, read_tags
from warta.extract.title import read_title
from warta.extract.urls import canonical_url, outlet, site_keys
from warta.record import Article

__all__ = ["read_metadata"]

log = logging.getLogger(__name__)
T = TypeVar("T")
# Languages whose sites print labelled credits ('Penulis:', 'Pewarta:', 'Editor:').
_LABEL_LANGUAGES = frozenset({"id", "ms", "jv", "su"})


def read_metadata(page: Page, article: Article) -> None:
    """Fill the metadata fields of ``article`` and their ``provenance`` from ``page``."""
    provenance = article.provenance
    canonical = canonical_url(page)
    if canonical is not None:
        article.canonical_url = _set(provenance, "canonical_url", canonical)
    domain = _outlet(page, article)
    if domain is not None:
        article.outlet = _set(provenance, "outlet", domain)
    obj = article_object(page)
    language = declared_language(page, obj)
    if language is not None:
        article.language = _set(provenance, "language", language)
    keys = site_keys(page, article.outlet, publisher_name(page, obj))
    found = scan(page)
    _read_text_fields(page, article, found, obj, keys)
    images = read_images(page, found, obj)
    if images is not None:
        article.images = _set(provenance, "images", images)
    log.debug("metadata of %s: %s", page.url, provenance)


def _read_text_fields(
    page: Page, article: Article, found: Scan, obj: dict[str, Any] | None, keys: frozenset[str]
) -> None:
    """Title, lead, people, section and tags: the fields read from text."""
    provenance = article.provenance
    title = read_title(page, found, keys, obj)
    if title is not None:
        article.title = _set(provenance, "title", title)
    lead = read_lead(page, found, article.title, obj)
    if lead is not None:
        article.lead = _set(provenance, "lead", lead)
    people = read_people(page, found, obj, keys, labels=lambda: _labelled_credits(page, article))
    if people.authors and people.author_signal:
        article.authors = people.authors
        provenance["authors"] = people.author_signal
    if people.editors and people.editor_signal:
        article.editors = people.editors
        provenance["editors"] = people.editor_signal
    section = read_section(page, found, obj, article.title, keys)
    if section is not None:
        article.section = _set(provenance, "section", section)
    tags = read_tags(page, found, obj)
    if tags is not None:
        article.tags = _set(provenance, "tags", tags)


def _labelled_credits(page: Page, article: Article) -> bool:
    """Whether to search the page for 'Penulis:'/'Editor:' credit labels.

    Indonesian sites print credits as labelled text; English ones mark bylines up. The
    declared language is not enough (old kompas.com pages declare 'en'), so the headline
    and description are also checked for Indonesian function words.
    """
    if article.language in _LABEL_LANGUAGES:
        return True
    description = page.meta_first("description", "og:description")
    text = f"{article.title or ''} {description.value if description else ''}"
    return looks_indonesian(text)


def _set(provenance: dict[str, str], name: str, found: Found[T]) -> T:
    provenance[name] = found.signal
    return found.value


def _outlet(page: Page, article: Article) -> Found[str] | None:
    """The registered domain of the canonical URL, else the fetch URL, else og:url."""
    og_url = page.meta_first("og:url")
    sources = (
        (article.canonical_url, "canonical_url"),
        (page.url, "url"),
        (og_url.value if og_url else None, "meta:og:url"),
    )
    for url, signal in sources:
        domain = outlet(url)
        if domain:
            return Found(domain, signal)
    return None
