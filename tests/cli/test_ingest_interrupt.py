"""Ctrl-C during `warta ingest`: the run stops, says what it stored and how to go on, and
the same command afterwards finishes the inputs without redoing any (a real process, a
real loopback server whose one page hangs until released, a real SQLite store)."""

from __future__ import annotations

import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARA = (
    "Paragraf {i} berita {n}: warga di bantaran sungai mulai mengungsi ke balai desa "
    "setelah hujan deras sejak malam membuat air naik hampir satu meter."
)


def page(n: int) -> bytes:
    body = "".join(f"<p>{PARA.format(i=i, n=n)}</p>" for i in range(4))
    return f"<html><body><h1>Berita {n}</h1><article>{body}</article></body></html>".encode()


def write_warc(path: Path, count: int) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(count):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://kabar.example/{n}",
                "response",
                payload=BytesIO(page(n)),
                http_headers=headers,
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload into a temporary file


@pytest.fixture
def held() -> Iterator[tuple[str, threading.Event]]:
    """A loopback server whose page answers only once the event is set."""
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.end_headers()
                return
            release.wait(60)
            body = page(99)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/held", release
    release.set()
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def stored_inputs(db: Path) -> tuple[int, int]:
    """(inputs, distinct sources) in the store; (0, 0) before it has any."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            row = conn.execute("SELECT count(*), count(DISTINCT source) FROM inputs").fetchone()
    except sqlite3.OperationalError:  # not created, or not migrated yet
        return 0, 0
    return int(row[0]), int(row[1])


def test_ctrl_c_keeps_what_was_stored_and_the_same_command_goes_on(
    tmp_path: Path, held: tuple[str, threading.Event]
) -> None:
    url, release = held
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, 5)
    db = tmp_path / "w.db"
    command = [sys.executable, "-m", "warta", "ingest", str(warc), url, "--db", str(db)]
    command += ["--allow-private-addresses", "--no-progress"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # The archive's pages are committed in a batch while the page on the server hangs.
    while stored_inputs(db)[0] == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before the held page was answered"
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    said = re.search(r"interrupted; (\d+) inputs stored in .* \(ok: \1\); run the same", err)
    assert said is not None, err
    assert stored_inputs(db) == (int(said.group(1)),) * 2
    release.set()
    again = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{said.group(1)} already done" in again.stderr
    assert stored_inputs(db) == (6, 6)
