"""``warta.extract`` never raises: every bad input comes back as a record with ``error``."""

from __future__ import annotations

import gzip
import random
from typing import NoReturn

import pytest

import warta
from warta import Article, ExtractOptions
from warta.extract import pipeline
from warta.extract.document import Page

ARTICLE = (
    "<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
    "<title>Banjir rendam Jakarta Timur</title></head><body>"
    "<nav><a href='/'>Beranda</a> <a href='/news'>Berita</a></nav>"
    "<article><h1>Banjir rendam Jakarta Timur</h1>"
    "<p>Hujan deras sejak Senin pagi membuat banjir setinggi satu meter merendam ratusan "
    "rumah warga di Kampung Melayu, Jakarta Timur, kata petugas BPBD DKI Jakarta.</p>"
    "<p>Warga mulai mengungsi ke masjid dan sekolah terdekat sejak pukul 06.00 WIB, "
    "sementara petugas menyiapkan perahu karet untuk mengevakuasi lansia dan anak-anak.</p>"
    "<p>Menurut BMKG, hujan dengan intensitas tinggi masih akan turun hingga akhir pekan "
    "di sebagian besar wilayah Jabodetabek.</p>"
    "{padding}</article><footer>© 2024 Warta</footer></body></html>"
)
PARAGRAPH = (
    "<p>Petugas gabungan terus memantau ketinggian air di pintu air Manggarai dan "
    "meminta warga di bantaran sungai tetap waspada terhadap banjir susulan.</p>\n"
)


def _article_page(padding: str = PARAGRAPH * 3) -> bytes:
    return ARTICLE.replace("{padding}", padding).encode()


def _assert_error(article: Article, reason: str) -> None:
    assert isinstance(article, Article)
    assert article.error is not None, "expected an error record"
    assert article.error.startswith(f"{reason}:"), article.error
    assert article.paragraphs == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty-input"),
        ("", "empty-input"),
        (b" \n\t", "empty-input"),
        (b"\xef\xbb\xbf", "empty-input"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary-input"),
        (b"%PDF-1.4\n" + bytes(200), "binary-input"),
        (gzip.compress(b"<html><p>hi</p></html>"), "binary-input"),
        (random.Random(42).randbytes(50_000), "binary-input"),
    ],
)
def test_bad_input_gives_an_error_record(data: bytes | str, reason: str) -> None:
    article = warta.extract(data, url="https://example.com/x", source="x.html")
    _assert_error(article, reason)
    assert article.source == "x.html"
    assert article.url == "https://example.com/x"
    assert "source=x.html" in (article.error or "")


def _forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make decoding and parsing fail the test: a guard must stop the page before them."""

    def never(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError("the page got past the input guards")

    monkeypatch.setattr(pipeline, "decode", never)
    monkeypatch.setattr(Page, "parse", never)


def test_50_mb_page_rejected_by_default_and_extracted_when_allowed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Long paragraphs (~5 KB) keep the block count realistic: 10,000 blocks, not 300,000.
    long_paragraph = PARAGRAPH.replace("</p>", " " + PARAGRAPH[3:-5] * 30 + "</p>")
    padding = long_paragraph * (50 * 1024 * 1024 // len(long_paragraph.encode()) + 1)
    page = _article_page(padding)
    assert len(page) > 50 * 1024 * 1024

    with monkeypatch.context() as guarded:
        _forbid_parsing(guarded)
        rejected = warta.extract(page)  # before decoding or parsing: see the guard's speed
    _assert_error(rejected, "input-too-large")  # in benchmarks/bench_guards.py
    assert "over the limit of 33,554,432 bytes" in (rejected.error or "")

    big = ExtractOptions(max_bytes=64 * 1024 * 1024)
    article = warta.extract(page, options=big)
    assert article.error is None
    assert "Kampung Melayu" in article.body


def test_100000_deep_nesting(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>"
    monkeypatch.setattr(Page, "parse", lambda *a, **k: pytest.fail("parsed"))
    article = warta.extract(page.encode())
    _assert_error(article, "nesting-too-deep")


def test_invalid_bytes_keep_the_article() -> None:
    page = _article_page().replace(b"Kampung", b"\xff\xfeKampung").replace(b"BMKG", b"BM\xc3KG")
    article = warta.extract(page)
    assert article.error is None
    assert "Kampung Melayu" in article.body
    assert "petugas menyiapkan perahu karet" in article.body


def test_page_with_no_article() -> None:
    links = "".join(f"<li><a href='/k/{i}'>Kategori {i}</a></li>" for i in range(60))
    page = f"<html><head><title>Beranda</title></head><body><nav><ul>{links}</ul></nav></body>"
    article = warta.extract(page.encode())
    assert article.paragraphs == []


def test_page_of_only_a_script() -> None:
    article = warta.extract(b"<script>var x = '<p>' + 1 < 2;</script>")
    assert article.paragraphs == []


def test_plain_text_input_does_not_raise() -> None:
    article = warta.extract("Hanya teks biasa tanpa markup sama sekali.\n" * 50)
    assert isinstance(article, Article)


def test_str_and_bytes_inputs_agree() -> None:
    page = _article_page()
    assert warta.extract(page).body == warta.extract(page.decode()).body
