"""Text analysis for search: Indonesian stemming and stop words (see :mod:`.analyzer`)."""

from warta.search.analyzer import Analyzer, shared_analyzer

__all__ = ["Analyzer", "shared_analyzer"]
