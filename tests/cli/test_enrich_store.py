"""``warta enrich --db``: a store ingested without enrichment gets it in place, once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from warta.store import Store
from warta.store.reader import Reader

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "samples" / "site" / "kabarnusa.id"


def _warta(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warta", *args],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_enrich_db_fills_records_and_the_entity_index(tmp_path: Path) -> None:
    db = tmp_path / "warta.db"
    pages = sorted(SITE.glob("*.html"))[:5]
    done = _warta("ingest", *map(str, pages), "--db", str(db), "--workers", "1")
    assert done.returncode == 0, done.stderr
    with Reader(db) as reader:
        assert reader.entities() == []
    done = _warta("enrich", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "5 records enriched: 5 ok" in done.stderr
    with Store(db, readonly=True) as store:
        rows = list(store.iter_rows())
    assert all(row.record["entities"] and row.record["topic"] for row in rows)
    assert all(row.version == 1 for row in rows)  # enrichment is not a new version
    with Reader(db) as reader:
        assert reader.entities()
    again = _warta("enrich", "--db", str(db))
    assert "0 records enriched" in again.stderr
    everything = _warta("enrich", "--db", str(db), "--all")
    assert "5 records enriched: 5 ok" in everything.stderr


def test_enrich_needs_one_input() -> None:
    done = _warta("enrich")
    assert done.returncode == 2 and "either FILE|- or --db" in done.stderr
    assert _warta("enrich", "-", "--db", "x.db").returncode == 2


def test_enrich_db_missing_store(tmp_path: Path) -> None:
    done = _warta("enrich", "--db", str(tmp_path / "none.db"))
    assert done.returncode == 2 and "no store" in done.stderr
