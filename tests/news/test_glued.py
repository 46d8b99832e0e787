"""Paragraphs glued across a lost break, split again (NOISE.md #19)."""

from __future__ import annotations

import pytest

from warta.news.glued import split_glued


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "Perusahaan itu menambang secara ilegal.Sebab, perusahaan tidak punya izin.",
            ["Perusahaan itu menambang secara ilegal.", "Sebab, perusahaan tidak punya izin."],
        ),
        ("Apa sebabnya?Polisi masih menyelidiki.", ["Apa sebabnya?", "Polisi masih menyelidiki."]),
        ("Hebat!Tim menang lagi.", ["Hebat!", "Tim menang lagi."]),
        ("Ia menunggu…Kemudian pergi.", ["Ia menunggu…", "Kemudian pergi."]),
        ("Pada 2022.Kemudian polisi datang.", ["Pada 2022.", "Kemudian polisi datang."]),
        ("Kata penyidik KPK.Sebab itu ditahan.", ["Kata penyidik KPK.", "Sebab itu ditahan."]),
        # A quotation that ends the paragraph, and one that opens the next.
        ('Ia menyebut "Teman".Dan ia tersenyum.', ['Ia menyebut "Teman".', "Dan ia tersenyum."]),
        ('"Kami siap," katanya.”Lalu ia pergi.', ['"Kami siap," katanya.”', "Lalu ia pergi."]),
        ('"Kami siap."Lalu ia pergi.', ['"Kami siap."', "Lalu ia pergi."]),
        ('Ia tiba."Kami senang," ujarnya.', ["Ia tiba.", '"Kami senang," ujarnya.']),
        ("Ia tiba.“Kami senang,” ujarnya.", ["Ia tiba.", "“Kami senang,” ujarnya."]),
        ("Satu.Dua.Tiga.", ["Satu.", "Dua.", "Tiga."]),
        # A date in brackets, not an address, before the full stop.
        ("Ia tiba Senin (15/2).Menurut dia.", ["Ia tiba Senin (15/2).", "Menurut dia."]),
    ],
)  # fmt: skip
def test_glued_breaks_are_split(text: str, pieces: list[str]) -> None:
    assert split_glued(text) == pieces


@pytest.mark.parametrize(
    "text",
    [
        "TRIBUNNEWS.COM, JAKARTA - Presiden tiba.",
        "Dikutip dari Kompas.com dan detik.com pada Senin.",
        "Seperti dilansir Tribunnews.Com kemarin.",
        "Pasukan A.S. tiba di pangkalan.",
        "Novel J.K.Rowling laris di Jakarta.",
        "Dr.Ahmad dan Prof.Budi tinggal di Jl.Sudirman, Kab.Bogor.",
        "Saham PT.Freeport naik 2,5 persen pada pukul 14.30 WIB.",
        "Kunjungi https://www.Example.Com/Berita.Html sekarang.",
        "Buka kompas.com/read.Html dan /berita.Html saja.",
        "Surel ke redaksi@Example.Id diterima.",
        "1.Pertama, siapkan dokumen.",
        "Kapolres AKBP.Budi memimpin apel.",
        "Angka 3.5 dan versi 2.0 tidak dipisah.",
        "Ini biasa saja. Sudah ada spasi.",
    ],
)
def test_dots_that_are_no_break_are_kept(text: str) -> None:
    assert split_glued(text) == [text]


def test_empty_and_blank_text_give_no_pieces() -> None:
    assert split_glued("") == [] and split_glued("   ") == []


def test_a_long_text_with_no_spaces_is_handled_in_linear_time() -> None:
    text = "a" * 200_000 + ".Bb" + "c." * 50_000 + "Dd"
    assert len(split_glued(text)) >= 1
