"""The extraction cascade for one page: decode, guard, parse, metadata, dates, the site
profile, body, and the text patterns of Indonesian news."""

from __future__ import annotations

import logging

from warta.errors import WartaError
from warta.extract.body import read_body
from warta.extract.dates import read_dates
from warta.extract.document import Page
from warta.extract.encoding import decode
from warta.extract.guards import check_bytes, check_text, valid_text
from warta.extract.metadata import read_metadata
from warta.extract.options import ExtractOptions
from warta.news.layer import apply_text_layer
from warta.news.stage import read_profile
from warta.record import Article

__all__ = ["extract"]

log = logging.getLogger(__name__)
_DEFAULT = ExtractOptions()


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """:func:`warta.extract.extract`, which imports this module on its first call (its
    documentation is there); workers call this directly."""
    opts = options or _DEFAULT
    try:
        return _extract(html, url, content_type, source, opts)
    except WartaError as exc:
        exc.source = exc.source or source
        exc.url = exc.url or url
        log.info("rejected %s: %s", source or url or "<input>", exc)
        return Article(source=source, url=url, error=str(exc))


def _extract(
    html: bytes | str,
    url: str | None,
    content_type: str | None,
    source: str | None,
    opts: ExtractOptions,
) -> Article:
    article = Article(source=source, url=url)
    utf8 = None
    if isinstance(html, bytes):
        check_bytes(html, opts)
        decoded = decode(html, content_type)
        text, utf8 = decoded.text, decoded.utf8
        article.provenance["encoding"] = f"{decoded.signal}:{decoded.encoding}"
    else:
        text = valid_text(html)
    check_text(text, opts)
    page = Page.parse(text, url, utf8=utf8)
    read_metadata(page, article)
    read_dates(page, article)
    if not opts.news:
        read_body(page, article, opts)
        return article
    container, inserts = read_profile(page, article, opts.profiles)
    read_body(page, article, opts, container=container, inserts=inserts)
    apply_text_layer(article)
    return article
