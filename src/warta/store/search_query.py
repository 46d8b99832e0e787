"""The reader's search syntax, parsed into a safe FTS5 expression over analysed text.

Syntax (what a reader types):

- plain words: all must match (``banjir jakarta``);
- ``"a quoted phrase"``: the words in that order;
- ``-word`` or ``-"a phrase"``: leave out articles that have it;
- ``OR`` between two words or phrases: either (``banjir OR longsor``); it binds tighter
  than the implied AND, so ``rob banjir OR longsor`` is rob AND (banjir OR longsor);
- ``AND`` is accepted and changes nothing.

Every word goes through the search :class:`~warta.search.analyzer.Analyzer` (stop words
out, Sastrawi stems), the same as the indexed text, and reaches FTS5 only inside double
quotes, so no input can inject FTS5 syntax. A word or phrase that stemming changes is
also searched as written (lower case), an alternative that only text the index keeps
unstemmed can match (English, :func:`warta.search.article_text.stems_text`): there
``bermuda`` stays ``bermuda``, while the query's stem is ``muda``.

A query that cannot be read (an unclosed quote, ``OR`` at an end, only exclusions,
nothing but stop words, over :data:`MAX_QUERY_CHARS` characters or :data:`MAX_TERMS`
words) raises :class:`~warta.store.sqlite.BadQuery` with a message a reader can act on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.search.analyzer import Analyzer
from warta.store.sqlite import BadQuery

__all__ = ["MAX_QUERY_CHARS", "MAX_TERMS", "ParsedQuery", "parse_query"]

MAX_QUERY_CHARS = 500
MAX_TERMS = 20

# One item: an optional minus, then a quoted phrase or a run of other non-space characters.
_ITEM = re.compile(r'(-?)(?:"([^"]*)"|([^\s"]+))')


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query ready for FTS5: ``match`` is the expression, ``terms`` the stems to mark
    in snippets (those of the wanted words and phrases, not of the excluded ones)."""

    text: str
    match: str
    terms: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Item:
    kind: str  # "term" or "op"
    text: str
    negated: bool = False
    phrase: bool = False


def _lex(text: str) -> list[_Item]:
    """The items of ``text``; an unclosed quote is a BadQuery."""
    items: list[_Item] = []
    pos = 0
    for match in _ITEM.finditer(text):
        if text[pos : match.start()].strip():
            raise BadQuery('a quotation mark is not closed: close the phrase with "')
        pos = match.end()
        minus, phrase, word = match.groups()
        if word is not None and not minus and word in ("OR", "AND"):
            items.append(_Item("op", word))
        elif word == "-" or (minus and phrase is None and word is None):
            raise BadQuery("a minus sign must be followed by the word to leave out")
        else:
            body = phrase if phrase is not None else word
            items.append(_Item("term", body, bool(minus), phrase is not None))
    if text[pos:].strip():
        raise BadQuery('a quotation mark is not closed: close the phrase with "')
    return items


def _groups(items: list[_Item]) -> list[list[_Item]]:
    """Items joined by OR, as groups; the groups are ANDed. Misplaced operators raise."""
    groups: list[list[_Item]] = []
    joining = False
    for n, item in enumerate(items):
        if item.kind == "op":
            if n == 0 or n == len(items) - 1 or items[n - 1].kind == "op":
                raise BadQuery(f"{item.text} must stand between two words or phrases")
            joining = item.text == "OR"
            continue
        if joining:
            if item.negated or groups[-1][-1].negated:
                raise BadQuery("OR cannot join a word left out with -")
            groups[-1].append(item)
        else:
            groups.append([item])
        joining = False
    return groups


def _fts(stems: list[str]) -> str:
    """One FTS5 string (a phrase when several stems); quotes inside are doubled."""
    return '"' + " ".join(stems).replace('"', '""') + '"'


def _either(text: str, stems: list[str], analyzer: Analyzer) -> str:
    """The FTS5 string of one word or phrase: its stems, or the words as written when
    stemming changed them (see the module docstring)."""
    plain = analyzer.terms(text, stem=False)
    if not plain or plain == stems:
        return _fts(stems)
    return f"({_fts(stems)} OR {_fts(plain)})"


def parse_query(text: str, analyzer: Analyzer) -> ParsedQuery:
    """Parse a reader's query (see the module docstring) into a :class:`ParsedQuery`."""
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"the query is longer than {MAX_QUERY_CHARS} characters")
    items = _lex(text)
    words = sum(len(i.text.split()) for i in items if i.kind == "term")
    if words > MAX_TERMS:
        raise BadQuery(f"the query has {words} words; at most {MAX_TERMS} are allowed")
    wanted: list[str] = []
    unwanted: list[str] = []
    terms: set[str] = set()
    for group in _groups(items):
        alternatives = [(item, analyzer.terms(item.text)) for item in group]
        alternatives = [(item, stems) for item, stems in alternatives if stems]
        if not alternatives:
            continue  # stop words only: they are not in the index either
        if alternatives[0][0].negated:
            unwanted.append(_either(alternatives[0][0].text, alternatives[0][1], analyzer))
            continue
        for _, stems in alternatives:
            terms.update(stems)
        ored = [_either(item.text, stems, analyzer) for item, stems in alternatives]
        wanted.append(ored[0] if len(ored) == 1 else "(" + " OR ".join(ored) + ")")
    if not wanted:
        if unwanted:
            raise BadQuery("the query only leaves words out: add a word to search for")
        raise BadQuery("the query has no words to search for (common words are ignored)")
    match = " AND ".join(wanted)
    if unwanted:
        match = f"({match}) NOT ({' OR '.join(unwanted)})"
    return ParsedQuery(text=text, match=match, terms=frozenset(terms))
