"""The CLI's output formats, on records built by hand."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

from warta.cli.output import Format, Writer, to_markdown, to_text
from warta.record import Article, Paragraph

WIB = timezone(timedelta(hours=7))


def _article(title: str = "Banjir rob di Semarang") -> Article:
    return Article(
        source="a.html",
        url="https://kabarnusa.id/a",
        outlet="kabarnusa.id",
        title=title,
        authors=["Rina Kartikasari", "Adi Pramana"],
        published=datetime(2025, 3, 11, 9, 42, tzinfo=WIB),
        paragraphs=[
            Paragraph("paragraph", "Air laut masuk ke permukiman."),
            Paragraph("heading", "Warga mengungsi"),
            Paragraph("list-item", "tanggul;"),
            Paragraph("list-item", "pompa."),
            Paragraph("quote", "Air naik subuh."),
        ],
    )


class _CountingStream(io.StringIO):
    flushes = 0

    def flush(self) -> None:
        self.flushes += 1
        super().flush()


def _write(
    fmt: Format, articles: list[Article], *, single: bool = False
) -> tuple[str, list[Article]]:
    out, errors = io.StringIO(), []
    writer = Writer(out, fmt, single=single, on_error=errors.append)
    for article in articles:
        writer.write(article)
    writer.close()
    return out.getvalue(), errors


def test_jsonl_writes_one_object_per_line_without_escaping() -> None:
    text, _ = _write(
        Format.JSONL, [_article("Jalan amblas – Kamis"), Article(error="empty-input: x")]
    )
    lines = text.splitlines()
    assert len(lines) == 2 and "–" in lines[0]
    assert json.loads(lines[1])["error"] == "empty-input: x"


def test_each_record_is_flushed_as_it_is_written() -> None:
    stream = _CountingStream()
    writer = Writer(stream, Format.JSONL)
    writer.write(_article())
    assert stream.flushes == 1 and stream.getvalue().count("\n") == 1


def test_json_is_one_object_for_one_input_and_an_array_otherwise() -> None:
    single, _ = _write(Format.JSON, [_article()], single=True)
    assert json.loads(single)["title"] == "Banjir rob di Semarang"
    many, _ = _write(Format.JSON, [_article(), Article(error="bad-input: x")])
    assert [r["error"] for r in json.loads(many)] == [None, "bad-input: x"]
    none, _ = _write(Format.JSON, [])
    assert json.loads(none) == []


def test_markdown_has_title_metadata_and_paragraph_kinds() -> None:
    text = to_markdown(_article())
    assert text.startswith("# Banjir rob di Semarang\n\n")
    assert "- Outlet: kabarnusa.id\n- Authors: Rina Kartikasari, Adi Pramana\n" in text
    assert "- Published: 2025-03-11T09:42:00+07:00\n- URL: https://kabarnusa.id/a" in text
    assert "\n\n## Warga mengungsi\n\n- tanggul;\n- pomp" in text
    assert text.endswith("\n\n> Air naik subuh.\n")


def test_text_is_title_blank_line_body() -> None:
    article = _article()
    assert to_text(article) == f"{article.title}\n\n{article.body}\n"
    assert to_text(Article(paragraphs=[Paragraph("paragraph", "Isi.")])) == "Isi.\n"


def test_reading_formats_hand_error_records_to_the_callback() -> None:
    bad = Article(source="b.html", error="binary-input: not text")
    for fmt in (Format.MARKDOWN, Format.TEXT):
        text, errors = _write(fmt, [_article(), bad, _article("Kedua")])
        assert errors == [bad]
        assert "binary-input" not in text and text.count("Banjir rob") == 1
        assert "Kedua" in text
