"""Where an ingest worker's CPU goes: extraction, and what it costs to read, prepare and
save around it.

Runs one worker of the partitioned runner in this process, over a WARC built as
``bench_ingest.py`` builds it (the shared pages under new addresses, canonical links
removed), cut as for a run of ``--workers``; alone, it takes every piece. Each part is
timed on the process's CPU clock as the worker runs, so the split holds while the
machine's speed drifts (on 2026-11-30, 80.9-81.0% extraction over runs whose speed moved
by 5%), which the wall-clock rounds of ``bench_ingest.py`` cannot separate from noise.

Beside each round, on the other core, a new process extracts as many pages alone, as
``bench_ingest.py`` measures the single-core rate; both meet the same machine at the same
moment, so their ratio is what the worker's extraction costs more than extraction alone
(2026-11-30: 5 to 10% more in every pair measured, as much as any one of the parts;
2 to 3% once the worker saved in a thread of its own, see partition_worker._save_thread).

    python3 benchmarks/bench_worker.py                  # 4,000 pages, 2 rounds
    python3 benchmarks/bench_worker.py --pages 10000 --rounds 1
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench_ingest import base_pages, single_core_command, write_warc  # benchmarks/
from common import shared_dir

from warta.runners import partition_worker
from warta.runners.board import Board
from warta.runners.local import RunOptions
from warta.runners.partition_plan import PartitionJob, with_plan
from warta.runners.targets import extract_input
from warta.sources.options import SourceOptions
from warta.store import Store

# Where the worker's CPU went, seconds by part (one round).
spent: Counter[str] = Counter()


def timed(part: str, call: Callable[..., Any]) -> Callable[..., Any]:
    """``call``, its CPU time added to ``part``."""

    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            spent[part] += time.process_time() - started

    return run


def timed_reads(real: Callable[..., Iterator[Any]]) -> Callable[..., Iterator[Any]]:
    """``piece_documents`` whose every step (reading a record) adds to ``read``."""

    def documents(*args: Any) -> Iterator[Any]:
        docs = real(*args)
        while True:
            started = time.process_time()
            doc = next(docs, None)
            spent["read"] += time.process_time() - started
            if doc is None:
                return
            yield doc

    return documents


class Channel:
    """The worker's pipe to the supervisor, which nobody reads here."""

    def send(self, message: tuple[Any, ...]) -> None:
        del message


def one_round(warc: Path, db: Path, workers: int) -> int:
    """One worker over ``warc`` into a new store at ``db``; the pages it extracted."""
    job = PartitionJob(
        specs=(str(warc),),
        db=str(db),
        index=0,
        count=workers,
        options=RunOptions(workers=workers, target=timed("extraction", extract_input)),
        source_options=SourceOptions(),
    )
    job = with_plan(job)
    Store(db).close()
    counter = multiprocessing.get_context("spawn").Value("q", 0)
    thresholds = gc.get_threshold()
    started = time.process_time()
    with Store(db, threaded=True) as store:  # as partition_worker.serve opens it
        store.defer_checkpoints()
        worker = partition_worker._Worker(Channel(), Board("spawn"), counter, job, store)  # type: ignore[arg-type]
        worker.run()
    spent["all"] += time.process_time() - started
    gc.unfreeze()  # the warm-up froze this process's heap
    gc.set_threshold(*thresholds)
    return count_articles(db)


def count_articles(db: Path) -> int:
    with Store(db, readonly=True) as store:
        return store.count_articles()


def report(pages: int, alone: float) -> None:
    named = ("extraction", "read", "prepare", "save", "start-up")
    other = spent["all"] - sum(spent[name] for name in named)
    parts = "; ".join(f"{name} {spent[name] / pages * 1000:.3f}" for name in named)
    print(
        f"worker, CPU ms a page over {pages} pages: {parts}; other {other / pages * 1000:.3f}; "
        f"all {spent['all'] / pages * 1000:.3f}: extraction's share "
        f"{spent['extraction'] / spent['all']:.1%}"
    )
    inside = spent["extraction"] / pages * 1000
    print(
        f"  extraction alone beside it (a new process, the same pages): {alone:.3f} ms a "
        f"page; in the worker it takes {inside / alone - 1:+.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--pages", type=int, default=4_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="the run the WARC is cut for")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    pages = base_pages(shared)
    partition_worker.piece_documents = timed_reads(partition_worker.piece_documents)  # type: ignore[assignment]
    partition_worker._ready = timed("prepare", partition_worker._ready)  # type: ignore[assignment]
    partition_worker.save_items = timed("save", partition_worker.save_items)  # type: ignore[assignment]
    partition_worker.warm_up = timed("start-up", partition_worker.warm_up)  # type: ignore[assignment]
    baseline = single_core_command(shared, args.pages)
    with tempfile.TemporaryDirectory(prefix="warta-worker-") as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        write_warc(warc, pages, args.pages)
        for n in range(args.rounds):
            spent.clear()
            beside = subprocess.Popen(baseline, stdout=subprocess.PIPE, text=True)
            stored = one_round(warc, Path(tmp) / f"w{n}.db", args.workers)
            printed = beside.communicate()[0]
            if beside.returncode != 0:
                sys.exit(f"the baseline process failed (exit status {beside.returncode})")
            rate = float(printed)
            report(stored, 1000 / rate)


if __name__ == "__main__":
    main()
