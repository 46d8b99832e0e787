"""Title, lead, authors, section, tags, images, canonical URL and outlet.
(Stub: being written.)"""

from __future__ import annotations

from warta.extract.document import Page
from warta.record import Article

__all__ = ["read_metadata"]


def read_metadata(page: Page, article: Article) -> None:
    """Fill the metadata fields of ``article`` and their ``provenance`` from ``page``."""
