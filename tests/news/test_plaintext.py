"""Plain-text mode: structure recovered from text a scraper left (issue 3, item 8)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from warta.news.plaintext import (
    extract_text,
    extract_text_document,
    looks_indonesian,
    normalise_text,
    split_header,
)

SEED = "000_51c6f78b63b93dbc"
BODY = [
    "Hujan deras sejak Minggu pagi membuat sungai di kota itu meluap dan merendam rumah warga.",
    "Petugas mengatakan bahwa air mulai surut pada sore hari karena pintu air sudah dibuka.",
    "Warga yang mengungsi akan kembali ke rumah mereka setelah lumpur dibersihkan.",
]


def _story(*header: str, dateline: str = "KABARNUSA.ID, BOGOR - ") -> str:
    return "\n".join([*header, dateline + BODY[0], *BODY[1:]])


def _texts(record: dict[str, Any], name: str) -> list[Any]:
    return [item["title" if name == "related" else "text"] for item in record[name]]


def test_seed(shared_dir: Path) -> None:
    """The issue's target: the seed article gives exactly the expected structure."""
    text = (shared_dir / "examples" / f"{SEED}.txt").read_text(encoding="utf-8")
    want = json.loads((shared_dir / "examples" / f"{SEED}.expected.json").read_text("utf-8"))
    got = extract_text(text, source=f"{SEED}.txt").to_dict()
    for name in ("section", "title", "lead", "dateline", "outlet", "language"):
        assert got[name] == want[name], name
    assert [p["text"] for p in got["paragraphs"]] == want["paragraphs"]
    assert len(got["paragraphs"]) == 15
    assert [r["title"] for r in got["related"]] == [r["title"] for r in want["related"]]
    fragments = [i["url_fragment"] for i in want["images"]]
    assert len(got["images"]) == len(fragments)
    assert all(f in image["url"] for f, image in zip(fragments, got["images"], strict=True))
    assert got["attributions"] == want["attributions"]
    assert [r["kind"] for r in got["removed"]] == [r["kind"] for r in want["removed"]]
    residue = want["removed"][-1]
    assert got["removed"][-1] == residue
    assert got["provenance"]["mode"] == "text"


def test_header_before_a_dateline_gives_section_title_and_lead() -> None:
    text = _story(
        "Berita Daerah",
        "Banjir Rendam Ratusan Rumah di Bogor, Warga Mengungsi ke Masjid",
        "Ratusan rumah terendam setelah hujan deras mengguyur kota sejak pagi hari.",
    )
    article = extract_text(text)
    assert article.section == "Berita Daerah"
    assert article.title == "Banjir Rendam Ratusan Rumah di Bogor, Warga Mengungsi ke Masjid"
    assert article.lead.startswith("Ratusan rumah terendam")
    assert [p.text for p in article.paragraphs] == BODY
    assert article.provenance["title"] == "text:headline-line"
    assert article.provenance["lead"] == "text:deck-line"


def test_a_date_line_under_the_title_gives_the_publication_time() -> None:
    line = "Kamis, 15 September 2022 10:05 WITA"
    article = extract_text(
        _story(
            "Banjir Rendam Ratusan Rumah di Bogor",
            line,
            "Ratusan rumah terendam sejak pagi hari ini.",
        )
    )
    assert article.title == "Banjir Rendam Ratusan Rumah di Bogor"
    assert article.lead == "Ratusan rumah terendam sejak pagi hari ini."
    assert article.published == datetime(2022, 9, 15, 10, 5, tzinfo=timezone(timedelta(hours=8)))
    assert article.provenance["published"] == "text:date-line"
    assert [r.kind for r in article.removed] == ["date-line", "dateline"]
    assert article.removed[0].text == line


def test_a_naive_indonesian_date_line_is_read_in_wib() -> None:
    text = "Harga Cabai Naik Lagi\nSenin, 19/06/2015 14:30\nHarga naik.\nPedagang mengeluh."
    article = extract_text(text)
    assert article.published == datetime(2015, 6, 19, 14, 30, tzinfo=timezone(timedelta(hours=7)))
    assert [p.text for p in article.paragraphs] == ["Harga naik.", "Pedagang mengeluh."]


