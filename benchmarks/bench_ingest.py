"""Ingest at corpus scale: throughput, memory and crash safety of `warta ingest`.

Builds WARC files from the shared pages (AEB and id-news), each page repeated under new
URLs with its canonical link removed, in a temporary folder, then:

- throughput: the single-core extraction rate of the same pages (in this process), and
  `warta ingest WARC --workers N` into a fresh SQLite store (wall clock), in rounds that
  each measure the single-core rate before and after their ingest; the issue's target
  is ingest rate >= 80% of single-core rate x cores;
- memory: peak RSS of the largest ingest process for a small and a large WARC;
- crash safety: `kill -9` the ingest at random moments, resume each time, and check that
  every page is in the store exactly once.

    python3 benchmarks/bench_ingest.py                # 10,000 and 30,000 pages; 1,000 vs 50,000
    python3 benchmarks/bench_ingest.py --pages 2000 --rounds 1 --memory 500 5000 --kills 3
    python3 benchmarks/bench_ingest.py --pages 10000 --skip memory crash  # one size

An ingest has a fixed cost besides its pages: starting the command and its workers
(interpreters, imports, loading the extraction's tables) and finishing. The throughput
part measures it as the wall time of an ingest of a few pages and prints its share of
each size's ingest: the larger the WARC, the closer the ratio comes to the rate the
workers keep up once started.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from common import shared_dir  # benchmarks/common.py, beside this script
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import warta
from warta.runners.sandbox import freeze_heap
from warta.sources import WarcSource
from warta.store import Store
from warta.store.schema import ready_to_store

FIXED_PAGES = 20  # an ingest this small is its fixed cost (fixed_cost), give or take 0.04 s
CANONICAL = re.compile(
    rb"<link[^>]+rel=[\"']?canonical[^>]*>|<meta[^>]+property=[\"']og:url[^>]*>", re.I
)


def base_pages(shared: Path) -> list[bytes]:
    """The shared article pages, without canonical links so every copy is its own article."""
    pages = [
        gzip.decompress(p.read_bytes()) for p in sorted((shared / "data/aeb/html").glob("*.gz"))
    ]
    cases = json.loads((shared / "data/id-news/expected.json").read_text(encoding="utf-8"))
    pages += [(shared / "data/id-news" / c["page"]).read_bytes() for c in cases if c["expected"]]
    return [CANONICAL.sub(b"", page) for page in pages]


def write_warc(path: Path, pages: list[bytes], count: int) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(count):
            payload = pages[n % len(pages)]
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                page_url(n),
                "response",
                payload=BytesIO(payload),
                length=len(payload),
                http_headers=headers,
            )
            writer.write_record(record)


def page_url(n: int) -> str:
    """The address of the WARC's ``n``-th page."""
    return f"https://bench.example/{n}/article.html"


def cpu_per_page(work: Callable[[], int], repeats: int = 3) -> float:
    """CPU milliseconds a page of ``work`` (which returns how many pages it did), best
    of ``repeats``."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        done = work()
        best = min(best, (time.process_time() - started) / done)
    return best * 1000


def single_core_rate(pages: list[bytes]) -> float:
    """Pages per CPU-second of in-process extraction over every base page, fastest of two.

    Each page gets an address as in the WARC: ingest extracts with one, which resolves
    links and images against it (measured: about 4% more calls than with none).
    """

    def extract_all() -> int:
        for n, page in enumerate(pages):
            warta.extract(page, url=page_url(n))
        return len(pages)

    return 1000 / cpu_per_page(extract_all, repeats=2)


def fresh_single_core_rate(shared: Path, count: int) -> float:
    """Pages per CPU-second of extracting ``count`` pages (the base pages in turn, each
    under a new address) in a new process, warmed up and frozen as a worker is, over the
    whole run rather than the best of short ones: nothing this process did before (writing
    the WARC, measuring the parts, the rounds before) can slow or speed it, and a run as
    long as an ingest's share meets the machine's drift as the ingest does."""
    command = single_core_command(shared, count)
    return float(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def single_core_command(shared: Path, count: int) -> list[str]:
    """The command of :func:`fresh_single_core_rate`'s process, which prints the rate."""
    code = (
        "import sys, time; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "import bench_ingest as b; from warta.runners.sandbox import freeze_heap;"
        "pages = b.base_pages(Path(sys.argv[2])); count = int(sys.argv[3]);"
        "[b.warta.extract(p, url=b.page_url(n)) for n, p in enumerate(pages)];"
        "freeze_heap(); started = time.process_time();"
        "[b.warta.extract(pages[n % len(pages)], url=b.page_url(n)) for n in range(count)];"
        "print(count / (time.process_time() - started))"
    )
    here = str(Path(__file__).resolve().parent)
    return [sys.executable, "-c", code, here, str(shared), str(count)]


