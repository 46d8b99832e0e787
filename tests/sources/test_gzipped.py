"""Both gzip readers (ISA-L's and the standard library's) read and fail alike."""

from __future__ import annotations

import gzip
import io
import os
import zlib

import pytest

from warta.sources.gzipped import gzip_errors, gzip_reader

DATA = os.urandom(40_000).hex().encode()  # 80 KB that compress to about half


@pytest.fixture(params=[True, False], ids=["isal", "stdlib"])
def fast(request: pytest.FixtureRequest) -> bool:
    return bool(request.param)


def test_members_are_read_one_after_the_other(fast: bool) -> None:
    raw = gzip.compress(DATA) + gzip.compress(b"and a second member")
    with gzip_reader(io.BytesIO(raw), fast=fast) as stream:
        assert stream.read() == DATA + b"and a second member"


def test_a_stream_cut_short_gives_what_it_holds_then_eof(fast: bool) -> None:
    raw = gzip.compress(DATA)
    stream = gzip_reader(io.BytesIO(raw[: len(raw) // 2]), fast=fast)
    first = stream.read(1000)
    assert first == DATA[:1000]
    with pytest.raises(EOFError):
        stream.read()


def test_a_stream_cut_short_gives_every_byte_before_the_cut(fast: bool) -> None:
    """Read a line at a time, as dumps are: every whole line zlib can inflate before the
    cut comes out, then EOFError (ISA-L's own reader lost what its last read inflated)."""
    raw = gzip.compress(b"\n".join(DATA[n : n + 100] for n in range(0, len(DATA), 100)))
    cut = raw[: len(raw) // 2]
    inflated = zlib.decompressobj(31).decompress(cut)
    expected = inflated[: inflated.rfind(b"\n") + 1]
    stream = gzip_reader(io.BytesIO(cut), fast=fast)
    got: list[bytes] = []
    with pytest.raises(EOFError):
        while line := stream.readline():
            got.append(line)
    assert b"".join(got) == expected


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:3] + b"\x09" + raw[4:],  # header flags no reader knows
        lambda raw: raw[:10] + b"\xff\xff" + raw[12:],  # a deflate block of no type
        lambda raw: raw[:-8] + bytes(8),  # checksum and length zeroed
    ],
    ids=["header", "deflate", "checksum"],
)
def test_data_that_is_not_gzip_raises_one_of_the_named_errors(fast: bool, damage: object) -> None:
    raw = damage(gzip.compress(DATA))  # type: ignore[operator]
    with pytest.raises(gzip_errors()):
        gzip_reader(io.BytesIO(raw), fast=fast).read()


def test_closing_the_stream_leaves_the_file_open(fast: bool) -> None:
    handle = io.BytesIO(gzip.compress(DATA))
    with gzip_reader(handle, fast=fast) as stream:
        stream.read(10)
    assert not handle.closed
