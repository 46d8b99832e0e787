"""`warta ingest` end to end: real WARC and dump files, a real loopback server, a real
SQLite store, then `warta stats` and `warta export` on it; and a real ingest stopped by
Ctrl-C while a page on the server hangs, then run again."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler
from io import BytesIO
from pathlib import Path
from typing import cast

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

# The `loopback` fixture of tests/conftest.py: starts a server with a handler class.
Loopback = Callable[[type[BaseHTTPRequestHandler]], AbstractContextManager[str]]

PARA = (
    "Paragraf {i} berita {n}: petugas gabungan terus memperkuat tanggul darurat di pesisir "
    "utara kota sejak pagi, sementara air laut masih setinggi lutut di banyak titik."
)


def page(n: int) -> bytes:
    body = "".join(f"<p>{PARA.format(i=i, n=n)}</p>" for i in range(4))
    return f"<html><body><h1>Berita {n}</h1><article>{body}</article></body></html>".encode()


def write_warc(path: Path) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        records = [(f"https://kabar.example/{n}", "text/html", page(n)) for n in range(3)]
        records.append(("https://kabar.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n"))
        records.append(("https://kabar.example/empty", "text/html", b""))
        for url, ctype, payload in records:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(payload), http_headers=headers
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload into a temporary file


def warta(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warta", *args], capture_output=True, text=True, check=False
    )


@contextmanager
def serving(loopback: Loopback, respond: Callable[[str], tuple[int, bytes]]) -> Iterator[str]:
    """A loopback HTTP server (no robots.txt) answering each path with ``respond``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            status, body = respond(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with loopback(Handler) as base:
        yield base


@pytest.fixture
def server(loopback: Loopback) -> Iterator[str]:
    """Pages at /0 and /1, a blocked page (403) at any other number."""

    def respond(path: str) -> tuple[int, bytes]:
        n = int(path.strip("/") or 0)
        return (200, page(100 + n)) if n < 2 else (403, b"Forbidden")

    with serving(loopback, respond) as base:
        yield base


@pytest.fixture
def held(loopback: Loopback) -> Iterator[tuple[str, threading.Event]]:
    """A page that is answered only once the event is set."""
    release = threading.Event()

    def respond(_path: str) -> tuple[int, bytes]:
        release.wait(60)
        return 200, page(99)

    with serving(loopback, respond) as base:
        yield f"{base}/held", release
        release.set()


def _files(tmp_path: Path) -> list[str]:
    """A WARC, a JSONL dump (one good row, one without a page, one broken line) and a
    truncated .html.gz, as paths."""
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)
    dump = tmp_path / "dump.jsonl"
    rows = [{"html": page(50).decode(), "url": "https://kabar.example/50"}, {"nothing": 1}]
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    truncated = tmp_path / "cut.html.gz"
    truncated.write_bytes(gzip.compress(page(60))[:-20])
    return [str(warc), str(dump), str(truncated)]


