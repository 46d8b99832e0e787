"""Load on the web reader: wrk on loopback against ``warta serve`` over a big store.

Starts ``warta serve`` on 127.0.0.1 over the store given (build one with
``benchmarks/build_store.py``: 100,000 articles), warms every worker up, then runs
``wrk -t2 -c64 -d30s --latency`` against the front page and against search (a Lua script
sends a different query on each request), and prints requests per second, errors
(non-2xx answers and socket errors) and the 99th-percentile latency of each.

Targets (issue 6): zero errors and p99 < 200 ms for both.

``--uncached-cpu`` measures instead what one search request costs when nothing is cached:
the application runs in this process with its cache off (every request searches the
store and renders its page) and serves the same query mix through ASGI, without a
network; it prints the CPU time per request (all threads), the median of the rounds.

    python3 benchmarks/build_store.py --output /tmp/warta-100k.db
    python3 benchmarks/bench_web_load.py --db /tmp/warta-100k.db
    python3 benchmarks/bench_web_load.py --db /tmp/warta-100k.db --workers 1 --duration 10
    python3 benchmarks/bench_web_load.py --db /tmp/warta-100k.db --uncached-cpu
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

SERVE = "import typer; from warta.cli.serve import serve; typer.run(serve)"
# Words and phrases a reader types, in the forms they appear in (search stems them).
QUERIES = (
    "banjir", "pemilihan umum", "harga beras", "inflasi", "sepak bola", "gempa bumi",
    "presiden", "menteri keuangan", "pendidikan", "kebakaran hutan", "vaksin", "korupsi",
    "pembangunan jalan", "timnas", "ekspor", "pariwisata bali", "polisi menangkap",
    "membahas anggaran", "kereta cepat", "hujan deras",
)  # fmt: skip
TARGET_P99_MS = 200.0
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("warta serve exited before answering")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                answer.read()
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    sys.exit(f"warta serve did not answer {url} in {seconds:g} s")


def _warm(base: str, workers: int, *, queries: bool = False) -> None:
    """Load the stemmer and fill the caches in every worker before measuring; with
    ``queries``, also ask every query of the mix once per worker (steady state)."""
    paths = ["/", "/search?q=banjir"]
    if queries:
        paths += _paths()
    for _ in range(4 * workers):
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                answer.read()


def _lua(folder: Path) -> Path:
    """A wrk script sending the queries in turn, each with a page number 1-3."""
    words = ", ".join(json.dumps(q) for q in QUERIES)
    script = folder / "queries.lua"
    script.write_text(
        f"local queries = {{{words}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        "  local q = queries[(n % #queries) + 1]:gsub(' ', '+')\n"
        "  local page = (math.floor(n / #queries) % 3) + 1\n"
        '  return wrk.format("GET", "/search?q=" .. q .. "&page=" .. page)\n'
        "end\n",
        encoding="utf-8",
    )
    return script


def _paths() -> list[str]:
    """The wrk script's mix: every query with pages 1-3."""
    return [f"/search?q={q.replace(' ', '+')}&page={page}" for q in QUERIES for page in (1, 2, 3)]


async def _asgi_get(app: Any, path: str) -> None:
    """One GET through the application's ASGI interface; fails unless it answers 200."""
    route, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": route,
        "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    if sent[0]["status"] != 200:
        raise SystemExit(f"{path} answered {sent[0]['status']}")


def uncached_cpu(db: Path, rounds: int) -> float:
    """CPU milliseconds per search request with the application's cache off."""
    from warta.web import WebOptions, create_app  # noqa: PLC0415 - only this mode needs it

    app = create_app(WebOptions(db=db, cache_seconds=0))

    async def measure() -> list[float]:
        per_round = []
        async with app.router.lifespan_context(app):
            for path in _paths():  # warm: the stemmer's words, the pages SQLite reads
                await _asgi_get(app, path)
            for _ in range(rounds):
                started = time.process_time()
                for path in _paths():
                    await _asgi_get(app, path)
                per_round.append((time.process_time() - started) * 1000 / len(_paths()))
        return per_round

    return statistics.median(asyncio.run(measure()))


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * UNITS_MS[unit]


def parse_wrk(output: str) -> dict[str, float]:
    """Requests per second, errors and p50/p99 latency (ms) out of wrk's report."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (rps and total and p50 and p99):
        raise ValueError(f"cannot read wrk's report:\n{output}")
    errors = int(non2xx.group(1)) if non2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "requests": float(total.group(1)),
        "rps": float(rps.group(1)),
        "errors": float(errors),
        "p50_ms": _ms(p50.group(1)),
        "p99_ms": _ms(p99.group(1)),
    }


def _wrk(url: str, args: argparse.Namespace, script: Path | None) -> dict[str, float]:
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s"]
    command += ["--latency", "--timeout", "5s"]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a store from build_store.py")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--duration", type=int, default=30, help="seconds per run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--warm-queries",
        action="store_true",
        help="ask every query of the mix once per worker first: steady state, warm caches",
    )
    parser.add_argument(
        "--uncached-cpu",
        action="store_true",
        help="no wrk: CPU per search request in process with the cache off (see above)",
    )
    args = parser.parse_args()
    if args.uncached_cpu:
        ms = uncached_cpu(args.db, rounds=5)
        print(f"uncached search request: {ms:.2f} ms CPU ({len(_paths())} requests x 5 rounds)")
        return
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install -y wrk")
    if not args.db.is_file():
        sys.exit(f"no store at {args.db}: build one with benchmarks/build_store.py")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [sys.executable, "-c", SERVE, "--db", str(args.db), "--port", str(port)]
    serve += ["--workers", str(args.workers)]
    with (
        subprocess.Popen(serve, stderr=subprocess.DEVNULL) as server,
        tempfile.TemporaryDirectory() as folder,
    ):
        try:
            _wait(base + "/", server)
            _warm(base, args.workers, queries=args.warm_queries)
            results = {
                "front": _wrk(base + "/", args, None),
                "search": _wrk(base + "/", args, _lua(Path(folder))),
            }
        finally:
            server.terminate()
            server.wait(timeout=30)
    _report(results, args)


def _report(results: dict[str, dict[str, float]], args: argparse.Namespace) -> None:
    print(
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency, "
        f"{args.workers} server worker(s), store {args.db}"
    )
    print(f"{'page':8} {'req/s':>9} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8}")
    passed = True
    for name, r in results.items():
        ok = r["errors"] == 0 and r["p99_ms"] < TARGET_P99_MS
        passed &= ok
        print(
            f"{name:8} {r['rps']:9.1f} {r['requests']:9.0f} {r['errors']:7.0f} "
            f"{r['p50_ms']:8.1f} {r['p99_ms']:8.1f}  {'ok' if ok else 'MISSED'}"
        )
    print(json.dumps({"workers": args.workers, **results}))
    print(f"target: 0 errors, p99 < {TARGET_P99_MS:g} ms: {'met' if passed else 'missed'}")


if __name__ == "__main__":
    main()
