"""Byline footers to authors, editors and sources (NOISE.md #9, #10)."""

from __future__ import annotations

import pytest

from warta.news.credits import is_bare_label, parse_credit_line, split_credit_tail


@pytest.mark.parametrize(
    ("text", "authors", "editors", "sources"),
    [
        (
            "Penulis: Glery Lazuardi Editor: Willy Widianto",
            ("Glery Lazuardi",),
            ("Willy Widianto",),
            (),
        ),
        (
            "Editor: Hanang Yuwono Sumber: Tribunnews.com",
            (),
            ("Hanang Yuwono",),
            ("Tribunnews.com",),
        ),
        ("Editor: Ade Marboen COPYRIGHT © ANTARA 2015", (), ("Ade Marboen",), ()),
        ("Reporter: Budi Santoso", ("Budi Santoso",), (), ()),
        ("Pewarta: Nur Imansyah", ("Nur Imansyah",), (), ()),
        ("Laporan wartawan Tribunnews.com, Fahdi Fahlevi", ("Fahdi Fahlevi",), (), ()),
        ("(Sumber: Kompas.com)", (), (), ("Kompas.com",)),
    ],
)
def test_footer_lines(
    text: str, authors: tuple[str, ...], editors: tuple[str, ...], sources: tuple[str, ...]
) -> None:
    credits = parse_credit_line(text)
    assert credits is not None
    assert credits.text == text
    assert (credits.authors, credits.editors, credits.sources) == (authors, editors, sources)


def test_copyright_line_alone() -> None:
    credits = parse_credit_line("COPYRIGHT © ANTARA 2016")
    assert credits is not None and credits.copyright
    assert credits.authors == ()


@pytest.mark.parametrize(
    "text",
    [
        "Penulis buku itu, kata dia, sudah lama tinggal di Bandung.",
        "Editor's note: this story was updated.",
        "Sumber dana kampanye itu masih ditelusuri polisi.",
        "Reporters gathered outside the court on Monday.",
    ],
)
def test_prose_is_no_footer(text: str) -> None:
    assert parse_credit_line(text) is None


def test_bare_labels() -> None:
    assert is_bare_label("Penulis")
    assert is_bare_label("Editor:")
    assert not is_bare_label("Penulis: Ferril Dennys")


def test_footer_glued_after_the_last_sentence() -> None:
    text, credits = split_credit_tail(
        "Tidak ada batas.Penulis: Glery Lazuardi Editor: Willy Widianto"
    )
    assert text == "Tidak ada batas."
    assert credits is not None
    assert credits.authors == ("Glery Lazuardi",)
    assert credits.editors == ("Willy Widianto",)


def test_no_footer_leaves_text_alone() -> None:
    assert split_credit_tail("Ia pulang ke rumah.") == ("Ia pulang ke rumah.", None)
