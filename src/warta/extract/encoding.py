"""Bytes in, the right text out. (Stub: the full cascade is being written.)"""

from __future__ import annotations

__all__ = ["Decoded", "decode"]

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    signal: str  # which evidence chose the encoding: "bom", "http", "meta", "sniff", ...


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes using the BOM, the HTTP header, meta tags and sniffing."""
    return Decoded(data.decode("utf-8", errors="replace"), "utf-8", "default")
