"""Bytes in, the right text out: BOMs, headers, meta tags, sniffing, lies and mojibake."""

from __future__ import annotations

import codecs

import pytest

from warta.extract import encoding
from warta.extract.encoding import decode, looks_utf16, repair_mojibake

INDONESIAN = "Menteri berkata “harga beras naik” – sebuah kenaikan 5 % sejak Januari."
EUROPEAN = "Le café crème coûte 3 € — “très” cher, à l’été. Über die naïve Façade."


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>T</title></head><body><p>{body}</p></body></html>"


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_bom_wins_and_is_stripped(bom: bytes, encoding: str) -> None:
    # The meta tag lies on purpose: a BOM outranks every declaration.
    page = _page(EUROPEAN, '<meta charset="windows-1251">')
    found = decode(bom + page.encode(encoding), "text/html; charset=iso-8859-1")
    assert found.text == page
    assert (found.encoding, found.signal) == (encoding, "bom")


def test_http_charset_is_used() -> None:
    page = _page("Привет, мир! Это новости.")
    found = decode(page.encode("koi8-r"), 'text/html; charset="KOI8-R"')
    assert found.text == page
    assert (found.encoding, found.signal) == ("koi8-r", "http")


def test_http_charset_outranks_meta() -> None:
    page = _page("Привет, мир!", '<meta charset="iso-8859-5">')
    found = decode(page.encode("cp1251"), "text/html; charset=windows-1251")
    assert found.text == page
    assert found.signal == "http"


def test_meta_charset() -> None:
    page = _page("Привет, мир! Это новости дня.", '<meta charset="windows-1251">')
    found = decode(page.encode("cp1251"))
    assert found.text == page
    assert (found.encoding, found.signal) == ("cp1251", "meta")


def test_meta_http_equiv() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    page = _page("Привет, мир! Это новости дня.", head)
    found = decode(page.encode("cp1251"))
    assert found.text == page
    assert (found.encoding, found.signal) == ("cp1251", "meta")


def test_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss><title>Caf\u00e9</title></rss>'
    found = decode(page.encode("latin-1"))
    assert found.text == page
    assert found.signal == "xml"


@pytest.mark.parametrize(
    ("label", "codec", "text"),
    [
        ("Shift_JIS", "cp932", "東京で新しい駅が開業した。多くの人が訪れた。"),
        ("gb2312", "gb18030", "北京今天发布了新的交通规定，市民反应积极。"),
        ("GBK", "gb18030", "上海的天气很好，很多人去公园散步。"),
        ("euc-kr", "cp949", "서울에서 새로운 지하철 노선이 개통되었다."),
    ],
)
def test_east_asian_declared(label: str, codec: str, text: str) -> None:
    page = _page(text, f'<meta charset="{label}">')
    found = decode(page.encode(codec))
    assert found.text == page
    assert found.encoding == codec


@pytest.mark.parametrize("label", ["iso-8859-1", "latin1", "us-ascii", "windows-1252"])
def test_declared_latin1_but_utf8_keeps_characters(label: str) -> None:
    page = _page(INDONESIAN + " " + EUROPEAN, f'<meta charset="{label}">')
    found = decode(page.encode())
    assert found.text == page
    assert found.encoding == "utf-8"
    assert found.signal == "sniff:declared-latin1-is-utf8"


def test_header_latin1_but_utf8_keeps_characters() -> None:
    page = _page(INDONESIAN)
    found = decode(page.encode(), "text/html; charset=ISO-8859-1")
    assert found.text == page
    assert found.signal == "sniff:declared-latin1-is-utf8"


def test_declared_cyrillic_but_utf8_keeps_characters() -> None:
    page = _page("Привет, мир! Это новости дня.", '<meta charset="windows-1251">')
    found = decode(page.encode())
    assert found.text == page
    assert found.signal == "sniff:declared-cp1251-is-utf8"


def test_header_utf8_lie_falls_back_to_meta() -> None:
    page = _page(EUROPEAN, '<meta charset="windows-1252">')
    found = decode(page.encode("cp1252"), "text/html; charset=UTF-8")
    assert found.text == page
    assert found.signal == "meta"


def test_declared_latin1_and_really_latin1() -> None:
    page = _page(EUROPEAN, '<meta charset="iso-8859-1">')
    found = decode(page.encode("cp1252"))
    assert found.text == page  # WHATWG: iso-8859-1 means windows-1252 (€, “ ”)
    assert (found.encoding, found.signal) == ("cp1252", "meta")


def test_declared_utf8_but_really_cp1252_is_sniffed() -> None:
    page = _page(EUROPEAN * 3)
    found = decode(page.encode("cp1252"), "text/html; charset=utf-8")
    assert found.text == page
    assert found.encoding == "cp1252"


def test_cp1252_page_without_declaration() -> None:
    page = _page(EUROPEAN * 3)
    found = decode(page.encode("cp1252"))
    assert found.text == page
    assert found.encoding == "cp1252"
    assert found.signal in {"sniff", "fallback"}


def test_tiny_cp1252_page_without_declaration_falls_back() -> None:
    found = decode("<p>Café</p>".encode("cp1252"))
    assert found.text == "<p>Café</p>"
    assert found.signal == "fallback"


