"""Dates written as text, in Indonesian, English and the main western European languages.

The parser knows nothing of HTML: byline extraction uses it now, and enrichment will use it
for dates mentioned in article text. A date is found first ('20 Januari 2026', '19/06/2015',
'Nov. 19, 2019', '2022-09-16'), then a time and zone are looked for right after it
('18:33 WIB', 'pukul 14.30 WITA', '5:23 PM ET') or, failing that, right before it.

A value comes back as a ``datetime`` when the text gives a time, else as a ``date``. The
``datetime`` is naive when the text names no zone and the caller gave no ``default_zone``,
so callers can tell a stated zone from a guessed one. Numeric dates are read day first
(as everywhere outside the US) unless ``day_first=False``; ISO order is always year first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from types import MappingProxyType

from warta.extract.timezones import is_zone_word, zone_for_word

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "DateMatch",
    "date_from_url",
    "find_dates",
    "parse_date_text",
    "parse_date_value",
]

_MONTH_NAMES: dict[int, str] = {
    1: "january jan januari januar jänner jän janvier janv enero ene janeiro gennaio gen",
    2: "february feb februari pebruari februar février fevrier févr fevr febrero fevereiro"
    " fev febbraio",
    3: "march mar maret mac märz maerz mrz mars marzo março marco maart mrt",
    4: "april apr avril avr abril abr aprile",
    5: "may mei mai mayo maio maggio mag",
    6: "june jun juni juin junio junho giugno giu",
    7: "july jul juli julai juillet juil julio julho luglio lug",
    8: "august aug agustus agu agt ags agus ogos août aout agosto ago augustus",
    9: "september sep sept septembre septiembre setiembre setembro settembre set",
    10: "october oct oktober okt octobre octubre outubro out ottobre ott",
    11: "november nov nopember novembre noviembre novembro",
    12: "december dec desember des disember dezember dez décembre decembre déc dec"
    " diciembre dic dicembre",
}
_MONTHS: dict[str, int] = {
    name: month for month, names in _MONTH_NAMES.items() for name in names.split()
}
# Weekday names, Monday first: Indonesian and Malay, then English.
_DAY_NAMES = ("senin isnin monday mon", "selasa tuesday tue tues", "rabu wednesday wed",
              "kamis khamis thursday thu thur thurs", "jumat jum'at friday fri",
              "sabtu saturday sat", "minggu ahad sunday sun")  # fmt: skip
_WEEKDAYS = {name: wd for wd, names in enumerate(_DAY_NAMES) for name in names.split()}
# Public read-only views for the enrichment's date finder (month and weekday by name).
MONTHS: Mapping[str, int] = MappingProxyType(_MONTHS)
WEEKDAYS: Mapping[str, int] = MappingProxyType(_WEEKDAYS)


def _alternation(words: list[str]) -> str:
    """A regex alternation trying longer words first, so 'maret' wins over 'mar'."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# In the big date pattern a month or weekday is any short word, checked against the tables
# afterwards: an alternation of 150 names made the scan about four times slower.
_MONTH = r"[^\W\d_]{3,10}\.?(?![^\W\d_])"
_WEEKDAY = r"[^\W\d_]{3,9}(?:'[^\W\d_]{2})?\.?"
_DAY = rf"(?:{_alternation(list(_WEEKDAYS))})\.?"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
_ORD = r"(?:st|nd|rd|th|er|º|\.)?"
_WEEKDAY_BEFORE = re.compile(rf"(?<![^\W\d_])(?P<w>{_DAY})[\s,(]{{0,4}}$", re.IGNORECASE)

# One alternation, so the leftmost date in the text wins. Full dates come before the
# year-less forms, which are only kept when the caller gives a reference date.
_DATE = re.compile(
    rf"""
    (?<![\d.])(?P<iy>{_YEAR})(?P<isep>[-/.])(?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?!\d)
  | (?<![\d.:/-])(?P<na>\d{{1,2}})(?P<nsep>[-/.])(?P<nb>\d{{1,2}})(?P=nsep)
      (?P<ny>(?:19|20)\d{{2}}|(?<=/)\d{{2}})(?![\d/])
  | (?<!\d)(?P<td>\d{{1,2}}){_ORD}(?:\s*-\s*|\s+de\s+|\s*)(?P<tm>{_MONTH})
      (?:\s*-\s*|\s+de\s+|\s+del\s+|,?\s*)(?P<ty>{_YEAR})
  | (?<![^\W\d_])(?P<mm>{_MONTH})\s*(?P<md>\d{{1,2}}){_ORD}(?!\d)(?:,\s*|\s+)(?P<my>{_YEAR})
  | (?<![^\W\d_])(?P<wd>{_WEEKDAY})\s*,?\s*\(\s*(?P<sd>\d{{1,2}})/(?P<sm>\d{{1,2}})\s*\)
  | (?<!\d)(?P<xd>\d{{1,2}}){_ORD}\s+(?P<xm>{_MONTH})
  | (?<![^\W\d_])(?P<ym>{_MONTH})\s+(?P<yd>\d{{1,2}})(?![\w/])
    """,
    re.IGNORECASE | re.VERBOSE,
)