def cli_extract_rate(folder: Path, pages: list[bytes], count: int) -> float:
    """Pages per wall second of `warta extract DIR` (one sandboxed worker, files in,
    JSON out): extraction as a user runs it on one core, I/O and process hops included."""
    pages_dir = folder / "pages"
    pages_dir.mkdir()
    for n in range(count):
        (pages_dir / f"{n:06d}.html").write_bytes(pages[n % len(pages)])
    command = [sys.executable, "-m", "warta", "extract", str(pages_dir), "--output", os.devnull]
    started = time.monotonic()
    subprocess.run([*command, "--no-progress"], check=True, capture_output=True)
    return count / (time.monotonic() - started)


def ingest(
    warc: Path, db: Path, workers: int, env: dict[str, str] | None = None
) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MiB of the largest process, CPU seconds of all its
    processes) of one `warta ingest`, run with ``env`` (default: this process's).

    It runs under a probe process that reads the peak RSS and CPU time of its children
    when they are done. The wall clock is the probe's, from the ingest's start to its
    exit, as `time warta ingest ...` reads it: the probe's own start-up (a Python, some
    0.1 s here) is not the ingest's.
    """
    probe = (
        "import resource, subprocess, sys, time;"
        "started = time.monotonic();"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL,"
        " stderr=subprocess.DEVNULL);"
        "wall = time.monotonic() - started;"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(use.ru_maxrss, use.ru_utime + use.ru_stime, wall)"
    )
    command = [sys.executable, "-m", "warta", "ingest", str(warc), "--db", str(db)]
    command += ["--workers", str(workers), "--no-progress"]
    out = subprocess.run(
        [sys.executable, "-c", probe, *command],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if out.returncode != 0:
        sys.exit(f"ingest failed: {out.stderr[-2000:]}")
    peak, cpu, wall = out.stdout.split()
    return float(wall), int(peak) / 1024, float(cpu)


def count_inputs(db: Path) -> tuple[int, int, int]:
    """(articles, distinct input sources, input rows) in the store."""
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        distinct, rows = conn.execute(
            "SELECT count(DISTINCT source), count(*) FROM inputs"
        ).fetchone()
    return articles, distinct, rows


def crash_test(warc: Path, db: Path, count: int, kills: int, workers: int) -> None:
    command = [sys.executable, "-m", "warta", "ingest", str(warc), "--db", str(db)]
    command += ["--workers", str(workers), "--no-progress"]
    rng = random.Random(7)
    for k in range(kills):
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 6.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        done = count_inputs(db)[1] if db.exists() else 0
        print(f"  kill {k + 1}: {done} of {count} inputs stored so far")
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    articles, distinct, rows = count_inputs(db)
    lost, duplicates = count - distinct, rows - distinct
    print(
        f"crash safety: {kills} kills, then resume: {distinct} of {count} inputs stored, "
        f"{articles} articles, lost {lost}, duplicate input rows {duplicates}; "
        f"{wrong_pieces(db)} of the pieces recorded as done disagree with the inputs stored"
    )


def wrong_pieces(db: Path) -> str:
    """How many pieces the store records as done (warta.store.done_pieces) hold another
    number of stored inputs than they say, "N of M"."""
    with sqlite3.connect(db) as conn:
        pieces = conn.execute("SELECT path, start, stop, inputs FROM done_pieces").fetchall()
        offsets: dict[str, list[int]] = {}
        for (source,) in conn.execute("SELECT source FROM inputs"):
            path, _, offset = source.rpartition("@")
            offsets.setdefault(path, []).append(int(offset))
    wrong = sum(
        sum(start <= o < stop for o in offsets.get(path, [])) != held
        for path, start, stop, held in pieces
    )
    return f"{wrong} of {len(pieces)}"


def parts(folder: Path, warc: Path, pages: list[bytes]) -> None:
    """What an ingest worker does besides extracting, each part alone in this process
    (CPU time, so a busy machine distorts it less than the wall-clock rounds)."""
    articles = [warta.extract(page, url=page_url(n)) for n, page in enumerate(pages)]
    rows = [(f"p{n}", ready_to_store(f"p{n}", a)) for n, a in enumerate(articles)]

    def prepare() -> int:
        return len([ready_to_store(f"p{n}", a) for n, a in enumerate(articles)])

    def save() -> int:
        for leftover in folder.glob("parts.db*"):
            leftover.unlink()
        with Store(folder / "parts.db") as store:
            store.save_batch(rows)
        return len(rows)

    def read() -> int:
        return sum(1 for _ in itertools.islice(WarcSource(warc).documents(), 2_000))

    extraction = 1000 / single_core_rate(pages)
    costs = {"read the WARC": cpu_per_page(read), "prepare rows": cpu_per_page(prepare)}
    costs["save rows"] = cpu_per_page(save)
    shares = ", ".join(f"{name} {ms:.3f}" for name, ms in costs.items())
    ceiling = extraction / (extraction + sum(costs.values()))
    print(
        f"parts, CPU ms/page: extraction {extraction:.3f}; {shares}; extraction's share "
        f"of all four {ceiling:.0%} (the ratio at full use, before start-up and the supervisor)"
    )


def fixed_cost(folder: Path, pages: list[bytes], workers: int) -> float:
    """Wall seconds of an ingest of :data:`FIXED_PAGES` pages, the best of three: what an
    ingest costs besides its pages (start-up and finish), give or take those pages' work."""
    warc = folder / f"fixed-{FIXED_PAGES}.warc.gz"
    write_warc(warc, pages, FIXED_PAGES)
    best = float("inf")
    for n in range(3):
        best = min(best, ingest(warc, folder / f"fixed{n}.db", workers)[0])
        for leftover in folder.glob(f"fixed{n}.db*"):
            leftover.unlink()
    return best


