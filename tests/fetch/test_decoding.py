"""Bounded Content-Encoding decoding: correct output, small pieces, clear failures."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from warta.fetch.decoding import PIECE, DecodingFailed, decode

BODY = b"<html><body>" + b"<p>Berita hari ini.</p>" * 5000 + b"</body></html>"


def _split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(BODY)),
        ("x-gzip", gzip.compress(BODY)),
        ("deflate", zlib.compress(BODY)),
        ("deflate", zlib.compress(BODY, wbits=-zlib.MAX_WBITS)),  # raw deflate, seen in the wild
        ("br", brotli.compress(BODY)),
        ("identity", BODY),
        (None, BODY),
    ],
)
@pytest.mark.parametrize("chunk", [7, 65536])
def test_each_encoding_decodes_from_any_chunking(
    encoding: str | None, packed: bytes, chunk: int
) -> None:
    assert b"".join(decode(_split(packed, chunk), encoding)) == BODY


@pytest.mark.parametrize(
    "packed",
    [
        ("br", brotli.compress(b"\0" * (64 << 20), quality=5)),
        ("gzip", gzip.compress(b"\0" * (64 << 20), compresslevel=9)),
    ],
    ids=["brotli", "gzip"],
)
def test_a_compression_bomb_comes_out_in_bounded_pieces(packed: tuple[str, bytes]) -> None:
    encoding, data = packed
    pieces = decode([data], encoding)
    first = [next(pieces) for _ in range(3)]
    assert all(0 < len(p) <= 2 * PIECE for p in first)
    pieces.close()  # type: ignore[attr-defined]


def test_bad_data_and_unknown_encodings_fail_clearly() -> None:
    with pytest.raises(DecodingFailed, match="bad compressed data"):
        list(decode([b"\x1f\x8b\x08\x00garbage-garbage"], "gzip"))
    with pytest.raises(DecodingFailed, match="bad brotli data"):
        list(decode([b"this is not brotli at all"], "br"))
    with pytest.raises(DecodingFailed, match="truncated compressed data"):
        list(decode([gzip.compress(BODY)[:-100]], "gzip"))
    with pytest.raises(DecodingFailed, match="truncated brotli data"):
        list(decode([brotli.compress(BODY)[:-10]], "br"))
    with pytest.raises(DecodingFailed, match="unsupported Content-Encoding 'zstd'"):
        list(decode([b"x"], "zstd"))
