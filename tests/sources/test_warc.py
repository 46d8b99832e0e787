"""WARC and ARC archives written for real with warcio, in the layouts crawlers use."""

from __future__ import annotations

import gzip
import io
import itertools
import logging
import os
import random
import re
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import warta
from warta.sources import SourceOptions, WarcSource
from warta.sources.warc import DIGEST_MISMATCH as DIGEST
from warta.sources.warc_layout import Spans

HTML = "text/html; charset=utf-8"
CT = "Content-Type"


def _page(n: int) -> bytes:
    return f"<!DOCTYPE html><html><body><p>Berita nomor {n}.</p></body></html>".encode()


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    headers: Iterable[tuple[str, str]] = (("Content-Type", HTML),),
    status: str = "200 OK",
) -> None:
    http = StatusAndHeaders(status, list(headers), protocol="HTTP/1.1")
    _write(
        writer,
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http),
    )


def _write(writer: WARCWriter, record: Any) -> None:
    """Write a record and close the buffer warcio spools its payload into."""
    writer.write_record(record)
    record.raw_stream.close()


def _cc_news(path: Path, pages: int, gz: bool = True) -> None:
    """CC-NEWS: a warcinfo record, then WARC/1.0 response records only."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz, warc_version="1.0")
        _write(writer, writer.create_warcinfo_record(path.name, {"software": "test"}))
        for n in range(pages):
            _response(writer, f"https://news.example.id/berita/{n}", _page(n))


def _cc_main(path: Path) -> None:
    """Common Crawl: request, response and metadata records per capture, and more."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.0")
        _write(writer, writer.create_warcinfo_record(path.name, {"software": "test"}))
        ok = "200 OK"
        captures = [
            ("https://a.example/1", _page(1), [(CT, HTML)], ok),
            ("https://a.example/logo.jpg", b"\xff\xd8\xff\xe0JFIF", [(CT, "image/jpeg")], ok),
            ("https://a.example/doc.pdf", b"%PDF-1.4 ...", [(CT, "application/pdf")], ok),
            ("https://a.example/api", b'{"a": 1}', [(CT, "application/json")], ok),
            ("https://a.example/empty", b"", [(CT, HTML)], ok),
            ("https://a.example/blank", b" \r\n\t\x0b\x0c ", [(CT, HTML)], ok),
            ("https://a.example/old", b"", [("Location", "https://a.example/1")], "301 Moved"),
            ("https://a.example/gone", b"<html>nope</html>", [(CT, HTML)], "404 Not Found"),
            ("https://a.example/bare", _page(2), [], ok),
            ("https://a.example/blob", b"\x00\x01binary", [], ok),
            ("https://a.example/x", _page(3), [(CT, "application/xhtml+xml")], ok),
        ]
        for url, body, headers, status in captures:
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "a.example")], is_http_request=True
            )
            _write(writer, writer.create_warc_record(url, "request", http_headers=request))
            _response(writer, url, body, headers, status)
            meta = io.BytesIO(b"fetchTimeMs: 12\n")
            _write(writer, writer.create_warc_record(url, "metadata", payload=meta))
        day = "2026-01-01T00:00:00Z"
        url = "https://a.example/1"
        _write(writer, writer.create_revisit_record(url, "sha1:AAAA", url, day))
        dns = io.BytesIO(b"a.example. 60 IN A 1.2.3.4")
        record = writer.create_warc_record(
            "dns:a.example", "response", payload=dns, warc_content_type="text/dns"
        )
        _write(writer, record)


def test_cc_news_layout(tmp_path: Path) -> None:
    path = tmp_path / "CC-NEWS-20260101.warc.gz"
    _cc_news(path, 3)
    docs = list(WarcSource(path).documents())
    assert [d.url for d in docs] == [f"https://news.example.id/berita/{n}" for n in range(3)]
    for n, doc in enumerate(docs):
        assert doc.error is None and doc.data == _page(n)
        assert doc.status == 200 and doc.content_type == HTML
        assert doc.headers["content-type"] == HTML
        assert isinstance(doc.fetched, datetime) and doc.fetched.tzinfo is not None
        assert abs(doc.fetched - datetime.now(UTC)).total_seconds() < 600


