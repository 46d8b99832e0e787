"""Relative and period expressions of Indonesian news text, resolved against a reference day.

Two kinds of expression are told apart, and they resolve differently on purpose:

- a *distance* ('dua hari lalu', '3 tahun lalu', 'sepekan lagi') is a point in time: the
  reference day moved by that much ('3 bulan lalu' from 31 May is 28 February);
- a *period* ('pekan lalu', 'bulan depan', 'tahun ini', 'akhir 2024', 'September 2022')
  is a stretch of the calendar, and resolves to the first day of that stretch: a week starts
  on Monday (the Indonesian working week), a month on its 1st, a year on 1 January.
  'awal'/'pertengahan'/'akhir' of a year are its first, middle and last month (1 January,
  1 July, 1 December); of a month they are its first, second and last dasarian (the 1st,
  11th and 21st: the ten-day split BMKG and Indonesian reports use).

A bare weekday ('pada Senin') is the nearest such day, but a day ahead counts three times
as far as a day back, because news mostly reports what happened (', kata Budi, Kamis.'):
from a Tuesday, 'Kamis' is last Thursday (5 days back against 2*3 ahead) and 'Rabu'
tomorrow (6 back, 1*3 ahead). The same weight picks the year of a year-less date, so a
date up to three months ahead stays in the future and one further ahead is read as past.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from warta.extract.datetext import MONTHS, WEEKDAYS

__all__ = [
    "DAY_WORDS",
    "FUTURE_WEIGHT",
    "NAME_BEFORE",
    "RELATIVE",
    "day_level",
    "nearest",
    "opens_sentence",
    "resolve",
    "shift_months",
]

#: How much farther a day ahead of publication counts than a day back (see module doc).
#: At 2, IndoSum-style datelines (', kata X, Kamis.' in a Tuesday story) went to the
#: coming Thursday; at 3 only the next day or two (weekdays) or three months (dates) ahead.
FUTURE_WEIGHT = 3

_NUMBERS = {"satu": 1, "se": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6,
            "tujuh": 7, "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11}  # fmt: skip
_WORD_DAYS = {"kemarin lusa": -2, "kemarin": -1, "hari ini": 0, "besok": 1, "lusa": 2}
# Which way a period or distance word points: -1 back, +1 ahead, 0 the current one.
_DIRECTION = {"lalu": -1, "silam": -1, "kemarin": -1, "depan": 1, "mendatang": 1, "lagi": 1,
              "ke depan": 1, "ini": 0}  # fmt: skip
_EDGE_MONTH = {"awal": 1, "pertengahan": 7, "akhir": 12}
_EDGE_DAY = {"awal": 1, "pertengahan": 11, "akhir": 21}


def _cased(words: list[str]) -> str:
    """A case-sensitive alternation accepting each word in lower case or capitalised: the
    pattern runs over whole articles, and case-insensitive matching made it 3x slower."""
    words = sorted(words, key=len, reverse=True)
    return "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in words)


#: Weekday names (capitalised: in lower case 'minggu' is a week) from the extractor's table,
#: without the short forms ('sat', 'sun', 'wed'), which are plain English words too.
DAY_WORDS = "|".join(
    re.escape(w.capitalize()) for w in sorted(WEEKDAYS, key=len, reverse=True) if len(w) >= 4
)
_NUM = _cased([w for w in _NUMBERS if w != "se"])
_UNIT = r"hari|pekan|minggu|bulan|tahun"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
# A month is any capitalised word, checked against the table afterwards: an alternation of
# the ~100 month names the extractor knows made this scan ten times slower.
_MONTH_WORD = r"[A-Z][a-z]{2,9}"

#: Every relative or period expression; a match is resolved by :func:`resolve`.
RELATIVE = re.compile(
    rf"""\b(?:
      (?P<word>{_cased(["kemarin lusa", "kemarin", "hari ini", "besok", "lusa"])})
    | (?P<unit>{_cased(_UNIT.split("|"))})\s+(?P<dir>lalu|kemarin|depan|mendatang|ini)
    | (?P<edge>{_cased(["awal", "pertengahan", "akhir"])})\s+(?:tahun\s+(?P<erel>ini|lalu|depan)
        |(?P<eyear>{_YEAR})|(?P<emonth>{_MONTH_WORD})(?:\s+(?P<emy>{_YEAR}))?)
    | (?:(?P<n>\d{{1,3}}|{_NUM})\s*|[Ss]e)(?P<nunit>{_UNIT}|jam|menit)\s+(?:yang\s+)?
        (?P<ndir>lalu|silam|lagi|mendatang|ke\s+depan)
    | (?P<month>{_MONTH_WORD})\s+(?P<year>{_YEAR})
    | (?P<wd>{DAY_WORDS})(?:\s+(?P<wdir>lalu|kemarin|depan|mendatang|ini))?
    )\b""",
    re.VERBOSE,
)
# Words before a capitalised weekday or a day number that make it part of a name or a street
# ('Jalan 17 Agustus', 'Pak Minggu'), not a date.
NAME_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:Jalan|Jl|Gang|Gg|Pasar|Desa|Kampung|Pak|Bapak|Bu|Ibu|Mas|Mbak|Bung|Kak"
    r"|Tuan|Nyonya|Saudara|Sdr|Sdri)\.?\s*$"
)
_CAPITALISED_NEXT = re.compile(r"\s+[A-Z][a-z]")
_CAPITALISED_PREV = re.compile(r"(?<![^\W\d_])(?!Hari|Pada|Sejak|Setiap|Tiap)[A-Z][a-z]+ $")


def resolve(m: re.Match[str], ref: date | None, now: datetime | None = None) -> date | None:
    """The day a :data:`RELATIVE` match names, counted from ``ref``; None when the match
    is no date after all (a capitalised 'Minggu' that is a name, a lower-case month word)
    or needs a reference day and ``ref`` is None ('September 2022' and 'akhir 2024' do not).
    '3 jam yang lalu' is a ``datetime`` counted back from ``now``, and None without it."""
    g = m.groupdict()
    if g["month"]:
        month = _month_number(g["month"])
        return date(int(g["year"]), month, 1) if month else None
    if g["edge"] and (g["eyear"] or g["emy"]):
        return _edge(g, date.min)
    return None if ref is None else _relative_to(m, g, ref, now)


def _relative_to(
    m: re.Match[str], g: dict[str, str | None], ref: date, now: datetime | None
) -> date | None:
    """:func:`resolve` for the expressions that need a reference day."""
    if g["word"]:
        return ref + timedelta(days=_WORD_DAYS[" ".join(g["word"].lower().split())])
    if g["unit"]:
        return _period(m, ref)
    if g["edge"]:
        return _edge(g, ref)
    if g["nunit"]:
        return _distance(g, ref, now)
    return _weekday(m, ref)


def day_level(m: re.Match[str]) -> bool:
    """Whether a :data:`RELATIVE` match names one day ('kemarin', 'Senin lalu', 'dua hari
    lalu') rather than a week, month or year: only a day can carry a clock time."""
    return bool(m.group("word") or m.group("wd") or (m.group("nunit") or "").lower() == "hari")


def nearest(options: list[date], ref: date) -> date | None:
    """The option nearest ``ref``, a day ahead weighing :data:`FUTURE_WEIGHT` days back."""

    def cost(d: date) -> int:
        days = (d - ref).days
        return days * FUTURE_WEIGHT if days > 0 else -days

    return min(options, key=cost, default=None)


def shift_months(day: date, months: int) -> date:
    """``day`` moved by whole months, its day of month clamped to the new month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for dom in range(day.day, 27, -1):  # 31, 30, 29, 28: the first that exists
        try:
            return date(year, month + 1, dom)
        except ValueError:
            continue
    return date(year, month + 1, min(day.day, 28))


def _period(m: re.Match[str], ref: date) -> date | None:
    """'pekan lalu', 'bulan depan', 'tahun ini': the first day of that period."""
    unit, shift = m.group("unit").lower(), _DIRECTION[m.group("dir").lower()]
    if unit == "minggu" and m.group("unit")[0] == "M" and not _at_sentence_start(m):
        return _weekday(m, ref)  # 'pada Minggu lalu' is last Sunday, not last week
    if unit in ("pekan", "minggu"):
        return ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
    if unit == "bulan":
        return shift_months(ref.replace(day=1), shift)
    if unit == "tahun":
        return date(ref.year + shift, 1, 1)
    return None  # 'hari lalu' without a number


def _edge(g: dict[str, str | None], ref: date) -> date | None:
    """'akhir 2024', 'awal tahun depan', 'pertengahan September 2022', 'akhir Januari'."""
    edge = (g["edge"] or "").lower()
    if g["emonth"]:
        month = _month_number(g["emonth"])
        if not month:
            return None
        if g["emy"]:
            return date(int(g["emy"]), month, _EDGE_DAY[edge])
        options = [date(y, month, _EDGE_DAY[edge]) for y in (ref.year - 1, ref.year, ref.year + 1)]
        return nearest(options, ref)
    year = int(g["eyear"]) if g["eyear"] else ref.year + _DIRECTION[(g["erel"] or "").lower()]
    return date(year, _EDGE_MONTH[edge], 1)


def _distance(g: dict[str, str | None], ref: date, now: datetime | None) -> date | None:
    """'dua hari lalu', '3 tahun lalu', 'sepekan lagi': ``ref`` moved by that much; hours
    and minutes move ``now``, the publication time."""
    n = g["n"]
    count = int(n) if n and n.isdigit() else _NUMBERS.get((n or "se").lower(), 1)
    sign = _DIRECTION[" ".join((g["ndir"] or "").lower().split())]
    unit = (g["nunit"] or "").lower()
    if unit in ("jam", "menit"):
        minutes = count * (60 if unit == "jam" else 1)
        return None if now is None else now + timedelta(minutes=sign * minutes)
    if unit == "hari":
        return ref + timedelta(days=sign * count)
    if unit in ("pekan", "minggu"):
        return ref + timedelta(weeks=sign * count)
    return shift_months(ref, sign * count * (12 if unit == "tahun" else 1))


def _weekday(m: re.Match[str], ref: date) -> date | None:
    """'Senin lalu', 'Senin depan', 'Senin ini' or a bare 'Senin' (see the module doc)."""
    word = m.group("wd") or m.group("unit")
    direction = (m.group("wdir") or m.group("dir") or "").lower()
    if not word[0].isupper() or _is_name(m):
        return None  # 'minggu' in lower case is a week; 'Pak Minggu' is a man
    target = WEEKDAYS[word.lower()]
    back = (ref.weekday() - target) % 7
    if direction in ("lalu", "kemarin"):
        return ref - timedelta(days=back or 7)
    if direction in ("depan", "mendatang"):
        return ref + timedelta(days=(-back) % 7 or 7)
    if direction == "ini":
        return ref - timedelta(days=ref.weekday()) + timedelta(days=target)
    return nearest([ref - timedelta(days=back), ref + timedelta(days=(-back) % 7)], ref)


def _is_name(m: re.Match[str]) -> bool:
    """Whether a capitalised weekday sits inside a name: 'Budi Minggu', 'Minggu Sitorus',
    'Jalan Sabtu'. A capitalised word right before counts unless it opens the sentence."""
    text, start = m.string, m.start()
    before = text[max(0, start - 30) : start]
    if NAME_BEFORE.search(before):
        return True
    prev = _CAPITALISED_PREV.search(before)
    if prev is not None and not opens_sentence(text, start - len(before) + prev.start()):
        return True
    return m.group("wdir") is None and _CAPITALISED_NEXT.match(text, m.end()) is not None


def _at_sentence_start(m: re.Match[str]) -> bool:
    return opens_sentence(m.string, m.start())


def opens_sentence(text: str, pos: int) -> bool:
    """Whether the word at ``pos`` opens a sentence: only spaces and opening quotes lie
    between it and the start of the text or a full stop, colon or line break."""
    i = pos - 1
    while i >= 0 and text[i] in ' \t"“‘(':
        i -= 1
    return i < 0 or text[i] in ".!?:\n"


def _month_number(word: str) -> int | None:
    """A month name's number; capitalised only, since 'mei', 'des', 'set' are words too."""
    return MONTHS.get(word.lower()) if word[0].isupper() else None
