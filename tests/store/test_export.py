"""Exports read back: JSONL and Parquet give the stored records again, CSV flat columns."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import fields
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import warta
from warta.errors import MissingDependency
from warta.record import (
    Article,
    Attribution,
    Dateline,
    DateMention,
    Entity,
    Image,
    Paragraph,
    Quote,
    Related,
    Removed,
    Republication,
)
from warta.store import Store
from warta.store.export import (
    CSV_COLUMNS,
    parquet_schema,
    write_csv,
    write_jsonl,
    write_parquet,
)

WIB = timezone(timedelta(hours=7))


def _full(n: int) -> Article:
    """A record with every field of the contract set, non-ASCII text included."""
    return Article(
        source=f"crawl.warc.gz@{n * 1000}",
        url=f"https://www.kompas.com/read/{n}?page=all",
        canonical_url=f"https://www.kompas.com/read/{n}",
        outlet="kompas.com",
        section="Nasional",
        title=f"Menteri: “Anggaran Rp 5 triliun” ke-{n}",
        lead="Pemerintah menambah anggaran — lagi.",
        authors=["Siti Aminah", "Budi Santoso"],
        editors=["Dewi"],
        published=datetime(2024, 5, 1 + n, 9, 15, tzinfo=WIB),
        updated=date(2024, 5, 2 + n),
        language="id",
        dateline=Dateline("JAKARTA", "KOMPAS.com"),
        paragraphs=[
            Paragraph("paragraph", "Kalimat pertama, dengan kutipan ‘tunggal’."),
            Paragraph("heading", "Sub judul"),
            Paragraph("list-item", "Butir satu\ndengan baris kedua"),
        ],
        images=[Image("https://img.kompas.com/1.jpg", "Foto rapat", "KOMPAS/Ali")],
        tags=["anggaran", "APBN"],
        related=[Related("Baca juga: lainnya", "https://www.kompas.com/read/9")],
        republished_from=Republication("Tribunnews.com", "Judul asli", None),
        attributions=[Attribution("Reuters", "dilansir dari")],
        removed=[Removed("advertisement", "Iklan")],
        provenance={"title": "h1", "published": "json-ld"},
        entities=[Entity("Jakarta", "LOC", None, None, 0, 7)],
        quotes=[Quote("Kami siap", "Menteri", True)],
        dates_mentioned=[DateMention("1 Mei", date(2024, 5, 1))],
        keywords=["anggaran"],
        summary="Ringkas.",
        topic="ekonomi",
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "warta.db") as opened:
        items = [(f"s{n}", _full(n)) for n in range(5)]
        items.append(("bad", Article(source="bad", error="empty-input: nothing there")))
        opened.save_batch(items)
        yield opened


def _parquet_row_to_record(row: dict[str, Any]) -> dict[str, Any]:
    """Arrow gives a map column back as (key, value) pairs."""
    return row | {"provenance": dict(row["provenance"] or [])}


def test_jsonl_is_one_contract_record_per_line(store: Store) -> None:
    out = io.StringIO()
    assert write_jsonl(store.iter_rows(), out) == 5
    lines = out.getvalue().splitlines()
    assert len(lines) == 5
    assert "“Anggaran" in lines[0]  # UTF-8 as is, no \\u escapes
    back = [Article.from_dict(json.loads(line)) for line in lines]
    assert back == [_full(n) for n in range(5)]
    assert json.loads(lines[0]) == _full(0).to_dict()


def test_csv_has_flat_columns_and_survives_newlines(store: Store) -> None:
    out = io.StringIO(newline="")
    assert write_csv(store.iter_rows(outlet="kompas.com"), out) == 5
    out.seek(0)
    rows = list(csv.DictReader(out))
    assert tuple(rows[0]) == CSV_COLUMNS
    first = rows[0]
    assert first["id"] == "1"
    assert first["authors"] == "Siti Aminah; Budi Santoso"
    assert first["tags"] == "anggaran; APBN"
    assert first["published"] == "2024-05-01T09:15:00+07:00"
    assert first["body"] == _full(0).body
    assert "\n" in first["body"]
    assert first["error"] == ""


def test_parquet_round_trip_in_row_groups(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    assert write_parquet(store.iter_rows(), path, row_group_rows=2) == 5
    parquet = pq.ParquetFile(path)
    assert parquet.metadata.num_row_groups == 3
    rows = parquet.read().to_pylist()
    parquet.close()
    assert [r["id"] for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0]["version"] == 1
    back = [Article.from_dict(_parquet_row_to_record(r)) for r in rows]
    assert back == [_full(n) for n in range(5)]


def test_parquet_to_a_stream(store: Store) -> None:
    sink = io.BytesIO()
    assert write_parquet(store.iter_rows(since="2024-05-04"), sink) == 2
    table = pq.read_table(io.BytesIO(sink.getvalue()))
    assert table.column("title").to_pylist() == [_full(3).title, _full(4).title]


def test_parquet_schema_has_every_record_field() -> None:
    record_fields = {f.name for f in fields(Article)} | {"body"}
    assert record_fields <= set(parquet_schema().names)


def test_parquet_without_pyarrow_says_how_to_install(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # what an absent package looks like
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(MissingDependency, match=r"warta\[parquet\]"):
        write_parquet(store.iter_rows(), tmp_path / "x.parquet")


def test_real_pages_round_trip_through_store_and_exports(shared_dir: Path, tmp_path: Path) -> None:
    pages = sorted((shared_dir / "data" / "aeb" / "html").glob("*.html.gz"))[:8]
    articles = []
    for page in pages:
        article = warta.extract(gzip.decompress(page.read_bytes()), source=str(page))
        if article.error is None and article.body:
            articles.append(article)
    assert articles
    with Store(tmp_path / "real.db") as store:
        store.save_batch([(a.source or "", a) for a in articles])
        out = io.StringIO()
        write_jsonl(store.iter_rows(), out)
        assert [Article.from_dict(json.loads(x)) for x in out.getvalue().splitlines()] == articles
        write_parquet(store.iter_rows(), tmp_path / "real.parquet")
    rows = pq.read_table(tmp_path / "real.parquet").to_pylist()
    assert [Article.from_dict(_parquet_row_to_record(r)) for r in rows] == articles