def test_source_offset_points_at_the_record(tmp_path: Path) -> None:
    for gz in (True, False):
        path = tmp_path / f"o{gz}.warc"
        _cc_news(path, 4, gz=gz)
        for doc in WarcSource(path).documents():
            name, offset = doc.source.rsplit("@", 1)
            assert name == str(path)
            with path.open("rb") as handle:
                handle.seek(int(offset))
                record = next(iter(ArchiveIterator(handle)))
                assert record.rec_headers.get_header("WARC-Target-URI") == doc.url


def test_cc_main_layout_keeps_html_and_accounts_for_other_responses(tmp_path: Path) -> None:
    path = tmp_path / "CC-MAIN-x.warc.gz"
    _cc_main(path)
    docs = {d.url: d for d in WarcSource(path).documents()}
    # request, metadata, warcinfo, revisit and dns records are not inputs
    assert len(docs) == 11
    assert docs["https://a.example/1"].data == _page(1)
    assert docs["https://a.example/x"].data == _page(3)
    assert docs["https://a.example/bare"].data == _page(2)  # no Content-Type: sniffed
    errors = {url: d.error for url, d in docs.items() if d.error}
    assert errors == {
        "https://a.example/logo.jpg": "not-html: image/jpeg",
        "https://a.example/doc.pdf": "not-html: application/pdf",
        "https://a.example/api": "not-html: application/json",
        "https://a.example/empty": "empty-record: the response has no body",
        "https://a.example/blank": "empty-record: the response has no body",
        "https://a.example/old": "redirect: 301 to https://a.example/1",
        "https://a.example/gone": "http-status: 404",
        "https://a.example/blob": "not-html: no Content-Type and the payload is not HTML",
    }
    assert docs["https://a.example/gone"].status == 404
    assert all(d.data is None for d in docs.values() if d.error)


def test_content_and_transfer_encodings_are_undone(tmp_path: Path) -> None:
    page = _page(7) * 20
    chunked = (
        b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (page[:100], page[100:])) + b"0\r\n\r\n"
    )
    path = tmp_path / "enc.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        gzipped = [("Content-Type", HTML), ("Content-Encoding", "gzip")]
        _response(writer, "https://e.example/gz", gzip.compress(page), gzipped)
        te = [("Content-Type", HTML), ("Transfer-Encoding", "chunked")]
        _response(writer, "https://e.example/chunked", chunked, te)
        # Common Crawl stores the payload decoded but some tools keep the header
        _response(writer, "https://e.example/decoded", page, gzipped)
    assert [d.data for d in WarcSource(path).documents()] == [page, page, page]


