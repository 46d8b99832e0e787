"""Warta: raw news pages in, clean structured article records out.

The public API::

    import warta
    article = warta.extract(html_bytes, url="https://example.com/a")
    article.title, article.published, article.body
    article.to_dict()
"""

from warta.errors import WartaError
from warta.extract import ExtractOptions, extract
from warta.record import (
    Article,
    Attribution,
    Dateline,
    DateMention,
    Entity,
    Image,
    Paragraph,
    Quote,
    Related,
    Removed,
    Republication,
)

__all__ = [
    "Article",
    "Attribution",
    "DateMention",
    "Dateline",
    "Entity",
    "ExtractOptions",
    "Image",
    "Paragraph",
    "Quote",
    "Related",
    "Removed",
    "Republication",
    "WartaError",
    "extract",
]
__version__ = "0.1.0"