_DIGITS = re.compile(r"[0-9]+")  # ASCII only: a Unicode digit class scans 3x slower
_LEAD = 16  # a date's first digit is at most this far in ('Sept. 16', 'Selasa, (20/1)')
_SPAN = 40  # and its end at most this far after ('16 de septiembre de 2022': 24)

_TIME = (
    r"(?P<h>[01]?\d|2[0-3])(?:[:.h](?P<mi>[0-5]\d)(?:[:.](?P<s>[0-5]\d)(?:[.,]\d{1,9})?)?)?"
    r"(?!\d)(?:\s*(?P<ap>[ap]\.?\s?m\b\.?))?"
)
# Between a date and its time: punctuation, 'at'/'pukul'/'um'/'à'..., or ISO's 'T'.
_TIME_AFTER = re.compile(
    r"[\s,|·•/@()\-–—]*(?:(?:at|pukul|pkl\.?|jam|um|à|às|a\s+las|alle|ore|om|kl\.?)\s*)?"
    rf"(?:T\s*)?{_TIME}",
    re.IGNORECASE,
)
_ZONE = re.compile(
    r"\s*\(?\s*(?P<z>(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?(?!\d)|[+-]\d{2}:?\d{2}(?!\d)"
    r"|Z(?!\w)|[A-Za-z]{2,5}(?![^\W\d_]))\)?"
)
# A time printed before its date: '10:05 WIB, 16 September 2022', '5:23 PM ET Nov 19, 2019'.
_TIME_BEFORE = re.compile(
    rf"{_TIME}(?:\s*(?P<z>[A-Za-z]{{2,5}}|(?:GMT|UTC)?[+-]\d{{1,2}}(?::?\d{{2}})?))?"
    rf"\s*[,|\-–—]?\s*(?:on\s+)?(?:{_DAY}\s*,?\s*)?\(?\s*$",
    re.IGNORECASE,
)
# '/2022/09/16/', '/2019/nov/18/', '/2022-09-16/', '-20220916-', '/20220916/' in a URL path.
_URL_DAY = re.compile(
    r"(?<![\d])((?:19|20)\d{2})(?:/(\d{1,2}|[a-z]{3,9})/(\d{1,2})|-(\d{2})-(\d{2})|(\d{2})(\d{2}))"
    r"(?=[/_.-]|$)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?<![^\W\d_])(?:(?P<n>\d{1,3}|satu|an?|one)\s*|se)(?P<unit>detik|menit|jam|hari|minggu"
    r"|pekan|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+(?:yang\s+)?"
    r"(?:lalu|silam|ago)(?![^\W\d_])"
    r"|(?<![^\W\d_])(?P<word>kemarin\s+lusa|kemarin|hari\s+ini|besok|today|yesterday"
    r"|tomorrow|pekan\s+lalu|minggu\s+lalu|last\s+week)(?![^\W\d_])",
    re.IGNORECASE,
)
_UNIT_SECONDS = (("detik", 1), ("sec", 1), ("menit", 60), ("min", 60), ("jam", 3600),
                 ("hour", 3600), ("hr", 3600), ("hari", 86400), ("day", 86400),
                 ("minggu", 604800), ("pekan", 604800), ("week", 604800))  # fmt: skip
