"""``warta export`` and ``warta stats`` on a real store file."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from warta.cli.main import app
from warta.record import Article, Paragraph
from warta.store import Store, schema
from warta.store.connection import migrate as migrate_schema


def _article(n: int, outlet: str) -> Article:
    return Article(
        source=f"pages/{n}.html",
        url=f"https://{outlet}/berita/{n}",
        outlet=outlet,
        title=f"Berita “{n}”",
        authors=["Siti", "Budi"],
        published=datetime(2024, 6, 1 + n % 2, 7, 0, tzinfo=UTC),
        paragraphs=[Paragraph("paragraph", f"Isi berita {n}."), Paragraph("paragraph", "Akhir.")],
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "warta.db"
    with Store(path) as store:
        items = [(f"pages/{n}.html", _article(n, "kompas.com")) for n in range(3)]
        items.append(("pages/9.html", _article(9, "detik.com")))
        items.append(("bad.html.gz", Article(source="bad.html.gz", error="bad-input: truncated")))
        items.append(("empty.html", Article(source="empty.html", title="Kosong")))
        store.save_batch(items)
    return path


def _invoke(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def test_export_jsonl_to_stdout(db: Path) -> None:
    code, out, err = _invoke("export", "--db", str(db))
    assert code == 0, err
    lines = out.decode("utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == [
        "https://kompas.com/berita/0",
        "https://kompas.com/berita/1",
        "https://kompas.com/berita/2",
        "https://detik.com/berita/9",
    ]
    assert Article.from_dict(json.loads(lines[0])) == _article(0, "kompas.com")
    assert "“0”" in lines[0]
    assert "exported 4 articles" in err


def test_export_csv_to_a_file_with_filters(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "kompas.csv"
    code, out, err = _invoke(
        "export", "--db", str(db), "--format", "csv", "--output", str(target),
        "--outlet", "kompas.com", "--since", "2024-06-02",
    )  # fmt: skip
    assert code == 0, err
    assert out == b""
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["url"] for r in rows] == ["https://kompas.com/berita/1"]
    assert rows[0]["authors"] == "Siti; Budi"
    assert rows[0]["body"] == "Isi berita 1.\n\nAkhir."


def test_export_parquet_to_file_and_to_a_pipe(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.parquet"
    code, _, err = _invoke("export", "--db", str(db), "-f", "parquet", "-o", str(target))
    assert code == 0, err
    assert pq.read_table(target).column("outlet").to_pylist() == ["kompas.com"] * 3 + ["detik.com"]
    piped = subprocess.run(
        [sys.executable, "-m", "warta", "export", "--db", str(db), "--format", "parquet"],
        capture_output=True,
        check=True,
    )
    assert pq.read_table(io.BytesIO(piped.stdout)).num_rows == 4


def test_stats_json(db: Path) -> None:
    code, out, err = _invoke("stats", "--db", str(db), "--format", "json")
    assert code == 0, err
    stats = json.loads(out)
    assert stats["articles"] == 4
    assert stats["rejected"] == 2
    assert stats["by_outlet"] == {"kompas.com": 3, "detik.com": 1}
    assert stats["by_day"] == {"2024-06-01": 2, "2024-06-02": 2}
    assert stats["by_outcome"] == {"article": 4, "rejected": 2}
    assert stats["rejected_by_reason"] == {"bad-input": 1, "no-article-text": 1}


def test_stats_table(db: Path) -> None:
    code, out, err = _invoke("stats", "--db", str(db))
    assert code == 0, err
    text = out.decode("utf-8")
    for expected in ("articles", "Articles by outlet", "kompas.com", "no-article-text", "2024"):
        assert expected in text


@pytest.mark.parametrize("command", ["export", "stats"])
def test_a_missing_or_foreign_store_is_a_usage_error(command: str, tmp_path: Path) -> None:
    code, _, err = _invoke(command, "--db", str(tmp_path / "nope.db"))
    assert code == 2
    assert "no store at" in err
    junk = tmp_path / "junk.db"
    junk.write_text("just text\n" * 200, encoding="utf-8")
    code, _, err = _invoke(command, "--db", str(junk))
    assert code == 2
    assert "cannot open" in err
    assert not (tmp_path / "nope.db").exists()


def test_a_bad_since_is_reported(db: Path) -> None:
    code, _, err = _invoke("export", "--db", str(db), "--since", "kemarin")
    assert code == 1
    assert "not a date" in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_an_output_that_cannot_be_written_is_reported(db: Path, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    output = tmp_path / "taken" / f"out.{fmt}"
    code, _, err = _invoke("export", "--db", str(db), "--format", fmt, "--output", str(output))
    assert code == 1
    assert f"cannot write {output}: {tmp_path / 'taken'}: " in err and "Traceback" not in err


def test_export_ends_quietly_when_the_reader_goes_away(tmp_path: Path) -> None:
    path = tmp_path / "many.db"
    with Store(path) as store:
        long = [Paragraph("paragraph", "Kalimat panjang sekali. " * 60)]
        store.save_batch(
            [(f"p{n}", Article(url=f"https://x.id/{n}", paragraphs=long)) for n in range(400)]
        )
    process = subprocess.Popen(
        [sys.executable, "-m", "warta", "export", "--db", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    with process.stdout, process.stderr:
        assert json.loads(process.stdout.readline())["url"] == "https://x.id/0"
        process.stdout.close()  # like `| head -1`
        err = process.stderr.read().decode()
        process.wait()
    assert process.returncode == 0
    assert "Traceback" not in err


def test_migrate_upgrades_an_older_store_that_stats_refuses(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        migrate_schema(conn, schema.MIGRATIONS[:3])  # the schema of the version before
    code, _, err = _invoke("stats", "--db", str(path))
    assert code == 2
    assert "warta migrate --db" in err
    code, _, err = _invoke("migrate", "--db", str(path))
    newest = max(m.version for m in schema.MIGRATIONS)
    assert code == 0
    assert f"migrated to schema version {newest}" in err
    code, out, _ = _invoke("stats", "--db", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["articles"] == 0
    code, _, err = _invoke("migrate", "--db", str(path))
    assert code == 0 and "already at schema version" in err


def test_migrate_a_missing_or_foreign_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = _invoke("migrate", "--db", str(tmp_path / "nope.db"))
    assert code == 2 and "no store at" in err
    junk = tmp_path / "junk.db"
    with closing(sqlite3.connect(junk)) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    code, _, err = _invoke("migrate", "--db", str(junk))
    assert code == 2 and "not a store" in err
