"""What a worker process runs for one document: the page pipeline, or plain-text mode for
documents marked ``text/plain``, then (for the store) the row ready to write. Module
level, so a spawned worker can import it."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from warta.errors import MissingDependency
from warta.extract import extract
from warta.extract.options import ExtractOptions
from warta.record import Article
from warta.sources.base import TEXT_PLAIN
from warta.store.schema import PreparedRow, ready_to_store

__all__ = [
    "enrich_for_store",
    "extract_and_enrich",
    "extract_for_store",
    "extract_input",
    "for_store",
]

log = logging.getLogger(__name__)


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
        # Imported here, as the page pipeline is (warta.extract.extract), so that whoever
        # only names a target (the ingest supervisor) does not load the pipeline.
        from warta.news.plaintext import extract_text_document  # noqa: PLC0415

        return extract_text_document(
            data, url, content_type=content_type, source=source, options=options
        )
    return extract(data, url, content_type=content_type, source=source, options=options)


def extract_and_enrich(
    data: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """:func:`extract_input`, then the enrichment models (loaded once per worker).

    Enrichment that fails keeps the extracted record: the failure is logged and noted in
    ``provenance["enrichment"]`` rather than turning a good article into an error.
    """
    from warta.enrich.stage import default_enricher  # noqa: PLC0415 - loads models

    article = extract_input(data, url, content_type=content_type, source=source, options=options)
    try:
        return default_enricher().enrich(article)
    except MissingDependency:
        raise
    except Exception as exc:  # the article itself is good; keep it
        log.warning("enrichment failed for %s: %s", source or url, exc, exc_info=True)
        article.provenance["enrichment"] = f"failed: {type(exc).__name__}: {exc}"
        return article


def for_store(
    target: Callable[..., Article],
    data: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: ExtractOptions | None = None,
) -> Article | PreparedRow:
    """``target``'s record, then the row the store writes (see
    :func:`~warta.store.schema.ready_to_store`), made here in the worker."""
    article = target(data, url, content_type=content_type, source=source, options=options)
    return ready_to_store(source or url or "", article)


# The ingest workers' targets; partials of module-level functions, so a worker can load them.
extract_for_store = functools.partial(for_store, extract_input)
enrich_for_store = functools.partial(for_store, extract_and_enrich)
