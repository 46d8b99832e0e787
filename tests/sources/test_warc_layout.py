"""Cutting one WARC file into spans that processes share: every record in exactly one."""

from __future__ import annotations

import io
import pickle
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.sources import WarcSource
from warta.sources.base import RawDocument
from warta.sources.warc_layout import FINER_CUTS, Spans


def _write(path: Path, pages: int, *, gz: bool = True, large: frozenset[int] = frozenset()) -> None:
    """A CC-NEWS-like file: a warcinfo record, then responses, some HTML and some not."""
    rng = random.Random(3)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz, warc_version="1.0")
        info = writer.create_warcinfo_record(path.name, {"software": "test"})
        writer.write_record(info)
        for n in range(pages):
            body = f"<html><body><p>Berita nomor {n}.</p></body></html>".encode()
            if n in large:
                body = (
                    b"<html><body><p>"
                    + rng.randbytes(40_000).hex().encode()
                    + b"</p></body></html>"
                )
            kind = "text/html" if n % 7 else "image/jpeg"
            http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            url = f"https://news.example.id/berita/{n}"
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
            record.raw_stream.close()


Key = tuple[str, str | None, str | None, bytes | str | None]


def _key(doc: RawDocument) -> Key:
    return doc.source, doc.url, doc.error, doc.data


def _by_spans(path: Path, parts: int, finer: int = 0) -> list[Key]:
    spans = Spans.of(path, parts, finer=finer)
    assert spans is not None
    return [_key(d) for span in spans for d in WarcSource(path, span=span).documents()]


@pytest.mark.parametrize(("parts", "finer"), [(2, 0), (3, 0), (5, 0), (40, 0), (3, 2), (5, 9)])
def test_spans_hold_every_record_once_in_order(tmp_path: Path, parts: int, finer: int) -> None:
    path = tmp_path / "news.warc.gz"
    _write(path, 30, large=frozenset({4, 17}))
    whole = [_key(d) for d in WarcSource(path).documents()]
    assert len(whole) == 30
    assert _by_spans(path, parts, finer) == whole


def test_the_last_shares_are_cut_finer(tmp_path: Path) -> None:
    """Cut in 4 with the last 2 shares finer: the first two spans hold a quarter of the
    file's records each, the last half is in spans of an eighth."""
    path = tmp_path / "news.warc.gz"
    _write(path, 400)
    spans = Spans.of(path, 4, finer=2)
    assert spans is not None and len(spans) == 4 + 2 * (FINER_CUTS - 1)
    counts = [sum(1 for _ in WarcSource(path, span=span).documents()) for span in spans]
    assert sum(counts) == 400
    assert all(90 <= n <= 110 for n in counts[:2])
    assert all(15 <= n <= 35 for n in counts[2:])


def test_damage_is_said_once_by_the_span_that_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "rot.warc.gz"
    _write(path, 12, large=frozenset({5}))
    offsets = [int(d.source.rsplit("@", 1)[1]) for d in WarcSource(path).documents()]
    data = bytearray(path.read_bytes())
    rot = offsets[5] + (offsets[6] - offsets[5]) // 2  # deep inside the large record
    data[rot : rot + 16] = b"\xff" * 16
    data[offsets[9] : offsets[9] + 40] = b"\x00garbage\x00" * 4 + b"\x00" * 4  # a head
    data += b"trailing bytes that make no record\n"
    path.write_bytes(bytes(data))
    whole = [_key(d) for d in WarcSource(path).documents()]
    assert [e is not None for _, _, e, _ in whole].count(True) >= 3  # rot, head, tail
    for parts in (2, 3, 4):
        assert _by_spans(path, parts) == whole


@pytest.mark.parametrize("parts", [2, 8, 30])
def test_bytes_after_the_last_record_are_said_however_many_spans(
    tmp_path: Path, parts: int
) -> None:
    """Cuts past the last whole record find no record start; the span that holds the
    last record reads to the end of the file and says what is left there."""
    path = tmp_path / "cut.warc.gz"
    _write(path, 10)
    offsets = [int(d.source.rsplit("@", 1)[1]) for d in WarcSource(path).documents()]
    path.write_bytes(path.read_bytes()[: offsets[9] + 12])  # record 9: a broken gzip head
    whole = [_key(d) for d in WarcSource(path).documents()]
    assert (whole[-1][2] or "").startswith("truncated-warc: 12 bytes make no record")
    assert _by_spans(path, parts) == whole


@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gzip-whole"])
def test_a_file_that_cannot_be_cut_says_so(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / "one.warc"
    _write(path, 5, gz=False)
    if gz:
        import gzip  # noqa: PLC0415

        path = tmp_path / "one.warc.gz"
        path.write_bytes(gzip.compress((tmp_path / "one.warc").read_bytes()))
    assert Spans.of(path, 2) is None
    assert Spans.of(tmp_path / "missing.warc.gz", 2) is None


def test_one_part_is_no_cut(tmp_path: Path) -> None:
    path = tmp_path / "news.warc.gz"
    _write(path, 3)
    assert Spans.of(path, 1) is None


def test_what_concerns_the_whole_file_is_said_by_the_first_span(tmp_path: Path) -> None:
    missing = tmp_path / "gone.warc.gz"
    said = [list(WarcSource(missing, span=span).documents()) for span in ((0, 10), (10, None))]
    assert [len(docs) for docs in said] == [1, 0]
    assert said[0][0].error is not None and said[0][0].error.startswith("not-found")


def test_spans_are_cut_when_asked_for_and_keep_to_the_size_they_were_made_at(
    tmp_path: Path,
) -> None:
    """A process cuts only the spans it reads, and a plan made once (and pickled to each
    process) cuts the same way after the file grew: the cuts stop at its size then."""
    path = tmp_path / "news.warc.gz"
    _write(path, 60)
    spans = Spans.of(path, 6)
    assert spans is not None and len(spans) == 6
    assert sum(spans.sizes()) == path.stat().st_size
    spans[3]
    assert sorted(spans._cuts) == [2, 3]  # the two ends of span 3, nothing else
    before = list(Spans.of(path, 6) or [])
    plan = pickle.dumps(Spans.of(path, 6))
    with path.open("ab") as out:  # the crawler goes on writing
        out.write(path.read_bytes())
    copy = pickle.loads(plan)
    assert list(copy) == before
    assert list(Spans.of(path, 6) or []) != before  # cut afresh, the grown file cuts elsewhere
