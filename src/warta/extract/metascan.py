"""One pass over the body for every element the metadata readers look at.

A CSS query costs a walk over the whole tree (about 50 us on an average benchmark page,
each ``[class*=...]`` test adding about 25 us; measured on the shared AEB and id-news
pages), so the readers share a single query instead of running one each. The selector
holds only tag, attribute-presence and token tests, which are cheap; class-substring
tests (byline classes, tag boxes, breadcrumbs) run lazily in the readers that need them,
when structured data did not already answer, and under the article element if any.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from warta.extract.document import Page

__all__ = ["Scan", "scan"]

# How far up from the headline or body an enclosing <article> is looked for.
ARTICLE_LEVELS = 12
_SELECTOR = "h1, figure, [itemprop], [rel~=author], [rel~=tag]"


@dataclass(slots=True)
class Scan:
    """The body elements of interest, in document order, by kind."""

    h1: list[LexborNode] = field(default_factory=list)
    figures: list[LexborNode] = field(default_factory=list)
    itemprops: dict[str, list[LexborNode]] = field(default_factory=dict)
    rel_author: list[LexborNode] = field(default_factory=list)
    rel_tag: list[LexborNode] = field(default_factory=list)

    def prop(self, name: str) -> list[LexborNode]:
        """Elements whose ``itemprop`` lists ``name`` (lower case)."""
        return self.itemprops.get(name, [])

    def article_root(self) -> LexborNode | None:
        """The <article> around the body or headline, else the body container's parent.

        Lazy queries (tag boxes, rarer byline classes) run under it: cheaper than the
        whole page, and clear of site-wide bars and sidebars.
        """
        bodies = self.prop("articlebody")
        for start in bodies + self.h1:
            node = start.parent
            for _ in range(ARTICLE_LEVELS):
                if node is None or node.tag in ("body", "html"):
                    break
                if node.tag == "article":
                    return node
                node = node.parent
        return bodies[0].parent if bodies else None


def scan(page: Page) -> Scan:
    """Sort the matches of one body-wide query into a :class:`Scan`."""
    found = Scan()
    root = page.tree.body or page.tree.root
    if root is None:
        return found
    seen: set[int] = set()
    for node in root.css(_SELECTOR):
        # lexbor returns an element once per selector of the list it matches.
        key = node.mem_id
        if key not in seen:
            seen.add(key)
            _sort(node, found)
    return found


def _sort(node: LexborNode, found: Scan) -> None:
    tag = node.tag
    if tag == "h1":
        found.h1.append(node)
    elif tag == "figure":
        found.figures.append(node)
    attrs = node.attrs
    itemprop = attrs.get("itemprop")
    if itemprop:
        for name in itemprop.lower().split():
            found.itemprops.setdefault(name, []).append(node)
    rel = attrs.get("rel")
    if rel:
        rels = rel.lower().split()
        if "author" in rels:
            found.rel_author.append(node)
        if "tag" in rels:
            found.rel_tag.append(node)
