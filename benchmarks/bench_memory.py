"""Peak memory of `warta extract DIR` as the number of pages grows.

Builds directories of N pages (the shared benchmark's pages, repeated under new names, in a
temporary folder that is deleted afterwards), runs the real CLI over each in a fresh
process, and prints the peak resident size of the CLI and of its extraction worker, each
measured alone. Flat means the figure does not grow with N.

    python3 benchmarks/bench_memory.py                 # 1,000 and 10,000 pages
    python3 benchmarks/bench_memory.py --sizes 500 50000
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import shared_dir  # benchmarks/common.py, beside this script


def build(folder: Path, pages: list[Path], count: int) -> None:
    """``count`` page files in ``folder``, hard links to the shared pages where possible."""
    folder.mkdir(parents=True)
    for i in range(count):
        source = pages[i % len(pages)]
        target = folder / f"{i:07d}.html.gz"
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def measure(folder: Path) -> tuple[float, float, str]:
    """Peak RSS in MiB of the CLI process tree's largest member, wall seconds, summary."""
    probe = (
        "import resource, subprocess, sys;"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
        "print(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else '');"
        "sys.exit(r.returncode)"
    )
    command = [sys.executable, "-m", "warta", "extract", str(folder), "--format", "jsonl"]
    command += ["--output", os.devnull, "--no-progress"]
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    elapsed = time.monotonic() - started
    peak_kib, summary = [*out.stdout.splitlines(), "", ""][:2]
    return int(peak_kib) / 1024, elapsed, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    args = parser.parse_args()
    pages = sorted((shared_dir(args.shared) / "data" / "aeb" / "html").glob("*.html.gz"))
    if not pages:
        sys.exit("no pages found: set --shared or WARTA_SHARED")
    peaks = []
    with tempfile.TemporaryDirectory(prefix="warta-mem-") as tmp:
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            build(folder, pages, size)
            peak, seconds, summary = measure(folder)
            peaks.append(peak)
            print(f"{size:>7} pages  peak RSS {peak:7.1f} MiB  {seconds:7.1f} s  {summary}")
            shutil.rmtree(folder)
    print(f"growth from {args.sizes[0]} to {args.sizes[-1]} pages: {peaks[-1] - peaks[0]:+.1f} MiB")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this script itself: {own:.1f} MiB)")


if __name__ == "__main__":
    main()
