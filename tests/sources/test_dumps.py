"""Scraper dumps: JSONL (plain and gzip), CSV and Parquet, good rows and bad ones."""

from __future__ import annotations

import csv
import gzip
import json
import random
import zlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import warta
from warta.cli.inputs import extract_input  # the runner's dispatching target
from warta.sources import TEXT_PLAIN, DumpSource, SourceOptions

PAGE = "<html><body><p>Halo dunia.</p></body></html>"


def _jsonl(path: Path, lines: list[str]) -> None:
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


@pytest.mark.parametrize("name", ["dump.jsonl", "dump.jsonl.gz"])
def test_jsonl_rows_good_and_bad(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _jsonl(
        path,
        [
            json.dumps({"html": PAGE, "url": "https://a.example/1"}),
            json.dumps({"text": "Jakarta - Berita dalam teks."}),
            "",
            "{not json",
            json.dumps(["a list"]),
            json.dumps({"title": "no content"}),
            json.dumps({"html": "", "text": "empty html falls back to text"}),
        ],
    )
    docs = list(DumpSource(path).documents())
    assert [d.source for d in docs] == [f"{path}:{n}" for n in (1, 2, 4, 5, 6, 7)]
    page, text, broken, listed, empty, fallback = docs
    assert page.data == PAGE and page.url == "https://a.example/1" and page.content_type is None
    assert text.data == "Jakarta - Berita dalam teks." and text.content_type == TEXT_PLAIN
    assert broken.error is not None and broken.error.startswith("invalid-json: ")
    assert listed.error == "invalid-json: not an object"
    assert empty.error == "missing-field: no 'html' or 'text' value"
    assert fallback.content_type == TEXT_PLAIN


def test_jsonl_line_over_the_cap_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    _jsonl(path, [json.dumps({"html": "x" * 5_000}), json.dumps({"html": PAGE})])
    big, good = DumpSource(path, options=SourceOptions(max_bytes=1_000)).documents()
    assert big.error is not None and big.error.startswith("input-too-large: ")
    assert good.data == PAGE and good.source == f"{path}:2"


def test_invalid_utf8_line_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"html": "\xff\xfe"}\n' + json.dumps({"html": PAGE}).encode() + b"\n")
    bad, good = DumpSource(path).documents()
    assert bad.error == "invalid-json: not UTF-8" and good.data == PAGE


