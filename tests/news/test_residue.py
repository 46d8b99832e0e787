"""Image-address residue in scraped text (NOISE.md #18)."""

from __future__ import annotations

import pytest

from warta.news.residue import Residue, rebuild_url, split_residue

TRIBUN = (
    ":quality(30):format(webp):focal(0.5x0.5:0.5x0.5)/surya/foto/bank/originals/"
    "banjir-lumajang-123.jpg)"
)


def test_a_line_of_resizer_residue_becomes_a_path_fragment() -> None:
    kept, found = split_residue(TRIBUN)
    assert kept == ""
    assert found == [Residue(TRIBUN, "surya/foto/bank/originals/banjir-lumajang-123.jpg")]


def test_a_full_resizer_address_keeps_its_path_after_the_filters() -> None:
    token = "1200x675/filters:upscale():quality(30):format(webp)/bola/foto/a-b.webp"
    assert split_residue(token) == ("", [Residue(token, "bola/foto/a-b.webp")])


@pytest.mark.parametrize(
    ("token", "url"),
    [
        ("https://cdn.example.id/img/2024/01/a.JPG", "https://cdn.example.id/img/2024/01/a.JPG"),
        ("//img.example.id/a/b.png?w=300", "https://img.example.id/a/b.png?w=300"),
        ("https://r.example.id/unsafe/800x600/https://cdn.example.id/x/y.jpeg", "https://cdn.example.id/x/y.jpeg"),
        ("url(https://cdn.example.id/x/y.gif)", "https://cdn.example.id/x/y.gif"),
    ],
)  # fmt: skip
def test_bare_addresses_keep_the_best_url(token: str, url: str) -> None:
    kept, found = split_residue(token)
    assert kept == "" and [r.url for r in found] == [url]
    assert rebuild_url(token) == url


def test_several_addresses_on_one_line_are_all_taken() -> None:
    kept, found = split_residue("https://a.example.id/x/1.jpg https://a.example.id/x/2.jpg")
    assert kept == "" and len(found) == 2


def test_residue_after_a_sentence_is_cut_off() -> None:
    kept, found = split_residue("Banjir surut pada sore hari. https://cdn.example.id/foto/a/b.jpg")
    assert kept == "Banjir surut pada sore hari."
    assert [r.text for r in found] == ["https://cdn.example.id/foto/a/b.jpg"]


def test_residue_glued_to_a_sentence_is_cut_at_its_filter_chain() -> None:
    kept, found = split_residue("Banjir surut pada sore hari.:quality(30)/kaltim/foto/x.jpg)")
    assert kept == "Banjir surut pada sore hari."
    assert found[0].text == ":quality(30)/kaltim/foto/x.jpg)"
    assert found[0].url == "kaltim/foto/x.jpg"


def test_residue_glued_before_the_next_line_is_cut_off() -> None:
    kept, found = split_residue("https://cdn.example.id/foto/a.jpg)Berita Terkini")
    assert kept == "Berita Terkini"
    assert found[0].url == "https://cdn.example.id/foto/a.jpg"


@pytest.mark.parametrize(
    "line",
    [
        "Berkas foto.jpg dikirim lewat surel.",
        "Simpan di folder/foto.jpg",
        "Foto resmi ada di https://cdn.example.id/a/b.jpg.",
        "Lihat https://cdn.example.id/a/b.jpg untuk foto lengkapnya.",
        "Tidak ada alamat gambar di sini.",
    ],
)
def test_prose_that_mentions_an_image_file_is_kept(line: str) -> None:
    assert split_residue(line) == (line, [])
