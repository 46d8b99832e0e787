"""Saving at corpus scale: what a stored article costs as the store grows.

An ingest's save cost is not constant: every batch adds leaves to the random-key indexes
(the canonical URL) and segments for FTS5 to merge, and each commit writes the pages it
dirtied twice (to the WAL, then at the checkpoint). This saves ``--rows`` prepared
articles (the shared pages, each under a new address, in shuffled order as a crawl of
many sites delivers them) in batches of 500 into a fresh store, and prints the CPU time a
row took in each step of ``--step`` rows; with ``--page-size 4096`` the file is created
with SQLite's default page size instead of Warta's, for comparison.

    python3 benchmarks/bench_save.py                         # 100,000 rows
    python3 benchmarks/bench_save.py --rows 50000 --page-size 4096
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from bench_ingest import base_pages  # benchmarks/, beside this script
from common import shared_dir

import warta
from warta.record import Article
from warta.store import Store
from warta.store.schema import PreparedRow, ready_to_store

BATCH = 500


def articles(shared: Path) -> list[Article]:
    """The shared pages extracted once, those the store would keep as articles."""
    found = [warta.extract(page, url="https://bench.example/0") for page in base_pages(shared)]
    return [a for a in found if a.error is None and a.paragraphs]


def batches(bases: list[Article], rows: int, seed: int) -> Iterator[list[tuple[str, PreparedRow]]]:
    """``rows`` prepared rows in batches, each base article under a new address; the
    numbers are shuffled so that keys arrive in no order."""
    numbers = list(range(rows))
    random.Random(seed).shuffle(numbers)
    for start in range(0, rows, BATCH):
        batch = []
        for n in numbers[start : start + BATCH]:
            url = f"https://site{n % 997}.example/{n}/article.html"
            source = f"bench-{n}"
            row = ready_to_store(source, replace(bases[n % len(bases)], url=url, source=source))
            if isinstance(row, PreparedRow):
                batch.append((source, row))
        yield batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--step", type=int, default=10_000, help="rows a printed figure covers")
    parser.add_argument("--page-size", type=int, help="create the file with this page size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    bases = articles(shared_dir(args.shared))
    with tempfile.TemporaryDirectory(prefix="warta-save-") as tmp:
        path = Path(tmp) / "save.db"
        if args.page_size:  # SQLite keeps the page size a file was created with
            with sqlite3.connect(path) as conn:
                conn.execute(f"PRAGMA page_size = {int(args.page_size)}")
                conn.execute("VACUUM")
        steps: list[float] = []  # CPU ms a row, step by step
        spent, counted, saved = 0.0, 0, 0
        with Store(path) as store:
            for batch in batches(bases, args.rows, args.seed):
                started = time.process_time()  # the save alone: preparing rows is not counted
                store.save_batch(batch)
                spent += time.process_time() - started
                counted += len(batch)
                saved += len(batch)
                if counted >= args.step:
                    steps.append(spent / counted * 1000)
                    spent, counted = 0.0, 0
        if counted:
            steps.append(spent / counted * 1000)
        size = sum(p.stat().st_size for p in Path(tmp).glob("save.db*")) / 2**20
    shown = " ".join(f"{ms:.3f}" for ms in steps)
    print(f"saved {saved} rows; CPU ms a row in each step of {args.step}: {shown}")
    print(f"last step / first step: {steps[-1] / steps[0]:.2f}x")
    print(f"store {size:.0f} MiB, page size {args.page_size or 'Warta default'}")


if __name__ == "__main__":
    main()
