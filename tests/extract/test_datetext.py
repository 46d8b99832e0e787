"""Dates written as text: Indonesian and English bylines, European month names, ISO, URLs."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from warta.extract.datetext import (
    date_from_url,
    find_dates,
    parse_date_text,
    parse_date_value,
)

WIB = timezone(timedelta(hours=7))
REF = datetime(2026, 1, 21, 12, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selasa, 20 Januari 2026 18:33 WIB", "2026-01-20T18:33:00+07:00"),
        ("Kamis, 15 September 2022 | 10:05 WITA", "2022-09-15T10:05:00+08:00"),
        ("Jumat, 16 Desember 2022 pukul 09.15 WIT", "2022-12-16T09:15:00+09:00"),
        ("Kompas.com - 16/09/2022, 10:05 WIB", "2022-09-16T10:05:00+07:00"),
        ("Kamis, 5 November 2015 - 15:56 wib", "2015-11-05T15:56:00+07:00"),
        ("on 16 Feb 2016 at 09:10 WIB", "2016-02-16T09:10:00+07:00"),
        ("Rabu, 17 Agt 2022 07:00 WIB", "2022-08-17T07:00:00+07:00"),
        ("1 Okt 2021 23:59 WIB", "2021-10-01T23:59:00+07:00"),
        ("Published November 19, 2019 5:23 PM ET", "2019-11-19T17:23:00-05:00"),
        ("Updated: Nov. 19, 2019 at 5:23 p.m. ET", "2019-11-19T17:23:00-05:00"),
        ("19 Nov 2019 17:23 GMT", "2019-11-19T17:23:00+00:00"),
        ("Wednesday, 04 November, 2015 |  07:28 WIB", "2015-11-04T07:28:00+07:00"),
        ("19th November 2019, 12:05 am IST", "2019-11-19T00:05:00+05:30"),
        ("16 Sep 2022 10:05 GMT+7", "2022-09-16T10:05:00+07:00"),
        ("Sept. 16, 2022, 10:05 a.m. (UTC+8)", "2022-09-16T10:05:00+08:00"),
        ("2016-02-16T13:01:52+0700", "2016-02-16T13:01:52+07:00"),
        ("2016-02-16T02:10:56.123Z", "2016-02-16T02:10:56+00:00"),
        ("2015-11-05 T10:08:58Z", "2015-11-05T10:08:58+00:00"),
        ("10:05 WIB, 16 September 2022", "2022-09-16T10:05:00+07:00"),
        ("pukul 14.30 WITA, Kamis (15/9/2022)", "2022-09-15T14:30:00+08:00"),
    ],
)
def test_zoned_date_times(text: str, expected: str) -> None:
    value = parse_date_text(text)
    assert isinstance(value, datetime)
    assert value.isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16. September 2022 um 10:05 Uhr", "2022-09-16T10:05:00"),
        ("le 16 septembre 2022 à 14h30", "2022-09-16T14:30:00"),
        ("16 de septiembre de 2022 a las 10:05", "2022-09-16T10:05:00"),
        ("16 de setembro de 2022 às 10:05", "2022-09-16T10:05:00"),
        ("16 settembre 2022 alle 10:05", "2022-09-16T10:05:00"),
        ("16 maart 2022 om 10:05", "2022-03-16T10:05:00"),
        ("3. März 2021, 8:00", "2021-03-03T08:00:00"),
        ("Senin, 19/06/2015 14:30", "2015-06-19T14:30:00"),
        ("2017-02-17 13:30:08", "2017-02-17T13:30:08"),
    ],
)
def test_times_without_a_zone_stay_naive(text: str, expected: str) -> None:
    value = parse_date_text(text)
    assert isinstance(value, datetime)
    assert value.tzinfo is None
    assert value.isoformat() == expected


def test_default_zone_applies_only_when_the_text_names_none() -> None:
    assert parse_date_text("19/06/2015 14:30", default_zone=WIB) == datetime(
        2015, 6, 19, 14, 30, tzinfo=WIB
    )
    stated = parse_date_text("19/06/2015 14:30 WITA", default_zone=WIB)
    assert isinstance(stated, datetime)
    assert stated.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kamis (15/9/2022)", date(2022, 9, 15)),
        ("Selasa, 16 Februari 2016", date(2016, 2, 16)),
        ("Jumat, 20 Jumadil Awwal 1438 / 17 February 2017", date(2017, 2, 17)),
        ("16-Sep-2022", date(2022, 9, 16)),
        ("2022/09/16", date(2022, 9, 16)),
        ("16.09.2022", date(2022, 9, 16)),
        ("16/09/22", date(2022, 9, 16)),
        ("1 Mei 2020", date(2020, 5, 1)),
        ("17 Agustus 1945", date(1945, 8, 17)),
        ("31 Desember 2023", date(2023, 12, 31)),
        ("5 Nopember 2015", date(2015, 11, 5)),
        ("7 Ogos 2019", date(2019, 8, 7)),
        ("12 décembre 2020", date(2020, 12, 12)),
    ],
)
def test_date_only_text_gives_a_date(text: str, expected: date) -> None:
    value = parse_date_text(text)
    assert type(value) is date
    assert value == expected


def test_numeric_order_day_first_unless_told_otherwise() -> None:
    assert parse_date_text("05/11/2015") == date(2015, 11, 5)
    assert parse_date_text("05/11/2015", day_first=False) == date(2015, 5, 11)
    # An impossible month overrules the page's order either way.
    assert parse_date_text("12/25/2019") == date(2019, 12, 25)
    assert parse_date_text("25/12/2019", day_first=False) == date(2019, 12, 25)


def test_printed_weekday_settles_an_ambiguous_numeric_date() -> None:
    # 5 November 2015 was a Thursday (Kamis); 11 May 2015 a Monday.
    assert parse_date_text("Kamis, 05/11/2015", day_first=False) == date(2015, 11, 5)
    assert parse_date_text("Monday, 05/11/2015") == date(2015, 5, 11)


def test_eastern_zone_words_follow_daylight_saving() -> None:
    summer = parse_date_text("July 1, 2022 10:00 ET")
    winter = parse_date_text("January 15, 2022 10:00 ET")
    assert isinstance(summer, datetime) and isinstance(winter, datetime)
    assert summer.utcoffset() == timedelta(hours=-4)
    assert winter.utcoffset() == timedelta(hours=-5)


def test_lower_case_words_are_not_zones() -> None:
    # 'et' is French for 'and'; only WIB/WITA/WIT are accepted in lower case.
    value = parse_date_text("16 septembre 2022 à 14h30 et demain")
    assert isinstance(value, datetime)
    assert value.tzinfo is None


@pytest.mark.parametrize(
    "text",
    [
        "Rp 1.000.000",
        "5.713 views",
        "COPYRIGHT © ANTARA 2015",
        "versi 3.12.1",
        "skor 2-1 di menit 90",
        "32 May be",
        "31 Februari 2022",
        "",
    ],
)
def test_non_dates_give_nothing(text: str) -> None:
    assert parse_date_text(text) is None


def test_find_dates_reports_spans_and_zoned_flags() -> None:
    text = "Kompas.com - 16/09/2022, 10:05 WIB Diperbarui 16/09/2022, 12:00"
    found = find_dates(text)
    assert [text[m.start : m.end] for m in found] == [
        "16/09/2022, 10:05 WIB",
        "16/09/2022, 12:00",
    ]
    assert [m.zoned for m in found] == [True, False]
    assert all(m.has_time for m in found)


def test_year_less_and_relative_dates_need_a_reference() -> None:
    assert find_dates("Selasa (20/1) lalu") == []
    assert parse_date_text("Selasa (20/1) lalu", reference=REF) == date(2026, 1, 20)
    assert parse_date_text("sejak 20 Januari", reference=REF) == date(2026, 1, 20)
    # The year is the one nearest the reference: December in a January article is last year.
    assert parse_date_text("pada 28 Desember", reference=REF) == date(2025, 12, 28)
    assert parse_date_text("kemarin", reference=REF) == date(2026, 1, 20)
    assert parse_date_text("two days ago", reference=REF) is None
    assert parse_date_text("2 days ago", reference=REF) == date(2026, 1, 19)
    assert parse_date_text("3 jam yang lalu", reference=REF) == REF - timedelta(hours=3)
    assert parse_date_text("pekan lalu", reference=REF) == date(2026, 1, 14)


def test_year_less_month_words_must_be_capitalised() -> None:
    assert parse_date_text("they may 3 times", reference=REF) is None
    # Nearest to 21 January 2026: May 2026 (102 days) rather than May 2025 (263 days).
    assert parse_date_text("on May 3", reference=REF) == date(2026, 5, 3)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://nasional.kompas.com/read/2022/09/16/10050011/judul", date(2022, 9, 16)),
        ("https://www.politifact.com/article/2019/nov/18/slug/", date(2019, 11, 18)),
        ("https://example.id/berita/2022-09-16/judul", date(2022, 9, 16)),
        ("https://example.id/judul-berita-20220916-123", date(2022, 9, 16)),
        ("https://example.id/20220916/judul", date(2022, 9, 16)),
        ("https://www.antaranews.com/berita/527615/judul", None),
        ("https://example.com/2019/11/slug", None),
        ("https://example.com/p/20221399/x", None),
        ("https://example.com/story?date=2022-09-16", None),
    ],
)
def test_date_from_url(url: str, expected: date | None) -> None:
    assert date_from_url(url) == expected


@pytest.mark.parametrize(
    ("value", "expected", "zoned"),
    [
        ("2022-09-16T10:05:00+07:00", "2022-09-16T10:05:00+07:00", True),
        ("2022-09-16 10:05:00", "2022-09-16T10:05:00", False),
        ("2022-09-16", "2022-09-16", True),
        ("1663297500", "2022-09-16T03:05:00+00:00", True),
        ("1663297500000", "2022-09-16T03:05:00+00:00", True),
        ("2015-11-05 T10:08:58Z", "2015-11-05T10:08:58+00:00", True),
        ("Selasa, 20 Januari 2026 18:33 WIB", "2026-01-20T18:33:00+07:00", True),
    ],
)
def test_parse_date_value(value: str, expected: str, zoned: bool) -> None:
    found = parse_date_value(value)
    assert found is not None
    assert (found[0].isoformat(), found[1]) == (expected, zoned)
    assert parse_date_value("not a date") is None
