"""The helpers every source shares: capped reads, error documents, the limit, the guard."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from warta.errors import MissingDependency
from warta.extract.options import ExtractOptions
from warta.sources import RawDocument, SourceOptions
from warta.sources.options import TooLarge, error_document, guarded, limited, read_capped


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


def _failing(exc: BaseException) -> Iterator[RawDocument]:
    yield RawDocument(source="dump.jsonl:1", data=b"<p>satu</p>")
    yield RawDocument(source="dump.jsonl:2", data=b"<p>dua</p>")
    raise exc


def test_a_source_that_raises_ends_with_an_internal_error_document(
    caplog: pytest.LogCaptureFixture,
) -> None:
    docs = list(guarded(_failing(NotImplementedError("a column type")), "dump.jsonl"))
    assert [d.source for d in docs] == ["dump.jsonl:1", "dump.jsonl:2", "dump.jsonl"]
    assert docs[-1].error == "internal-error: reading failed: NotImplementedError: a column type"
    assert "reading dump.jsonl failed" in caplog.text


@pytest.mark.parametrize("exc", [MissingDependency("pip install it"), MemoryError()])
def test_a_missing_dependency_or_memory_still_stops_the_reading(exc: BaseException) -> None:
    with pytest.raises(type(exc)):
        list(guarded(_failing(exc), "dump.jsonl"))
