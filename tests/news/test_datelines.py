"""Datelines at the start of the first paragraph (NOISE.md #7, #8, #9)."""

from __future__ import annotations

import pytest

from warta.news.datelines import find_dateline, locate_dateline
from warta.record import Dateline

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("text", "place", "outlet", "prefix"),
    [
        ("TRIBUNKALTIM.CO - Dalam minggu terakhir", None, "TRIBUNKALTIM.CO", "TRIBUNKALTIM.CO - "),
        (
            "TRIBUNNEWS.COM, JAKARTA - Ketua DPR",
            "JAKARTA",
            "TRIBUNNEWS.COM",
            "TRIBUNNEWS.COM, JAKARTA - ",
        ),
        (
            "TRIBUNSOLO.COM, JAKARTA --Presiden",
            "JAKARTA",
            "TRIBUNSOLO.COM",
            "TRIBUNSOLO.COM, JAKARTA --",
        ),
        ("KUTA, KOMPAS.com — Penyerang anyar", "KUTA", "KOMPAS.com", "KUTA, KOMPAS.com — "),
        (
            "Mataram, NTB (ANTARA News) - Sebanyak 29 penerbangan",
            "Mataram, NTB",
            "ANTARA News",
            "Mataram, NTB (ANTARA News) - ",
        ),
        (
            "REPUBLIKA.CO.ID, JAKARTA - Aktris",
            "JAKARTA",
            "REPUBLIKA.CO.ID",
            "REPUBLIKA.CO.ID, JAKARTA - ",
        ),
        (
            "SURYA.co.id | LUMAJANG - Stadion",
            "LUMAJANG",
            "SURYA.co.id",
            "SURYA.co.id | LUMAJANG - ",
        ),
        (
            "Liputan6.com, Jakarta - Indonesia",
            "Jakarta",
            "Liputan6.com",
            "Liputan6.com, Jakarta - ",
        ),
        ("Jakarta - Galaxy S6 Edge", "Jakarta", None, "Jakarta - "),
        ("VIVA.co.id - Pianis cilik", None, "VIVA.co.id", "VIVA.co.id - "),
        (
            f"JAKARTA, KOMPAS.com{NBSP}-{NBSP}Menteri",
            "JAKARTA",
            "KOMPAS.com",
            f"JAKARTA, KOMPAS.com{NBSP}-{NBSP}",
        ),
        (
            "Jakarta, CNN Indonesia -- Presiden",
            "Jakarta",
            "CNN Indonesia",
            "Jakarta, CNN Indonesia -- ",
        ),
        (
            "Jakarta, KompasOtomotif – Tahun",
            "Jakarta",
            "KompasOtomotif",
            "Jakarta, KompasOtomotif – ",
        ),
        ("JAKARTA – Memiliki segudang", "JAKARTA", None, "JAKARTA – "),
    ],
)
def test_dateline_shapes(text: str, place: str | None, outlet: str | None, prefix: str) -> None:
    found = find_dateline(text)
    assert found is not None
    dateline, length = found
    assert dateline == Dateline(place=place, outlet=outlet)
    assert text[:length] == prefix


def test_a_paragraph_that_is_only_a_dateline() -> None:
    assert find_dateline("Jakarta -") == (Dateline("Jakarta", None), 9)


@pytest.mark.parametrize(
    "text",
    [
        "Presiden Joko Widodo - yang akrab disapa Jokowi - hadir.",
        "Paris - the city of light - was quiet.",
        "The president - who spoke late - left early.",
        "UPDATE - Gempa mengguncang Lombok.",
        "Meanwhile - Rain fell all day.",
        "Dalam minggu terakhir, Ukraina - menurut laporan - unggul.",
        "In 2020 - amid the pandemic - sales fell.",
    ],
)
def test_prose_with_a_dash_is_no_dateline(text: str) -> None:
    assert find_dateline(text) is None
    assert locate_dateline(text) is None


def test_section_label_glued_in_front() -> None:
    text = "Berita LumajangSURYA.co.id | LUMAJANG - Stadion Semeru"
    found = locate_dateline(text)
    assert found is not None
    assert found.section == "Berita Lumajang"
    assert found.dateline == Dateline("LUMAJANG", "SURYA.co.id")
    assert text[found.start : found.end] == "SURYA.co.id | LUMAJANG - "
    assert text[found.end :] == "Stadion Semeru"


def test_reporter_line_before_the_dateline() -> None:
    text = "Laporan wartawan Tribunnews.com, Fahdi Fahlevi TRIBUNNEWS.COM, JAKARTA - Ketua KPK"
    found = locate_dateline(text)
    assert found is not None
    assert found.reporter == "Laporan wartawan Tribunnews.com, Fahdi Fahlevi "
    assert found.dateline == Dateline("JAKARTA", "TRIBUNNEWS.COM")
    assert text[found.end :] == "Ketua KPK"


def test_a_dateline_is_only_looked_for_at_the_start() -> None:
    assert locate_dateline("Sebelumnya ia berkata bahwa KOMPAS.com - tidak") is None


@pytest.mark.parametrize(
    ("text", "place", "outlet", "rest"),
    [
        # Bold datelines whose dash the page left out: the place comes from the gazetteer.
        ("Liputan6.com, Jakarta London Love Story, film", "Jakarta", "Liputan6.com", "London"),
        ("Liputan6.com, Jakarta Selatan Warga antre", "Jakarta Selatan", "Liputan6.com", "Warga"),
        ("JAKARTA, KOMPAS.com Menteri Keuangan", "JAKARTA", "KOMPAS.com", "Menteri"),
        ("Surabaya, Tribunnews.com “Kami siap,” kata", "Surabaya", "Tribunnews.com", "“Kami"),
        ("Liputan6.com, Bandung", "Bandung", "Liputan6.com", ""),
    ],
)
def test_a_dateline_without_its_dash(text: str, place: str, outlet: str, rest: str) -> None:
    found = find_dateline(text)
    assert found is not None
    dateline, length = found
    assert dateline == Dateline(place=place, outlet=outlet)
    assert text[length:].split(" ", maxsplit=1)[0] == rest


@pytest.mark.parametrize(
    "text",
    [
        "Liputan6.com, Jakarta warga antre sejak pagi.",  # no capital after the place
        "Liputan6.com, Jakartaku Tercinta tayang malam ini.",  # not a place name
        "Liputan6.com, Kampung Rambutan Warga",  # a place the gazetteer does not know
        "Sementara itu, Kompas.com Jakarta mencoba menghubungi",  # prose, not a place
        "Presiden, Kompas.com Jakarta",
    ],
)
def test_no_dash_needs_a_known_place_and_a_sentence_start(text: str) -> None:
    assert find_dateline(text) is None
