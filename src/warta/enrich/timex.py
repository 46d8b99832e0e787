"""Dates and times mentioned in article text, resolved against the publication date.

Three sources of mentions are merged, in this order of trust:

1. full and year-less calendar dates ('Kamis (15/9/2022)', '15 September 2022',
   'Selasa, 20 Januari 2026', 'Selasa (20/1)', '20 Januari'), read by the extractor's
   date parser (:func:`warta.extract.datetext.find_dates`); the span is widened to take in
   the weekday printed before the date ('Kamis (' ... ')');
2. relative and period expressions ('kemarin', 'pekan lalu', 'akhir 2024', 'Senin lalu',
   'dua hari lalu', 'September 2022'; see :mod:`warta.enrich.timex_relative` for how
   each resolves), dropped where they overlap a calendar date;
3. clock times ('pukul 14.30 WIB'), placed on the day another mention in the same sentence
   names, else on the publication day, in the zone printed (WIB +07, WITA +08, WIT +09),
   else the publication date's zone, else naive.

A year-less date takes the year that puts it nearest the publication date, a day ahead
counting three times as far as a day back (news mostly reports the past); when a weekday is
printed with it, a year where the weekday fits wins. Without a publication date, only
mentions that carry their own year resolve. A bare year ('pada 2020') is not read: too
many numbers look like one.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from warta.enrich import timex_relative as rel
from warta.enrich import timex_scan as scan
from warta.extract import datetext
from warta.extract.datetext import WEEKDAYS
from warta.extract.timezones import zone_for_word
from warta.record import DateMention

__all__ = ["find_dates"]

# A clock time: after 'pukul'/'pkl'/'jam', or bare but followed by an Indonesian zone; a
# range ('09.00-12.00 WIB') is one mention at its start.
_CLOCK = re.compile(
    r"(?<![\w.,:/])(?:(?P<cue>[Pp]ukul|[Pp]kl\.?|[Jj]am)\s*)?(?P<h>[01]?\d|2[0-3])[.:](?P<mi>[0-5]\d)"
    r"(?![\d.:]\d)(?:\s*(?:-|–|s\.?d\.?|hingga|sampai)\s*(?:[01]?\d|2[0-3])[.:][0-5]\d(?!\d))?"
    r"(?:\s*(?P<z>WITA|WIB|WIT)(?![^\W\d_]))?"
)
_WEEKDAY_BEFORE = re.compile(rf"(?<![^\W\d_])(?:{rel.DAY_WORDS})\s*,?\s*(?P<paren>\(?)\s*$", re.I)
_WEEKDAY_AT = re.compile(rf"(?:{rel.DAY_WORDS})(?![^\W\d_])", re.IGNORECASE)
_RELATIVE_TAIL = re.compile(r"(?:lalu|silam|ago)$", re.IGNORECASE)
_EXPLICIT_YEAR = re.compile(r"(?:19|20)\d{2}(?!\d)|\d{1,2}([-/.])\d{1,2}\1\d{2}(?!\d)")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+|\n")


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    value: datetime | date
    day_level: bool  # names one day, so a clock time in its sentence may sit on it


def find_dates(text: str, published: datetime | date | None) -> list[DateMention]:
    """Every date and time mentioned in ``text``, in text order, resolved against
    ``published`` (see the module docstring for the rules)."""
    spots = scan.windows(text)
    if not spots:
        return []
    ref = published.date() if isinstance(published, datetime) else published
    zone = published.tzinfo if isinstance(published, datetime) else None
    now = published if isinstance(published, datetime) else None
    found = _calendar(text, spots, published, ref, zone)
    found = _merge(found, _relative(text, spots, ref, now))
    found = _merge(found, _clocks(text, spots, found, ref, zone))
    return [DateMention(text[f.start : f.end], f.value, f.start, f.end) for f in found]


def _calendar(
    text: str,
    spots: list[scan.Window],
    published: datetime | date | None,
    ref: date | None,
    zone: tzinfo | None,
) -> list[_Found]:
    """Calendar dates from the extractor's parser, with weekday-widened spans."""
    out: list[_Found] = []
    for w in spots:
        if not w.calendar:
            continue
        for m in datetext.find_dates(text[w.start : w.end], default_zone=zone, reference=published):
            start, end = w.start + m.start, w.start + m.end
            while end > start and text[end - 1] in ". ,":  # '17 Agustus.' ends a sentence
                end -= 1
            span = text[start:end]
            if _RELATIVE_TAIL.search(span) or not any(c.isdigit() for c in span):
                continue  # 'kemarin', '3 jam yang lalu': resolved by the rules here instead
            if rel.NAME_BEFORE.search(text, max(0, start - 12), start):
                continue  # 'Jalan 17 Agustus' is a street
            start, end = _with_weekday(text, start, end)
            value = m.value
            if ref is not None and not _EXPLICIT_YEAR.search(span):
                value = _year_for(value, text[start:end], ref)
            out.append(_Found(start, end, value, day_level=True))
    return out


