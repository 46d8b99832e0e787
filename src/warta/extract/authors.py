"""Writers and editors, from structured data first and the visible byline after.

Order of trust: the JSON-LD article's ``author`` (typed, one object per person), then
author ``<meta>`` tags, then byline elements (``rel=author``, ``itemprop=author``, classes
with byline/author/penulis/reporter...), then labelled text ('Penulis : X', 'Editor: Y')
found by a raw search of Indonesian-looking pages when a writer or an editor is still
missing, and last a labelled editor in the byline line under the headline ('Penulis: X |
Editor: Y'). The first source that yields a name gives ``authors``; editors are gathered
from every source read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborNode

from warta.extract.document import Page
from warta.extract.metascan import Scan
from warta.extract.metatext import clean, hint, node_text
from warta.extract.names import dedupe, parse_byline, starts_with_label
from warta.extract.structured import by_id, people, texts

__all__ = ["People", "read_people"]

_META_AUTHORS = (
    "author",
    "article:author",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "content_author",
    "byl",
)
_META_EDITORS = ("editor", "content_editor")
# Byline classes, queried only when structured data named nobody, and under the article
# element when there is one (each substring test costs ~25 us on a whole page; id tests
# found no byline the class tests missed on the shared pages). Limiting the query to the
# headline's block instead lost 5 of 149 bylines there.
_BYLINE_CLASSES = (
    "[class*=byline], [class*=author], [class*=writer], [class*=penulis], [class*=reporter]"
)
# A byline element longer than this is an author bio or a comment, not a byline.
MAX_BYLINE_CHARS = 160
# Credit labels searched for in the raw page, each with str.find: on the id-news pages
# that is faster than one regular expression over the page (Python's regex engine has no
# fast scan for an alternation). Case-sensitive: a case-folded copy of a 150 kB page
# costs more than the searches. Only the editor labels are searched when a writer is
# already known.
_WRITER_LABELS = ("Penulis", "Pewarta", "Reporter", "Laporan wartawan", "Laporan Wartawan")
_EDITOR_LABELS = ("Editor", "Redaktur", "Penyunting")
# After the label: a colon, the end of the text node, or a capitalised name.
_LABEL_END = re.compile(r"\s*(?::|<|\s[A-Z])")
# Occurrences of one label looked at before moving on to the next label.
MAX_RAW_HITS = 3
_RAW_WINDOW = 300
_INLINE_TAG = re.compile(r"</?(?:td|th|dt|dd|span|b|strong|a|i|em|font|u)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")
_EDITOR_WORD = re.compile(r"(?i)editor|redaktur|penyunting")
_PHOTO = re.compile(r"photo|foto|caption|image|thumb|gallery|gambar")
_KEYWORD_EDITOR = re.compile(r"^\s*(?:editor|redaktur)\s*:\s*(.+)$", re.IGNORECASE)
# An editor credit printed as a label with a colon: 'Penulis: X | Editor: Y'.
_EDITOR_LABEL = re.compile(r"(?i)(?<![\w-])(?:editor|redaktur|penyunting)\s*:")
# Headlines looked at (a page may have a site-name <h1> in its masthead first), and the
# elements after each that may hold its byline line before the photo and body start.
MAX_HEADLINES = 3
HEADLINE_SIBLINGS = 4
# An element after the headline this long is the article text (a deck is shorter).
MAX_TEXT_BLOCK_CHARS = 2 * MAX_BYLINE_CHARS


@dataclass(slots=True)
class People:
    """Names found, each list with the signal that produced it."""

    authors: list[str] = field(default_factory=list)
    author_signal: str | None = None
    editors: list[str] = field(default_factory=list)
    editor_signal: str | None = None

    def add(self, writers: list[str], editors: list[str], signal: str) -> None:
        if writers and not self.authors:
            self.authors, self.author_signal = writers, signal
        if editors:
            self.editors = dedupe(self.editors + editors)
            self.editor_signal = self.editor_signal or signal


def read_people(
    page: Page,
    found: Scan,
    article: dict[str, Any] | None,
    keys: frozenset[str],
    *,
    labels: Callable[[], bool],
) -> People:
    """Authors and editors of the page; ``keys`` are the site's squashed names.

    ``labels()`` says whether to search the raw page for Indonesian-style labelled credits
    ('Penulis: X Editor: Y'). The search scans the page source (150-500 us on an id-news
    page), so it runs only when the other sources left a gap and ``labels()`` agrees.
    """
    result = People()
    if article is not None:
        _from_jsonld(article, by_id(page), keys, result)
    _from_meta(page, keys, result)
    for node in found.prop("editor"):
        result.add([], parse_byline(_node_value(node), keys)[0], "itemprop:editor")
    _from_nodes(found.rel_author + found.prop("author"), keys, result, "byline")
    if not result.authors:
        root = found.article_root() or page.tree.body
        if root is not None:
            _from_nodes(root.css(_BYLINE_CLASSES), keys, result, "byline")
    if not (result.authors and result.editors) and labels():
        wanted = _EDITOR_LABELS if result.authors else _WRITER_LABELS + _EDITOR_LABELS
        markup, start = _credit_source(page, found)
        _from_raw(markup, start, wanted, keys, result)
    if not result.editors:
        _from_headline(found.h1[:MAX_HEADLINES], keys, result)
    return result


def _from_meta(page: Page, keys: frozenset[str], out: People) -> None:
    for name in _META_AUTHORS:
        _add_texts(page.meta.get(name, ()), keys, out, f"meta:{name}")
    for name in _META_EDITORS:
        editors = [n for v in page.meta.get(name, ()) for n in parse_byline(v, keys)[0]]
        out.add([], editors, f"meta:{name}")


def _from_jsonld(
    article: dict[str, Any], ids: dict[str, dict[str, Any]], keys: frozenset[str], out: People
) -> None:
    _add_texts(people(article.get("author"), ids), keys, out, "json-ld")
    editors = [
        n for name in people(article.get("editor"), ids) for n in parse_byline(name, keys)[0]
    ]
    out.add([], editors, "json-ld")
    # Some CMSs file the editor among the keywords: 'Editor:Iskandar'.
    for keyword in texts(article.get("keywords")):
        match = _KEYWORD_EDITOR.match(keyword)
        if match:
            out.add([], parse_byline(match.group(1), keys)[0], "json-ld:keywords")


def _add_texts(values: Iterable[str], keys: frozenset[str], out: People, signal: str) -> None:
    """All names in ``values`` (one source, several entries) as one addition."""
    writers: list[str] = []
    editors: list[str] = []
    for value in values:
        text = value.strip()
        if not text or "://" in text or text.startswith("www."):
            continue
        more_writers, more_editors = parse_byline(text, keys)
        writers.extend(more_writers)
        editors.extend(more_editors)
    out.add(dedupe(writers), dedupe(editors), signal)


def _from_nodes(nodes: list[LexborNode], keys: frozenset[str], out: People, signal: str) -> None:
    """Names from byline elements; once a writer is known, only editor credits are read."""
    for node in nodes:
        text = _node_value(node)
        if not text or len(text) > MAX_BYLINE_CHARS:
            continue
        if out.authors and not _EDITOR_WORD.search(text):
            continue
        if _off_byline(node):
            continue
        writers, editors = parse_byline(text, keys)
        out.add(writers, editors, signal)


def _from_headline(headlines: list[LexborNode], keys: frozenset[str], out: People) -> None:
    """Editors credited in a short line just after the headline: 'Penulis: X | Editor: Y'.

    Such a header byline often links the writer and prints the editor as plain text with
    no class of its own, so neither the byline elements nor the raw search (which wants
    the label to open a text node) read the editor. Only labelled editors are taken: the
    writer is already known or comes from the other sources.
    """
    for headline in headlines:
        node: LexborNode | None = headline
        for level in range(2):  # the headline's siblings, then its box's (a <header>)
            if node is None or (level and node.tag in ("article", "main", "body", "html")):
                break
            line = _labelled_line(node)
            if line is not None:
                out.add([], parse_byline(node_text(line), keys)[1], "byline:headline")
                return
            node = node.parent


def _labelled_line(start: LexborNode) -> LexborNode | None:
    """The smallest element among the next siblings of ``start`` that credits an editor."""
    sibling, seen = start.next, 0
    while sibling is not None and seen < HEADLINE_SIBLINGS:
        if sibling.tag not in ("-text", "-comment"):
            seen += 1
            # Raw text first (C speed): siblings are often the whole article body.
            raw = sibling.text(deep=True, separator=" ")
            if _long_text(raw):
                return None  # the article text has begun: a credit below it is a footer
            if _EDITOR_LABEL.search(raw) and len(clean(raw)) <= MAX_BYLINE_CHARS:
                return None if _off_byline(sibling) else _innermost(sibling)
        sibling = sibling.next
    return None


def _long_text(raw: str) -> bool:
    """Whether ``raw`` (white space not collapsed) is longer than a headline's deck."""
    if len(raw) <= MAX_TEXT_BLOCK_CHARS:
        return False
    return len(raw) > 4 * MAX_TEXT_BLOCK_CHARS or len(clean(raw)) > MAX_TEXT_BLOCK_CHARS


