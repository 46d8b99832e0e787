"""What the stemmed search index stores of an article: its analysed title, lead and body.

The store (:mod:`warta.store.search_index`) writes these into ``articles_stem``; a query
goes through the same :class:`~warta.search.analyzer.Analyzer` with stemming on. Whether an
article's text is stemmed is decided here, once per article, from its declared language
and its words (:func:`stems_text`).
"""

from __future__ import annotations

from typing import Any

from warta.enrich.language import reads_as_indonesian_or_malay
from warta.search.analyzer import Analyzer, shared_analyzer

__all__ = ["STEMMED_LANGUAGES", "analysed_text", "stems_text", "text_or_none"]

# Declared languages whose text is always stemmed: Indonesian and the closely related Malay.
STEMMED_LANGUAGES = frozenset({"id", "ms"})


def analysed_text(record: dict[str, Any], analyzer: Analyzer | None = None) -> tuple[str, str, str]:
    """The title, lead and body of ``record`` as ``articles_stem`` stores them: stemmed
    when the text is Indonesian or Malay (:func:`stems_text`), else only lower-cased."""
    analyzer = analyzer or shared_analyzer()
    title, lead, body = (text_or_none(record.get(key)) for key in ("title", "lead", "body"))
    words = body.split() if body else []
    language = text_or_none(record.get("language"))
    stem = stems_text(language, words or f"{title or ''} {lead or ''}".split())
    return (
        analyzer.analyse(title, stem=stem),
        analyzer.analyse(lead, stem=stem),
        analyzer.analyse_tokens(words, stem=stem),
    )


def stems_text(language: str | None, words: list[str]) -> bool:
    """Whether the index stems an article's text, given its declared ``language`` and the
    whitespace-separated ``words`` of its body.

    Text declared Indonesian or Malay is stemmed. Other text is stemmed when its words
    read as Indonesian or Malay (their share of function words,
    :func:`warta.enrich.language.reads_as_indonesian_or_malay`), as old kompas.com pages
    do that declare English; text with no declared language is stemmed unless its words
    read as another language, as those of many English pages do. A text too short to
    tell is stemmed only when it declares no language (Indonesian first).

    The declaration is trusted one way only. A query is always stemmed, so Indonesian
    text left unstemmed would miss every query for an affixed word, while English text
    stemmed by mistake is still found (its words and the query's meet the same rules).
    English left unstemmed spares Sastrawi most of its work on a mixed corpus; the price
    is the rare English word Sastrawi would change (``bermuda`` to ``muda``), which a
    query then cannot find in it: the trade pages declaring English have always made.
    """
    if language in STEMMED_LANGUAGES:
        return True
    reads_idms = reads_as_indonesian_or_malay(words)
    return language is None if reads_idms is None else reads_idms


def text_or_none(value: Any) -> str | None:
    """A record value as text: None unless it is a non-empty string (records read back
    from a store may hold anything)."""
    return value if isinstance(value, str) and value else None
