"""One article from the pages it was split over.

Pages of one story repeat things: the lead, the dateline paragraph, a 'Baca juga' insert
and the 'Halaman selanjutnya' line come back on every page. Merging therefore keeps each
paragraph the first time it appears (compared with case and spacing folded) and moves the
repeats and the page-navigation lines to ``removed``, so nothing the pages showed is lost.

Pages arrive three ways: given together (:func:`merge_parts`), found in the same input, a
directory or a WARC holding page 1, 2 and 3 (:func:`merge_related_inputs`), or through a
fetch callback the caller passes (:func:`extract_multipage`). Network access is always the
caller's: this module never opens a connection.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

# The module, not the function: the pipeline imports the news layer, so at import time
# it may not be fully loaded yet; its ``extract`` is looked up when a page is merged.
from warta.extract import pipeline
from warta.extract.document import Page
from warta.extract.encoding import decode
from warta.extract.options import ExtractOptions
from warta.extract.urls import normalise_url
from warta.news.pagination import (
    Pagination,
    article_page,
    find_pagination,
    is_pagination_text,
    page_ref,
)
from warta.record import Article, Paragraph, Removed

__all__ = ["Fetch", "extract_multipage", "merge_parts", "merge_related_inputs"]

log = logging.getLogger(__name__)
T = TypeVar("T")
Fetch = Callable[[str], bytes | str | None]

# Single-valued fields: the first page's value wins and later pages fill gaps (the
# republication footer, for one, sits on the last page only).
_SCALARS = (
    "source",
    "url",
    "canonical_url",
    "outlet",
    "section",
    "title",
    "lead",
    "published",
    "updated",
    "language",
    "dateline",
    "republished_from",
    "summary",
    "topic",
)


def _fold(text: str) -> str:
    """A paragraph's identity for repeat detection: case and spacing do not count."""
    return " ".join(text.split()).casefold()


def _unique(items: Iterable[T], key: Callable[[T], Hashable]) -> list[T]:
    seen: set[Hashable] = set()
    out: list[T] = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def merge_parts(parts: Sequence[Article]) -> Article:
    """One article from its pages, in the order given.

    Metadata comes from the first page, with gaps filled from later ones; the body is the
    pages' paragraphs in order without repeats; list fields are joined without
    duplicates. A page that failed (``error`` set) is skipped and named in
    ``provenance['pages_skipped']``; only when every page failed does the result carry
    the first page's error.
    """
    if not parts:
        raise ValueError("merge_parts needs at least one page")
    good = [part for part in parts if part.error is None]
    skipped = "; ".join(
        f"page {i}: {part.error}" for i, part in enumerate(parts, 1) if part.error is not None
    )
    out = copy.deepcopy(good[0] if good else parts[0])
    if skipped:
        out.provenance["pages_skipped"] = skipped
    if not good:
        return out
    for i, part in enumerate(good[1:], 2):
        _fill_gaps(out, part, i)
    repeats = _merge_body(out, good)
    _merge_lists(out, good, repeats)
    body = good[0].provenance.get("body")
    out.provenance["pages"] = str(len(good))
    out.provenance["body"] = f"merged:{len(good)} pages" + (f" ({body})" if body else "")
    return out


def _fill_gaps(out: Article, part: Article, number: int) -> None:
    """Copy into ``out`` what it lacks and page ``number`` has, with the signal."""
    for name in _SCALARS:
        value = getattr(part, name)
        if getattr(out, name) is None and value is not None:
            setattr(out, name, copy.deepcopy(value))
            if name in part.provenance:
                out.provenance[name] = f"{part.provenance[name]} (page {number})"
    for name in ("authors", "editors"):
        if not getattr(out, name) and getattr(part, name):
            setattr(out, name, list(getattr(part, name)))