def test_a_headline_that_starts_like_a_place_dateline_is_still_the_title() -> None:
    article = extract_text("Jakarta - Bandung Macet Total Jelang Libur\n" + "\n".join(BODY))
    assert article.title == "Jakarta - Bandung Macet Total Jelang Libur"
    assert article.dateline is None and [p.text for p in article.paragraphs] == BODY


def test_title_without_a_section_or_a_lead() -> None:
    article = extract_text(_story("Banjir Rendam Ratusan Rumah di Bogor"))
    assert (article.section, article.lead) == (None, None)
    assert article.title == "Banjir Rendam Ratusan Rumah di Bogor"
    assert len(article.paragraphs) == 3


def test_without_a_dateline_only_a_headline_is_taken() -> None:
    text = "\n".join(["Nasional", "Banjir Rendam Ratusan Rumah di Bogor", *BODY])
    article = extract_text(text)
    assert (article.section, article.title, article.lead) == (
        "Nasional",
        "Banjir Rendam Ratusan Rumah di Bogor",
        None,
    )
    assert [p.text for p in article.paragraphs] == BODY


def test_text_with_no_header_is_all_body() -> None:
    article = extract_text("\n".join(BODY))
    assert (article.section, article.title, article.lead) == (None, None, None)
    assert [p.text for p in article.paragraphs] == BODY


@pytest.mark.parametrize(
    "first",
    ['"Kami siap bertanding," ujar pelatih Persib', "Polisi tangkap pelaku. Korban selamat"],
)
def test_a_short_first_paragraph_without_a_full_stop_is_no_title(first: str) -> None:
    article = extract_text("\n".join([first, *BODY]))
    assert article.title is None and article.paragraphs[0].text == first


def test_a_line_that_is_no_header_stays_in_the_body() -> None:
    reporter = "Laporan Wartawan KabarNusa, Budi Santoso"
    header = split_header(
        ["Banjir Rendam Ratusan Rumah di Bogor", "bukan judul.", reporter, "X - Teks."],
        starts_body=lambda p: p.startswith("X - "),
    )
    assert header.title == "Banjir Rendam Ratusan Rumah di Bogor"
    assert header.lead is None and header.body_start == 1


def test_odd_spaces_bom_and_line_ends_are_normalised() -> None:
    raw = "\ufeffSatu\u00a0dua\u200b tiga\r\nEmpat\u2009lima\rEnam\u00adtujuh  delapan"
    assert normalise_text(raw) == "Satu dua tiga\nEmpat lima\nEnamtujuh delapan"


def test_nbsp_after_a_dateline_is_read_as_a_space() -> None:
    text = "\n".join(["Banjir Rendam Ratusan Rumah di Bogor", "KABARNUSA.ID -\u00a0" + BODY[0]])
    article = extract_text(text + "\n" + BODY[1])
    assert article.paragraphs[0].text == BODY[0]
    assert article.dateline is not None and article.dateline.outlet == "KABARNUSA.ID"


def test_blank_line_separated_text_joins_hard_wrapped_lines() -> None:
    text = (
        "Hujan deras sejak Minggu pagi membuat sungai\nmeluap dan merendam rumah warga.\n\n"
        "Petugas mengatakan bahwa air mulai surut.\n"
    )
    assert [p.text for p in extract_text(text).paragraphs] == [
        "Hujan deras sejak Minggu pagi membuat sungai meluap dan merendam rumah warga.",
        "Petugas mengatakan bahwa air mulai surut.",
    ]


