"""Main-text and metadata extraction for any news page."""

from warta.extract.options import ExtractOptions
from warta.extract.pipeline import extract

__all__ = ["ExtractOptions", "extract"]