_WORD_DAYS = {"kemarin lusa": -2, "kemarin": -1, "hari ini": 0, "besok": 1, "today": 0,
              "yesterday": -1, "tomorrow": 1, "pekan lalu": -7, "minggu lalu": -7,
              "last week": -7}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date found in a text: its span, its value, and whether the text named a zone."""

    start: int
    end: int
    value: datetime | date
    zoned: bool

    @property
    def has_time(self) -> bool:
        return isinstance(self.value, datetime)


def parse_date_text(
    text: str,
    *,
    default_zone: tzinfo | None = None,
    reference: datetime | date | None = None,
    day_first: bool = True,
) -> datetime | date | None:
    """The first date in ``text`` (see the module docstring), or None."""
    found = find_dates(text, default_zone=default_zone, reference=reference, day_first=day_first)
    return found[0].value if found else None


def parse_date_value(value: str, *, day_first: bool = True) -> tuple[datetime | date, bool] | None:
    """A machine-written date (ISO 8601, Unix seconds or milliseconds) or, failing that,
    the first date written as text; with whether it states its zone (a bare day does)."""
    text = value.strip()
    if text.isdigit() and len(text) in (10, 13):
        return datetime.fromtimestamp(int(text[:10]), UTC), True
    try:  # the fast path: most meta and JSON-LD values are ISO 8601
        iso = datetime.fromisoformat(text)
    except ValueError:
        found = find_dates(text[:120], day_first=day_first)
        return (found[0].value, found[0].zoned or not found[0].has_time) if found else None
    return (iso, iso.tzinfo is not None) if len(text) > 10 else (iso.date(), True)


def find_dates(
    text: str,
    *,
    default_zone: tzinfo | None = None,
    reference: datetime | date | None = None,
    day_first: bool = True,
) -> list[DateMatch]:
    """Every date in ``text``, in order.

    Year-less ('20 Januari', 'Selasa (20/1)') and relative ('kemarin', '3 jam yang lalu')
    dates are only read when ``reference`` (usually the publication time) is given.
    """
    out: list[DateMatch] = []
    pos = 0
    while (digits := _DIGITS.search(text, pos)) is not None:
        # Every date has a digit, so the slow pattern only runs in a window around each
        # run of digits: prose is mostly letters, and this made article text ~5x faster.
        start = max(pos, digits.start() - _LEAD)
        m = _DATE.search(text, start, _window_end(text, digits.end()))
        if m is None:
            pos = digits.end()
            continue
        day = _calendar_day(m, day_first, reference)
        if day is None:  # a word that is no month: look again one character on
            pos = m.start() + 1
            continue
        out.append(_with_time(text, m.start(), m.end(), day, default_zone))
        pos = out[-1].end
    if reference is not None:
        out.extend(_relative(text, reference, default_zone))
        out.sort(key=lambda d: d.start)
    return out


def _window_end(text: str, after_digits: int) -> int:
    """Where the search window ends: ``_SPAN`` on, then to the end of the word or number,
    so a year or month name is never cut in two."""
    end = min(len(text), after_digits + _SPAN)
    while end < len(text) and text[end].isalnum():
        end += 1
    return end


def date_from_url(url: str) -> date | None:
    """The day a URL path names, or None. Only a guess: some sites date the URL with the
    first draft, and an 8-digit id can look like a day."""
    path = url.split("//", 1)[-1].partition("/")[2].split("?")[0]
    for m in _URL_DAY.finditer(path):
        start = m.start()
        if start and path[start - 1] not in "/_-":
            continue
        year, month, day_of_month = (g for g in m.groups() if g)
        number = int(month) if month.isdigit() else _MONTHS.get(month.lower(), 0)
        day = _day(int(year), number, int(day_of_month))
        if day is not None:
            return day
    return None


def _calendar_day(
    m: re.Match[str], day_first: bool, reference: datetime | date | None
) -> date | None:
    """The day a ``_DATE`` match names, or None when it is no real date."""
    g = m.groupdict()
    if g["iy"]:
        return _day(int(g["iy"]), int(g["im"]), int(g["id"]))
    if g["na"]:
        return _numeric_day(m, day_first)
    if g["td"] or g["mm"]:
        name, num, year = (g["tm"], g["td"], g["ty"]) if g["td"] else (g["mm"], g["md"], g["my"])
        month = _MONTHS.get(_month_key(name))
        return _day(int(year), month, int(num)) if month else None
    return _yearless_day(g, reference) if reference is not None else None


def _yearless_day(g: dict[str, str | None], reference: datetime | date) -> date | None:
    """'Selasa (20/1)', '20 Januari', 'January 20': the year comes from ``reference``."""
    if g["sd"] and g["sm"] and g["wd"]:
        if _month_key(g["wd"]) not in _WEEKDAYS:
            return None
        return _nearest_year(int(g["sm"]), int(g["sd"]), reference)
    name, num = (g["xm"], g["xd"]) if g["xm"] else (g["ym"], g["yd"])
    if not name or not num or not name[0].isupper():  # 'may', 'set', 'ago' are words too
        return None
    month = _MONTHS.get(_month_key(name))
    return _nearest_year(month, int(num), reference) if month else None


def _numeric_day(m: re.Match[str], day_first: bool) -> date | None:
    """Read 'dd/mm/yyyy' (or 'mm/dd/yyyy'), letting an impossible month or a weekday
    printed before the date ('Kamis, 05/11/2015') overrule the page's usual order."""
    a, b, year = int(m.group("na")), int(m.group("nb")), int(m.group("ny"))
    if year < 100:
        year += 2000 if year < 70 else 1900
    first, second = ((a, b), (b, a)) if day_first else ((b, a), (a, b))
    readings = [d for day, month in (first, second) if (d := _day(year, month, day))]
    before = _WEEKDAY_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
    if before is not None:
        weekday = _WEEKDAYS.get(before.group("w").rstrip(".").lower())
        readings.sort(key=lambda d: d.weekday() != weekday)  # stable: keeps the page order
    return readings[0] if readings else None


