"""Caption and credit split."""

from __future__ import annotations

import pytest

from warta.extract.captions import split_credit, strip_bare_label


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "Protesters gather in the square. (Photo: Jane Roe/Reuters)",
            "Protesters gather in the square.",
            "Jane Roe/Reuters",
        ),
        (
            "Foto: Ilustrasi penodongan (Edi Wahyono/detikcom)",
            "Ilustrasi penodongan",
            "Edi Wahyono/detikcom",
        ),
        (
            "The old harbour at dawn. Photograph: John Doe/Getty Images",
            "The old harbour at dawn.",
            "John Doe/Getty Images",
        ),
        (
            "Suasana sidang di Jakarta. TRIBUNNEWS/Ridho Hendrikos",
            "Suasana sidang di Jakarta.",
            "TRIBUNNEWS/Ridho Hendrikos",
        ),
        (
            "Warga antre bantuan. ANTARA FOTO/Ahmad Subaidi",
            "Warga antre bantuan.",
            "ANTARA FOTO/Ahmad Subaidi",
        ),
        ("A quiet street. Credit: City Archive", "A quiet street.", "City Archive"),
        (
            "Heart Beat bikin Brandon terpukau ©KapanLagi.com®/M. Akrom Sukarya",
            "Heart Beat bikin Brandon terpukau",
            "©KapanLagi.com®/M. Akrom Sukarya",
        ),
        (
            "Calon jamaah haji diperiksa (Ilustrasi)",
            "Calon jamaah haji diperiksa (Ilustrasi)",
            None,
        ),
        ("Just a caption with no credit", "Just a caption with no credit", None),
        ("", None, None),
        ("Jason Cipriani/ZDNet", None, "Jason Cipriani/ZDNet"),
        (
            "A cargo ship leaves the port on Aug. 31, 2019. (AP)",
            "A cargo ship leaves the port on Aug. 31, 2019.",
            "AP",
        ),
        (
            "The lander on the Moon. Image courtesy of Blue Origin",
            "The lander on the Moon.",
            "Blue Origin",
        ),
        # A day written with slashes is part of the caption, not a 'Photo/Name' credit.
        (
            "Warga membersihkan lumpur di Baleendah, Senin (16/11/2026).",
            "Warga membersihkan lumpur di Baleendah, Senin (16/11/2026).",
            None,
        ),
        (
            "Warga antre di posko. Rabu (18/11/2026)",
            "Warga antre di posko. Rabu (18/11/2026)",
            None,
        ),
        ("Senin 16/11", "Senin 16/11", None),
        (
            "Warga antre di posko, Senin (16/11/2026). (ANTARA FOTO/Ahmad Subaidi)",
            "Warga antre di posko, Senin (16/11/2026).",
            "ANTARA FOTO/Ahmad Subaidi",
        ),
        (
            "Pengungsi di GOR Dayeuhkolot, Senin (16/11/2026). HarianPriangan.com/Rizki Maulana",
            "Pengungsi di GOR Dayeuhkolot, Senin (16/11/2026).",
            "HarianPriangan.com/Rizki Maulana",
        ),
        (
            "Suasana rapat di Balai Kota. KOMPAS.com/KRISTIANTO PURNOMO",
            "Suasana rapat di Balai Kota.",
            "KOMPAS.com/KRISTIANTO PURNOMO",
        ),
        (
            "Wali kota meninjau tanggul (Dok. Humas Pemkot Bandung)",
            "Wali kota meninjau tanggul",
            "Dok. Humas Pemkot Bandung",
        ),
        ("Dokter memeriksa pasien (Dokter Umum)", "Dokter memeriksa pasien (Dokter Umum)", None),
        (
            "Rafli Ardiansyah/Kevin Hutapea merayakan gelar juara.",
            "Rafli Ardiansyah/Kevin Hutapea merayakan gelar juara.",
            None,
        ),
    ],
)
def test_split_credit(text: str, caption: str | None, credit: str | None) -> None:
    assert split_credit(text) == (caption, credit)


def test_strip_bare_label() -> None:
    assert strip_bare_label("The harbour at dawn. Credit...") == "The harbour at dawn."
    assert strip_bare_label("The harbour at dawn.") == "The harbour at dawn."
