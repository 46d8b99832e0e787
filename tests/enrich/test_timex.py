"""Dates and times mentioned in text, resolved against the publication date."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from warta.enrich.timex import find_dates
from warta.record import DateMention

WIB = timezone(timedelta(hours=7))
# A Thursday morning in Jakarta.
PUBLISHED = datetime(2026, 1, 22, 9, 15, tzinfo=WIB)


def _only(text: str, published: datetime | date | None = PUBLISHED) -> DateMention:
    found = find_dates(text, published)
    assert len(found) == 1, found
    mention = found[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


def test_weekday_and_full_numeric_date() -> None:
    text = "Rapat itu digelar pada Kamis (15/9/2022) di gedung DPR."
    mention = _only(text)
    assert mention.text == "Kamis (15/9/2022)" and mention.date == date(2022, 9, 15)


def test_full_date_resolves_without_publication_date() -> None:
    assert _only("Rapat digelar pada Kamis (15/9/2022).", None).date == date(2022, 9, 15)


def test_yearless_weekday_date_takes_year_from_publication() -> None:
    mention = _only("Gubernur meninjau lokasi banjir, Selasa (20/1).")
    assert mention.text == "Selasa (20/1)" and mention.date == date(2026, 1, 20)


def test_yearless_date_prefers_the_past_and_a_fitting_weekday() -> None:
    # Published 5 January 2026: 30 December is last week, not eleven months on.
    assert _only("Senin (29/12) lalu.", date(2026, 1, 5)).date == date(2025, 12, 29)
    # Four months ahead against eight back: a day ahead counts triple, so the past wins.
    assert _only("Acara digelar 20 Mei nanti.", date(2026, 1, 5)).date == date(2025, 5, 20)
    # The printed weekday outranks nearness: 1 January was a Wednesday in 2025, not 2026.
    assert _only("Rapat perdana, Rabu (1/1).", date(2026, 7, 1)).date == date(2025, 1, 1)
    # Without a publication date a year-less date is skipped.
    assert find_dates("Gubernur datang Selasa (20/1).", None) == []


@pytest.mark.parametrize(
    ("text", "want", "day"),
    [
        ("Kesepakatan diteken 15 September 2022 di Bali.", "15 September 2022", date(2022, 9, 15)),
        ("Pada Selasa, 20 Januari 2026 hujan turun.", "Selasa, 20 Januari 2026", date(2026, 1, 20)),
        ("Pelantikan dijadwalkan 20 Januari di Istana.", "20 Januari", date(2026, 1, 20)),
        ("Inflasi September 2022 naik.", "September 2022", date(2022, 9, 1)),
    ],
)
def test_calendar_dates(text: str, want: str, day: date) -> None:
    mention = _only(text)
    assert (mention.text, mention.date) == (want, day)


def test_clock_time_with_zone_on_the_day_of_its_sentence() -> None:
    text = "Gempa terjadi Senin (19/1) sekitar pukul 14.30 WIB. Warga panik pukul 09.00 WITA."
    found = find_dates(text, PUBLISHED)
    assert [m.text for m in found] == ["Senin (19/1)", "pukul 14.30 WIB", "pukul 09.00 WITA"]
    assert found[1].date == datetime(2026, 1, 19, 14, 30, tzinfo=timezone(timedelta(hours=7)))
    # No day in the second sentence: the publication day, in central Indonesian time.
    assert found[2].date == datetime(2026, 1, 22, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert _only("Kapal tiba pukul 06.45 WIT.").date.utcoffset() == timedelta(hours=9)  # type: ignore[union-attr]


def test_clock_time_attached_to_a_full_date_is_one_mention() -> None:
    mention = _only("Putusan dibacakan Kamis (15/9/2022) pukul 10.00 WIB.")
    assert mention.text == "Kamis (15/9/2022) pukul 10.00 WIB"
    assert mention.date == datetime(2022, 9, 15, 10, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    ("phrase", "day"),
    [
        ("kemarin", date(2026, 1, 21)),
        ("hari ini", date(2026, 1, 22)),
        ("besok", date(2026, 1, 23)),
        ("lusa", date(2026, 1, 24)),
        ("kemarin lusa", date(2026, 1, 20)),
        ("pekan lalu", date(2026, 1, 12)),  # Monday of last week
        ("minggu lalu", date(2026, 1, 12)),
        ("pekan depan", date(2026, 1, 26)),
        ("bulan lalu", date(2025, 12, 1)),
        ("tahun lalu", date(2025, 1, 1)),
        ("tahun depan", date(2027, 1, 1)),
        ("akhir 2024", date(2024, 12, 1)),
        ("awal 2025", date(2025, 1, 1)),
        ("pertengahan 2023", date(2023, 7, 1)),
        ("Senin lalu", date(2026, 1, 19)),
        ("Senin depan", date(2026, 1, 26)),
        ("dua hari lalu", date(2026, 1, 20)),
        ("3 tahun lalu", date(2023, 1, 22)),
    ],
)
def test_relative_expressions(phrase: str, day: date) -> None:
    mention = _only(f"Menurut warga, kejadian itu {phrase} menghebohkan kampung.")
    assert (mention.text, mention.date) == (phrase, day)


def test_bare_weekday_is_the_nearest_such_day() -> None:
    # From Thursday 22 January: Tuesday is two days back; Saturday two days ahead counts
    # as six, against five back, so it is last Saturday; Friday, tomorrow, counts as three.
    assert _only("Polisi menangkap pelaku pada Selasa.").date == date(2026, 1, 20)
    assert _only("Festival dibuka pada Sabtu.").date == date(2026, 1, 17)
    assert _only("Festival dibuka pada Jumat.").date == date(2026, 1, 23)


def test_relative_expressions_need_a_publication_date() -> None:
    assert find_dates("Kemarin hujan, dan pekan lalu juga, pada Senin.", None) == []
    assert _only("Proyek selesai akhir 2024, kata dia kemarin.", None).date == date(2024, 12, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Umat Islam merayakan Hari Raya Idulfitri bersama keluarga.",
        "Kantor itu berada di Jalan Merdeka nomor 5.",
        "Persib menang 15/9 dalam hitungan poin set itu.",
        "Rumahnya di Jalan 17 Agustus, Manado.",
        "Pak Minggu sedang memperbaiki perahunya.",
        "Dalam minggu terakhir, pasukan itu mundur dari beberapa minggu sebelumnya.",
        "Harga naik 14.30 persen dan stok tinggal 2.500 ton.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_dates(text, PUBLISHED) == []


def test_offsets_point_into_the_text() -> None:
    text = "Sebelumnya, pada Kamis (15/9/2022), ia datang. Kemarin ia pergi pukul 08.00 WIB."
    for mention in find_dates(text, PUBLISHED):
        assert text[mention.start : mention.end] == mention.text
