"""Main text. (Stub: being written.)"""

from __future__ import annotations

from warta.extract.document import Page
from warta.extract.options import ExtractOptions
from warta.record import Article

__all__ = ["read_body"]


def read_body(page: Page, article: Article, options: ExtractOptions) -> None:
    """Fill ``paragraphs`` and ``removed`` from the page's main content."""
