"""Find the dateline that opens an Indonesian news story (docs/NOISE.md #7, #8, #9).

Outlets open the first paragraph with their name and/or the place of reporting, then a
dash: 'TRIBUNKALTIM.CO - ', 'TRIBUNNEWS.COM, JAKARTA - ', 'KUTA, KOMPAS.com — ',
'Mataram, NTB (ANTARA News) - ', 'SURYA.co.id | LUMAJANG - ', detik's 'Jakarta - '. A
scraper may glue a section label in front ('Berita LumajangSURYA.co.id | LUMAJANG - ') or
leave the reporter line there ('Laporan wartawan Tribunnews.com, Fahdi Fahlevi
TRIBUNNEWS.COM, JAKARTA - ').

Only the very start of a paragraph is looked at, and a shape counts only when it carries an
outlet-like token (a web address, a CamelCase masthead, a name from ``sources.toml``, or a
name in brackets) or is a short all-capital or one- or two-word place followed by a spaced
dash and a sentence start: a dash in the middle of ordinary prose never matches.

Some pages set the dateline in bold and leave the dash out ('<b>Liputan6.com, Jakarta</b>
London Love Story, film ...'); in text, nothing then marks where the place ends. Such a
dateline is read only when it names a web address or a listed outlet and a place from the
shipped gazetteer (the places of ``warta/enrich/data/entities.tsv``), the longest name
first, followed by a capitalised word: 'Jakarta London Love Story' gives 'Jakarta', while a
place the gazetteer does not know leaves the paragraph as it is.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from warta.enrich.canonical import shipped_rows
from warta.record import Dateline

__all__ = ["DatelineMatch", "find_dateline", "locate_dateline"]

# White space as pages write it after a dateline: ordinary, no-break, thin, narrow no-break.
_SP = r"[ \t\u00a0\u2009\u202f]"
# '-', '--', '–', '—', '- -' and '|' separators seen in NOISE.md #7.
_DASH = rf"(?:-{{1,3}}|[–—]{{1,2}}|-{_SP}-)"
# A web address: 'TRIBUNKALTIM.CO', 'KOMPAS.com', 'REPUBLIKA.CO.ID', 'Liputan6.com'.
_DOMAIN = (
    r"[A-Za-z][A-Za-z0-9-]*"
    r"(?:\.(?i:co\.id|or\.id|web\.id|my\.id|com|co|id|net|org|news|tv|info|asia))+"
)
# A CamelCase masthead: 'KompasOtomotif', 'detikNews', 'iNews'.
_CAMEL = r"[A-Za-z]*[a-z][A-Z][A-Za-z]*"
_PLACE_WORD = r"[A-Z][A-Za-z'’-]*"
_PLACE = rf"{_PLACE_WORD}(?:{_SP}{_PLACE_WORD}){{0,3}}"
_CAPS_PLACE = rf"[A-Z][A-Z'’-]+(?:{_SP}[A-Z][A-Z'’-]+){{0,2}}"
_TITLE_PLACE = rf"[A-Z][a-z'’-]+(?:{_SP}[A-Z][a-z'’-]+)?"
# 'ISTANBUL, 23 Februari 2016 (Antara/PRNewswire) --': a date between place and outlet.
_DATE = rf"\d{{1,2}}{_SP}+[A-Z][a-z]+{_SP}+\d{{4}}"
_END = rf"{_SP}*{_DASH}(?:{_SP}+|$|(?=\S))"
_LABEL = re.compile(r"^[^\W\d_][^.!?:;,\"“”()]{0,58}$")
# A section label glued in front is a short run of capitalised words: 'Berita Lumajang'.
_SECTION = re.compile(r"^[A-Z][\w&'’-]*(?:\s[A-Z0-9][\w&'’-]*){0,5}$")
_REPORTER = re.compile(
    rf"(?i)^laporan{_SP}+(?:wartawan|reporter|koresponden|kontributor){_SP}+"
    rf"(?:{_DOMAIN}|[\w.]+(?:{_SP}[\w.]+)?){_SP}*,?{_SP}*"
)
MAX_SCAN = 120
# After a dateline with no dash: white space and a capitalised word or quote, or the end.
_STORY_START = rf"(?:{_SP}+(?=[\"“A-Z])|{_SP}*$)"
# A gazetteer name usable in a dateline: capitalised words only ('Jakarta Selatan', not
# 'Washington, D.C.' or an abbreviation such as 'Jaksel' written in capitals).
_PLACE_NAME = re.compile(r"^[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,3}$")


@dataclass(frozen=True, slots=True)
class DatelineMatch:
    """A dateline found near a paragraph's start, with what a scraper glued before it."""

    dateline: Dateline
    start: int
    end: int
    section: str | None = None
    reporter: str | None = None


