"""Republication notices to ``republished_from`` (NOISE.md #13)."""

from __future__ import annotations

from warta.news.republish import find_notices
from warta.record import Republication


def test_quoted_title_and_address() -> None:
    text = (
        'Artikel ini telah tayang di Tribunnews.com dengan judul "Putin Temui Xi", '
        "https://www.tribunnews.com/internasional/2022/09/16/putin-temui-xi"
    )
    (notice,) = find_notices(text)
    assert notice.republication == Republication(
        "Tribunnews.com",
        "Putin Temui Xi",
        "https://www.tribunnews.com/internasional/2022/09/16/putin-temui-xi",
    )
    assert (notice.start, notice.end) == (0, len(text))


def test_unquoted_title_with_commas_and_a_page_address() -> None:
    text = (
        "Artikel ini telah tayang di TribunSumsel.com dengan judul Harga Cabai Naik, Warga "
        "Mengeluh, https://sumsel.tribunnews.com/2022/09/16/harga-cabai?page=2."
    )
    (notice,) = find_notices(text)
    assert notice.republication == Republication(
        "TribunSumsel.com",
        "Harga Cabai Naik, Warga Mengeluh",
        "https://sumsel.tribunnews.com/2022/09/16/harga-cabai?page=2",
    )


def test_partial_republication_without_address() -> None:
    text = "Sebagian artikel ini telah tayang di WartaKotalive.com dengan judul Banjir di Bekasi"
    (notice,) = find_notices(text)
    assert notice.republication == Republication("WartaKotalive.com", "Banjir di Bekasi", None)


def test_detik_naik_di() -> None:
    text = (
        'Artikel ini telah naik di detikBali dengan judul "Ombak Tinggi". Baca artikel '
        'detikbali, "Ombak Tinggi" selengkapnya https://www.detik.com/bali/d-1/ombak-tinggi'
    )
    (notice,) = find_notices(text)
    assert notice.republication == Republication(
        "detikBali", "Ombak Tinggi", "https://www.detik.com/bali/d-1/ombak-tinggi"
    )


def test_two_notices_glued_together() -> None:
    text = (
        "Ia pulang.Artikel ini telah tayang di Surya.co.id dengan judul Stadion Semeru, "
        "https://surya.co.id/2022/1/stadion | SURYA.co.idArtikel ini telah tayang di "
        "TribunSumsel.com dengan judul Z, https://sumsel.tribunnews.com/z"
    )
    first, second = find_notices(text)
    assert text[: first.start] == "Ia pulang."
    assert first.republication.outlet == "Surya.co.id"
    assert first.republication.url == "https://surya.co.id/2022/1/stadion"
    assert second.republication.outlet == "TribunSumsel.com"
    assert first.end == second.start and second.end == len(text)


def test_prose_has_no_notice() -> None:
    assert find_notices("Artikel ini membahas harga cabai yang telah naik di pasar.") == []