def _month_key(token: str) -> str:
    return token.rstrip(".").lower()


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, reference: datetime | date) -> date | None:
    """The month and day in the year that puts them closest to ``reference``."""
    ref = reference.date() if isinstance(reference, datetime) else reference
    options = [d for y in (ref.year - 1, ref.year, ref.year + 1) if (d := _day(y, month, day))]
    return min(options, key=lambda d: abs((d - ref).days), default=None)


def _with_time(
    text: str, start: int, end: int, day: date, default_zone: tzinfo | None
) -> DateMatch:
    """Attach the time (and zone) printed right after, or right before, the date."""
    after = _TIME_AFTER.match(text, end)
    if after is not None and (clock := _clock(after)) is not None:
        zone, zone_end = _zone_after(text, after.end())
        value = datetime.combine(day, clock)
        return _finish(start, zone_end or after.end(), value, zone, default_zone)
    before = _TIME_BEFORE.search(text, max(0, start - 40), start)
    if before is not None and (clock := _clock(before)) is not None:
        word = before.group("z")
        zone = zone_for_word(word) if word and _is_zone_token(word) else None
        value = datetime.combine(day, clock)
        return _finish(before.start(), end, value, zone, default_zone)
    return DateMatch(start, end, day, zoned=False)


def _clock(m: re.Match[str]) -> time | None:
    """The time of day a ``_TIME`` match gives; a bare hour needs 'am'/'pm'."""
    hour, minute, ap = int(m.group("h")), m.group("mi"), m.group("ap")
    if minute is None and ap is None:
        return None
    if ap:
        if hour == 0 or hour > 12:
            return None
        hour = hour % 12 + (12 if ap[0] in "pP" else 0)
    return time(hour, int(minute or 0), int(m.group("s") or 0))


def _zone_after(text: str, pos: int) -> tuple[tzinfo | None, int]:
    m = _ZONE.match(text, pos)
    if m is None or not _is_zone_token(m.group("z")):
        return None, 0
    return zone_for_word(m.group("z")), m.end()


def _is_zone_token(word: str) -> bool:
    """Offsets always count; a zone word only in capitals ('et' is French for 'and')."""
    if word[0] in "+-" or word[:3].upper() in ("GMT", "UTC"):
        return True
    return is_zone_word(word) and (word.isupper() or word.upper() in ("WIB", "WITA", "WIT"))


def _finish(
    start: int, end: int, value: datetime, zone: tzinfo | None, default: tzinfo | None
) -> DateMatch:
    """A stated zone wins over the caller's default; with neither the value stays naive."""
    return DateMatch(start, end, value.replace(tzinfo=zone or default), zone is not None)


def _relative(
    text: str, reference: datetime | date, default_zone: tzinfo | None
) -> list[DateMatch]:
    """'3 jam yang lalu', 'kemarin', '2 days ago'... counted back from ``reference``."""
    out: list[DateMatch] = []
    ref_day = reference.date() if isinstance(reference, datetime) else reference
    for m in _RELATIVE.finditer(text):
        if m.group("word"):
            offset = _WORD_DAYS[" ".join(m.group("word").lower().split())]
            out.append(DateMatch(m.start(), m.end(), ref_day + timedelta(days=offset), False))
            continue
        n = m.group("n")
        unit = m.group("unit").lower()
        size = next(sec for prefix, sec in _UNIT_SECONDS if unit.startswith(prefix))
        seconds = size * (int(n) if n and n.isdigit() else 1)
        value: datetime | date = ref_day - timedelta(seconds=seconds)
        if seconds < 86400 and isinstance(reference, datetime):  # hours ago: keep the time
            value = reference - timedelta(seconds=seconds)
            value = value if value.tzinfo else value.replace(tzinfo=default_zone)
        out.append(DateMatch(m.start(), m.end(), value, zoned=False))
    return out
