"""``warta serve`` as a command: it serves the store on loopback and refuses a bad store."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import httpx
import typer
from typer.testing import CliRunner

from warta.cli.serve import serve
from warta.store import Store
from warta.store.connection import migrate
from warta.store.schema import MIGRATIONS

# The command as the lead registers it in cli/main.py, run in its own process.
RUN_SERVE = "import typer; from warta.cli.serve import serve; typer.run(serve)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(serve)
    return app


def test_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no store at" in result.output


def test_unknown_zone_is_a_usage_error(store_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["--db", str(store_path), "--tz", "Mars/Olympus"])
    assert result.exit_code == 2


def test_serves_the_store_on_loopback(store_path: Path) -> None:
    port = _free_port()
    command = [sys.executable, "-c", RUN_SERVE, "--db", str(store_path), "--port", str(port)]
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    with subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env) as process:
        try:
            body = _first_answer(f"http://127.0.0.1:{port}/index.json", process)
        finally:
            process.terminate()
            _out, err = process.communicate(timeout=10)
    assert "sections" in body
    assert f"http://127.0.0.1:{port}/" in err  # the address to open


def _first_answer(url: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        assert process.poll() is None, "warta serve exited early"
        try:
            return httpx.get(url, timeout=2).text
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError("warta serve did not answer in 15 s")


def _older_store(path: Path) -> None:
    """A store as the Warta before the last migration left it."""
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        migrate(conn, MIGRATIONS[:-1])


def test_an_older_store_is_refused_with_the_way_to_migrate(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _older_store(path)
    result = CliRunner().invoke(_app(), ["--db", str(path)])
    assert result.exit_code == 2
    assert f"schema version {len(MIGRATIONS) - 1}" in result.output
    assert "--migrate" in result.output


def test_migrate_brings_an_older_store_up_to_date_and_serves_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _older_store(path)
    port = _free_port()
    command = [sys.executable, "-c", RUN_SERVE, "--db", str(path), "--port", str(port)]
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    with subprocess.Popen([*command, "--migrate"], stderr=subprocess.PIPE, text=True, env=env) as p:
        try:
            body = _first_answer(f"http://127.0.0.1:{port}/index.json", p)
        finally:
            p.terminate()
            p.communicate(timeout=10)
    assert "sections" in body
    with Store(path, readonly=True) as store:
        assert store.schema_version == len(MIGRATIONS)
