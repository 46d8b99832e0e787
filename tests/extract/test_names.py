"""Byline strings to clean names: labels, lists, roles, affiliations and credits."""

from __future__ import annotations

import pytest

from warta.extract.names import dedupe, parse_byline, starts_with_label

SITE = frozenset({"kompas", "kompascom", "futurism", "cnn"})


@pytest.mark.parametrize(
    ("byline", "writers", "editors"),
    [
        ("By Jane Roe and John Doe", ["Jane Roe", "John Doe"], []),
        ("Penulis: Glery Lazuardi Editor: Willy Widianto", ["Glery Lazuardi"], ["Willy Widianto"]),
        ("Oleh : Maya Sofia", ["Maya Sofia"], []),
        ("Laporan wartawan Tribunnews.com, Fahdi Fahlevi", ["Fahdi Fahlevi"], []),
        ("Penulis : Kontributor Lhokseumawe, Masriadi", ["Masriadi"], []),
        ("By TOM KRISHER, AP Auto Writer", ["TOM KRISHER"], []),
        ("Paul Takahashi, Staff writer", ["Paul Takahashi"], []),
        ("Amy Kuperinsky | NJ Advance Media", ["Amy Kuperinsky"], []),
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"], []),
        ("Rachael Link, MS, RD", ["Rachael Link"], []),
        ("Victor Tangermann, Futurism", ["Victor Tangermann"], []),
        ("Ani Budi dan Citra Dewi; Eko Putra", ["Ani Budi", "Citra Dewi", "Eko Putra"], []),
        ("Dewi Kania Jurnalis", ["Dewi Kania"], []),
        ("Jane Roe (jane.roe@example.com)", ["Jane Roe"], []),
    ],
)
def test_parse_byline(byline: str, writers: list[str], editors: list[str]) -> None:
    assert parse_byline(byline, SITE) == (writers, editors)


@pytest.mark.parametrize(
    "byline",
    [
        "Photo by John Doe",
        "Foto: Edi Wahyono",
        "Fotografer: Agus Susanto",
        "Kompas Cyber Media",
        "KOMPAS.com",
        "https://www.facebook.com/someone",
        "Staff Reports",
        "HNN Staff",
        "admin",
        "12 March 2019",
        "Share Tweet Submit",
    ],
)
def test_not_a_writer(byline: str) -> None:
    assert parse_byline(byline, SITE)[0] == []


def test_photographer_credit_dropped_writer_kept() -> None:
    assert parse_byline("By Jane Roe. Photographs by John Doe", SITE) == (["Jane Roe"], [])


def test_dedupe_is_case_insensitive_and_keeps_order() -> None:
    assert dedupe(["Jane Roe", "JANE ROE", "John Doe"]) == ["Jane Roe", "John Doe"]


def test_starts_with_label() -> None:
    assert starts_with_label("Editor : Bayu Galih")
    assert not starts_with_label("Foto: Reuters")
    assert not starts_with_label("JAKARTA - Body text")


@pytest.mark.parametrize(
    ("byline", "writers"),
    [
        ("Текст: Венера Ерофеева", ["Венера Ерофеева"]),
        ("Por María García", ["María García"]),
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("Jeff Foust Monday", ["Jeff Foust"]),
        ("Tom Gillespie News", ["Tom Gillespie"]),
        ("Follow the", []),
        ("The Russian and Syrian defense ministries", []),
        ("Associated Press", ["Associated Press"]),
    ],
)
def test_other_languages_and_template_leftovers(byline: str, writers: list[str]) -> None:
    assert parse_byline(byline, SITE)[0] == writers


def test_share_buttons_beside_a_byline_are_no_name() -> None:
    assert parse_byline("By Nathan Birch, Share Tweet Submit", SITE) == (["Nathan Birch"], [])
