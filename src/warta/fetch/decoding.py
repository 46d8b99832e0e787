"""Content-Encoding decoding in bounded pieces, so a compression bomb cannot fill memory.

httpx decodes each network chunk in one call: 1.6 KB of brotli can expand to 1 GiB
(and 64 KiB of gzip to 64 MiB) before the size cap sees any of it. Here the fetcher reads
the raw bytes and decodes them with an output limit per call, so the cap in
:meth:`~warta.fetch.client.Fetcher.fetch` is checked at least every ``PIECE`` bytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

import brotli

__all__ = ["ACCEPT_ENCODING", "PIECE", "DecodingFailed", "decode"]

# What the fetcher offers: exactly the encodings decoded here (no zstd).
ACCEPT_ENCODING = "gzip, deflate, br"

# Most decoded bytes produced before the caller can check its cap. brotli may overshoot
# its output limit by up to one more buffer, so the worst case is about twice this.
PIECE = 1 << 20


class DecodingFailed(Exception):
    """The body is not valid for its Content-Encoding (or uses one we do not offer)."""


def decode(raw: Iterable[bytes], encoding: str | None) -> Iterator[bytes]:
    """The decoded body of ``raw`` chunks sent with Content-Encoding ``encoding``."""
    name = (encoding or "identity").strip().lower()
    if name in ("identity", ""):
        return iter(raw)
    if name in ("gzip", "x-gzip"):
        return _zlib(raw, zlib.MAX_WBITS | 16)
    if name == "deflate":
        return _deflate(raw)
    if name == "br":
        return _brotli(raw)
    raise DecodingFailed(f"unsupported Content-Encoding {encoding!r}")


def _zlib(raw: Iterable[bytes], wbits: int) -> Iterator[bytes]:
    decoder = zlib.decompressobj(wbits)
    try:
        for chunk in raw:
            data = chunk
            while data and not decoder.eof:
                out = decoder.decompress(data, PIECE)
                if out:
                    yield out
                data = decoder.unconsumed_tail
        tail = decoder.flush()
    except zlib.error as exc:
        raise DecodingFailed(f"bad compressed data: {exc}") from exc
    if tail:
        yield tail
    if not decoder.eof:  # zlib is silent about a stream cut short; a page is not
        raise DecodingFailed("truncated compressed data")


def _deflate(raw: Iterable[bytes]) -> Iterator[bytes]:
    """'deflate' is meant to be zlib-wrapped, but some servers send raw deflate."""
    chunks = iter(raw)
    first = next(chunks, b"")
    wrapped = len(first) >= 2 and (first[0] & 0x0F) == 8 and (first[0] << 8 | first[1]) % 31 == 0
    yield from _zlib(_prepend(first, chunks), zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


def _brotli(raw: Iterable[bytes]) -> Iterator[bytes]:
    decoder = brotli.Decompressor()
    try:
        for chunk in raw:
            out = decoder.process(chunk, output_buffer_limit=PIECE)
            if out:
                yield out
            while not decoder.can_accept_more_data():
                yield decoder.process(b"", output_buffer_limit=PIECE)
        while not decoder.is_finished():  # output still held inside the decoder
            out = decoder.process(b"", output_buffer_limit=PIECE)
            if not out:
                break
            yield out
    except brotli.error as exc:
        raise DecodingFailed(f"bad brotli data: {exc}") from exc
    if not decoder.is_finished():
        raise DecodingFailed("truncated brotli data")