def test_json_that_only_the_standard_library_reads_is_read_as_before(tmp_path: Path) -> None:
    """Lines orjson refuses but json takes: NaN, a byte-order mark, a lone surrogate."""
    path = tmp_path / "lenient.jsonl"
    lines = [
        json.dumps({"html": PAGE}).replace("}", ', "score": NaN}'),
        "\ufeff" + json.dumps({"html": PAGE, "url": "https://a.example/bom"}),
        '{"text": "Berita \\ud800 pendek.", "url": "https://a.example/s"}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    nan, bom, surrogate = DumpSource(path).documents()
    assert nan.error is None and nan.data == PAGE
    assert bom.error is None and bom.url == "https://a.example/bom"
    assert surrogate.error is None and surrogate.data == "Berita \ud800 pendek."


def test_truncated_gzip_dump_keeps_rows_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    rows = [json.dumps({"html": PAGE + str(n) * 50}) for n in range(200)]
    data = gzip.compress(("\n".join(rows) + "\n").encode())
    path.write_bytes(data[: len(data) // 2])
    docs = list(DumpSource(path).documents())
    assert all(d.error is None for d in docs[:-1]) and len(docs) > 1
    assert docs[-1].error is not None and docs[-1].error.startswith("truncated-gzip: ")


def test_a_small_truncated_gzip_dump_keeps_every_whole_row_before_the_cut(
    tmp_path: Path,
) -> None:
    """A dump smaller than one read of the file: ISA-L alone lost every row of it."""
    path = tmp_path / "cut.jsonl.gz"
    noise = random.Random(7)  # text that does not compress away: rows spread over the file
    rows = "".join(
        json.dumps({"html": PAGE + noise.randbytes(300).hex()}) + "\n" for n in range(20)
    )
    data = gzip.compress(rows.encode())
    path.write_bytes(data[: len(data) // 2])
    whole = zlib.decompressobj(31).decompress(data[: len(data) // 2]).count(b"\n")
    docs = list(DumpSource(path).documents())
    assert whole >= 2
    assert [d.source for d in docs[:-1]] == [f"{path}:{n}" for n in range(1, whole + 1)]
    assert all(d.error is None for d in docs[:-1])
    assert docs[-1].error is not None and docs[-1].error.startswith("truncated-gzip: ")


def test_corrupt_gzip_dump_keeps_rows_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    rows = "".join(json.dumps({"html": PAGE + str(n) * 50}) + "\n" for n in range(200))
    damaged = bytearray(gzip.compress(rows.encode()))
    damaged[10:12] = b"\xff\xff"  # a deflate block of no type
    path.write_bytes(gzip.compress(rows.encode()) + bytes(damaged))  # a good member first
    docs = list(DumpSource(path).documents())
    assert len(docs) > 100 and all(d.error is None for d in docs[:-1])
    assert docs[-1].source == str(path)
    assert docs[-1].error is not None and docs[-1].error.startswith("bad-gzip: ")


def test_csv_rows_with_a_big_field_and_custom_columns(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    big = "<p>" + "a" * 300_000 + "</p>"  # over the csv module's default 128 KiB field limit
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["link", "page", "body"])
        writer.writerow(["https://a.example/1", PAGE, ""])
        writer.writerow(["https://a.example/2", big, ""])
        writer.writerow(["", "", "Teks saja,\nbaris dua."])
        writer.writerow(["https://a.example/4", "", ""])
    options = SourceOptions(html_column="page", text_column="body", url_column="link")
    docs = list(DumpSource(path, options=options).documents())
    assert [d.source for d in docs] == [f"{path}:{n}" for n in (1, 2, 3, 4)]
    assert docs[0].data == PAGE and docs[0].url == "https://a.example/1"
    assert docs[1].data == big
    assert docs[2].data == "Teks saja,\nbaris dua." and docs[2].content_type == TEXT_PLAIN
    assert docs[2].url is None
    assert docs[3].error is not None and docs[3].error.startswith("missing-field: ")


def test_csv_field_far_over_the_cap_is_an_error_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(f"url,html\nhttps://a.example/1,{'a' * 5_000}\nhttps://a.example/2,{PAGE}\n")
    options = SourceOptions(max_bytes=1_000)
    huge, good = DumpSource(path, options=options).documents()
    assert huge.error is not None and huge.error.startswith("bad-csv: field larger")
    assert good.data == PAGE and good.source == f"{path}:2"


def test_csv_without_the_columns_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    [doc] = DumpSource(path).documents()
    assert doc.source == str(path)
    assert doc.error is not None and doc.error.startswith("missing-column: ")


def test_parquet_batches(tmp_path: Path) -> None:
    path = tmp_path / "dump.parquet"
    n = 150  # more than one batch
    html = [PAGE if i % 3 else None for i in range(n)]
    text = [None if i % 3 else f"teks {i}" for i in range(n)]
    url = [f"https://a.example/{i}" for i in range(n)]
    table = pa.table({"url": url, "html": html, "text": text, "extra": list(range(n))})
    pq.write_table(table, path, row_group_size=40)
    docs = list(DumpSource(path).documents())
    assert len(docs) == n and all(d.error is None for d in docs)
    assert docs[0].data == "teks 0" and docs[0].content_type == TEXT_PLAIN
    assert docs[1].data == PAGE and docs[1].url == "https://a.example/1"
    assert docs[-1].source == f"{path}:{n}"


def test_parquet_read_a_row_group_span_at_a_time(tmp_path: Path) -> None:
    """Each row group's span reads that group's rows alone, numbered as in the whole file;
    together the spans read every row once."""
    path = tmp_path / "dump.parquet"
    rows = [f"<p>baris {i}</p>" for i in range(10)]
    pq.write_table(pa.table({"html": rows}), path, row_group_size=3)
    spans = DumpSource(path).row_group_spans(at_least=4)
    assert spans == [(1, 4), (4, 7), (7, 10), (10, 11)]
    whole = [(d.source, d.data) for d in DumpSource(path).documents()]
    pieces = [[(d.source, d.data) for d in DumpSource(path, rows=s).documents()] for s in spans]
    assert pieces[1] == [(f"{path}:{n}", rows[n - 1]) for n in (4, 5, 6)]
    assert [doc for piece in pieces for doc in piece] == whole
    # A span across two groups reads both; one matching no group (the file changed
    # since it was cut) reads nothing.
    assert [d.source for d in DumpSource(path, rows=(4, 10)).documents()] == [
        f"{path}:{n}" for n in range(4, 10)
    ]
    assert list(DumpSource(path, rows=(5, 7)).documents()) == []


def test_only_dumps_of_enough_readable_row_groups_are_cut(tmp_path: Path) -> None:
    few = tmp_path / "few.parquet"
    pq.write_table(pa.table({"html": ["<p>a</p>"] * 6}), few, row_group_size=3)
    assert DumpSource(few).row_group_spans(at_least=2) == [(1, 4), (4, 7)]
    assert DumpSource(few).row_group_spans(at_least=3) is None
    no_column = tmp_path / "body.parquet"
    pq.write_table(pa.table({"body": ["x"] * 6}), no_column, row_group_size=1)
    assert DumpSource(no_column).row_group_spans(at_least=1) is None
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"not parquet at all")
    assert DumpSource(fake).row_group_spans(at_least=1) is None
    assert DumpSource(tmp_path / "gone.parquet").row_group_spans(at_least=1) is None
    lines = tmp_path / "d.jsonl"
    _jsonl(lines, ['{"html": "<p>a</p>"}'] * 6)
    assert DumpSource(lines).row_group_spans(at_least=1) is None


def test_parquet_binary_html_and_missing_column(tmp_path: Path) -> None:
    good = tmp_path / "bin.parquet"
    pq.write_table(pa.table({"html": pa.array([PAGE.encode()], pa.binary())}), good)
    [doc] = DumpSource(good).documents()
    assert doc.data == PAGE.encode() and doc.url is None
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"body": ["x"]}), other)
    [bad] = DumpSource(other).documents()
    assert bad.error is not None and bad.error.startswith("missing-column: ")


def test_content_that_is_not_text_is_a_bad_field(tmp_path: Path) -> None:
    path = tmp_path / "shapes.jsonl"
    rows = [{"text": 42}, {"html": ["<p>a</p>"]}, {"html": None, "text": {"p": 1}}, {"url": "x"}]
    _jsonl(path, [json.dumps(row) for row in rows])
    number, listed, mapping, missing = DumpSource(path).documents()
    assert number.error == "bad-field: 'text' holds int, not text"
    assert listed.error == "bad-field: 'html' holds list, not text"
    assert mapping.error == "bad-field: 'text' holds dict, not text"
    assert missing.error == "missing-field: no 'html' or 'text' value"


def test_good_text_wins_over_a_bad_html_value(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    _jsonl(path, [json.dumps({"html": 7, "text": "Jakarta - Teks."})])
    [doc] = DumpSource(path).documents()
    assert doc.error is None and doc.data == "Jakarta - Teks." and doc.content_type == TEXT_PLAIN


def test_parquet_binary_text_and_number_columns(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    text = pa.array([b"Jakarta - Teks biner.", None], pa.binary())
    pq.write_table(pa.table({"text": text, "html": pa.array([None, 5], pa.int64())}), path)
    binary, number = DumpSource(path).documents()
    assert binary.data == b"Jakarta - Teks biner." and binary.content_type == TEXT_PLAIN
    assert number.error == "bad-field: 'html' holds int, not text"


def test_not_parquet_and_missing_and_unknown_files(tmp_path: Path) -> None:
    fake = tmp_path / "fake.parquet"
    fake.write_bytes(b"not parquet at all")
    [doc] = DumpSource(fake).documents()
    assert doc.error is not None and doc.error.startswith("bad-parquet: ")
    [missing] = DumpSource(tmp_path / "none.jsonl").documents()
    assert missing.error is not None and missing.error.startswith("not-found: ")
    [unknown] = DumpSource(tmp_path / "x.xlsx").documents()
    assert unknown.error is not None and unknown.error.startswith("unknown-format: ")


def test_limit_and_laziness(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    _jsonl(path, [json.dumps({"html": PAGE}) for _ in range(1_000)])
    docs = DumpSource(path, options=SourceOptions(limit=3)).documents()
    assert len(list(docs)) == 3


def test_text_rows_extract_in_plain_text_mode(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    body = "Jakarta - Pemerintah mengumumkan kebijakan baru hari ini.\n\nIsi berita kedua."
    _jsonl(path, [json.dumps({"text": body, "url": "https://a.example/t"})])
    [doc] = DumpSource(path).documents()
    assert isinstance(doc.data, str)
    article = extract_input(doc.data, doc.url, content_type=doc.content_type, source=doc.source)
    assert isinstance(article, warta.Article) and article.error is None
    assert "kebijakan baru" in article.body


def test_only_wanted_rows_are_parsed(tmp_path: Path) -> None:
    """A worker's share of a dump: rows it does not want are passed over unparsed (a
    broken line that is another worker's is that worker's to report)."""
    path = tmp_path / "rows.jsonl"
    _jsonl(path, [json.dumps({"html": PAGE}), "{broken", json.dumps({"text": "teks"}), "[1]"])
    odd = DumpSource(path, wanted=lambda name: int(name.rsplit(":", 1)[1]) % 2 == 1)
    even = DumpSource(path, wanted=lambda name: int(name.rsplit(":", 1)[1]) % 2 == 0)
    assert [(d.source, d.error) for d in odd.documents()] == [
        (f"{path}:1", None),
        (f"{path}:3", None),
    ]
    assert [d.error for d in even.documents()] == [
        "invalid-json: Expecting property name enclosed in double quotes",
        "invalid-json: not an object",
    ]
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text("html\n<p>a</p>\n<p>b</p>\n", encoding="utf-8")
    [second] = DumpSource(csv_path, wanted=lambda name: name.endswith(":2")).documents()
    assert second.data == "<p>b</p>"


def test_stored_rows_come_bare_and_unparsed(tmp_path: Path) -> None:
    """A resumed run's share of a dump: rows the store holds come as their name only (a
    broken one too: it was reported when first read), the others are parsed as ever."""
    path = tmp_path / "rows.jsonl"
    _jsonl(path, [json.dumps({"html": PAGE}), "{broken", json.dumps({"text": "teks"}), "[1]"])
    stored = {f"{path}:2", f"{path}:3"}
    options = SourceOptions(stored=stored.__contains__)  # as a source opened for a run
    docs = list(DumpSource(path, options=options).documents())
    assert [(d.source, d.data is None, d.error) for d in docs] == [
        (f"{path}:1", False, None),
        (f"{path}:2", True, None),
        (f"{path}:3", True, None),
        (f"{path}:4", True, "invalid-json: not an object"),
    ]
    odd = DumpSource(path, options=options, wanted=lambda name: name[-1] in "13")
    assert [(d.source, d.data is None) for d in odd.documents()] == [
        (f"{path}:1", False),
        (f"{path}:3", True),
    ]
    csv_path = tmp_path / "rows.csv"
    csv_path.write_text('html\n"<p>a\n</p>"\n"<p>b\n</p>"\n<p>c</p>\n', encoding="utf-8")
    second = SourceOptions(stored=f"{csv_path}:2".__eq__)
    docs = list(DumpSource(csv_path, options=second).documents())
    assert [(d.source, d.data) for d in docs] == [
        (f"{csv_path}:1", "<p>a\n</p>"),
        (f"{csv_path}:2", None),  # its quoted line break passed over with it
        (f"{csv_path}:3", "<p>c</p>"),
    ]


def test_a_dump_says_whether_it_is_gzipped_by_its_bytes(tmp_path: Path) -> None:
    named = tmp_path / "plain.jsonl.gz"  # the name says gzip, the bytes do not
    named.write_text('{"html": "<p>a</p>"}\n', encoding="utf-8")
    packed = tmp_path / "packed.jsonl"
    packed.write_bytes(gzip.compress(b'{"html": "<p>a</p>"}\n'))
    assert not DumpSource(named).gzipped() and DumpSource(packed).gzipped()
    assert not DumpSource(tmp_path / "missing.jsonl.gz").gzipped()