@lru_cache(maxsize=1)
def _dateline_table() -> dict[str, Any]:
    """The ``[dateline]`` table of ``sources.toml`` (outlet names, words that are no
    place), read once."""
    text = resources.files("warta.news").joinpath("sources.toml").read_text()
    table: dict[str, Any] = tomllib.loads(text)["dateline"]
    return table


def _named_outlet() -> str:
    """A pattern for an outlet named outright: a web address, or a name listed in
    ``sources.toml``, longest first."""
    names = sorted(_dateline_table()["outlets"], key=len, reverse=True)
    known = "|".join(re.escape(n).replace(r"\ ", _SP) for n in names)
    return rf"(?:{_DOMAIN}|(?:{known})(?![\w.]))"


@lru_cache(maxsize=1)
def _shapes() -> tuple[re.Pattern[str], ...]:
    """The dateline shapes, built once with the outlet names of ``sources.toml``."""
    outlet = rf"(?:{_named_outlet()}|{_CAMEL})"
    return (
        # 'TRIBUNNEWS.COM, JAKARTA - ', 'SURYA.co.id | LUMAJANG - ', 'TRIBUNKALTIM.CO - '.
        re.compile(rf"^(?P<outlet>{outlet})(?:{_SP}*[,|]{_SP}*(?P<place>{_PLACE}))?{_END}"),
        # 'KUTA, KOMPAS.com — ', 'Jakarta, CNN Indonesia -- '.
        re.compile(rf"^(?P<place>{_PLACE}),{_SP}*(?P<outlet>{outlet}){_END}"),
        # 'Mataram, NTB (ANTARA News) - ', 'Jakarta (ANTARA) - '.
        re.compile(
            rf"^(?P<place>{_PLACE}(?:,{_SP}*{_PLACE})?)(?:,{_SP}*{_DATE})?{_SP}*"
            rf"\((?P<outlet>[A-Za-z][\w./& -]{{1,40}})\){_END}"
        ),
    )