def _corrupt_middle(path: Path, gz: bool) -> int:
    """Overwrite the start of the third of five records; returns its offset."""
    _cc_news(path, 5, gz=gz)
    offsets = [int(d.source.rsplit("@", 1)[1]) for d in WarcSource(path).documents()]
    data = bytearray(path.read_bytes())
    start = offsets[2]
    data[start : start + 40] = b"\x00garbage\x00" * 4 + b"\x00" * 4
    path.write_bytes(bytes(data))
    return start


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_corrupt_record_in_the_middle_resyncs(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("bad.warc.gz" if gz else "bad.warc")
    offset = _corrupt_middle(path, gz)
    docs = list(WarcSource(path).documents())
    assert [d.error is None for d in docs] == [True, True, False, True, True]
    bad = docs[2]
    assert bad.error is not None and bad.error.startswith("corrupt-warc: ")
    assert bad.source == f"{path}@{offset}"
    assert [d.url for d in docs if d.error is None] == [
        f"https://news.example.id/berita/{n}" for n in (0, 1, 3, 4)
    ]


def test_a_first_line_of_damaged_bytes_is_not_quoted(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    _cc_news(path, 3, gz=True)
    offsets = [int(d.source.rsplit("@", 1)[1]) for d in WarcSource(path).documents()]
    data = bytearray(path.read_bytes())
    data[offsets[1] + 20 : offsets[2] - 20] = bytes(offsets[2] - offsets[1] - 40)
    path.write_bytes(bytes(data))
    docs = list(WarcSource(path).documents())
    assert [d.error is None for d in docs] == [True, False, True]
    assert docs[1].error == (
        "corrupt-warc: ArchiveLoadFailed: Invalid WARC record, first line: not text"
    )


def test_a_bad_first_line_that_is_text_is_quoted(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc"
    _cc_news(path, 2, gz=False)
    data = path.read_bytes()
    second = data.index(b"WARC/1.0", 10)
    path.write_bytes(data[:second] + b"WARC/9.9 not a version" + data[second + 8 :])
    bad = next(d for d in WarcSource(path).documents() if d.error is not None)
    assert bad.error is not None and "WARC/9.9 not a version" in bad.error


def test_damaged_compressed_bytes_cost_one_record_not_the_rest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # Bit rot deep inside a large record's gzip member: warcio has decompressed part of it
    # when zlib fails, and then reads on as if the file ended; the records after it must
    # still be read.
    caplog.set_level(logging.DEBUG, logger="warta.sources.warc")
    path = tmp_path / "rot.warc.gz"
    rng = random.Random(5)
    large = b"<html><body><p>" + rng.randbytes(150_000).hex().encode() + b"</p></body></html>"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.0")
        for n in range(5):
            _response(writer, f"https://news.example.id/berita/{n}", large if n == 2 else _page(n))
    offsets = [int(d.source.rsplit("@", 1)[1]) for d in WarcSource(path).documents()]
    data = bytearray(path.read_bytes())
    rot = offsets[2] + (offsets[3] - offsets[2]) * 3 // 4
    data[rot : rot + 16] = b"\xff" * 16
    path.write_bytes(bytes(data))
    docs = list(WarcSource(path).documents())
    assert [d.error is None for d in docs] == [True, True, False, True, True]
    assert docs[2].source == f"{path}@{offsets[2]}"
    assert [d.url for d in docs if d.error is None] == [
        f"https://news.example.id/berita/{n}" for n in (0, 1, 3, 4)
    ]
    # warcio's complaint about the member (a line at each read of it) goes to the log,
    # not over the terminal: the rejected record says what is wrong.
    assert capsys.readouterr().err == ""
    assert any("warcio wrote" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("before", [1_000, 2_400])
def test_zeros_across_a_member_boundary_never_send_reading_backwards(
    tmp_path: Path, shared_dir: Path, before: int
) -> None:
    # Zeros over the end of one gzip member and the head of the next: zlib decodes on
    # through them into the next member's bytes, warcio's offset then falls behind where
    # it started, and the reader used to go back there and read the same records forever.
    pages = sorted((shared_dir / "data" / "aeb" / "html").glob("*.html.gz"))[1:5]
    path = tmp_path / "zeros.warc.gz"
    starts = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, page in enumerate(pages):
            starts.append(out.tell())
            _response(writer, f"https://aeb.example/{n}", gzip.decompress(page.read_bytes()))
    data = bytearray(path.read_bytes())
    data[starts[2] - before : starts[2] + 10] = bytes(before + 10)
    path.write_bytes(bytes(data))
    docs = list(itertools.islice(WarcSource(path).documents(), 20))
    sources = [d.source for d in docs]
    assert len(sources) == len(set(sources)) < 20
    assert any(d.error is not None and d.error.startswith("corrupt-warc") for d in docs)
    assert docs[0].url == "https://aeb.example/0" and docs[-1].url == "https://aeb.example/3"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty-input"),
        (b"\n\n", "empty-input"),
        (b"<html>not an archive</html>\n" * 9, "not-warc"),
    ],
)
def test_a_file_with_no_record_is_one_rejected_input(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "odd.warc"
    path.write_bytes(content)
    docs = list(WarcSource(path).documents())
    assert len(docs) == 1 and docs[0].source == str(path)
    assert docs[0].error is not None and docs[0].error.startswith(f"{reason}: ")


def test_truncated_archive_ends_with_an_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    _cc_news(path, 3)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60])
    docs = list(WarcSource(path).documents())
    assert [d.error is None for d in docs] == [True, True, False]
    assert docs[2].error is not None and docs[2].error.startswith("truncated-warc: ")


def test_whole_file_gzip_is_read_through_one_stream(tmp_path: Path) -> None:
    plain = tmp_path / "p.warc"
    _cc_news(plain, 3, gz=False)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    expected = [(d.source.rsplit("@")[1], d.data) for d in WarcSource(plain).documents()]
    got = [(d.source.rsplit("@")[1], d.data) for d in WarcSource(whole).documents()]
    assert got == expected and len(got) == 3


def _arc_record(url: str, body: bytes, mime: str = "text/html") -> bytes:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: " + mime.encode() + b"\r\n\r\n" + body
    return f"{url} 127.0.0.1 20260101120000 {mime} {len(http)}\n".encode() + http + b"\n"


@pytest.mark.parametrize("gz", [True, False], ids=["arc.gz", "arc"])
def test_arc_files(tmp_path: Path, gz: bool) -> None:
    block = b"1 0 Warta\nURL IP-address Archive-date Content-type Archive-length\n"
    header = f"filedesc://t.arc 0.0.0.0 20260101000000 text/plain {len(block)}\n".encode()
    records = [
        header + block + b"\n",
        _arc_record("http://e.example/a", _page(1)),
        _arc_record("http://e.example/b.png", b"\x89PNG", "image/png"),
    ]
    path = tmp_path / ("t.arc.gz" if gz else "t.arc")
    path.write_bytes(b"".join(gzip.compress(r) if gz else r for r in records))
    good, image = WarcSource(path).documents()
    assert good.url == "http://e.example/a" and good.data == _page(1)
    assert good.fetched == datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert image.error == "not-html: image/png"


def test_payload_over_the_cap_is_refused_without_holding_it(tmp_path: Path) -> None:
    path = tmp_path / "big.warc"
    huge = b"<html><body>" + b"a" * (20 * 1024 * 1024) + b"</body></html>"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        _response(writer, "https://e.example/big", huge)
        _response(writer, "https://e.example/small", _page(1))
    del huge
    options = SourceOptions(max_bytes=1024 * 1024)
    tracemalloc.start()
    try:
        big, small = WarcSource(path, options=options).documents()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert big.error is not None and big.error.startswith("input-too-large: ")
    assert small.data == _page(1)
    assert peak < 5 * 1024 * 1024, peak


def _position(path: Path) -> int | None:
    """The file position of this process's open descriptor on ``path`` (Linux /proc)."""
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                fields = Path(f"/proc/self/fdinfo/{fd}").read_text().split()
                return int(fields[fields.index("pos:") + 1])
        except OSError:
            continue
    return None


@pytest.mark.skipif(not os.path.isdir("/proc/self/fdinfo"), reason="needs Linux /proc")
def test_reading_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "many.warc.gz"
    _cc_news(path, 2_000)
    size = path.stat().st_size
    # What the first read of any file costs once (imports, the file in the page cache) is
    # no part of what is timed: the first document against all of them.
    warm = WarcSource(path).documents()
    next(warm)
    warm.close()  # its file closes: the position below is the timed reader's
    docs = WarcSource(path).documents()
    started = time.perf_counter()
    first = next(docs)
    first_time = time.perf_counter() - started
    position = _position(path)
    assert first.url == "https://news.example.id/berita/0"
    assert position is not None and position < size // 20, (position, size)
    rest = list(docs)
    total_time = time.perf_counter() - started
    assert len(rest) == 1_999 and first_time < total_time / 20


def test_real_pages_from_the_shared_benchmark(tmp_path: Path, shared_dir: Path) -> None:
    pages = sorted((shared_dir / "data" / "aeb" / "html").glob("*.html.gz"))[:4]
    bodies = [gzip.decompress(p.read_bytes()) for p in pages]
    path = tmp_path / "aeb.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.0")
        for n, body in enumerate(bodies):
            _response(writer, f"https://aeb.example/{n}", body)
    docs = list(WarcSource(path).documents())
    assert [d.data for d in docs] == bodies
    page = docs[0].data
    assert page is not None
    article = warta.extract(page, docs[0].url, source=docs[0].source)
    assert article.error is None and article.paragraphs


