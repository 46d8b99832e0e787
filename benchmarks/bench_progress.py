"""How good the ingest progress bar's time left is on a WARC: the end it predicts, against
the end the run reached.

Runs the partitioned runner (as `warta ingest` does) on a WARC built from the shared pages
and records each share of the input read that the supervisor reports; the bar shows
``elapsed x (1 - share) / share`` as the time left (warta.cli.progress). Prints, at each
tenth of the run, the predicted end and its error against the actual end.

    python3 benchmarks/bench_progress.py                 # 10,000 pages, 2 workers
    python3 benchmarks/bench_progress.py --pages 3000 --workers 1
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench_ingest import base_pages, write_warc  # beside this script
from common import shared_dir

from warta.runners.local import RunOptions
from warta.runners.partitioned import run_partitioned


def predictions(warc: Path, db: Path, workers: int) -> tuple[list[tuple[float, float]], float]:
    """((seconds since the start, share read) for each report, seconds the run took)."""
    started = time.monotonic()
    reports: list[tuple[float, float]] = []

    def heard(share: float) -> None:
        reports.append((time.monotonic() - started, share))

    run_partitioned([str(warc)], db, RunOptions(workers=workers), on_progress=heard)
    return reports, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="warta-progress-") as tmp:
        warc = Path(tmp) / "bench.warc.gz"
        write_warc(warc, base_pages(shared_dir(args.shared)), args.pages)
        reports, end = predictions(warc, Path(tmp) / "p.db", args.workers)
    print(f"{args.pages} pages in {end:.1f} s, {len(reports)} reports of the share read")
    for tenth in range(1, 10):
        at = end * tenth / 10
        seen = [(t, share) for t, share in reports if t <= at and share > 0]
        if not seen:
            print(f"at {at:5.1f} s: no estimate yet")
            continue
        t, share = seen[-1]
        predicted = t / share  # elapsed x (1 - share) / share, plus the elapsed
        print(
            f"at {at:5.1f} s ({share:4.0%} read): predicted end {predicted:5.1f} s, "
            f"error {predicted / end - 1:+.0%}"
        )


if __name__ == "__main__":
    main()