def test_hard_wrapped_lines_are_joined_in_line_per_paragraph_text() -> None:
    text = (
        "Pemerintah kota meresmikan kontes film pendek bertema\n"
        "keadilan. Kontes ini terbuka bagi semua.\n"
        "Syarat Pendaftaran Kontes\n"
        "https://kabarnusa.id/berita/1\n"
        "Pendaftaran ditutup pada April."
    )
    assert [p.text for p in extract_text(text).paragraphs] == [
        "Pemerintah kota meresmikan kontes film pendek bertema keadilan. Kontes ini terbuka "
        "bagi semua.",
        "Syarat Pendaftaran Kontes",
        "https://kabarnusa.id/berita/1",
        "Pendaftaran ditutup pada April.",
    ]


def test_glued_paragraphs_are_split_again() -> None:
    text = "Tambang itu beroperasi secara ilegal.Sebab, perusahaan tidak punya izin dari dinas."
    assert [p.text for p in extract_text(text).paragraphs] == [
        "Tambang itu beroperasi secara ilegal.",
        "Sebab, perusahaan tidak punya izin dari dinas.",
    ]


def test_image_residue_goes_to_images_and_removed_in_reading_order() -> None:
    residue = ":quality(30):format(webp)/bogor/foto/bank/originals/banjir-1.jpg)"
    text = "\n".join(
        [residue, *BODY[:2], "https://cdn.kabarnusa.id/foto/2024/banjir-2.png", BODY[2]]
    )
    article = extract_text(text)
    assert [p.text for p in article.paragraphs] == BODY
    assert [i.url for i in article.images] == [
        "bogor/foto/bank/originals/banjir-1.jpg",
        "https://cdn.kabarnusa.id/foto/2024/banjir-2.png",
    ]
    assert [r.kind for r in article.removed] == ["image-url-residue"] * 2
    assert article.removed[0].text == residue


def test_removed_pieces_of_all_steps_are_merged_in_reading_order() -> None:
    residue = "https://cdn.kabarnusa.id/foto/2024/banjir.png"
    related = "Baca juga: Warga Bogor Gotong Royong Bersihkan Lumpur"
    text = "\n".join([BODY[0], related, BODY[1], residue, BODY[2], related])
    article = extract_text(text)
    assert [p.text for p in article.paragraphs] == BODY
    assert [r.kind for r in article.removed] == [
        "related-link",
        "image-url-residue",
        "related-link",
    ]


def test_outlet_from_the_url_wins_over_the_dateline() -> None:
    article = extract_text(_story("Judul Berita Banjir Bogor"), "https://www.kabarnusa.id/a/1")
    assert article.outlet == "kabarnusa.id" and article.provenance["outlet"] == "url"


@pytest.mark.parametrize(
    ("dateline", "outlet"),
    [
        ("KABARNUSA.CO.ID, BOGOR - ", "kabarnusa.co.id"),
        ("BeritaKota.com - ", "beritakota.com"),
        ("Bogor - ", None),
    ],
)
def test_outlet_from_the_dateline_token(dateline: str, outlet: str | None) -> None:
    article = extract_text(_story("Judul Berita Banjir Bogor", dateline=dateline))
    assert article.dateline is not None
    assert article.outlet == outlet
    if outlet:
        assert article.provenance["outlet"] == "dateline"


def test_language_is_set_only_for_clearly_indonesian_text() -> None:
    assert extract_text("\n".join(BODY)).language == "id"
    english = "The river flooded the town and the people left their homes for the mosque."
    assert extract_text(english * 3).language is None
    malay = (
        "Polis berkata bahawa mangsa yang cedera dibawa ke hospital kerana keadaan "
        "mereka teruk dan wang itu tidak boleh dikesan oleh pihak kerajaan dalam kes ini."
    )
    assert not looks_indonesian(malay)


def test_bytes_are_decoded_and_bad_input_is_an_error_record() -> None:
    article = extract_text_document("\n".join(BODY).encode("utf-8-sig"), source="a.txt")
    assert article.error is None and len(article.paragraphs) == 3
    assert article.provenance["mode"] == "text"
    assert extract_text_document(b"  \n ", source="e.txt").error.startswith("empty-input")
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    assert extract_text_document(png).error.startswith("binary-input")