def _damaged(data: bytes, starts: list[int], rng: random.Random) -> bytes:
    """``data`` with one seeded kind of damage: cut short, zeros (inside a member or
    across two), flipped bits, or garbage put in."""
    out = bytearray(data)
    at = rng.randrange(len(out))
    kind = rng.choice(["cut", "zeros", "zeros-across", "flips", "garbage"])
    if kind == "cut":
        del out[at:]
    elif kind == "zeros":
        span = len(out[at : at + rng.randrange(1, 3_000)])
        out[at : at + span] = bytes(span)
    elif kind == "zeros-across":
        edge = rng.choice(starts[1:])
        out[edge - rng.randrange(1, 2_500) : edge + rng.randrange(1, 200)] = bytes(2_700)
    elif kind == "flips":
        for _ in range(rng.randrange(1, 12)):
            out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    else:
        out[at:at] = rng.randbytes(rng.randrange(1, 2_000))
    return bytes(out)


@pytest.mark.parametrize("seed", range(40))
def test_damaged_files_are_read_to_the_end_with_no_record_twice(tmp_path: Path, seed: int) -> None:
    # Whatever the damage, reading ends and names each source at most once, whether the
    # file is read whole or in spans (a reader that goes back loops, see above).
    rng = random.Random(seed)
    words = ["berita", "jakarta", "banjir", "menteri", "warga", "hujan", "kota", "rakyat"]
    path = tmp_path / "damaged.warc.gz"
    starts = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.0")
        for n in range(8):
            starts.append(out.tell())
            text = " ".join(f"{rng.choice(words)}{rng.randrange(999)}" for _ in range(3_000))
            _response(writer, f"https://news.example.id/{n}", f"<p>{text}</p>".encode())
    path.write_bytes(_damaged(path.read_bytes(), starts, rng))
    readings = [[(0, None)], list(Spans.of(path, 3) or [(0, None)])]
    for spans in readings:
        docs = [
            d
            for span in spans
            for d in itertools.islice(WarcSource(path, span=span).documents(), 40)
        ]
        sources = [d.source for d in docs]
        assert len(sources) == len(set(sources)) < 40


