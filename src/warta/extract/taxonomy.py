"""The site's own section label and tags.

Section: JSON-LD ``articleSection``, then section/category ``<meta>``, then the
breadcrumb's last item before the article title (JSON-LD BreadcrumbList, microdata
ListItems, else a breadcrumb-classed element). Tags: ``article:tag``, JSON-LD ``keywords``,
``news_keywords``, ``rel=tag`` links, the ``keywords`` meta, then a tag box's links. The
first source with a value wins, so one site's vocabulary is never mixed with another's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from warta.extract.document import Found, Page
from warta.extract.metascan import Scan
from warta.extract.metatext import clean, hint, node_text, overlap, squash, word_list
from warta.extract.structured import breadcrumb_names, texts

__all__ = ["read_section", "read_tags"]

MAX_TAGS = 50
# Consecutive description words in a keyword list that mark it as auto-filled.
ECHO_RUN = 4
MAX_TAG_CHARS = 80
# A section label is a few words; longer is a headline or a sentence.
MAX_SECTION_WORDS = 6
_SECTION_META = ("article:section", "articlesection", "section", "parsely-section", "category")
_TAG_META = ("article:tag", "news_keywords")
_LIST_SPLIT = re.compile(r"\s*[,;]\s*")
_URLISH = re.compile(r"://|^www\.|^[\w-]+(?:\.[\w-]+)+/?$")
# CMS-internal codes ('Tekno:Telko', 'Editor:Iskandar', 'News:'): a one-word label and a
# colon with no space after it. 'COVID-19: what we know' has the space and stays. Tags
# starting with '@' or '_' ('@hp-top-stories') are routing codes too.
_CODE = re.compile(r"^[^\s:]+:(?!\s)")
_HOME = frozenset({"home", "beranda", "homepage", "index", "halaman utama", "front page"})
_BREADCRUMB = "[class*=breadcrumb]"
_TAG_BOX = "[class*=tag], [id*=tag]"
_TAG_BOX_HINT = re.compile(r"(?<![a-z])(?:tags?|tag-?list|tagcloud\d*|tags-?box|topics?)(?![a-z])")


def read_section(
    page: Page,
    found: Scan,
    article: dict[str, Any] | None,
    title: str | None,
    keys: frozenset[str],
) -> Found[str] | None:
    """The section label as the site shows it ('Nasional', 'Berita Internasional Terkini')."""
    if article is not None:
        label = _first_label(texts(article.get("articleSection")))
        if label:
            return Found(label, "json-ld")
    for name in _SECTION_META:
        label = _first_label(page.meta.get(name, ()))
        if label:
            return Found(label, f"meta:{name}")
    crumb = _from_crumbs(breadcrumb_names(page), title, keys)
    if crumb:
        return Found(crumb, "json-ld:breadcrumb")
    crumb = _from_crumbs(_microdata_crumbs(found), title, keys)
    if crumb:
        return Found(crumb, "itemprop:breadcrumb")
    crumb = _from_crumbs(_dom_crumbs(page), title, keys)
    return Found(crumb, "breadcrumb") if crumb else None


def _first_label(values: Iterable[str]) -> str | None:
    for value in values:
        # 'Commercial Real Estate,Home Page,Popular': the first is the primary section.
        label = clean(_LIST_SPLIT.split(value.strip(), maxsplit=1)[0])
        if (
            label
            and label[0] not in "@#"
            and not _URLISH.search(label)
            and len(label.split()) <= MAX_SECTION_WORDS
        ):
            return label
    return None


def _from_crumbs(names: list[str], title: str | None, keys: frozenset[str]) -> str | None:
    """The last breadcrumb that is neither the article itself nor the home page."""
    crumbs = [clean(n) for n in names if clean(n)]
    while crumbs and (
        len(crumbs[-1].split()) > MAX_SECTION_WORDS
        or (title is not None and overlap(crumbs[-1], title) >= 0.5)
    ):
        crumbs.pop()
    crumbs = [c for c in crumbs if c.lower() not in _HOME and squash(c) not in keys]
    return crumbs[-1] if crumbs else None


def _microdata_crumbs(found: Scan) -> list[str]:
    """Names of schema.org ListItems marked up in the page (itemprop=itemListElement)."""
    names: list[str] = []
    for item in found.prop("itemlistelement"):
        name = item.css_first("[itemprop~=name]")
        text = clean(name.attrs.get("content")) if name is not None and name.tag == "meta" else ""
        names.append(text or (node_text(name) if name is not None else node_text(item)))
    return names


def _dom_crumbs(page: Page) -> list[str]:
    root = page.tree.body
    if root is None:
        return []
    box = root.css_first(_BREADCRUMB)
    if box is None:
        return []
    links = box.css("a, [itemprop~=name]")
    return [node_text(n) for n in links] if links else [node_text(box)]


def read_tags(page: Page, found: Scan, article: dict[str, Any] | None) -> Found[list[str]] | None:
    """The site's tags, in the order of the first source that has any."""
    for name in _TAG_META:
        tags = _drop_echo(_tags(page.meta.get(name, ())), page)
        if tags:
            return Found(tags, f"meta:{name}")
    if article is not None:
        tags = _tags(texts(article.get("keywords")))
        if tags:
            return Found(tags, "json-ld")
    tags = _tags(node_text(n) for n in found.rel_tag)
    if tags:
        return Found(tags, "rel-tag")
    tags = _drop_echo(_tags(page.meta.get("keywords", ())), page)
    if tags:
        return Found(tags, "meta:keywords")
    tags = _tags(_tag_box(found))
    return Found(tags, "tag-box") if tags else None


