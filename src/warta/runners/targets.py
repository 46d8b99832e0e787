"""What a worker process runs for one document: the page pipeline, or plain-text mode for
documents marked ``text/plain``. Module level, so a spawned worker can import it."""

from __future__ import annotations

from warta.extract.options import ExtractOptions
from warta.extract.pipeline import extract
from warta.news.plaintext import extract_text_document
from warta.record import Article
from warta.sources.base import TEXT_PLAIN

__all__ = ["extract_input"]


def extract_input(
    data: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """Plain-text extraction for :data:`~warta.sources.base.TEXT_PLAIN`, else the page
    pipeline; the same arguments as :func:`warta.extract.pipeline.extract`."""
    if content_type is not None and content_type.split(";", 1)[0].strip() == TEXT_PLAIN:
        return extract_text_document(
            data, url, content_type=content_type, source=source, options=options
        )
    return extract(data, url, content_type=content_type, source=source, options=options)
