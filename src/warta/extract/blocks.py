"""Cut a parsed page into text blocks, in reading order.

A block is the nearest block-level element around a run of text: a ``<p>``, a heading, a
list item, a table cell, or a ``<div>`` that holds text directly. Each block knows its
own text (without the text of blocks nested inside it), how much of that text sits inside
links, its kind for the ``paragraphs`` field, the block it is nested in, and whether an
element around it is marked as boilerplate by its class or id.

The walk is one iterative pass over the tree, so a deeply nested page cannot exhaust the
Python stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from selectolax.lexbor import LexborNode

from warta.extract.boilerplate import is_boilerplate_node

__all__ = ["Block", "collect_blocks"]

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "li", "main", "menu",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
# Never text: their content is code, controls or media.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
        "embed", "canvas", "button", "select", "textarea", "input", "option", "head",
        "link", "meta", "video", "audio", "map", "picture", "source",
    }
)  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LIST_ITEMS = frozenset({"li", "dd", "dt"})

_TEXT, _ELEMENT = 0, 1
# Share of the page's text above which a boilerplate-named element is taken for a page
# wrapper. Rails and comment threads on the shared benchmark hold 2-35% of a page's text.
JUNK_MAX_SHARE = 0.4
_NO_JUNK: tuple[str | None, int] = (None, 0)


@dataclass(slots=True, eq=False)
class Block:
    """One run of text and where it sits."""

    node: LexborNode
    tag: str
    parent: Block | None
    junk: str | None  # the boilerplate class/id word of an enclosing element, if any
    junk_at: int  # mem_id of that element (0 when none)
    quoted: bool  # inside a <blockquote>
    parts: list[str] = field(default_factory=list)
    link_chars: int = 0
    text: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.tag in HEADINGS:
            return "heading"
        if self.tag in LIST_ITEMS:
            return "list-item"
        if self.quoted:
            return "quote"
        return "paragraph"

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0


def collect_blocks(root: LexborNode) -> list[Block]:
    """Every block under ``root``, in document order (parents before children).

    Blocks without text of their own are kept: they carry the nesting that container
    scoring adds up along.
    """
    top = Block(root, root.tag or "body", None, None, 0, False)
    page_chars = len(root.text(deep=True))
    blocks = [top]
    # Stack entries: (kind, node, block, in_link, (junk word, junk node id), quoted)
    stack: list[tuple[int, LexborNode, Block, bool, tuple[str | None, int], bool]] = [
        (_ELEMENT, child, top, False, _NO_JUNK, False) for child in _children_reversed(root)
    ]
    while stack:
        kind, node, block, in_link, junk, quoted = stack.pop()
        if kind == _TEXT:
            _add_text(node, block, in_link)
            continue
        tag = node.tag
        if tag is None or tag in SKIP_TAGS or tag.startswith("-"):
            continue
        if tag == "br":
            block.parts.append("\n")
            continue
        if junk[0] is None:
            word = _junk_word(node, page_chars)
            if word is not None:
                junk = (word, node.mem_id)
        quoted = quoted or tag == "blockquote"
        if tag in BLOCK_TAGS:
            block.parts.append("\n")  # text after a nested block starts a new line
            block = Block(node, tag, block, junk[0], junk[1], quoted)
            blocks.append(block)
            block.parts.append("\n")
        in_link = in_link or tag == "a"
        for child in _children_reversed(node):
            child_kind = _TEXT if child.tag == "-text" else _ELEMENT
            stack.append((child_kind, child, block, in_link, junk, quoted))
    for b in blocks:
        _finish(b)
    return blocks


def _junk_word(node: LexborNode, page_chars: int) -> str | None:
    """The boilerplate word marking ``node``, unless it wraps much of the page.

    Class names lie at the top of the tree ('Page-ad-margins' around a whole site): an
    element holding more than JUNK_MAX_SHARE of the page's text is a wrapper, not a rail.
    """
    word = is_boilerplate_node(node)
    if word is None:
        return None
    if len(node.text(deep=True)) > JUNK_MAX_SHARE * page_chars:
        return None
    return word


def _children_reversed(node: LexborNode) -> list[LexborNode]:
    children = list(node.iter(include_text=True))
    children.reverse()
    return children


def _add_text(node: LexborNode, block: Block, in_link: bool) -> None:
    text = node.text_content
    if not text:
        return
    block.parts.append(text)
    if in_link:
        block.link_chars += len(text.strip())


def _finish(block: Block) -> None:
    raw = "".join(block.parts)
    block.parts = []
    if block.tag == "pre":
        lines = [line.rstrip() for line in raw.strip("\n").split("\n")]
        block.lines = ["\n".join(lines)] if any(lines) else []
    else:
        block.lines = [" ".join(line.split()) for line in raw.split("\n")]
        block.lines = [line for line in block.lines if line]
    block.text = " ".join(block.lines)
