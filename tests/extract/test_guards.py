"""Inputs that are no page are rejected with a clear error before the parser sees them."""

from __future__ import annotations

import codecs
import gzip
import io
import random
import zipfile

import pytest

import warta
from warta.errors import BinaryInput, EmptyInput, InputTooLarge, NestingTooDeep
from warta.extract.document import Page
from warta.extract.guards import check_bytes, check_text, markup_depth, valid_text
from warta.extract.options import ExtractOptions
from warta.news.plaintext import extract_text_document

OPTIONS = ExtractOptions()
PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Banjir</title>"
    "<script>if (a < b && c > d) { x = '<div><div><div>'; }</script></head>"
    "<body><div class='wrap'><article><h1>Banjir di Jakarta</h1>"
    "<p>Hujan deras sejak pagi.<br>Air naik.<p>Warga mengungsi.</p>"
    "<ul><li>Satu<li>Dua</ul><img src='a.jpg'></article></div></body></html>"
)


def _deep(depth: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>' * depth}x{f'</{tag}>' * depth}</body></html>"


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t ", codecs.BOM_UTF8, codecs.BOM_UTF8 + b" \n", b"\xff\xfe \x00\n\x00"]
)
def test_empty_bytes(data: bytes) -> None:
    with pytest.raises(EmptyInput):
        check_bytes(data, OPTIONS)


@pytest.mark.parametrize("text", ["", "  \n", "\ufeff", "\ufeff \u200b\n"])
def test_empty_text(text: str) -> None:
    with pytest.raises(EmptyInput):
        check_text(text, OPTIONS)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("page.html", PAGE)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WebP"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"\x7fELF\x02\x01\x01\x00", "ELF"),
        (b"\x00\x00\x00\x18ftypmp42", "MP4"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "7z"),
    ],
)
def test_binary_magic(data: bytes, says: str) -> None:
    with pytest.raises(BinaryInput, match=says):
        check_bytes(data + b"<html>" * 10, OPTIONS)


def test_zip_and_gzip_say_what_to_do() -> None:
    with pytest.raises(BinaryInput, match="zip archive"):
        check_bytes(_zip_bytes(), OPTIONS)
    with pytest.raises(BinaryInput, match="gzip-compressed: decompress first"):
        check_bytes(gzip.compress(PAGE.encode()), OPTIONS)


def test_random_bytes_are_binary() -> None:
    rng = random.Random(20240601)
    for _ in range(20):
        with pytest.raises(BinaryInput, match="control bytes"):
            check_bytes(rng.randbytes(8192), OPTIONS)


def test_utf16_text_is_not_binary() -> None:
    check_bytes(codecs.BOM_UTF16_LE + PAGE.encode("utf-16-le"), OPTIONS)
    check_bytes(codecs.BOM_UTF32_BE + PAGE.encode("utf-32-be"), OPTIONS)
    check_bytes(PAGE.encode("utf-16-le"), OPTIONS)  # no BOM: the NUL pattern gives it away


def test_legacy_encodings_are_not_binary() -> None:
    for text, codec in (("Привет мир " * 400, "cp1251"), ("東京の天気 " * 400, "shift_jis")):
        check_bytes(f"<p>{text}</p>".encode(codec), OPTIONS)


def test_control_characters_in_text() -> None:
    with pytest.raises(BinaryInput):
        check_text(random.Random(3).randbytes(4096).decode("latin-1"), OPTIONS)


def test_too_large_says_size_and_limit() -> None:
    small = ExtractOptions(max_bytes=1000)
    with pytest.raises(InputTooLarge, match=r"1,200 bytes, over the limit of 1,000 bytes"):
        check_bytes(b"x" * 1200, small)
    with pytest.raises(InputTooLarge, match="1,200 characters"):
        check_text("x" * 1200, small)
    check_bytes(b"x" * 1000, small)


def test_normal_page_passes() -> None:
    check_bytes(PAGE.encode(), OPTIONS)
    check_text(PAGE, OPTIONS)


def test_plain_text_passes() -> None:
    check_text("Just a line of text, no markup at all.\n" * 200, OPTIONS)


def _depth(text: str) -> int:
    """The smallest ``max_depth`` that lets ``text`` through: its depth as the guard sees it."""
    for depth in range(100):
        try:
            check_text(text, ExtractOptions(max_depth=depth))
        except NestingTooDeep:
            continue
        return depth
    raise AssertionError("deeper than 100")


def test_depth_counts_like_a_browser() -> None:
    assert _depth(PAGE) == 5  # html, body, div, article, ul; h1 closed, script skipped
    assert _depth("<div><span><b>x</div><div>y</div>") == 3  # </div> closes span and b
    assert _depth("<p>a<p>b<p>c<li>d<li>e<br><br><img>") == 0
    assert _depth("<div></span></span></span><div>") == 2  # stray end tags close nothing
    assert _depth("<!-- <div><div><div> --><div>") == 1
    assert _depth("<svg>" + '<path d="M0 0"/>' * 50 + "</svg>") == 1
    assert _depth("<div/>" * 50) == 50  # HTML ignores the slash


def test_cheap_bound_on_normal_page() -> None:
    # Fewer '<' than the limit: the bound is returned without a scan.
    assert markup_depth(PAGE, 5000) == PAGE.count("<")


def test_deep_nesting_rejected() -> None:
    with pytest.raises(NestingTooDeep, match="5,000"):
        check_text(_deep(5001), OPTIONS)
    check_text(_deep(4990), OPTIONS)
    check_text(_deep(100_000, "p"), OPTIONS)  # <p> closes the one before: not nested
    with pytest.raises(NestingTooDeep):
        check_text(_deep(200), ExtractOptions(max_depth=100))


def test_deep_nesting_is_rejected_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The public API rejects a deep page without handing it to the HTML parser (what the
    guard costs is measured in benchmarks/bench_guards.py)."""
    monkeypatch.setattr(Page, "parse", lambda *a, **k: pytest.fail("parsed"))
    article = warta.extract(_deep(100_000).encode(), source="deep.html")
    assert article.error is not None
    assert article.error.startswith("nesting-too-deep:")


def test_lone_surrogates_become_replacement_characters() -> None:
    assert valid_text("berita") == "berita"
    assert valid_text("kafé \U0001f600") == "kafé \U0001f600"  # a real pair is kept
    assert valid_text("a\ud800b\udce9") == "a\ufffdb\ufffd"


def test_text_with_lone_surrogates_extracts_to_a_writable_record() -> None:
    para = "Warga di bantaran sungai mulai mengungsi setelah hujan deras sejak malam. " * 4
    page = f"<html><body><article><h1>Judul \udce9</h1><p>{para}\ud800</p></article></body></html>"
    for article in (warta.extract(page), extract_text_document(f"{para}\ud800 rusak")):
        assert article.error is None and "\ufffd" in article.body
        article.body.encode("utf-8")
