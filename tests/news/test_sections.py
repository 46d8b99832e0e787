"""Section normalisation: outlets' own labels and addresses to the shared sections."""

from __future__ import annotations

import pytest

from warta.news.sections import normalise_section, section_map, section_order


@pytest.mark.parametrize(
    ("label", "section"),
    [
        ("Berita Internasional Terkini", "Internasional"),
        ("Dunia", "Internasional"),
        ("World", "Internasional"),
        ("Global", "Internasional"),
        ("Luar Negeri", "Internasional"),
        ("Bisnis", "Ekonomi"),
        ("Money", "Ekonomi"),
        ("Finance", "Ekonomi"),
        ("Bola", "Olahraga"),
        ("Sport", "Olahraga"),
        ("Sports", "Olahraga"),
        ("Tekno", "Teknologi"),
        ("Tech", "Teknologi"),
        ("Seleb", "Hiburan"),
        ("Showbiz", "Hiburan"),
        ("Entertainment", "Hiburan"),
        ("Daerah", "Regional"),
        ("Regional", "Regional"),
        ("Surabaya", "Regional"),
        ("Nasional", "Nasional"),
        ("Politik", "Politik"),
        ("Hukum & Kriminal", "Hukum"),
        ("Sains", "Sains"),
        ("Opini", "Opini"),
        ("Kesehatan", "Kesehatan"),
        ("Otomotif", "Otomotif"),
        ("Gaya Hidup", "Gaya Hidup"),
        ("  lifestyle ", "Gaya Hidup"),
        # The longest phrase wins, then the more specific section.
        ("Sepak Bola Internasional", "Olahraga"),
        ("Bola Dunia", "Olahraga"),
        ("Tajuk Utama", "Nasional"),
        ("Tajuk Rencana", "Opini"),
        ("Berita Ekonomi Nasional", "Ekonomi"),
        # A breadcrumb is read from its most specific end.
        ("News > Dunia", "Internasional"),
        ("Home / Bola / Liga Inggris", "Olahraga"),
        ("Berita Terkini", "Lainnya"),
        ("Zodiak Mingguan Xyz", "Gaya Hidup"),
        ("Qwerty", "Lainnya"),
    ],
)
def test_labels(label: str, section: str) -> None:
    assert normalise_section(label) == section


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("https://bola.kompas.com/read/2024/01/02/123/persija-menang", "Olahraga"),
        ("https://money.kompas.com/read/2024/01/02/abc", "Ekonomi"),
        ("https://news.detik.com/internasional/d-7123456/abc-def-ghi", "Internasional"),
        ("https://hot.detik.com/celeb/d-1/x-y-z", "Hiburan"),
        ("https://www.cnnindonesia.com/ekonomi/20240102-1/harga-bola-lampu-naik", "Ekonomi"),
        ("https://surabaya.tribunnews.com/2024/01/01/banjir", "Regional"),
        ("https://www.bbc.co.uk/news/world/asia-123", "Internasional"),
        # An article's slug is not a section, even when it holds a section word.
        ("https://example.id/harga-bola-lampu-naik", "Lainnya"),
        ("not a url at all", "Lainnya"),
    ],
)
def test_addresses(url: str, section: str) -> None:
    assert normalise_section(None, url) == section


def test_the_label_decides_before_the_address() -> None:
    assert normalise_section("Dunia", "https://bola.kompas.com/x") == "Internasional"
    assert normalise_section("Qwerty", "https://bola.kompas.com/x") == "Olahraga"


def test_nothing_to_go_on_is_none() -> None:
    assert normalise_section(None) is None
    assert normalise_section("   ", None) is None


def test_every_section_is_in_the_fixed_order() -> None:
    order = section_order()
    assert order[-1] == "Lainnya"
    assert set(section_map().names) | {"Lainnya"} == set(order)
    assert len(order) == len(set(order)) == 15