def _innermost(node: LexborNode) -> LexborNode:
    """The deepest element that still holds the whole editor credit."""
    for child in node.iter(include_text=False):
        if _EDITOR_LABEL.search(child.text(deep=True, separator=" ")):
            return _innermost(child)
    return node


def _node_value(node: LexborNode) -> str:
    """The name an element shows: a nested itemprop=name, a meta content, or its text."""
    if node.tag == "meta":
        return clean(node.attrs.get("content"))
    inner = node.css_first("[itemprop~=name]")
    if inner is not None:
        if inner.tag == "meta":
            return clean(inner.attrs.get("content"))
        return node_text(inner)
    return node_text(node)


def _off_byline(node: LexborNode) -> bool:
    """Whether the element is a commenter's name or a photo credit, not the byline.

    Comment threads can sit many levels up (8 covers the benchmark pages); a photo credit
    with an 'author' class sits right inside its picture box (kompas.com's old layout).
    """
    if _PHOTO.search(hint(node)):
        return True
    parent = node.parent
    for level in range(8):
        if parent is None or parent.tag == "body":
            return False
        label = hint(parent)
        if "comment" in label:
            return True
        if level < 3 and (
            parent.tag in ("figure", "figcaption", "picture") or _PHOTO.search(label)
        ):
            return True
        parent = parent.parent
    return False