def test_ingest_warc_dump_and_urls_then_stats_and_export(tmp_path: Path, server: str) -> None:
    files = _files(tmp_path)
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{server}/0\n{server}/1\n{server}/2\n", encoding="utf-8")
    db = tmp_path / "out" / "w.db"
    args = [*files, str(urls), "--db", str(db), "--workers", "2"]
    result = warta("ingest", *args, "--allow-private-addresses", "--no-progress")
    assert result.returncode == 0, result.stderr
    stats = json.loads(warta("stats", "--db", str(db), "--format", "json").stdout)
    # 3 + 1 + 2 good pages; png, empty record, 2 bad dump lines, truncated gzip, 403 rejected
    assert stats["articles"] == 6
    assert stats["rejected"] == 6
    again = warta("ingest", *args, "--allow-private-addresses", "--no-progress")
    assert again.returncode == 0 and "12 already done" in again.stderr
    exported = warta("export", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    assert len(exported) == 6
    assert all(json.loads(line)["paragraphs"] for line in exported)


def test_private_addresses_are_refused_by_default(tmp_path: Path, server: str) -> None:
    db = tmp_path / "w.db"
    result = warta("ingest", f"{server}/0", "--db", str(db), "--no-progress")
    assert result.returncode == 0, result.stderr
    stats = json.loads(warta("stats", "--db", str(db), "--format", "json").stdout)
    assert stats["articles"] == 0 and stats["rejected"] == 1
    assert "private-address" in json.dumps(stats)


def test_the_pages_of_a_story_in_one_archive_are_stored_as_one_article(tmp_path: Path) -> None:
    story = "https://kabar.example/nasional/2026/11/20/banjir-rob-semarang"
    warc = tmp_path / "pages.warc.gz"
    with warc.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n, url in enumerate([f"{story}?page=2", story, f"{story}?page=3"]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            html = page(n).replace(b"<h1>Berita", b"<h1>Banjir rob, berita")
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(html), http_headers=headers
            )
            writer.write_record(record)
            record.raw_stream.close()
    merged, apart = tmp_path / "merged.db", tmp_path / "apart.db"
    result = warta("ingest", str(warc), "--db", str(merged), "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "pages merged into 1 article" in result.stderr
    exported = warta("export", "--db", str(merged), "--format", "jsonl").stdout.splitlines()
    assert len(exported) == 1
    body = json.loads(exported[0])["body"]
    # Page order, whatever the archive's order: page 1 (n=1), then 2 (n=0), then 3 (n=2).
    assert body.index("berita 1:") < body.index("berita 0:") < body.index("berita 2:")
    warta("ingest", str(warc), "--db", str(apart), "--no-progress", "--no-merge-pages")
    stats = json.loads(warta("stats", "--db", str(apart), "--format", "json").stdout)
    assert stats["articles"] == 3


def test_local_inputs_account_for_every_input_with_either_runner(tmp_path: Path) -> None:
    # Files only and no --limit: the partitioned runner, with several workers or one; a
    # limit (here one that never bites): the local runner. All store the same inputs with
    # the same outcomes, and all resume.
    specs = [*_files(tmp_path), str(tmp_path / "missing.html")]
    runs = {"3": ["--workers", "3"], "1": ["--workers", "1"], "local": ["--limit", "100"]}
    found = {}
    for name, flags in runs.items():
        db = tmp_path / f"w{name}.db"
        result = warta("ingest", *specs, "--db", str(db), *flags, "--no-progress")
        assert result.returncode == 0, result.stderr
        assert "10 inputs" in result.stderr and "truncated-gzip: 1" in result.stderr
        found[name] = json.loads(warta("stats", "--db", str(db), "--format", "json").stdout)
        again = warta("ingest", *specs, "--db", str(db), *flags, "--no-progress")
        assert "0 inputs" in again.stderr and "10 already done" in again.stderr
    # --refresh fetches stored URLs again; inputs on disk stay done.
    refreshed = warta("ingest", *specs, "--db", str(tmp_path / "w1.db"), "--refresh")
    assert "0 inputs" in refreshed.stderr and "10 already done" in refreshed.stderr
    assert {run["articles"] for run in found.values()} == {4}
    assert {run["rejected"] for run in found.values()} == {6}


@pytest.mark.parametrize("flags", [["--workers", "2"], ["--limit", "100"]], ids=["all", "limit"])
def test_the_summary_counts_a_second_copy_of_a_crawl_as_duplicates(
    tmp_path: Path, flags: list[str]
) -> None:
    write_warc(tmp_path / "crawl.warc.gz")
    (tmp_path / "again.warc.gz").write_bytes((tmp_path / "crawl.warc.gz").read_bytes())
    specs = [str(tmp_path / "crawl.warc.gz"), str(tmp_path / "again.warc.gz")]
    result = warta("ingest", *specs, "--db", str(tmp_path / "w.db"), *flags, "--no-progress")
    assert result.returncode == 0, result.stderr
    counts = dict(re.findall(r"^  ([\w-]+): (\d+)$", result.stderr, re.M))
    # Each crawl holds 3 articles, an image and an empty page: the image and the empty
    # page are rejected in both, the articles stored from one and counted as copies in the
    # other.
    assert counts == {"ok": "3", "duplicate": "3", "not-html": "2", "empty-record": "2"}, counts


def test_a_file_that_is_no_store_ends_the_command_before_any_input_is_read(
    tmp_path: Path,
) -> None:
    db = tmp_path / "notes.db"
    db.write_text("my notes, not a database\n" * 200, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz")
    result = warta("ingest", str(tmp_path / "crawl.warc.gz"), "--db", str(db), "--no-progress")
    assert result.returncode == 1
    assert "store-error: cannot open" in result.stderr and "nothing was read" in result.stderr
    assert "run again" not in result.stderr
    assert db.read_text(encoding="utf-8").startswith("my notes")  # left as it was


def test_a_feed_that_cannot_be_fetched_is_rejected_with_the_fetchers_reason(
    tmp_path: Path, loopback: Loopback
) -> None:
    def respond(path: str) -> tuple[int, bytes]:
        # A missing feed, a forbidden one and a gone sitemap, each with an HTML error page
        # (a server error would be retried with backoff: the fetcher tests cover that).
        return {"/gone.xml": 404, "/closed.xml": 403}.get(path, 410), b"<html>No</html>"

    with serving(loopback, respond) as base:
        specs = [f"feed:{base}/gone.xml", f"feed:{base}/closed.xml", f"sitemap:{base}/s.xml"]
        flags = ["--db", str(tmp_path / "w.db"), "--allow-private-addresses", "--no-progress"]
        result = warta("ingest", *specs, *flags)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "w.db") as conn:
        rejected = dict(conn.execute("SELECT source, reason FROM rejected").fetchall())
    assert rejected == {
        f"{base}/gone.xml": "http-404",
        f"{base}/closed.xml": "blocked",
        f"{base}/s.xml": "http-410",
    }


@contextmanager
def feed_site(
    loopback: Loopback, feed: dict[str, object]
) -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    """A loopback site: the feed at /rss.xml (``feed["links"]``, version ``feed["etag"]``,
    answered 304 to a request naming that version) and an article at every other path;
    with the log of (path, If-None-Match) of every request."""
    asked: list[tuple[str, str | None]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append((self.path, self.headers.get("If-None-Match")))
            headers = {"Content-Type": "text/html; charset=utf-8"}
            if self.path == "/robots.txt":
                status, body = 404, b""
            elif self.path == "/rss.xml" and self.headers.get("If-None-Match") == feed["etag"]:
                status, body, headers = 304, b"", {"ETag": str(feed["etag"])}
            elif self.path == "/rss.xml":
                links = cast(list[str], feed["links"])
                items = "".join(f"<item><link>{base}{link}</link></item>" for link in links)
                body = f"<rss><channel>{items}</channel></rss>".encode()
                headers = {"Content-Type": "application/rss+xml", "ETag": str(feed["etag"])}
                status = 200
            else:
                status, body = 200, page(int(self.path.rsplit("/", 1)[1]))
            self.send_response(status)
            for name, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    with loopback(Handler) as base:
        yield base, asked


def test_a_feed_is_asked_for_again_with_the_version_fetched_last(
    tmp_path: Path, loopback: Loopback
) -> None:
    feed: dict[str, object] = {"etag": '"v1"', "links": ["/a/1", "/a/2"]}
    with feed_site(loopback, feed) as (base, asked):
        command = ["ingest", f"feed:{base}/rss.xml", "--db", str(tmp_path / "w.db")]
        command += ["--allow-private-addresses", "--no-progress"]
        first = warta(*command, "--limit", "1")  # stops after one article: /a/2 is left
        assert first.returncode == 0 and "1 inputs" in first.stderr, first.stderr
        assert ("/rss.xml", None) in asked
        asked.clear()
        # The feed has not changed: 304, read as kept, and the article left over is done.
        second = warta(*command)
        assert "1 inputs" in second.stderr and "1 already done" in second.stderr, second.stderr
        assert [a for a in asked if a[0] != "/robots.txt"] == [("/rss.xml", '"v1"'), ("/a/2", None)]
        asked.clear()
        feed.update(etag='"v2"', links=["/a/3", "/a/1", "/a/2"])  # a new article on top
        third = warta(*command)
        assert "1 inputs" in third.stderr and "2 already done" in third.stderr, third.stderr
        assert [a for a in asked if a[0] != "/robots.txt"] == [("/rss.xml", '"v1"'), ("/a/3", None)]
    stats = json.loads(warta("stats", "--db", str(tmp_path / "w.db"), "--format", "json").stdout)
    assert stats["articles"] == 3 and stats["rejected"] == 0


def test_workers_started_by_the_warta_script_do_not_load_the_command_line(tmp_path: Path) -> None:
    """Multiprocessing's spawn runs the program's main script again in every worker (as
    ``__mp_main__``); the ``warta`` script's module imports the command line only when it
    runs it, so only the supervisor pays for typer, rich and the commands."""
    script = Path(sysconfig.get_path("scripts")) / "warta"
    if not script.is_file():
        pytest.skip("the warta script is not installed for this interpreter")
    light = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, warta.__main__; print('warta.cli.main' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert light.stdout.strip() == "False"
    write_warc(tmp_path / "crawl.warc.gz")
    db = str(tmp_path / "w.db")
    result = subprocess.run(
        [str(script), "ingest", str(tmp_path / "crawl.warc.gz"), "--db", db, "--workers", "2"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "5 inputs" in result.stderr
    imports = [line for line in result.stderr.splitlines() if line.endswith("| warta.cli.main")]
    assert len(imports) == 1  # the supervisor's; none in the two workers


@pytest.mark.parametrize("runner", [["--workers", "1"], ["--workers", "2", "--limit", "100"]])
def test_verify_digests_rejects_a_changed_payload(tmp_path: Path, runner: list[str]) -> None:
    """A payload changed at its own length reads as a good page unless the digests are
    checked; with --verify-digests (either runner) it is a corrupt-warc rejection."""
    path = tmp_path / "changed.warc"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=False)
        for n in range(3):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            url = f"https://kabar.example/{n}"
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(page(n)), http_headers=headers
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload into a temporary file
    path.write_bytes(path.read_bytes().replace(b"Berita 1<", b"Berita X<"))
    for flag, rejected in (([], 0), (["--verify-digests"], 1)):
        db = str(tmp_path / f"w{len(flag)}.db")
        result = warta("ingest", str(path), "--db", db, *runner, "--no-progress", *flag)
        assert result.returncode == 0, result.stderr
        stats = json.loads(warta("stats", "--db", db, "--format", "json").stdout)
        assert (stats["articles"], stats["rejected"]) == (3 - rejected, rejected)
    assert "corrupt-warc: 1" in result.stderr


def stored_inputs(db: Path) -> tuple[int, int]:
    """(inputs, distinct sources) in the store; (0, 0) before it has any."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT count(*), count(DISTINCT source) FROM inputs").fetchone()
    except sqlite3.OperationalError:  # not created, or not migrated yet
        return 0, 0
    return int(row[0]), int(row[1])


def test_the_same_command_meanwhile_is_turned_away_and_ctrl_c_keeps_what_was_stored(
    tmp_path: Path, held: tuple[str, threading.Event]
) -> None:
    url, release = held
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc)  # 3 pages, an image and an empty record
    db = tmp_path / "w.db"
    command = [sys.executable, "-m", "warta", "ingest", str(warc), url, "--db", str(db)]
    command += ["--allow-private-addresses", "--no-progress"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # The archive's pages are committed in a batch while the page on the server hangs.
    while stored_inputs(db)[0] == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before the held page was answered"
    meanwhile = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert meanwhile.returncode == 75, meanwhile.stderr  # EX_TEMPFAIL: try again later
    assert f"another warta ingest (process {proc.pid}) is reading" in meanwhile.stderr
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    said = re.search(r"interrupted; (\d+) inputs stored in .* \((.*)\); run the same", err)
    assert said is not None, err
    stored = int(said.group(1))
    assert stored == sum(int(n) for n in re.findall(r": (\d+)", said.group(2)))
    assert stored_inputs(db) == (stored, stored)
    release.set()
    again = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{stored} already done" in again.stderr
    assert stored_inputs(db) == (6, 6)
