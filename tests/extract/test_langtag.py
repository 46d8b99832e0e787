"""Declared language to ISO 639-1."""

from __future__ import annotations

import pytest

from warta.extract.document import Found, Page
from warta.extract.langtag import declared_language, looks_indonesian, to_iso639_1


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("id-ID", "id"),
        ("en_US", "en"),
        ("ind", "id"),
        ("in", "id"),
        ("EN", "en"),
        ("xx-yy-zz", "xx"),
        ("Indonesian", None),
        ("", None),
        (None, None),
    ],
)
def test_to_iso639_1(tag: str | None, code: str | None) -> None:
    assert to_iso639_1(tag) == code


def test_html_lang_then_og_locale() -> None:
    page = Page.parse('<html lang="id-ID"><head></head></html>')
    assert declared_language(page, None) == Found("id", "html-lang")
    page = Page.parse('<html><head><meta property="og:locale" content="en_GB"></head></html>')
    assert declared_language(page, None) == Found("en", "meta:og:locale")
    assert declared_language(Page.parse("<html></html>"), None) is None


def test_looks_indonesian() -> None:
    assert looks_indonesian("Menteri Yuddy Ancam PNS yang Rankingnya Terendah Akan Dipangkas")
    assert not looks_indonesian("Trump's trade war keeps the world guessing")