def _credit_source(page: Page, found: Scan) -> tuple[str, int]:
    """The markup to search for labelled credits: the article element's, else the page's.

    Serialising the article (C speed) and searching it is cheaper than searching a page
    several times its size, and keeps the search off site-wide footers.
    """
    root = found.article_root()
    if root is not None:
        markup = root.html
        if markup:
            return str(markup), 0
    return page.html, max(page.html.find("<body"), 0)


def _from_raw(
    page_html: str, start: int, labels: tuple[str, ...], keys: frozenset[str], out: People
) -> None:
    """Names after a label that starts a text node: '<td>Penulis</td><td>: X</td>'."""
    for label in labels:
        pos = page_html.find(label, start)
        for _ in range(MAX_RAW_HITS):
            if pos < 0 or (out.authors and out.editors):
                break
            end = pos + len(label)
            if _after_tag(page_html, pos) and _LABEL_END.match(page_html, end):
                writers, editors = parse_byline(_raw_lines(page_html, pos), keys)
                out.add(writers, editors, "byline-text")
            pos = page_html.find(label, end)


def _after_tag(page_html: str, pos: int) -> bool:
    """Whether ``pos`` starts a text node: the last non-space character before it is '>'."""
    index = pos - 1
    while index >= 0 and page_html[index] in " \t\r\n":
        index -= 1
    return index >= 0 and page_html[index] == ">"


def _raw_lines(page_html: str, pos: int) -> str:
    """The text of the label's row, and of the next row when it starts with a label.

    Table cells and inline tags join a row; other tags end it. Two rows are enough for
    'Penulis: X' followed by 'Editor: Y'.
    """
    window = page_html[pos : pos + _RAW_WINDOW].replace("\n", " ").replace("\r", " ")
    joined = _ANY_TAG.sub("\n", _INLINE_TAG.sub(" ", window))
    rows = [row for row in (clean(r) for r in joined.split("\n")) if row]
    if len(rows) > 1 and starts_with_label(rows[1]):
        return f"{rows[0]} {rows[1]}"
    return rows[0] if rows else ""
