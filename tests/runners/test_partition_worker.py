"""The partitioned runner's worker, in process: how it makes a batch's rows."""

from __future__ import annotations

from typing import Any

from warta.record import Article, Paragraph
from warta.runners.partition_worker import _ready
from warta.store.schema import PreparedRow


def _article(**kw: Any) -> Article:
    fields: dict[str, Any] = {
        "source": "pages/1.html",
        "url": "https://kabarnusa.id/bola/1",
        "title": "Persib menang",
        "paragraphs": [Paragraph("paragraph", "Persib menang dua gol tanpa balas.")],
    }
    return Article(**(fields | kw))


def test_a_record_becomes_its_row_with_the_analysed_text() -> None:
    source, row = _ready("pages/1.html", _article())
    assert source == "pages/1.html"
    assert isinstance(row, PreparedRow)
    assert row.key == "https://kabarnusa.id/bola/1"
    assert row.analysed is not None and "menang" in row.analysed[2]


def test_rejected_records_and_ready_rows_pass_through() -> None:
    failed = _article(error="not-html: image/png", paragraphs=[])
    assert _ready("a", failed) == ("a", failed)
    _, row = _ready("b", _article())
    assert _ready("b", row) == ("b", row)


def test_a_row_that_cannot_be_made_costs_only_its_record() -> None:
    loop: list[Any] = []
    loop.append(loop)  # provenance that can never become JSON: endless recursion
    source, record = _ready("c", _article(provenance={"note": loop}))
    assert source == "c"
    assert isinstance(record, Article)
    assert record.error is not None and record.error.startswith("internal error: RecursionError")
    assert record.url == "https://kabarnusa.id/bola/1"
