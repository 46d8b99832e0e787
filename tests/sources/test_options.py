"""The helpers every source shares: capped reads, error documents, the limit."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from warta.extract.options import ExtractOptions
from warta.sources import RawDocument, SourceOptions
from warta.sources.options import TooLarge, error_document, limited, read_capped


def test_defaults_match_the_extractor() -> None:
    options = SourceOptions()
    assert options.max_bytes == ExtractOptions().max_bytes
    assert options.limit is None and options.fetch is None
    with pytest.raises(TypeError):
        SourceOptions(1)  # type: ignore[call-arg]  # keyword only


def test_read_capped() -> None:
    assert read_capped(io.BytesIO(b"x" * 10), 10) == b"x" * 10
    with pytest.raises(TooLarge):
        read_capped(io.BytesIO(b"x" * 11), 10)


def test_error_document_sets_reason_and_fields() -> None:
    doc = error_document("f@1", "not-html", "image/png", url="https://a.example/", status=200)
    assert doc == RawDocument(
        source="f@1", url="https://a.example/", status=200, error="not-html: image/png"
    )


def test_limited_closes_the_stream_it_stops() -> None:
    closed: list[bool] = []

    def docs() -> Iterator[RawDocument]:
        try:
            for n in range(100):
                yield RawDocument(source=str(n))
        finally:
            closed.append(True)

    assert [d.source for d in limited(docs(), 2)] == ["0", "1"]
    assert closed == [True]
    assert len(list(limited(docs(), None))) == 100