def test_valid_utf8_without_declaration_takes_the_fast_path() -> None:
    page = _page(INDONESIAN)
    found = decode(page.encode())
    assert (found.text, found.encoding, found.signal) == (page, "utf-8", "utf8-valid")


def test_unknown_and_refused_labels_are_ignored() -> None:
    page = _page(INDONESIAN, '<meta charset="x-no-such-thing">')
    assert decode(page.encode()).text == page
    assert decode(page.encode(), "text/html; charset=bogus").text == page
    for label in ("utf-7", "base64", "rot13"):
        page = _page(INDONESIAN, f'<meta charset="{label}">')
        assert decode(page.encode()).encoding == "utf-8"


def test_page_declaring_utf16_is_read_as_utf8() -> None:
    page = _page(INDONESIAN, '<meta charset="utf-16">')
    found = decode(page.encode())
    assert (found.text, found.encoding) == (page, "utf-8")


def test_invalid_byte_in_utf8_page_keeps_the_rest() -> None:
    before, after = _page(INDONESIAN), _page(EUROPEAN)
    found = decode(before.encode() + b"\xff" + after.encode())
    assert found.encoding == "utf-8"
    assert found.text.startswith(before)
    assert found.text.endswith(after)
    assert len(found.text) == len(before) + 1 + len(after)


def test_truncated_sequence_becomes_replacement_character() -> None:
    data = _page(INDONESIAN).encode() + b"\xe2\x80" + b"<p>ok</p>"
    found = decode(data, "text/html; charset=utf-8")
    assert "\ufffd<p>ok</p>" in found.text
    assert INDONESIAN in found.text


def test_stray_cp1252_byte_in_utf8_page_is_read_as_cp1252() -> None:
    data = _page(INDONESIAN).encode() + "<p>Caf\xe9</p>".encode("cp1252")
    found = decode(data)
    assert found.text.endswith("<p>Café</p>")
    assert found.signal == "sniff:mostly-utf8"


def test_mojibake_is_repaired() -> None:
    original = _page("Café – déjà vu, ‘señor’ Müller. Harga €5.")
    doubled = original.encode().decode("cp1252").encode()
    found = decode(doubled)
    assert found.text == original
    assert found.signal == "utf8-valid+mojibake-repaired"


def test_mojibake_repair_keeps_genuine_text() -> None:
    # 'Ã' and '©' on their own, and 'Ä' before a letter, are not mojibake.
    text = "SÃO PAULO © 2024 Ärger, «Ça va»"
    assert repair_mojibake(text) == (text, False)
    assert decode(_page(text).encode()).signal == "utf8-valid"


def test_partial_mojibake_is_repaired_run_by_run() -> None:
    text, changed = repair_mojibake("naïve and CafÃ© and â€œquotedâ€\x9d")
    assert changed
    assert text == "naïve and Café and “quoted”"


def test_utf16_without_bom_is_recognised() -> None:
    page = _page(EUROPEAN)
    assert looks_utf16(page.encode("utf-16-le")) == "utf-16-le"
    assert looks_utf16(page.encode("utf-16-be")) == "utf-16-be"
    assert looks_utf16(page.encode()) is None
    assert decode(page.encode("utf-16-be")).text == page


def test_never_raises_on_garbage() -> None:
    for data in (b"\xff" * 100, bytes(range(256)) * 4, b"<meta charset=utf-8>\xc3"):
        found = decode(data)
        assert isinstance(found.text, str)


def test_valid_utf8_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid UTF-8 page with no declaration never reaches charset_normalizer (its
    speed is measured in benchmarks/bench_extract.py, not here)."""

    def no_sniffing(data: bytes) -> str | None:
        raise AssertionError("valid UTF-8 was handed to the sniffer")

    monkeypatch.setattr(encoding, "_sniff", no_sniffing)
    page = _page(INDONESIAN * 2000)  # ~150 KB, like a real article page
    found = decode(page.encode())
    assert (found.text, found.encoding, found.signal) == (page, "utf-8", "utf8-valid")


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("<p>Gubernur meresmikan “jembatan” baru</p>".encode(), None),  # valid, undeclared
        ('<meta charset="utf-8"><p>Café</p>'.encode(), None),
        ("<p>Café</p>".encode(), "text/html; charset=iso-8859-1"),  # a latin-1 lie
        (b"<p>plain ASCII</p>", "text/html; charset=utf-8"),
    ],
)
def test_page_bytes_that_are_the_texts_utf8_are_kept_for_the_parser(
    data: bytes, content_type: str | None
) -> None:
    decoded = decode(data, content_type)
    assert decoded.utf8 is data and decoded.text.encode("utf-8") == data


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (codecs.BOM_UTF8 + "<p>Café</p>".encode(), None),  # the text has no BOM
        ("<p>Café".encode() + b"\xe9 </p>" + "<p>ü ö ä é</p>".encode() * 4, None),  # a bad byte
        ("<p>CafÃ© di Bandung</p>".encode(), None),  # mojibake, repaired
        ("<p>Café</p>".encode("cp1252"), "text/html; charset=windows-1252"),
        ("<p>Привет</p>".encode("utf-16-le"), "text/html; charset=utf-16le"),
    ],
)
def test_page_bytes_that_are_not_the_texts_utf8_are_not_kept(
    data: bytes, content_type: str | None
) -> None:
    decoded = decode(data, content_type)
    assert decoded.utf8 is None
