"""CSV rows found by their bytes: always the csv module's rows, in its order and number."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from warta.sources import DumpSource
from warta.sources import csv_rows as csv_rows_module
from warta.sources import dumps as dumps_module
from warta.sources.csv_rows import csv_rows, parse_row


@pytest.fixture(autouse=True)
def _big_fields() -> Iterator[None]:
    before = csv.field_size_limit(10**8)
    yield
    csv.field_size_limit(before)


def by_csv_module(data: bytes) -> list[list[str] | str]:
    """What the csv module reads: each row, or ``error`` where it raises; and ``error``
    for a last row whose quoted field the file ends in (see :func:`ends_in_quotes`)."""
    out = csv_module_rows(data)
    if out and ends_in_quotes(data):
        out[-1] = "error"
    return out


def csv_module_rows(data: bytes) -> list[list[str] | str]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", errors="replace", newline="")
    rows, out = csv.reader(text), list[list[str] | str]()
    while True:
        try:
            row = next(rows, None)
        except csv.Error:
            out.append("error")
            continue
        if row is None:
            return out
        out.append(row)


def ends_in_quotes(data: bytes) -> bool:
    """Whether the file ends inside a quoted field: then a row written after it is read
    into that field instead of as a row of its own."""
    return csv_module_rows(data + b"\nEND\n")[-1:] != [["END"]]


def by_bytes(data: bytes, limit: int = 10**7) -> list[list[str] | str]:
    out: list[list[str] | str] = []
    for row in csv_rows(io.BytesIO(data), limit):
        try:
            if isinstance(row, csv.Error):
                raise row
            out.append(parse_row(row))
        except csv.Error:  # as DumpSource takes a row: an error of its own
            out.append("error")
    return out


def written(rows: list[list[str]], **dialect: str) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, **dialect).writerows(rows)  # type: ignore[arg-type]
    return out.getvalue().encode("utf-8")


def test_what_csv_writers_write_is_read_row_by_row_by_bytes() -> None:
    page = '<p class="lead">Banjir, lagi.\nWarga "mengungsi".</p>\r\n<p>é ü 漢</p>'
    rows = [["url", "html"], ["https://a.example/1", page], [], ["", ""], ["x", '""']]
    rows += [["https://a.example/big", "<p>" + "kata, " * 400_000 + "</p>"]] * 3  # 2.4 MB rows
    for dialect in ({}, {"lineterminator": "\n"}):
        data = written(rows, **dialect)
        found = list(csv_rows(io.BytesIO(data), 10**7))
        assert all(isinstance(row, bytes) for row in found)  # no row needed the csv module
        assert by_bytes(data) == by_csv_module(data) == rows


@pytest.mark.parametrize(
    "data",
    [
        b'a,b\nc,d"e,f\ng,h\n',  # a stray quote in an unquoted field: csv takes it literally
        b'a,b\r1,2\r3,"4\r5"\r',  # lines ended by a lone \r
        b'a,b\n1,"2\n3,4\n',  # a quoted field that never closes: an error
        b'a,b\n1,"2"x,3\n4,5\n',  # text after a closing quote
        b"a,b\n1,2",  # no line break after the last row
        b'\xef\xbb\xbfhtml,url\n"<p>x</p>",u\n',  # a byte order mark
        b"a,b\n\xff\xfe,x\n",  # bytes that are not UTF-8
        b"",
        b"\n\n",
    ],
)
def test_irregular_files_are_read_as_the_csv_module_reads_them(data: bytes) -> None:
    assert by_bytes(data) == by_csv_module(data)


@pytest.mark.parametrize("read", [3, 7, 1024 * 1024])
def test_random_bytes_of_csv_characters_read_as_the_csv_module_reads_them(
    read: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Also read a few bytes at a time, so that rows and quoted fields cross reads."""
    monkeypatch.setattr(csv_rows_module, "_READ", read)
    rng = random.Random(7)
    alphabet = [b"a", b"b", b",", b'"', b'""', b"\n", b"\r\n", b"\r", "é".encode(), b" "]
    for _ in range(3000):
        data = b"".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        assert by_bytes(data) == by_csv_module(data), data


@pytest.mark.parametrize(
    ("data", "rows"),
    [
        (b'h,u\n"<p>Banjir di Jakarta.</p>\n<p>Warga', [["h", "u"], "error"]),  # truncated
        (b'h,u\n1,2\n"3,4\n5,6\n', [["h", "u"], ["1", "2"], "error"]),  # mid-file
        (b'h,u\n1,"2""\n', [["h", "u"], "error"]),  # a doubled quote is not a closing one
        (b'h,u\n1,"2"', [["h", "u"], ["1", "2"]]),  # closed on the last byte
        (b'h,u\n1,2\n"', [["h", "u"], ["1", "2"], "error"]),  # a lone quote at the end
    ],
)
def test_a_quoted_field_the_file_ends_in_is_an_error_not_a_row(
    data: bytes, rows: list[list[str] | str]
) -> None:
    assert by_bytes(data) == rows


def test_a_truncated_dump_rejects_its_last_row_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "dump.csv"
    whole = written([["url", "html"], ["https://a.example/1", "<p>Banjir.</p>\n<p>Warga.</p>"]])
    path.write_bytes(whole + b'https://a.example/2,"<p>Gempa di Cianjur.</p>\n<p>Warga')
    documents = list(DumpSource(path).documents())
    assert [d.source for d in documents] == [f"{path}:1", f"{path}:2"]
    assert documents[0].error is None and documents[0].url == "https://a.example/1"
    assert documents[1].error is not None and documents[1].error.startswith("bad-csv: ")
    assert "never closes" in documents[1].error and documents[1].data is None


def test_a_field_over_the_csv_limit_is_an_error_and_the_next_row_is_whole() -> None:
    data = b'h\n"' + b"x,\n" * 2000 + b'"\nnext\n'
    csv.field_size_limit(1000)
    assert by_bytes(data) == [["h"], "error", ["next"]]  # the csv module: a row a line


def test_the_field_limit_holds_as_in_the_csv_module() -> None:
    csv.field_size_limit(10)
    for field in (b"x" * 10, b"x" * 11, b'"' + b"x" * 9 + b'"""', b'"' + b"\xc3\xa9" * 11 + b'"'):
        data = b"h,i\n" + field + b",y\nnext,z\n"
        assert by_bytes(data) == by_csv_module(data), field


def test_a_row_that_does_not_end_within_the_limit_goes_to_the_csv_module() -> None:
    data = b'h\n"' + b"x" * 3_000_000 + b'"\nnext\n'
    csv.field_size_limit(1000)
    found = list(csv_rows(io.BytesIO(data), 2_000_000))
    assert found[0] == b"h\n" and isinstance(found[1], csv.Error)


def test_other_workers_rows_are_passed_over_unparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dump.csv"
    rows = [["html", "url"], *[[f"<p>Berita {n}.</p>", f"https://a.example/{n}"] for n in range(9)]]
    path.write_bytes(written(rows))
    parsed: list[object] = []

    def counted(row: bytes | list[str]) -> list[str]:
        parsed.append(row)
        return parse_row(row)

    monkeypatch.setattr(dumps_module, "parse_row", counted)
    mine = {f"{path}:{n}" for n in (2, 5)}
    docs = list(DumpSource(path, wanted=mine.__contains__).documents())
    assert [d.url for d in docs] == ["https://a.example/1", "https://a.example/4"]
    assert len(parsed) == 1 + 2  # the header and the two rows kept