def _fixed_warc(bodies: list[bytes]) -> tuple[bytes, list[int]]:
    """A gzipped WARC of one response a body, with a fixed id and date, so that its bytes
    (and what a flipped bit does to them) are the same in every run; and record starts."""
    buffer, starts = io.BytesIO(), []
    writer = WARCWriter(buffer, gzip=True, warc_version="1.0")
    http = StatusAndHeaders("200 OK", [("Content-Type", HTML)], protocol="HTTP/1.1")
    for n, body in enumerate(bodies):
        starts.append(buffer.tell())
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-00000000000{n}>"}
        fixed["WARC-Date"] = "2024-03-01T08:30:00Z"
        record = writer.create_warc_record(
            f"https://news.example.id/{n}",
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict=fixed,
        )
        _write(writer, record)
    return buffer.getvalue(), starts


def _stories(count: int) -> list[bytes]:
    paragraphs = "<p>Paragraf {i} berita {n}: banjir di kota pesisir utara.</p>"
    return [
        (
            "<html><body>"
            + "".join(paragraphs.format(i=i, n=n) for i in range(60))
            + "</body></html>"
        ).encode()
        for n in range(count)
    ]


@pytest.mark.parametrize("gz", [True, False], ids=["gzip", "plain"])
def test_a_record_whose_data_runs_past_its_length_is_rejected(tmp_path: Path, gz: bool) -> None:
    bodies = _stories(3)
    data, starts = _fixed_warc(bodies)
    members = [gzip.decompress(data[a:b]) for a, b in itertools.pairwise([*starts, len(data)])]
    length = re.search(rb"Content-Length: (\d+)", members[1])
    assert length is not None
    shorter = str(int(length[1]) - 40).encode()  # as many digits: nothing else moves
    members[1] = members[1].replace(length[0], b"Content-Length: " + shorter, 1)
    path = tmp_path / ("long.warc.gz" if gz else "long.warc")
    path.write_bytes(b"".join(map(gzip.compress, members)) if gz else b"".join(members))
    docs = list(WarcSource(path).documents())
    assert [d.data for d in docs[::2]] == [bodies[0], bodies[2]]
    assert docs[1].url == "https://news.example.id/1" and docs[1].data is None
    assert docs[1].error == "corrupt-warc: the record's data does not end at its length"