def _tags(values: Iterable[str]) -> list[str]:
    """Split comma lists, trim, drop codes and addresses, de-duplicate, cap."""
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for piece in _LIST_SPLIT.split(clean(value)):
            tag = piece.strip(" #\"'“”")
            key = tag.casefold()
            if not tag or key in seen or len(tag) > MAX_TAG_CHARS:
                continue
            if tag[0] in "@_" or _CODE.match(tag) or _URLISH.search(tag):
                continue
            seen.add(key)
            out.append(tag)
            if len(out) >= MAX_TAGS:
                return out
    return out


def _drop_echo(tags: list[str], page: Page) -> list[str]:
    """Remove runs of keywords that repeat the description word by word.

    Some CMSs fill ``keywords`` with the description's words ('main, di, film, keduanya,
    ...'); a run of :data:`ECHO_RUN` or more such keywords is not the site's tagging.
    """
    description = page.meta_first("description", "og:description")
    if description is None or len(tags) < ECHO_RUN:
        return tags
    words = word_list(description.value)
    echo: set[int] = set()
    run: list[int] = []
    cursor = -1
    for index, tag in enumerate(tags):
        parts = word_list(tag)
        # The keyword must continue the description where the previous one stopped.
        follows = bool(run) and words[cursor + 1 : cursor + 1 + len(parts)] == parts
        if not follows:
            if len(run) >= ECHO_RUN:
                echo.update(run)
            run, cursor = [], _find(words, parts)
            if cursor < 0:
                continue
            cursor -= 1
        run.append(index)
        cursor += len(parts)
    if len(run) >= ECHO_RUN:
        echo.update(run)
    return [tag for index, tag in enumerate(tags) if index not in echo]


def _find(words: list[str], parts: list[str]) -> int:
    """Where ``parts`` first occurs in ``words`` as a contiguous run, or -1."""
    if not parts:
        return -1
    start = 0
    size = len(parts)
    while True:
        try:
            start = words.index(parts[0], start)
        except ValueError:
            return -1
        if words[start : start + size] == parts:
            return start
        start += 1


def _tag_box(found: Scan) -> list[str]:
    """Link texts of the first tag-list element inside the article.

    Only inside the article: site-wide 'trending tags' bars sit outside it, and the query
    stays off the rest of the page.
    """
    root = found.article_root()
    if root is None:
        return []
    for box in root.css(_TAG_BOX):
        if not _TAG_BOX_HINT.search(hint(box)):
            continue
        names = [node_text(a) for a in box.css("a")]
        short = [n for n in names if n and len(n.split()) <= MAX_SECTION_WORDS]
        if short:
            return short
    return []