def baseline(folder: Path, warc: Path, pages: list[bytes], workers: int) -> tuple[float, float]:
    """Measured once before the throughput rounds: the parts of a worker's work besides
    extraction (printed), then (the rate of `warta extract DIR` on one core, the fixed
    cost of an ingest)."""
    for n, page in enumerate(pages):
        warta.extract(page, url=page_url(n))  # what a worker's warm-up loads
    freeze_heap()
    parts(folder, warc, pages)
    cli_rate = cli_extract_rate(folder, pages, 2_000)
    fixed = fixed_cost(folder, pages, workers)
    print(f"fixed cost: an ingest of {FIXED_PAGES} pages takes {fixed:.2f} s (start-up and finish)")
    return cli_rate, fixed


def throughput(
    folder: Path,
    warc: Path,
    count: int,
    args: argparse.Namespace,
    base: tuple[float, float],
) -> None:
    """Ingest rate against the single-core extraction rate, round after round.

    This machine's speed drifts by 10% from one minute to the next (other tenants of the
    host), so each round measures the single-core rate just before and just after its
    ingest and compares the ingest with their mean; the rounds' median is the figure.
    The single-core rate is measured under an ingest worker's collector settings (a
    warm-up, then :func:`~warta.runners.sandbox.freeze_heap`), so that the two compare
    extraction with extraction: they make it some 3% faster. It is measured in a new
    process, as a worker is one, over as many pages as the ingest (see
    :func:`fresh_single_core_rate`). Until 2026-11-30 it was the best of two passes over
    the 207 base pages in this process: the rounds of one run then gave 5.5-6.0 ms a page
    where a new process took 4.5-5.2 ms half an hour later, around ingests as fast.
    """
    shared = shared_dir(args.shared)
    cli_rate, fixed = base
    ratios, full_use = [], []
    for n in range(1, args.rounds + 1):
        # Half the pages before the ingest and half after: together, as many as it takes.
        before = fresh_single_core_rate(shared, count // 2)
        seconds, peak, cpu = ingest(warc, folder / f"t{n}.db", args.workers)
        for leftover in folder.glob(f"t{n}.db*"):
            leftover.unlink()  # some 200 MB a round
        rate = (before + fresh_single_core_rate(shared, count // 2)) / 2
        ratios.append(count / seconds / (rate * args.workers))
        # CPU time is what a busy machine distorts least: the share of the ingest's CPU
        # that is extraction is the ratio it reaches when it has the cores alone.
        full_use.append(count / cpu / rate)
        print(
            f"round {n}: single-core extraction {rate:.1f} pages/CPU-s (a new process); "
            f"ingest {count} pages in {seconds:.1f} s = {count / seconds:.1f} pages/s "
            f"with {args.workers} workers: {ratios[-1]:.1%} of rate x cores "
            f"(target >= {0.8 * rate * args.workers:.1f} pages/s); peak RSS {peak:.0f} MiB; "
            f"CPU {cpu / count * 1000:.2f} ms/page over all its processes, extraction "
            f"alone {1000 / rate:.2f}: {full_use[-1]:.1%} at full use of the cores"
        )
    median = statistics.median(ratios)
    print(
        f"ingest of {count} pages: median {median:.1%} of single-core rate x cores over "
        f"{args.rounds} round(s) (target >= 80%: {'met' if median >= 0.8 else 'not met'}); "
        f"at full use of the cores {statistics.median(full_use):.1%}; the fixed cost "
        f"({fixed:.2f} s) is {fixed / seconds:.1%} of the last round's wall time"
    )
    print(
        f"single-core `warta extract DIR`: {cli_rate:.1f} pages/s; the last ingest is "
        f"{count / seconds / (cli_rate * args.workers):.0%} of that x cores"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument(
        "--pages",
        type=int,
        nargs="+",
        # The issue asks for a WARC of at least 10,000 pages: its smallest size, and one
        # three times as large, where the fixed cost of a run weighs a third as much.
        default=[10_000, 30_000],
        help="pages in the throughput WARC; several sizes are measured in turn, and the "
        "crash test uses the first",
    )
    parser.add_argument("--memory", type=int, nargs=2, default=[1_000, 50_000])
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds (median)")
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip", nargs="*", default=[], choices=["throughput", "memory", "crash"])
    args = parser.parse_args()
    pages = base_pages(shared_dir(args.shared))
    with tempfile.TemporaryDirectory(prefix="warta-ingest-") as tmp:
        folder = Path(tmp)
        if "throughput" not in args.skip:
            base = None
            for size in args.pages:
                warc = folder / f"bench-{size}.warc.gz"
                write_warc(warc, pages, size)
                base = base or baseline(folder, warc, pages, args.workers)
                throughput(folder, warc, size, args, base)
                if size != args.pages[0]:
                    warc.unlink()  # the first is the crash test's too
        if "memory" not in args.skip:
            peaks = []
            for size in args.memory:
                warc_m = folder / f"mem-{size}.warc.gz"
                write_warc(warc_m, pages, size)
                seconds, peak, _ = ingest(warc_m, folder / f"m{size}.db", args.workers)
                peaks.append(peak)
                print(f"memory: {size} pages in {seconds:.1f} s, peak RSS {peak:.0f} MiB")
                warc_m.unlink()
            print(f"memory: peak RSS difference {peaks[-1] - peaks[0]:+.0f} MiB (target < 100)")
        if "crash" not in args.skip:
            crash_warc = folder / f"bench-{args.pages[0]}.warc.gz"
            if not crash_warc.exists():
                write_warc(crash_warc, pages, args.pages[0])
            crash_test(crash_warc, folder / "c.db", args.pages[0], args.kills, args.workers)


if __name__ == "__main__":
    main()
