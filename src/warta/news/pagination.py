"""Where the other pages of a multi-page article are.

Indonesian outlets split long stories over several pages: Tribun links ``?page=2`` and a
'Halaman selanjutnya' button, pikiran-rakyat prints 'Halaman: 1 2 3 Selanjutnya', others
say '2 dari 9 halaman', and Kompas offers the whole story at ``?page=all``. What they share
is that every page's address is the article's address plus a page marker: a query
parameter (``page``, ``halaman``, ``hal``, ``p``) or a trailing ``/2`` path segment. So a
link counts as a page of this article only when it differs from the current address by
that marker alone; a ``?page=2`` link to a section index or another story never does.

The page is only read, with a few CSS queries (attribute and text selectors run inside
lexbor), so this costs a fraction of a millisecond and must run before body extraction
changes the tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from selectolax.lexbor import LexborNode

from warta.extract.document import Page
from warta.extract.urls import canonical_url, normalise_url, outlet

__all__ = [
    "PageRef",
    "Pagination",
    "article_page",
    "find_pagination",
    "is_page_link",
    "is_pagination_text",
    "normalised_page_ref",
    "page_ref",
]

# No news page we know of splits a story into more than a few dozen pages; a higher number
# in a page marker is an id, not a page, and the cap bounds what a hostile page can list.
MAX_PAGE = 50
_PAGE_KEYS = frozenset({"page", "halaman", "hal", "p"})
_ALL_VALUES = frozenset({"all", "semua"})
# Parameters that switch a site to its one-page view: detik's 'tampilkan semua' link
# carries ``single=1``.
_ALL_SWITCHES = frozenset({("single", "1")})

# Every link that may lead to another page has a query string or a rel=next/prev; the
# path form is added per page (see _path_selector). One :is() selector walks the tree
# once, where a selector list would walk it once per member (measured with lexbor).
_LINK_TESTS = ('[href*="="]', "[rel~=next i]", "[rel~=prev i]")
_HINTS = ("page=", "hal=", "halaman=", "?p=", "&p=", "single=1")
_NEXT_WORDS = re.compile(r"\b(?:selanjutnya|berikutnya|next)\b|[»›]", re.IGNORECASE)
# A button that names the next page outright may point anywhere on the same site.
_NEXT_PAGE_TEXT = re.compile(
    r"^\s*(?:halaman|hal\.?)\s+(?:selanjutnya|berikutnya)\W*$|^\s*next\s+page\W*$",
    re.IGNORECASE,
)
# Tribun prints 'Halaman 1/3' beside its page links.
_OF_PAGES = re.compile(
    r"\b(\d{1,2})\s*(?:dari|/|of)\s*(\d{1,2})\s*halaman\b"
    r"|\bhalaman\s+(\d{1,2})(?:\s+(?:dari|of)\s+|\s*/\s*)(\d{1,2})\b",
    re.IGNORECASE,
)
# A paragraph that is only page navigation: 'Halaman selanjutnya', 'Halaman: 1 2 3
# Selanjutnya', '1 2 3 Next »', '2 dari 9 halaman'.
_NAV_WORD = r"(?:selanjutnya|berikutnya|sebelumnya|next|prev(?:ious)?)"
_NAV_LINE = re.compile(
    rf"^\W*(?:halaman|hal\.|page)\b\W*(?:\d{{1,2}}\W+)*(?:\d{{1,2}}|{_NAV_WORD})?\W*$"
    rf"|^\W*(?:\d{{1,2}}\W+)*{_NAV_WORD}\W*$"
    r"|^\W*\d{1,2}\s*(?:dari|of)\s*\d{1,2}\s*halaman\W*$",
    re.IGNORECASE,
)
_SLUG = re.compile(r"[-_.]|[a-z]{12}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageRef:
    """An address split into the article it shows and which page of it.

    ``number`` is None for an all-pages view. ``stem`` leaves out the scheme, so the http
    and https copies of one page compare equal.
    """

    stem: str
    number: int | None


@dataclass(frozen=True, slots=True)
class Pagination:
    """The other pages of the article on a page; every field empty when there are none.

    ``page_urls`` lists the numbered pages in order, page 1 included when the page links
    it, but never the current page (``current`` says which one that is).
    """

    all_pages_url: str | None = None
    next_url: str | None = None
    page_urls: tuple[str, ...] = ()
    current: int | None = None
    total: int | None = None


def page_ref(url: str | None) -> PageRef | None:
    """Which article and page ``url`` shows; None for a non-http or home-page address.

    A home page is excluded because ``/?p=5`` there is a post id, not a page.
    """
    full = normalise_url(url)
    return None if full is None else normalised_page_ref(full)


def article_page(url: str | None, canonical: str | None) -> tuple[str, int] | None:
    """(story, page number) of an article with these addresses: the fetched one's page
    marker counts, else the canonical one's. None when neither is an http(s) address or
    it has no page place, as an all-pages view (``?page=all``). Each address is
    normalised once: every article a store writes comes through here."""
    full = normalise_url(url) or normalise_url(canonical)
    ref = normalised_page_ref(full) if full is not None else None
    return (ref.stem, ref.number) if ref is not None and ref.number is not None else None


def normalised_page_ref(full: str) -> PageRef | None:
    """:func:`page_ref` of an address that is already normalised
    (:func:`~warta.extract.urls.normalise_url`)."""
    parts = urlsplit(full)
    rest: list[tuple[str, str]] = []
    number: int | None = 1
    found = False
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        marker = _page_marker(key, value)
        if marker is False or found:
            rest.append((key, value))
        else:
            number, found = marker, True
    path = parts.path.rstrip("/")
    if not found:
        path, number = _path_page(path)
    if len(path) < 2:
        return None
    query = "&".join(f"{k}={v}" for k, v in sorted(rest))
    return PageRef(f"{parts.netloc}{path}?{query}", number)


def _page_marker(key: str, value: str) -> int | bool | None:
    """The page a query pair selects (None for all pages), or False when it is no marker."""
    lowered, val = key.lower(), value.strip().lower()
    if (lowered, val) in _ALL_SWITCHES:
        return None
    if lowered not in _PAGE_KEYS:
        return False
    if val in _ALL_VALUES:
        return None
    if val.isdigit() and 1 <= int(val) <= MAX_PAGE:
        return int(val)
    return False


def _path_page(path: str) -> tuple[str, int]:
    """Split a trailing ``/N`` page segment off ``path`` when a slug stands before it.

    The slug test keeps short numeric ids (``/berita/read/7``) from being read as page 7.
    """
    head, _, last = path.rpartition("/")
    if last.isdigit() and 1 <= int(last) <= MAX_PAGE:
        parent = head.rpartition("/")[2]
        if _SLUG.search(parent) and not parent.isdigit():
            return head, int(last)
    return path, 1


def find_pagination(page: Page, url: str | None) -> Pagination:
    """The pagination of ``page`` (fetched from ``url``), read before the tree changes.

    A page that already shows every page (``?page=all``) has nothing more to offer, and
    neither has a page whose address is unknown.
    """
    base = normalise_url(url or page.url)
    if base is None:
        found = canonical_url(page)
        base = found.value if found else None
    here = normalised_page_ref(base) if base else None
    if base is None or here is None or here.number is None:
        return Pagination()
    links = _Links(base, here)
    stem = _path_stem(base)
    tests = (*_LINK_TESTS, f'[href*="{stem}"]') if stem else _LINK_TESTS
    nodes = page.tree.css(f"a:is({', '.join(tests)})")
    head = page.tree.head
    if head is not None:
        nodes.extend(head.css("link[rel~=next i][href], link[rel~=prev i][href]"))
    for node in nodes:
        attrs = node.attributes
        href, rel = attrs.get("href"), (attrs.get("rel") or "").lower().split()
        if href and ("next" in rel or "prev" in rel or _hinted(href, stem)):
            text = node.text(deep=True, strip=True) if node.tag == "a" else ""
            if links.add(href, rel, text) and links.of is None:
                links.of = _pages_of(node)
    return links.result()


def _hinted(href: str, stem: str | None) -> bool:
    """A cheap test that ``href`` may carry a page marker, before it is parsed."""
    lowered = href.lower()
    return any(hint in lowered for hint in _HINTS) or bool(stem and stem in href)


def _path_stem(base: str) -> str | None:
    """The article's path without a page segment, when it ends in a slug that ``/N`` pages
    may extend; None otherwise (and for paths a CSS string cannot quote plainly)."""
    stem, _ = _path_page(urlsplit(base).path.rstrip("/"))
    last = stem.rpartition("/")[2]
    if not _SLUG.search(last) or last.isdigit() or '"' in stem or "\\" in stem:
        return None
    return stem


def _pages_of(link: LexborNode) -> tuple[int, int] | None:
    """'2 dari 9 halaman' or 'Halaman 2 dari 9' near a page link, as (current, total).

    Sites print it beside their page links, so only the link's parent and grandparent
    are read, which keeps the page's other text out of the question.
    """
    node = link.parent
    for _ in range(2):
        if node is None:
            return None
        text = node.text(deep=True, strip=False)
        if len(text) <= 300:
            match = _OF_PAGES.search(text)
            if match:
                cur, total = (int(g) for g in match.groups() if g is not None)
                if 1 <= cur <= total <= MAX_PAGE:
                    return cur, total
        node = node.parent
    return None


class _Links:
    """Collects what the candidate links say about the pages of one article."""

    def __init__(self, base: str, here: PageRef) -> None:
        self.base = base
        self.here = here
        self.numbered: dict[int, str] = {}
        self.all_url: str | None = None
        self.next_url: str | None = None
        self.prev = False
        self.of: tuple[int, int] | None = None

    def add(self, href: str, rel: list[str], text: str) -> bool:
        """Take in one link; True when it leads to another page of this article."""
        target = normalise_url(href, self.base)
        if target is None or target == self.base:
            return False
        ref = normalised_page_ref(target)
        same = ref is not None and ref.stem == self.here.stem
        if ref is not None and same:
            if ref.number == self.here.number:
                return False
            self._add_page(target, ref.number)
        if "prev" in rel and same:
            self.prev = True
        if self.next_url is None and self._is_next(target, same, rel, text):
            self.next_url = target
        return same

    def _add_page(self, target: str, number: int | None) -> None:
        if number is None:
            self.all_url = self.all_url or target
        elif number != self.here.number:
            self.numbered.setdefault(number, target)

    def _is_next(self, target: str, same: bool, rel: list[str], text: str) -> bool:
        if "next" in rel:
            return same or outlet(target) == outlet(self.base)
        if same and _NEXT_WORDS.search(text):
            return True
        return bool(_NEXT_PAGE_TEXT.match(text)) and outlet(target) == outlet(self.base)

    def result(self) -> Pagination:
        of = self.of
        here = self.here.number or 1
        if of and here == 1 and not self.prev:
            here = of[0]
        if self.next_url is None:
            self.next_url = self.numbered.get(here + 1)
        pages = tuple(url for _, url in sorted(self.numbered.items()))[:MAX_PAGE]
        if not (pages or self.next_url or self.all_url or self.prev or of):
            return Pagination()
        total = of[1] if of else max([here, *self.numbered]) if self.numbered else None
        if total is not None and self.next_url and total <= here:
            total = None
        return Pagination(self.all_url, self.next_url, pages, here, total)


def is_pagination_text(text: str) -> bool:
    """True for a paragraph that is only page navigation ('Halaman selanjutnya')."""
    stripped = text.strip()
    return bool(stripped) and len(stripped) <= 120 and bool(_NAV_LINE.match(stripped))


def is_page_link(text: str, url: str, rel: str | None, here: PageRef | None) -> bool:
    """True for a link that moves between the pages of an article, not to another story.

    That is a link marked ``rel=next``/``prev``, one that says only 'Halaman selanjutnya',
    'Sebelumnya', 'Next page', or one whose address ``url`` (normalised) is the article's
    (``here``, from :func:`page_ref`) but for its page marker: '2', '»', 'Lihat semua'.
    Callers filing related articles leave these out.
    """
    if rel and not {"next", "prev"}.isdisjoint(rel.lower().split()):
        return True
    label = text.strip()
    if is_pagination_text(label) or _NEXT_PAGE_TEXT.match(label):
        return True
    ref = normalised_page_ref(url) if here is not None else None
    return ref is not None and here is not None and ref.stem == here.stem
