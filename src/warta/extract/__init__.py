"""Main-text and metadata extraction for any news page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warta.extract.options import ExtractOptions

if TYPE_CHECKING:
    from warta.record import Article

__all__ = ["ExtractOptions", "extract"]


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """Extract one article from a page.

    ``html`` may be bytes (decoded with the BOM, ``content_type``'s charset, meta tags and
    sniffing) or text. A page that cannot be read as an article does not raise: the record
    comes back empty with ``error`` saying why.
    """
    # The pipeline (its parsers, site profiles and the public suffix list) is imported on
    # the first call, so `import warta` stays light for what never extracts: the ingest
    # supervisor, `warta --help`, a store reader (0.17 s of an ingest's start-up before
    # its workers).
    from warta.extract.pipeline import extract as run  # noqa: PLC0415

    return run(html, url, content_type=content_type, source=source, options=options)