def _merge_body(out: Article, parts: Sequence[Article]) -> list[Removed]:
    """Set ``out``'s paragraphs to the pages' in order; returns what was left out."""
    seen: set[str] = set()
    paragraphs: list[Paragraph] = []
    left_out: list[Removed] = []
    for part in parts:
        for para in part.paragraphs:
            key = _fold(para.text)
            if is_pagination_text(para.text):
                left_out.append(Removed("pagination", para.text))
            elif key in seen:
                left_out.append(Removed("page-repeat", para.text))
            else:
                seen.add(key)
                paragraphs.append(Paragraph(para.kind, para.text))
    out.paragraphs = paragraphs
    return left_out


def _merge_lists(out: Article, parts: Sequence[Article], extra: list[Removed]) -> None:
    """Join the list fields of every page, dropping repeats (the same insert per page)."""
    out.images = _unique(
        (copy.copy(i) for p in parts for i in p.images), lambda i: normalise_url(i.url) or i.url
    )
    out.related = _unique(
        (copy.copy(r) for p in parts for r in p.related),
        lambda r: normalise_url(r.url) or _fold(r.title or ""),
    )
    out.tags = _unique((t for p in parts for t in p.tags), _fold)
    out.attributions = _unique(
        (copy.copy(a) for p in parts for a in p.attributions),
        lambda a: (_fold(a.source), _fold(a.cue)),
    )
    removed = [copy.copy(r) for p in parts for r in p.removed]
    out.removed = _unique([*removed, *extra], lambda r: (r.kind, _fold(r.text)))


def extract_multipage(
    html: bytes | str,
    url: str | None,
    *,
    fetch: Fetch,
    max_pages: int = 20,
    options: ExtractOptions | None = None,
) -> Article:
    """Extract the article on ``html`` together with its other pages, got via ``fetch``.

    The all-pages view is preferred when the page links one (one fetch instead of many);
    otherwise the numbered and next-page links are followed in page order, at most
    ``max_pages`` pages in all, never an address twice. When ``fetch`` returns None or
    raises, the walk stops there and ``provenance['pages_stopped']`` says why; what was
    fetched so far is still merged. A page without pagination comes back as
    :func:`warta.extract.pipeline.extract` gives it.
    """
    first = pipeline.extract(html, url, options=options)
    if first.error is not None or max_pages <= 1:
        return first
    pagination = _pagination_of(html, url)
    if pagination.all_pages_url:
        whole = _whole(first, pagination.all_pages_url, fetch, options)
        if whole is not None:
            return whole
    if not (pagination.page_urls or pagination.next_url):
        return first
    return _Walk(first, url, fetch, max_pages, options).run(pagination)


def _pagination_of(html: bytes | str, url: str | None) -> Pagination:
    text = decode(html).text if isinstance(html, bytes) else html
    return find_pagination(Page.parse(text, url), url)


def _fetch(fetch: Fetch, url: str) -> tuple[bytes | str | None, str]:
    """What ``fetch`` gives for ``url``, or None and why not; its failures are not ours."""
    try:
        data = fetch(url)
    except Exception as exc:  # the caller's fetch may fail in any way; stop, don't crash
        log.info("fetch failed for %s: %s", url, exc)
        return None, f"fetch failed for {url}: {type(exc).__name__}: {exc}"
    if data is None:
        return None, f"fetch returned nothing for {url}"
    return data, ""


def _whole(
    first: Article, all_url: str, fetch: Fetch, options: ExtractOptions | None
) -> Article | None:
    """The article from its all-pages view, or None (noted on ``first``) when that fails."""
    data, why = _fetch(fetch, all_url)
    whole = pipeline.extract(data, all_url, options=options) if data is not None else None
    if whole is None or whole.error is not None or not whole.paragraphs:
        reason = why or f"no article at {all_url}"
        first.provenance["pages_all"] = f"skipped: {reason}"
        return None
    merged = merge_parts([whole])
    _fill_gaps(merged, first, 1)
    merged.url = first.url or merged.url
    merged.provenance["pages"] = "all"
    merged.provenance["pages_all"] = all_url
    return merged


