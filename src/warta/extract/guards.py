"""Cheap checks that reject inputs which are not pages before the parser sees them.
(Stub: the full checks are being written.)"""

from __future__ import annotations

from warta.errors import EmptyInput
from warta.extract.options import ExtractOptions

__all__ = ["check_bytes", "check_text"]


def check_bytes(data: bytes, options: ExtractOptions) -> None:
    """Raise an :class:`~warta.errors.InputError` for bytes that are no page."""
    if not data.strip():
        raise EmptyInput("the input is empty")


def check_text(text: str, options: ExtractOptions) -> None:
    """Raise an :class:`~warta.errors.InputError` for text no parser should get."""
    if not text.strip():
        raise EmptyInput("the input is empty")
