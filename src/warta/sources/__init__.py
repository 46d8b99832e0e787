"""Inputs behind one interface: each source yields :class:`RawDocument` records."""

from warta.sources.base import TEXT_PLAIN, RawDocument, Source

__all__ = ["TEXT_PLAIN", "RawDocument", "Source"]
