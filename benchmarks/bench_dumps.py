"""Ingest by input format: the same pages as a WARC file, JSONL (plain and gzipped),
Parquet and CSV dumps, each ingested with `warta ingest FILE --workers N` into a fresh
store, against the single-core extraction rate x workers (as bench_ingest.py measures it).

Every format carries the same pages (the shared AEB and id-news pages, repeated under new
addresses, canonical links removed), so the differences are what reading each format
costs the workers: a WARC file and a Parquet dump of enough row groups are cut into
pieces, each worker reading only its own; every worker reads a JSONL or CSV dump whole and
keeps its share (parsing only its own lines and rows: a CSV row's end is found by its
bytes, see warta.sources.csv_rows), and decompresses a gzipped one whole. The same rows
as ``--days`` gzipped JSONL files (a month of daily dumps, say) are read a file per
worker when there are at least four a worker (warta.runners.partition_plan).

    python3 benchmarks/bench_dumps.py                 # 3,000 pages, 2 workers, 12 days
    python3 benchmarks/bench_dumps.py --pages 6000 --workers 4 --days 30
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from bench_ingest import base_pages, fresh_single_core_rate, ingest, page_url, write_warc
from common import shared_dir  # benchmarks/common.py, beside this script

ROW_GROUP = 100  # rows a Parquet row group holds: 30 groups for 3,000 pages


def rows(pages: list[bytes], count: int) -> list[dict[str, str]]:
    texts = [page.decode("utf-8", "replace") for page in pages]
    return [{"url": page_url(n), "html": texts[n % len(texts)]} for n in range(count)]


def write_jsonl(path: Path, items: list[dict[str, str]]) -> None:
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    data = lines.encode("utf-8")
    path.write_bytes(gzip.compress(data, 6) if path.suffix == ".gz" else data)


def write_days(folder: Path, items: list[dict[str, str]], days: int) -> None:
    """``items`` cut into ``days`` gzipped JSONL files of about equal rows in ``folder``."""
    folder.mkdir()
    for day in range(days):
        write_jsonl(folder / f"day-{day:02d}.jsonl.gz", items[day::days])


def write_parquet(path: Path, items: list[dict[str, str]]) -> None:
    table = pa.table({"url": [i["url"] for i in items], "html": [i["html"] for i in items]})
    pq.write_table(table, path, row_group_size=ROW_GROUP)


def write_csv(path: Path, items: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["url", "html"])
        writer.writeheader()
        writer.writerows(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--pages", type=int, default=3_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--days", type=int, default=12, help="gzipped JSONL files of the rows")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    pages = base_pages(shared)
    items = rows(pages, args.pages)
    writers: dict[str, Callable[[Path], None]] = {
        "warc.gz": lambda path: write_warc(path, pages, args.pages),
        "parquet": lambda path: write_parquet(path, items),
        "jsonl": lambda path: write_jsonl(path, items),
        "jsonl.gz": lambda path: write_jsonl(path, items),
        "csv": lambda path: write_csv(path, items),
        f"{args.days} days": lambda path: write_days(path, items, args.days),
    }
    with tempfile.TemporaryDirectory(prefix="warta-dumps-") as tmp:
        folder = Path(tmp)
        for suffix, write in writers.items():
            path = folder / f"dump.{suffix}"
            write(path)
            days = path.is_dir()
            spec = path / "*.jsonl.gz" if days else path
            size = sum(p.stat().st_size for p in path.iterdir()) if days else path.stat().st_size
            before = fresh_single_core_rate(shared, args.pages // 2)
            seconds, peak, cpu = ingest(spec, folder / f"{suffix}.db", args.workers)
            rate = (before + fresh_single_core_rate(shared, args.pages // 2)) / 2
            print(
                f"{suffix:9} {size / 2**20:6.0f} MiB: {args.pages} pages in "
                f"{seconds:5.1f} s = {args.pages / seconds:6.1f} pages/s, "
                f"{args.pages / seconds / (rate * args.workers):4.0%} of single-core rate x "
                f"{args.workers}; CPU {cpu / args.pages * 1000:.2f} ms/page against "
                f"{1000 / rate:.2f} for extraction; peak RSS {peak:.0f} MiB"
            )
            if days:
                shutil.rmtree(path)
            else:
                path.unlink()


if __name__ == "__main__":
    main()
