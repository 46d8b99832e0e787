"""Indonesian sentence splitting, as character spans into the text.

A rule-based splitter, tuned for Indonesian news text:

- a line break is always a boundary (paragraphs and list items never share a sentence);
- a candidate boundary is a run of ``.``, ``!``, ``?`` or an ellipsis, with any closing
  quotes or brackets right after it, followed by white space (so decimals, thousands,
  times, dates and domains such as ``Rp2,06``, ``1.250.000``, ``14.30``, ``15/9/2022`` and
  ``kompas.com`` never are);
- it is no boundary when the next word starts in lower case: ``"Kami siap." katanya.``
  and ``"Siapa dia?" tanya Budi.`` are one sentence each, as is a lower-case word after an
  abbreviation;
- after a full stop, the word before it decides: a title or address abbreviation
  (``Prof.``, ``Jl.``, ``No.``, ``Kol.``) or a single capital initial (``Susilo B.
  Yudhoyono``) never ends a sentence; an abbreviation that may end one (``dll.``,
  ``Tbk.``, ``S.H.``) ends it only before a capitalised word that is not itself an
  abbreviation.

The closing quote after a full stop stays with its sentence (the span ends after it).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["Abbreviations", "load_abbreviations", "sentences", "split_sentences"]


@dataclass(frozen=True)
class Abbreviations:
    """The abbreviation lists of ``data/sentences.toml``."""

    titles: frozenset[str]  # never end a sentence: "Prof.", "Jl.", "Kol."
    endable: frozenset[str]  # may end one: "dll.", "Tbk.", "S.H."
    letter_labels: frozenset[str]  # "Grup B.": the letter is a label, not an initial
    domain_ends: frozenset[str]  # "x.co.id" is a domain, not an abbreviation


@cache
def load_abbreviations() -> Abbreviations:
    """The shipped abbreviation lists (read once)."""
    raw = resources.files("warta.enrich").joinpath("data", "sentences.toml").read_text("utf-8")
    data = tomllib.loads(raw)
    return Abbreviations(**{field: frozenset(data[field]) for field in _FIELDS})


_FIELDS = ("titles", "endable", "letter_labels", "domain_ends")
_LINE = re.compile(r"[^\n\r]+")
# A terminator run, then closing quotes/brackets, then white space or the end of the line.
_CANDIDATE = re.compile(r"[.!?…]+([\"'”’»)\]]*)(?=\s|$)")
_OPENERS = "\"'“‘«([{"
_MULTI_DOT = re.compile(r"^(?:[A-Za-z]{1,4}\.)+[A-Za-z]{1,4}$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``(start, end)`` offsets, without surrounding white
    space, in text order."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        _split_line(text, line.start(), line.end(), spans)
    return spans


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[start:end] for start, end in split_sentences(text)]


def _split_line(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the sentences of ``text[start:end]`` (one line) to ``spans``."""
    begin = start
    for match in _CANDIDATE.finditer(text, start, end):
        if _is_boundary(text, begin, match, end):
            _append(text, begin, match.end(), spans)
            begin = match.end()
    _append(text, begin, end, spans)


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append ``text[start:end]`` without its surrounding white space, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _is_boundary(text: str, begin: int, match: re.Match[str], end: int) -> bool:
    """Whether the terminator ``match`` ends the sentence that started at ``begin``."""
    following = _next_word(text, match.end(), end)
    if not following:
        return True
    first = following.lstrip(_OPENERS)[:1]
    if first.islower():
        return False
    closing = match.group(1)
    if closing or match.group(0) != ".":
        # A quote or bracket closed after the stop, or a "?", "!" or ellipsis: the end.
        return True
    word = _word_before(text, begin, match.start())
    return not _abbreviation(text, begin, match.start(), word, following)


def _next_word(text: str, position: int, end: int) -> str:
    """The white-space-delimited word that starts after ``position`` on this line."""
    while position < end and text[position].isspace():
        position += 1
    stop = position
    while stop < end and not text[stop].isspace():
        stop += 1
    return text[position:stop]


def _word_before(text: str, begin: int, position: int) -> str:
    """The word that ends at ``position`` (the full stop), without opening brackets."""
    start = position
    while start > begin and not text[start - 1].isspace():
        start -= 1
    return text[start:position].lstrip(_OPENERS)


def _abbreviation(text: str, begin: int, dot: int, word: str, following: str) -> bool:
    """Whether the full stop after ``word`` belongs to an abbreviation or an initial
    (so the sentence goes on), given the ``following`` word."""
    lists = load_abbreviations()
    lower = word.lower()
    if lower in lists.titles:
        return True
    if len(word) == 1 and word.isupper():
        return _previous_word(text, begin, dot - 1).lower() not in lists.letter_labels
    if word.isdigit():
        # "1. Pertama" opening a line is list numbering, not a sentence.
        return text[begin:dot].strip() == word
    if lower in lists.endable or _is_dotted(word, lists):
        return _looks_abbreviated(following, lists)
    return False


def _is_dotted(word: str, lists: Abbreviations) -> bool:
    """Whether ``word`` is a dotted abbreviation such as S.H, M.Si or Ph.D (not a domain)."""
    return bool(_MULTI_DOT.match(word)) and word.rsplit(".", 1)[-1].lower() not in lists.domain_ends


def _looks_abbreviated(word: str, lists: Abbreviations) -> bool:
    """Whether the word after an abbreviation is itself one ("S.H. M.Si."), so that the
    two belong together."""
    bare = word.lstrip(_OPENERS).rstrip(",;:")
    if not bare.endswith("."):
        return False
    core = bare[:-1]
    lower = core.lower()
    known = lower in lists.titles or lower in lists.endable
    return known or len(core) == 1 or _is_dotted(core, lists)


def _previous_word(text: str, begin: int, position: int) -> str:
    """The word before the one that ends at ``position`` (exclusive of that word)."""
    start = position
    while start > begin and not text[start - 1].isspace():
        start -= 1
    return _word_before(text, begin, max(begin, start - 1)).strip(",;:")
