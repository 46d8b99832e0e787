"""`warta ingest --refresh`: stored URLs fetched again from a real loopback server, with
the validators of their last fetch, into a real SQLite store (warta.store.refresh)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

LINES = (
    "Petugas gabungan memperkuat tanggul darurat di pesisir utara kota sejak pagi.",
    "Air laut masih setinggi lutut di banyak titik, kata kepala dinas kepada wartawan.",
    "Warga yang rumahnya terendam mengungsi ke balai desa dan masjid terdekat.",
    "Pemerintah kota menyiapkan dapur umum dan pompa tambahan hingga akhir pekan.",
)


def page(version: int, part: int = 1) -> bytes:
    """An article page (``part`` of its story); its text changes with ``version``."""
    body = "".join(f"<p>{line} (bagian {part}, versi {version})</p>" for line in LINES)
    if part > 1:  # a name for enrichment to find in the page
        body += f"<p>Wali Kota Surabaya Eri Cahyadi meninjau tanggul (versi {version}).</p>"
    return f"<html><body><h1>Tanggul darurat</h1><article>{body}</article></body></html>".encode()


# Starts a loopback HTTP server with a handler class (the fixture in tests/conftest.py).
Loopback = Callable[[type[BaseHTTPRequestHandler]], AbstractContextManager[str]]


@contextmanager
def site(
    loopback: Loopback, state: dict[str, Any]
) -> Iterator[tuple[str, list[dict[str, str | None]]]]:
    """A loopback server with one page at /berita: ``state`` says its ``status``, its
    ``version`` (the page's text) and the ``etag`` and ``modified`` it answers with; it
    answers 304 to a request naming the current ETag or date. With ``page2`` (a version)
    in ``state``, the story has a second page at /berita?page=2. Yields the page's URL and
    the conditional headers of each request for it."""
    asked: list[dict[str, str | None]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            second = self.path == "/berita?page=2" and "page2" in state
            if self.path != "/berita" and not second:
                self.send_response(404)
                self.end_headers()
                return
            sent = {h: self.headers.get(h) for h in ("If-None-Match", "If-Modified-Since")}
            asked.append(sent)
            etag, modified = state.get("etag"), state.get("modified")
            current = (etag and sent["If-None-Match"] == etag) or (
                modified and sent["If-Modified-Since"] == modified
            )
            status = 304 if state["status"] == 200 and current else state["status"]
            version = state["page2"] if second else state["version"]
            body = page(version, 2 if second else 1) if status == 200 else b""
            self.send_response(status)
            for name, value in (("ETag", etag), ("Last-Modified", modified)):
                if value and status in (200, 304):
                    self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with loopback(Handler) as base:
        yield f"{base}/berita", asked


def ingest(url: str, db: Path, *flags: str) -> str:
    """Run `warta ingest URL` and return what it said on stderr."""
    command = [sys.executable, "-m", "warta", "ingest", url, "--db", str(db)]
    command += ["--allow-private-addresses", "--no-progress", *flags]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr


def counts(db: Path) -> dict[str, Any]:
    """What the store holds: articles, versions, rejections and inputs, the body and the
    latest ``last_seen`` of its article."""
    with closing(sqlite3.connect(db)) as conn:
        found = [
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "article_versions", "rejected", "inputs")
        ]
        latest = conn.execute("SELECT record, last_seen FROM articles ORDER BY id").fetchall()
    body = json.loads(latest[-1][0])["body"] if latest else None
    names = ("articles", "versions", "rejected", "inputs")
    return dict(zip(names, found, strict=True)) | {
        "body": body,
        "last_seen": latest[-1][1] if latest else None,
    }


def test_a_stored_page_is_asked_for_with_its_etag_and_a_change_is_a_new_version(
    tmp_path: Path, loopback: Loopback
) -> None:
    db = tmp_path / "w.db"
    state: dict[str, Any] = {"status": 200, "version": 1, "etag": '"v1"'}
    with site(loopback, state) as (url, asked):
        assert "ok: 1" in ingest(url, db)
        assert asked == [{"If-None-Match": None, "If-Modified-Since": None}]
        # Without --refresh the stored URL is done: not fetched at all.
        assert "1 already done" in ingest(url, db) and len(asked) == 1
        first = counts(db)
        said = ingest(url, db, "--refresh")
        assert asked[-1]["If-None-Match"] == '"v1"'
        assert "unchanged: 1" in said, said
        after = counts(db)
        assert after["versions"] == 0 and after["inputs"] == 1 and after["rejected"] == 0
        assert after["last_seen"] > first["last_seen"]  # seen again, unchanged
        state.update(version=2, etag='"v2"')
        said = ingest(url, db, "--refresh")
        assert "updated: 1" in said, said
        changed = counts(db)
        assert changed["articles"] == 1 and changed["versions"] == 1
        assert "versi 2" in changed["body"] and "versi 1" not in changed["body"]
        ingest(url, db, "--refresh")  # asked with the validator the change answered
        assert asked[-1]["If-None-Match"] == '"v2"'
    assert counts(db)["versions"] == 1


def test_a_page_gone_keeps_its_article_and_a_rejected_one_that_returns_is_stored(
    tmp_path: Path, loopback: Loopback
) -> None:
    db = tmp_path / "w.db"
    state: dict[str, Any] = {
        "status": 404,
        "version": 1,
        "modified": "Mon, 02 Nov 2026 08:00:00 GMT",
    }
    with site(loopback, state) as (url, asked):
        assert "http-404: 1" in ingest(url, db)
        assert counts(db)["rejected"] == 1
        state["status"] = 200  # back: the rejection gives way to the article
        said = ingest(url, db, "--refresh")
        assert "ok: 1" in said, said
        back = counts(db)
        assert back["articles"] == 1 and back["rejected"] == 0 and back["inputs"] == 1
        ingest(url, db, "--refresh")
        assert asked[-1]["If-Modified-Since"] == state["modified"]  # Last-Modified kept
        state["status"] = 404  # gone again: what was stored stays, nothing is rejected
        said = ingest(url, db, "--refresh")
        assert "kept: http-404: 1" in said, said
        gone = counts(db)
        assert gone["articles"] == 1 and gone["rejected"] == 0 and gone["inputs"] == 1
    stats = subprocess.run(
        [sys.executable, "-m", "warta", "stats", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(stats.stdout)["articles"] == 1 and json.loads(stats.stdout)["rejected"] == 0


def test_a_page_without_validators_is_fetched_whole_and_the_same_text_is_unchanged(
    tmp_path: Path, loopback: Loopback
) -> None:
    db = tmp_path / "w.db"
    with site(loopback, {"status": 200, "version": 1}) as (url, asked):
        ingest(url, db)
        said = ingest(url, db, "--refresh")
        assert asked[-1] == {"If-None-Match": None, "If-Modified-Since": None}
        assert "unchanged: 1" in said, said
    assert counts(db)["versions"] == 0


def story(db: Path) -> dict[str, Any]:
    """The record of the store's one article."""
    with closing(sqlite3.connect(db)) as conn:
        (record,) = conn.execute("SELECT record FROM articles").fetchone()
    found: dict[str, Any] = json.loads(record)
    return found


def refreshed_story(loopback: Loopback, db: Path, *flags: str) -> str:
    """Ingest a two-page story with ``--enrich`` (merged into one enriched article), check
    that a refresh finding both pages as they were changes nothing, change the second
    page and return what ``warta ingest --refresh *flags`` says."""
    state: dict[str, Any] = {"status": 200, "version": 1, "page2": 1}
    with site(loopback, state) as (url, _):
        said = ingest(url, db, f"{url}?page=2", "--enrich")
        assert "pages merged into 1 article(s)" in said, said
        assert story(db)["entities"] is not None
        said = ingest(url, db, f"{url}?page=2", "--refresh")
        assert "unchanged: 2" in said and story(db)["entities"] is not None, said
        state["page2"] = 2
        return ingest(url, db, f"{url}?page=2", "--refresh", *flags)


def test_a_story_merged_again_is_enriched_again_when_the_run_enriches(
    tmp_path: Path, loopback: Loopback
) -> None:
    db = tmp_path / "w.db"
    said = refreshed_story(loopback, db, "--enrich")
    assert "updated: 1" in said and "unchanged: 1" in said, said
    merged = story(db)
    assert "bagian 2, versi 2" in merged["body"] and "bagian 1, versi 1" in merged["body"]
    names = {e.get("canonical") or e.get("text") for e in merged["entities"]}
    assert any("Eri Cahyadi" in name for name in names), names


def test_a_story_merged_again_without_enrich_is_left_for_warta_enrich(
    tmp_path: Path, loopback: Loopback
) -> None:
    db = tmp_path / "w.db"
    said = refreshed_story(loopback, db)
    assert "updated: 1" in said, said
    assert "entities" not in story(db)  # the merge cleared them; `warta enrich --db` adds them
