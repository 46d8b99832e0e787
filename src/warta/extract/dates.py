"""Published and updated date-times. (Stub: being written.)"""

from __future__ import annotations

from warta.extract.document import Page
from warta.record import Article

__all__ = ["read_dates"]


def read_dates(page: Page, article: Article) -> None:
    """Fill ``published`` and ``updated`` and their ``provenance`` from ``page``."""
