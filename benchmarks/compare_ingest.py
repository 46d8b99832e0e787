"""Ingest the same WARC with two versions of Warta, run after run, turn about.

The throughput benchmark (bench_ingest.py) compares an ingest with single-core rates
measured around it, and on a shared machine both drift by more than one change saves. To
see whether a change made the ingest itself faster, this runs `warta ingest` of one WARC
with the code of a git revision (checked out in a temporary worktree) and with the
working tree, alternately, and prints wall seconds and CPU per page of each run.

    python3 benchmarks/compare_ingest.py HEAD~3                    # 10,000 pages, 3 pairs
    python3 benchmarks/compare_ingest.py 61144b4 --pages 4000 --pairs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench_ingest import base_pages, ingest, write_warc  # beside this script
from common import REPO, shared_dir


def run_once(src: Path, warc: Path, db: Path, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of all its processes) of one ingest with ``src`` on the
    import path, into a fresh store."""
    for leftover in db.parent.glob(db.name + "*"):
        leftover.unlink()
    wall, _, cpu = ingest(warc, db, workers, env={**os.environ, "PYTHONPATH": str(src)})
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="the git revision to compare the working tree with")
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--pairs", type=int, default=3, help="runs of each version")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    pages = base_pages(shared_dir(args.shared))
    with tempfile.TemporaryDirectory(prefix="warta-compare-") as tmp:
        folder = Path(tmp)
        tree = folder / "tree"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), args.revision],
            check=True,
            capture_output=True,
        )
        try:
            warc = folder / "bench.warc.gz"
            write_warc(warc, pages, args.pages)
            sides = {args.revision: tree / "src", "working tree": REPO / "src"}
            walls: dict[str, list[float]] = {name: [] for name in sides}
            for n in range(1, args.pairs + 1):
                for name, src in sides.items():
                    wall, cpu = run_once(src, warc, folder / "c.db", args.workers)
                    walls[name].append(wall)
                    ms = cpu / args.pages * 1000
                    print(f"pair {n}, {name}: {wall:.2f} s, CPU {ms:.3f} ms/page", flush=True)
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)],
                check=False,
                capture_output=True,
            )
    old, new = (statistics.mean(walls[name]) for name in sides)
    print(f"mean wall: {args.revision} {old:.2f} s, working tree {new:.2f} s: {old / new:.3f}x")


if __name__ == "__main__":
    main()