def _with_weekday(text: str, start: int, end: int) -> tuple[int, int]:
    """A date's span once the weekday printed before it is taken in: 'Kamis (15/9/2022)'
    and 'Selasa, 20 Januari 2026'. A parenthesis opened must close, in the span."""
    before = _WEEKDAY_BEFORE.search(text, max(0, start - 16), start)
    if before is None:
        return start, end
    if not before.group("paren") or ")" in text[start:end]:
        return before.start(), end
    if text.startswith(")", end):
        return before.start(), end + 1
    return start, end


def _year_for(value: datetime | date, span: str, ref: date) -> datetime | date:
    """Give a year-less date the year the module docstring describes."""
    options: list[date] = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(date(year, value.month, value.day))
        except ValueError:  # 29 February
            continue
    weekday = _WEEKDAY_AT.match(span)
    if weekday is not None:
        fits = [d for d in options if d.weekday() == WEEKDAYS[weekday.group().lower()]]
        options = fits or options
    best = rel.nearest(options, ref)
    return value if best is None else value.replace(year=best.year)


def _relative(
    text: str, spots: list[scan.Window], ref: date | None, now: datetime | None
) -> list[_Found]:
    """Relative and period expressions; without ``ref`` only the ones with a year."""
    out: list[_Found] = []
    for w in spots:
        for m in rel.RELATIVE.finditer(text, w.start, w.end):
            value = rel.resolve(m, ref, now)
            if value is not None:
                out.append(_Found(m.start(), m.end(), value, rel.day_level(m)))
    return out


def _clocks(
    text: str, spots: list[scan.Window], found: list[_Found], ref: date | None, zone: tzinfo | None
) -> list[_Found]:
    """Clock times, each on the day its sentence names (else the publication day)."""
    out: list[_Found] = []
    ends: list[int] | None = None
    clocks = (m for w in spots for m in _CLOCK.finditer(text, w.start, w.end))
    for m in clocks:
        if not (m.group("cue") or m.group("z")):
            continue  # '14.30' alone may be a score or an amount
        if ends is None:  # sentence ends, computed only when a time is there
            ends = [e.end() for e in _SENTENCE_END.finditer(text)]
        day = _day_in_sentence(found, ends, m.start()) or ref
        if day is None:
            continue
        clock = time(int(m.group("h")), int(m.group("mi")))
        tz = zone_for_word(m.group("z")) if m.group("z") else zone
        out.append(_Found(m.start(), m.end(), datetime.combine(day, clock, tzinfo=tz), False))
    return out


def _day_in_sentence(found: list[_Found], ends: list[int], pos: int) -> date | None:
    """The day named by the nearest one-day mention in the sentence around ``pos``,
    looking back first ('Senin (20/1) sekitar pukul 10.00'), then ahead."""
    i = bisect.bisect_right(ends, pos)
    lo = ends[i - 1] if i else 0
    hi = ends[i] if i < len(ends) else 1 << 62
    same = [f for f in found if f.day_level and lo <= f.start < hi]
    before = [f for f in same if f.start < pos]
    pick = before[-1] if before else (same[0] if same else None)
    if pick is None:
        return None
    return pick.value.date() if isinstance(pick.value, datetime) else pick.value


def _merge(kept: list[_Found], extra: list[_Found]) -> list[_Found]:
    """``kept`` plus the ``extra`` mentions that overlap none of them, in text order."""
    if not extra:
        return kept
    taken = sorted((f.start, f.end) for f in kept)
    starts = [s for s, _ in taken]
    out = list(kept)
    for f in extra:
        i = bisect.bisect_left(starts, f.end)
        if i and taken[i - 1][1] > f.start:
            continue  # the nearest kept span starting before f's end reaches into f
        out.append(f)
    return sorted(out, key=lambda f: f.start)
