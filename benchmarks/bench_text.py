"""Plain-text mode: what an already-scraped article costs (``text`` rows of a dump,
``warta clean``), in CPU milliseconds an article, best of ``--repeat`` passes.

The texts are the bodies Warta extracts from the shared pages (AEB and id-news), each
also with a section label glued before it and with a reporter line before it, the two
prefixes the news layer looks behind for a dateline.

    python3 benchmarks/bench_text.py
    python3 benchmarks/bench_text.py --repeat 5
"""

from __future__ import annotations

import argparse
import time

from bench_ingest import base_pages, page_url  # benchmarks/, beside this script
from common import shared_dir

import warta
from warta.runners.targets import extract_input
from warta.sources.base import TEXT_PLAIN

PREFIXES = ("", "Berita Lumajang", "Laporan wartawan Tribunnews.com, Fahdi Fahlevi ")


def texts(shared: str | None) -> list[str]:
    """The bodies of the shared pages, as scraped text, with each prefix."""
    pages = base_pages(shared_dir(shared))
    bodies = [warta.extract(page, url=page_url(n)).body for n, page in enumerate(pages)]
    return [prefix + body for body in bodies if body for prefix in PREFIXES]


def cpu_ms(items: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for n, text in enumerate(items):
            extract_input(text, page_url(n), content_type=TEXT_PLAIN)
        best = min(best, time.process_time() - started)
    return best / len(items) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = texts(args.shared)
    cpu_ms(items[:50], 1)  # what the first texts load (tables, patterns)
    chars = sum(map(len, items)) / len(items)
    ms = cpu_ms(items, args.repeat)
    print(f"plain-text mode: {len(items)} texts of {chars:,.0f} characters on average")
    print(f"{ms:.3f} CPU ms a text, {1000 / ms:,.0f} texts a CPU second")


if __name__ == "__main__":
    main()
