"""What the stemmed search index stores of an article: its analysed title, lead and body.

The store (:mod:`warta.store.search_index`) writes these into ``articles_stem``; a query
goes through the same :class:`~warta.search.analyzer.Analyzer` with stemming on. Whether an
article's text is stemmed is decided here, once per article, from its words first and its
declared language second (:func:`stems_text`).
"""

from __future__ import annotations

from typing import Any

from warta.enrich.language import reads_as_indonesian_or_malay
from warta.search.analyzer import Analyzer, shared_analyzer

__all__ = ["STEMMED_LANGUAGES", "analysed_text", "stems_text"]

# Declared languages whose text is stemmed when it is too short to tell by itself (see
# stems_text): Indonesian, the closely related Malay, and no language at all (Indonesian
# first).
STEMMED_LANGUAGES = frozenset({"id", "ms", None})


def analysed_text(record: dict[str, Any], analyzer: Analyzer | None = None) -> tuple[str, str, str]:
    """The title, lead and body of ``record`` as ``articles_stem`` stores them: stemmed
    when the text is Indonesian or Malay (:func:`stems_text`), else only lower-cased."""
    analyzer = analyzer or shared_analyzer()
    title, lead, body = (_text(record.get(key)) for key in ("title", "lead", "body"))
    words = body.split() if body else []
    stem = stems_text(_text(record.get("language")), words or f"{title or ''} {lead or ''}".split())
    return (
        analyzer.analyse(title, stem=stem),
        analyzer.analyse(lead, stem=stem),
        analyzer.analyse_tokens(words, stem=stem),
    )


def stems_text(language: str | None, words: list[str]) -> bool:
    """Whether the index stems an article's text, given its declared ``language`` and the
    whitespace-separated ``words`` of its body.

    The words decide when there are enough of them, by their share of Indonesian/Malay
    function words (:func:`warta.enrich.language.reads_as_indonesian_or_malay`): a page's
    declaration is often wrong or missing (old kompas.com pages declare English, many
    English pages declare nothing), and Indonesian affix rules applied to English words
    are both wrong and most of Sastrawi's work. A text too short to tell is stemmed when
    its declared language is one of ``STEMMED_LANGUAGES``.
    """
    reads_idms = reads_as_indonesian_or_malay(words)
    return language in STEMMED_LANGUAGES if reads_idms is None else reads_idms


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
