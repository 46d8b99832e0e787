"""FastWARC reads plain records; whatever it cannot vouch for is warcio's, with the same result."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.sources import SourceOptions, WarcSource
from warta.sources.base import RawDocument
from warta.sources.warc_layout import Layout

HTML = "text/html; charset=utf-8"


def _page(n: int) -> bytes:
    return f"<!DOCTYPE html><html><body><p>Berita nomor {n}.</p></body></html>".encode()


def _record(
    writer: WARCWriter,
    url: str,
    body: bytes,
    headers: list[tuple[str, str]],
    status: str = "200 OK",
) -> None:
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    writer.write_record(record)
    record.raw_stream.close()


def _mixed(path: Path, gz: bool) -> None:
    """Plain pages among records only warcio may judge: encodings, odd heads, non-HTML."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz, warc_version="1.0")
        info = writer.create_warcinfo_record(path.name, {"software": "test"})
        writer.write_record(info)
        ok = "200 OK"
        cases: list[tuple[str, bytes, list[tuple[str, str]]]] = [
            (ok, _page(0), [("Content-Type", HTML)]),
            (ok, gzip.compress(_page(1)), [("Content-Type", HTML), ("Content-Encoding", "gzip")]),
            (ok, _page(2), [("Content-Type", HTML), ("X-Note", "caf\u00e9")]),
            (ok, b"\x89PNG", [("Content-Type", "image/png")]),
            ("302 Found", b"", [("Location", "https://n.example/0")]),
            (ok, _page(5), [("Content-Type", HTML), ("content-type", "text/plain")]),
            (ok, _page(6), [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]),
            (ok, b"", [("Content-Type", HTML)]),
            ("200 Fine", _page(8), [("Content-Type", HTML)]),
            ("abc Odd", _page(9), [("Content-Type", HTML)]),
        ]
        for n, (status, body, headers) in enumerate(cases):
            _record(writer, f"https://n.example/{n}", body, headers, status)
        # WARC heads warcio reads its own way: an address in angle brackets (Wget 1.19)
        # or with a space, a record type written in capitals, a non-HTTP address.
        for url in ("<https://n.example/10>", "https://n.example/a b", "dns:n.example"):
            _record(writer, url, _page(10), [("Content-Type", HTML)])
        http = StatusAndHeaders("200 OK", [("Content-Type", HTML)], protocol="HTTP/1.1")
        odd = writer.create_warc_record(
            "https://n.example/12", "response", payload=io.BytesIO(_page(12)), http_headers=http
        )
        odd.rec_headers.replace_header("WARC-Type", "Response")
        writer.write_record(odd)
        odd.raw_stream.close()
        _record(writer, "https://n.example/13", _page(13), [("Content-Type", HTML)])


def _fields(doc: RawDocument) -> tuple[Any, ...]:
    return (
        doc.source,
        doc.url,
        doc.data,
        doc.error,
        doc.status,
        doc.content_type,
        doc.headers,
        doc.fetched,
    )


def _read(path: Path, *, fast: bool, monkeypatch: pytest.MonkeyPatch, **kw: Any) -> list[Any]:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(Layout, "fast", property(lambda _self: False))
        return [_fields(d) for d in WarcSource(path, **kw).documents()]


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "cut":
        del data[len(data) - 60 :]
    elif how == "garbage-tail":
        data += b"this is not a record\r\n"
    else:
        offsets = [int(d.source.rsplit("@", 1)[1]) for d in WarcSource(path).documents()]
        start = offsets[4]
        if how == "corrupt-payload":  # the record's end, past its head
            start = offsets[5] - 30
        data[start : start + 24] = b"\x00garbage\x00" * 2 + b"\x00" * 4
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("damage", ["none", "cut", "garbage-tail", "corrupt", "corrupt-payload"])
def test_both_readers_give_the_same_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gz: bool, damage: str
) -> None:
    path = tmp_path / ("m.warc.gz" if gz else "m.warc")
    _mixed(path, gz)
    if damage != "none":
        _damage(path, damage)
    fast = _read(path, fast=True, monkeypatch=monkeypatch)
    assert fast == _read(path, fast=False, monkeypatch=monkeypatch)
    assert len(fast) >= 8
    if damage == "none":
        assert "https://n.example/10" in [f[1] for f in fast]  # brackets stripped
        assert fast[-1][1:3] == ("https://n.example/13", _page(13))
    assert fast[1][2] == _page(1)  # the gzip content encoding undone (by warcio)
    if damage == "corrupt":
        assert sum(1 for f in fast if f[3] and f[3].startswith("corrupt-warc: ")) == 1
    if damage == "cut":
        assert fast[-1][3].startswith("truncated-warc: ")
    if damage == "garbage-tail":  # bytes after the last record: accounted for, by both
        assert fast[-1][3].startswith("corrupt-warc: ")


def test_a_payload_over_the_cap_is_refused_by_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        _record(
            writer, "https://n.example/big", b"<html>" + b"a" * 300_000, [("Content-Type", HTML)]
        )
        _record(writer, "https://n.example/ok", _page(1), [("Content-Type", HTML)])
    options = SourceOptions(max_bytes=100_000)
    fast = _read(path, fast=True, monkeypatch=monkeypatch, options=options)
    assert fast == _read(path, fast=False, monkeypatch=monkeypatch, options=options)
    assert fast[0][3].startswith("input-too-large: ") and fast[1][2] == _page(1)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Patch warcio's per-record hook to count the records it turns into documents."""
    calls: list[int] = []
    original: Callable[..., Any] = WarcSource._record

    def counted(self: WarcSource, record: Any, offset: int) -> RawDocument | None:
        calls.append(offset)
        return original(self, record, offset)

    monkeypatch.setattr(WarcSource, "_record", counted)
    return calls


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_plain_records_are_read_by_fastwarc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, gz: bool
) -> None:
    path = tmp_path / ("p.warc.gz" if gz else "p.warc")
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        for n in range(50):
            _record(writer, f"https://n.example/{n}", _page(n), [("Content-Type", HTML)])
    calls = _counting(monkeypatch)
    docs = list(WarcSource(path).documents())
    assert [d.data for d in docs] == [_page(n) for n in range(50)]
    assert calls == []  # warcio only re-read the last record, to check the file's end


def test_a_file_gzipped_whole_is_left_to_warcio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "p.warc"
    with plain.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n in range(3):
            _record(writer, f"https://n.example/{n}", _page(n), [("Content-Type", HTML)])
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    calls = _counting(monkeypatch)
    assert [d.data for d in WarcSource(whole).documents()] == [_page(n) for n in range(3)]
    assert len(calls) == 3