class _Walk:
    """Follows page links from the first page, in page order, within the limits."""

    def __init__(
        self,
        first: Article,
        url: str | None,
        fetch: Fetch,
        max_pages: int,
        options: ExtractOptions | None,
    ) -> None:
        self.fetch, self.max_pages, self.options = fetch, max_pages, options
        self.first = first
        base = normalise_url(url) or normalise_url(first.canonical_url)
        self.seen: set[str] = {base} if base else set()
        self.pending: dict[str, int] = {}
        self.parts: list[tuple[int, Article]] = []
        self.keys: set[str] = {_fold(p.text) for p in first.paragraphs}
        self.fetched: list[str] = []

    def run(self, pagination: Pagination) -> Article:
        start = pagination.current or 1
        self.parts.append((start, self.first))
        self._enqueue(pagination, start)
        stopped = self._loop()
        ordered = [part for _, part in sorted(self.parts, key=lambda item: item[0])]
        merged = merge_parts(ordered)
        merged.provenance["pages_fetched"] = " ".join(self.fetched)
        if stopped:
            merged.provenance["pages_stopped"] = stopped
        return merged

    def _loop(self) -> str:
        """Fetch pages until none is left; returns why it stopped early, or ''."""
        done = {number for number, _ in self.parts}
        while self.pending:
            if len(self.parts) >= self.max_pages:
                return f"max_pages={self.max_pages} reached"
            target = min(self.pending, key=self.pending.__getitem__)
            number = self.pending.pop(target)
            self.seen.add(target)
            if number in done:
                continue
            data, why = _fetch(self.fetch, target)
            if data is None:
                return why
            part = pipeline.extract(data, target, options=self.options)
            self.fetched.append(target)
            if part.error is None and part.paragraphs and not self._adds_text(part):
                return f"{target} repeats earlier pages"
            done.add(number)
            self.parts.append((number, part))
            self._enqueue(_pagination_of(data, target), number)
        return ""

    def _adds_text(self, part: Article) -> bool:
        """Whether ``part`` has a paragraph no earlier page had (a server that answers
        every page number with the same page would otherwise be walked to the limit)."""
        new = {_fold(p.text) for p in part.paragraphs} - self.keys
        self.keys |= new
        return bool(new)

    def _enqueue(self, pagination: Pagination, number: int) -> None:
        """Queue the page links of page ``number`` that were not seen yet."""
        links = list(pagination.page_urls)
        if pagination.next_url:
            links.append(pagination.next_url)
        for link in links:
            if link in self.seen or link in self.pending:
                continue
            ref = page_ref(link)
            guess = number + 1 if link == pagination.next_url else None
            page = ref.number if ref is not None and ref.number is not None else guess
            if page is not None:
                self.pending[link] = page


def merge_related_inputs(articles: Iterable[Article]) -> list[Article]:
    """Merge the pages of one story that arrived as separate inputs; keep the rest.

    Articles whose ``url`` (else ``canonical_url``) differ only by the page parameter or a
    trailing page segment are one story: they are merged in page order and the result
    takes the place of the first of them to appear. The input is buffered whole, since
    page 3 may come before page 1; the CLI offers this behind an option (such as
    ``--merge-pages``) for directory and WARC input rather than by default.
    """
    items = list(articles)
    stems: list[str | None] = [_stem(article) for article in items]
    groups: dict[str, list[int]] = {}
    for index, stem in enumerate(stems):
        if stem is not None:
            groups.setdefault(stem, []).append(index)
    out: list[Article] = []
    used: set[int] = set()
    for index, article in enumerate(items):
        if index in used:
            continue
        members = groups.get(stems[index] or "", [index])
        numbers = {_number(items[i]) for i in members}
        if len(members) < 2 or len(numbers) < 2:
            out.append(article)
            continue
        used.update(members)
        ordered = sorted(members, key=lambda i: (_number(items[i]), i))
        merged = merge_parts([items[i] for i in ordered])
        merged.provenance["pages_from"] = "input"
        out.append(merged)
    return out


def _stem(article: Article) -> str | None:
    """The story an article is a page of; None for failed or all-pages records."""
    if article.error is not None:
        return None
    page = article_page(article.url, article.canonical_url)
    return page[0] if page is not None else None


def _number(article: Article) -> int:
    page = article_page(article.url, article.canonical_url)
    return page[1] if page is not None else 1