@pytest.mark.parametrize("verify", [False, True], ids=["lengths", "digests"])
def test_bits_flipped_in_a_member_never_pass_a_payload_of_another_length(
    tmp_path: Path, verify: bool
) -> None:
    """Bits flipped in one gzip member's compressed data, 300 ways: the records around it
    are read intact, and it is read intact, or rejected with its reason, or (the gzip CRC
    of a member is not checked, here or in warcio) passed on garbled but of the same
    length. A garbled payload of another length shows in what follows it, and is
    rejected: before, a few of the 300 were passed on. With ``verify_digests`` no
    garbled payload passes at all."""
    bodies = _stories(3)
    data, starts = _fixed_warc(bodies)
    path = tmp_path / "flipped.warc.gz"
    options = SourceOptions(verify_digests=verify)
    rng = random.Random(5)
    outcomes: Counter[str] = Counter()
    for _ in range(300):
        damaged = bytearray(data)
        damaged[rng.randrange(starts[1] + 30, starts[2] - 10)] ^= 1 << rng.randrange(8)
        path.write_bytes(damaged)
        docs = WarcSource(path, options=options).documents()
        found = {int(d.source.rsplit("@", 1)[1]): d for d in docs}
        assert found[starts[0]].data == bodies[0] and found[starts[2]].data == bodies[2]
        middle = found[starts[1]]  # the damaged record is accounted for, under its offset
        if middle.error is None:
            assert middle.data is not None and len(middle.data) == len(bodies[1])
            assert middle.data == bodies[1] or not verify
            outcomes["intact" if middle.data == bodies[1] else "same length"] += 1
        else:
            assert middle.data is None and middle.error.startswith("corrupt-warc: ")
            outcomes[middle.error.split(": ", 2)[1]] += 1
    assert outcomes["the record's data does not end at its length" if not verify else DIGEST] > 0
    assert outcomes["same length"] > 0 or verify  # what only the digest catches happens


@pytest.mark.parametrize("form", ["gzip", "plain", "gzip-whole"])
@pytest.mark.parametrize("wrapped", [False, True], ids=["fastwarc", "warcio"])
def test_verify_digests_rejects_a_payload_changed_at_its_length(
    tmp_path: Path, form: str, wrapped: bool
) -> None:
    # An address in angle brackets (as Wget 1.19 writes them) sends the record to warcio;
    # a file gzipped whole is read by warcio through a gzip stream.
    bodies = [_page(n) for n in range(3)]
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=form == "gzip", warc_version="1.0")
    for n, body in enumerate(bodies):
        url = f"https://news.example.id/berita/{n}"
        _response(writer, f"<{url}>" if wrapped else url, body)
    members = [buffer.getvalue()]
    if form == "gzip":
        data = buffer.getvalue()
        cuts = [m.start() for m in re.finditer(re.escape(b"\x1f\x8b\x08"), data)]
        members = [gzip.decompress(data[a:b]) for a, b in itertools.pairwise([*cuts, len(data)])]
    changed = bodies[1].replace(b"nomor 1", b"nomor X")
    assert len(changed) == len(bodies[1]) and changed != bodies[1]
    members = [m.replace(bodies[1], changed) for m in members]
    path = tmp_path / ("changed.warc" if form == "plain" else "changed.warc.gz")
    path.write_bytes(
        b"".join(members) if form == "plain" else b"".join(map(gzip.compress, members))
    )
    plain = list(WarcSource(path).documents())
    assert [d.data for d in plain] == [bodies[0], changed, bodies[2]]  # the length is whole
    checked = list(WarcSource(path, options=SourceOptions(verify_digests=True)).documents())
    assert [d.data for d in checked] == [bodies[0], None, bodies[2]]
    assert checked[1].error == f"corrupt-warc: {DIGEST}"
    assert checked[1].url == "https://news.example.id/berita/1"


def test_damaged_bytes_holding_a_colon_are_still_not_quoted(tmp_path: Path) -> None:
    # The judgement is on all the bytes warcio quotes, not on what follows a ": " in them.
    path = tmp_path / "bad.warc"
    _cc_news(path, 2, gz=False)
    data = path.read_bytes()
    second = data.index(b"WARC/1.0", 10)
    junk = bytes(range(1, 9)) * 4 + b"\xc3\x91: ok"
    path.write_bytes(data[:second] + junk + data[second + 8 :])
    bad = next(d for d in WarcSource(path).documents() if d.error is not None)
    assert bad.error is not None and bad.error.endswith("first line: not text")
