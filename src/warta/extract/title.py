"""The visible headline.

Cascade: the ``<h1>`` (or ``itemprop=headline``) that agrees with the page's declared
titles (JSON-LD headline, ``og:title``, ``twitter:title``, ``<title>``), since pages often
have several ``<h1>`` (a logo, a section name, a tag box); then an element with a
title-like class that contains a declared title (some templates put the headline in a
``div``); then the declared titles themselves with the site name cut off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from selectolax.lexbor import LexborNode

from warta.extract.document import Found, Page
from warta.extract.metascan import Scan
from warta.extract.metatext import clean, node_text, squash, word_list
from warta.extract.structured import first_text

__all__ = ["read_title", "strip_site_name"]

# Word overlap (Jaccard) at which an <h1> counts as the same headline as a declared
# title. 0.5 accepts an <h1> that adds or drops a kicker word or two; section-name and
# logo <h1>s score near 0 on the id-news and AEB pages.
MATCH = 0.5
# Headings compared; listing pages mark every teaser as a headline, articles have a few.
MAX_HEADINGS = 10
# A headline longer than this is body text marked up as a heading.
MAX_CHARS = 400
# Extra words a title-classed element may add around a declared title ('In Picture: ').
MAX_EXTRA_WORDS = 3
# A side part that is a web address names a site, whatever the site's other names.
_DOMAIN_NAME = re.compile(
    r"(?i)(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co|id|net|org|news|tv|info)"
)
# Separators between a headline and the site or section name in <title> and og:title.
_SEPARATOR = re.compile(r"(\s+(?:\||-|–|—|::|·|•|»|~|/)\s+|\s*\|\s*)")
_SITE_PREFIX = re.compile(r"^([^:]{2,40}):\s+")
_TITLE_CLASSES = "[class*=title], [class*=headline], [class*=judul], [class*=jdl]"


def read_title(
    page: Page, found: Scan, keys: frozenset[str], article: dict[str, Any] | None
) -> Found[str] | None:
    """The headline and the signal that gave it.

    ``keys`` are the site's squashed names (see :func:`warta.extract.urls.site_keys`);
    ``article`` is the page's JSON-LD article object, if any.
    """
    declared = _declared(page, keys, article)
    headings = _headings(found)
    if declared:
        match = _best_heading(headings, declared)
        if match is not None:
            return match
        boxed = _title_box(found.article_root() or page.tree.body, declared)
        if boxed is not None:
            return boxed
        return declared[0]
    if headings:
        # Nothing to agree with: the wordiest heading, since logo and section <h1>s are short.
        return max(headings, key=lambda f: len(word_list(f.value)))
    return None


def _declared(page: Page, keys: frozenset[str], article: dict[str, Any] | None) -> list[Found[str]]:
    """Titles the page declares, best first, with the site name removed."""
    out: list[Found[str]] = []
    headline = first_text(article.get("headline")) if article is not None else None
    if headline:
        out.append(Found(headline, "json-ld"))
    for name in ("og:title", "twitter:title"):
        hit = page.meta_first(name)
        if hit is not None:
            out.append(Found(strip_site_name(hit.value, keys), hit.signal))
    head = page.tree.head
    title = head.css_first("title") if head is not None else None
    if title is not None:
        out.append(Found(strip_site_name(node_text(title), keys), "title-tag"))
    return [f for f in out if f.value and len(f.value) <= MAX_CHARS]


def _headings(found: Scan) -> list[Found[str]]:
    out = [Found(node_text(node), "h1") for node in found.h1[:MAX_HEADINGS]]
    out.extend(
        Found(node_text(node), "itemprop:headline")
        for node in found.prop("headline")[:MAX_HEADINGS]
    )
    return [f for f in out if f.value and len(f.value) <= MAX_CHARS]


def _best_heading(headings: list[Found[str]], declared: list[Found[str]]) -> Found[str] | None:
    best: Found[str] | None = None
    best_score = MATCH
    wanted = [set(word_list(d.value)) for d in declared]
    for heading in headings:
        words = set(word_list(heading.value))
        score = max(_jaccard(words, want) for want in wanted)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = heading, score
    return best


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _title_box(root: LexborNode | None, declared: list[Found[str]]) -> Found[str] | None:
    """A title-classed element that shows a declared title with a few words added.

    Only reached when no <h1> agrees (28 of the 217 shared pages), and searched under the
    article element when there is one, so the extra query is rarely paid in full.
    """
    if root is None:
        return None
    wanted = [set(word_list(d.value)) for d in declared]
    for node in root.css(_TITLE_CLASSES):
        if node.css_first("a") is not None or _inside_link(node):
            continue
        text = node_text(node)
        if not text or len(text) > MAX_CHARS:
            continue
        words = set(word_list(text))
        for want in wanted:
            if want and want <= words and len(words - want) <= MAX_EXTRA_WORDS:
                return Found(text, "title-class")
    return None


def _inside_link(node: LexborNode) -> bool:
    parent = node.parent
    for _ in range(3):
        if parent is None:
            return False
        if parent.tag == "a":
            return True
        parent = parent.parent
    return False


def strip_site_name(title: str, keys: Iterable[str]) -> str:
    """``title`` without the site (and section) name a template put before or after it.

    'Polres Serahkan Anggota - Kompas.com Regional' -> 'Polres Serahkan Anggota'. A side
    part goes when it names the site, or (at the end only) when it is a short label next
    to a much longer headline: 'X | National | Tempo.Co :: Indonesian News Portal' -> 'X'.
    """
    title = clean(title)
    keyset = frozenset(keys)
    prefix = _SITE_PREFIX.match(title)
    if prefix and _names_site(prefix.group(1), keyset):
        title = title[prefix.end() :]
    parts = _SEPARATOR.split(title)
    segments, seps = parts[0::2], parts[1::2]
    while len(segments) > 1:
        if _names_site(segments[-1], keyset) or _is_label(segments[-1], segments[:-1]):
            segments.pop()
            seps.pop()
        elif _names_site(segments[0], keyset):
            segments.pop(0)
            seps.pop(0)
        else:
            break
    rebuilt = segments[0]
    for sep, segment in zip(seps, segments[1:], strict=True):
        rebuilt += sep + segment
    return rebuilt.strip()


def _names_site(part: str, keys: frozenset[str]) -> bool:
    squashed = squash(part)
    if not squashed or _DOMAIN_NAME.fullmatch(part.strip()):
        return True  # empty, or a web address ('Tribunkaltim.co' on kaltim.tribunnews.com)
    return any(key == squashed or (len(key) >= 4 and key in squashed) for key in keys)


def _is_label(part: str, rest: list[str]) -> bool:
    """A short trailing label (section or slogan) beside a headline at least twice as long."""
    words = len(word_list(part))
    rest_words = sum(len(word_list(p)) for p in rest)
    return words <= 4 and rest_words >= 3 and rest_words >= 2 * words
