"""The README's main job, run as a person runs it: install (already done here), ingest the
sample site into a fresh store with enrichment, then serve the reader and open it.

The store path is moved under a temp folder and the server gets a free port; otherwise
the commands are the README's own, read from its first code block.
"""

from __future__ import annotations

import json
import re
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parent.parent


def _main_job() -> list[list[str]]:
    """The ``warta`` commands of the README's first code block, in order."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```[a-z]*\n(.*?)```", readme, re.S)
    assert block is not None, "README.md has no code block"
    commands = [shlex.split(part) for part in block.group(1).split("&&")]
    return [c for c in commands if c and c[0] == "warta"]


def _moved(command: list[str], db: Path) -> list[str]:
    """``command`` with its ``--db`` under the test's folder."""
    out = list(command)
    out[out.index("--db") + 1] = str(db)
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_main_job_commands_ingest_enrich_and_serve() -> None:
    ingest, serve = _main_job()
    assert ingest[:3] == ["warta", "ingest", "samples/site"] and "--enrich" in ingest
    assert serve[:2] == ["warta", "serve"]
    assert ingest[ingest.index("--db") + 1] == serve[serve.index("--db") + 1]


def test_main_job_builds_a_store_and_serves_it(tmp_path: Path) -> None:
    ingest, serve = _main_job()
    db = tmp_path / "warta.db"
    warta = [sys.executable, "-m", "warta"]
    done = subprocess.run(
        [*warta, *_moved(ingest, db)[1:]],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    stats = subprocess.run(
        [*warta, "stats", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    # 60 pages: a story over three pages becomes one article, enriched like the rest.
    assert json.loads(stats.stdout)["articles"] == 58
    assert "pages merged into 1 article" in done.stderr
    with closing(sqlite3.connect(db)) as conn:
        unenriched = (
            "SELECT count(*) FROM articles WHERE json_extract(record, '$.entities') IS NULL"
        )
        assert conn.execute(unenriched).fetchone() == (0,)
    port = str(_free_port())
    server = subprocess.Popen(
        [*warta, *_moved(serve, db)[1:], "--port", port],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _read_the_front_page_and_an_article(f"http://127.0.0.1:{port}")
    finally:
        server.terminate()
        server.wait(timeout=20)


def _read_the_front_page_and_an_article(base: str) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            front = httpx.get(base + "/", timeout=5)
            break
        except httpx.TransportError:
            if time.monotonic() > deadline:
                pytest.fail("warta serve did not answer within 30 s")
            time.sleep(0.2)
    assert front.status_code == 200 and "Berita terkini" in front.text
    first = re.search(r'href="/article/(\d+)"', front.text)
    assert first is not None
    article = httpx.get(f"{base}/article/{first.group(1)}.json", timeout=10).json()
    assert article["record"]["entities"] and article["record"]["topic"]