@lru_cache(maxsize=1)
def _dashless() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The two frames of a dateline without its dash, and the gazetteer's places.

    '<b>Liputan6.com, Jakarta</b> London ...': an outlet and a comma, then the place is
    looked up word by word (:func:`_known_place`). '<b>JAKARTA, KOMPAS.com</b> Menteri
    ...': the capitalised words before the comma must be a known place, and a capitalised
    word or the end must follow the outlet. Looking places up in a set rather than in one
    alternation of some 1,500 names keeps a worker's start-up cheap (compiling that
    alternation took half a second).
    """
    named = _named_outlet()
    outlet_first = re.compile(rf"^(?P<outlet>{named}){_SP}*[,|]{_SP}*(?=[A-Z])")
    place_first = re.compile(rf"^(?P<place>{_PLACE}),{_SP}*(?P<outlet>{named}){_STORY_START}")
    return outlet_first, place_first, _gazetteer()


def _gazetteer() -> frozenset[str]:
    """The place names of the shipped entity table, as written and in capitals ('Jakarta
    Selatan', 'JAKARTA SELATAN')."""
    rows = shipped_rows()
    names = {n for row in rows if row.type == "place" for n in row.names if _PLACE_NAME.match(n)}
    return frozenset(names | {n.upper() for n in names})


def _match_dashless(text: str) -> tuple[Dateline, int] | None:
    """A dateline whose dash the page left out (see :func:`_dashless`)."""
    outlet_first, place_first, places = _dashless()
    match = outlet_first.match(text)
    if match is not None:
        found = _known_place(text, match.end(), places)
        if found is not None:
            place, end = found
            return Dateline(place=place, outlet=match["outlet"].strip()), end
        return None
    match = place_first.match(text)
    if match is not None and " ".join(match["place"].split()) in places:
        return Dateline(place=match["place"], outlet=match["outlet"].strip()), match.end()
    return None


_TOKEN = re.compile(rf"[^{_SP[1:-1]}]+")
_SENTENCE_START = re.compile(_STORY_START)


def _known_place(text: str, start: int, places: frozenset[str]) -> tuple[str, int] | None:
    """The longest known place of one to four words at ``start`` that a capitalised word
    or the end of ``text`` follows, and where the story starts after it."""
    words = [m.span() for m in islice(_TOKEN.finditer(text, start), 4)]
    for count in range(len(words), 0, -1):
        end = words[count - 1][1]
        place = text[start:end]
        follow = _SENTENCE_START.match(text, end)
        if follow is not None and " ".join(place.split()) in places:
            return place, follow.end()
    return None


@lru_cache(maxsize=1)
def _place_only() -> tuple[re.Pattern[str], frozenset[str]]:
    """detik/okezone 'Jakarta - ', 'JAKARTA - ': a bare place, a spaced dash, a sentence."""
    pattern = re.compile(
        rf"^(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE}){_SP}+{_DASH}(?:{_SP}+(?=[\"“'A-Z0-9])|{_SP}*$)"
    )
    return pattern, frozenset(w.casefold() for w in _dateline_table()["not_places"])


def find_dateline(text: str) -> tuple[Dateline, int] | None:
    """The dateline at the very start of ``text`` and the length of its prefix.

    The prefix runs through the dash and the white space after it, so ``text[length:]``
    is the story's first sentence.
    """
    found = _match_outlet_shape(text)
    if found is not None:
        return found
    pattern, not_places = _place_only()
    match = pattern.match(text)
    if match is None:
        return None
    place = match["place"]
    if any(word.casefold() in not_places for word in place.split()):
        return None
    return Dateline(place=place, outlet=None), match.end()


def _match_outlet_shape(text: str) -> tuple[Dateline, int] | None:
    for shape in _shapes():
        match = shape.match(text)
        if match is not None:
            place = match["place"]
            outlet = match["outlet"].strip()
            return Dateline(place=place.strip() if place else None, outlet=outlet), match.end()
    return _match_dashless(text)


def locate_dateline(text: str) -> DatelineMatch | None:
    """A dateline at the start of ``text``, or after a glued section label or reporter line.

    Only outlet-bearing shapes are accepted after a prefix: a bare 'Place -' later in the
    text is too weak a sign.
    """
    head = text[:MAX_SCAN]
    found = find_dateline(text)
    if found is not None:
        return DatelineMatch(found[0], 0, found[1])
    reporter = _REPORTER.match(head)
    first = reporter.end() if reporter else 1
    # Glue points first, so 'LumajangSURYA.co.id' is read as label + address, not as one
    # address; then word starts, in order.
    for starts, whole_words in (
        (_GLUE.finditer(head, first), False),
        (_WORD_START.finditer(head, first), True),
    ):
        for start in (m.start() for m in starts):
            # What comes before is checked first: a reporter's name or a section label
            # is rare in prose, and much cheaper to rule out than all the shapes.
            before = text[:start]
            fits = _fits_before(before, reporter)
            if fits is None:
                continue
            if not fits:
                if whole_words:
                    break  # a prefix of more whole words fails the same way
                continue
            found = _match_outlet_shape(text[start:])
            if found is not None:
                if reporter is not None:
                    return DatelineMatch(found[0], start, start + found[1], reporter=before)
                return DatelineMatch(found[0], start, start + found[1], section=before.strip())
    return None


def _fits_before(before: str, reporter: re.Match[str] | None) -> bool | None:
    """Whether ``before`` can come before a glued dateline: a reporter line ending in a
    name (None while the name is still empty), else a section label."""
    if reporter is None:
        return _SECTION.match(before.strip()) is not None
    name = before[reporter.end() :].strip(" ,\u00a0")
    return _LABEL.match(name) is not None if name else None


_GLUE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD_START = re.compile(r"(?<=[\s\u00a0])(?=\S)")
