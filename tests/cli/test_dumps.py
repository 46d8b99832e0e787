"""Reading dumps one document at a time."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

from warta.cli.dumps import (
    MAX_DOCUMENT_CHARS,
    DumpKind,
    Split,
    dump_kind,
    open_dump,
    read_documents,
)


def test_kind_from_name_then_first_line() -> None:
    assert dump_kind("a.JSONL", "teks") is DumpKind.JSONL
    assert dump_kind("a.ndjson.gz", "") is DumpKind.JSONL
    assert dump_kind("a.txt", '{"text": 1}') is DumpKind.TEXT
    assert dump_kind("-", '  {"text": "x"}') is DumpKind.JSONL
    assert dump_kind("-", "Judul berita") is DumpKind.TEXT


def test_documents_are_read_lazily() -> None:
    consumed: list[int] = []

    def lines() -> Iterator[str]:
        for i in range(1000):
            consumed.append(i)
            yield f"Dokumen {i}.\n"
            yield "\n"

    kind, docs = read_documents("-", lines())
    first = next(docs)
    assert kind is DumpKind.TEXT and first.text == "Dokumen 0." and first.line == 1
    assert len(consumed) <= 2


def test_a_document_over_the_cap_is_handed_over_with_an_error() -> None:
    line = "x" * 1024 * 1024
    lines = [line] * 5 + ["", "kecil"]
    _, docs = read_documents("-", lines, split=Split.BLANK)
    out = list(docs)
    assert out[0].error == "document too large" and len(out[0].text or "") > MAX_DOCUMENT_CHARS
    assert out[-1].text == "kecil" and out[-1].error is None


def test_open_dump_gunzips_by_content_and_replaces_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "dump.data"
    path.write_bytes(gzip.compress(b"Satu\r\nDua \xff\n"))
    with open_dump(str(path)) as stream:
        assert [line.rstrip("\r\n") for line in stream] == ["Satu", "Dua \ufffd"]
