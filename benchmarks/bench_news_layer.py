"""What the news layer (site profiles and Indonesian text patterns) costs on top of
generic extraction, side by side in one process.

    python3 benchmarks/bench_news_layer.py            # id-news pages and AEB pages
    python3 benchmarks/bench_news_layer.py --repeat 5

Prints CPU milliseconds per page with the layer off and on, and the overhead; the issue's
budget is 20%.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

from common import shared_dir  # benchmarks/common.py, beside this script

import warta
from warta.extract.options import ExtractOptions


def id_news_pages(shared: Path) -> list[tuple[bytes, str | None]]:
    data = shared / "data" / "id-news"
    cases = json.loads((data / "expected.json").read_text(encoding="utf-8"))
    return [
        ((data / c["page"]).read_bytes(), c["expected"].get("url")) for c in cases if c["expected"]
    ]


def aeb_pages(shared: Path) -> list[tuple[bytes, str | None]]:
    files = sorted((shared / "data" / "aeb" / "html").glob("*.html.gz"))
    return [(gzip.decompress(f.read_bytes()), None) for f in files]


def cpu_ms(pages: list[tuple[bytes, str | None]], options: ExtractOptions, repeat: int) -> float:
    """Fastest round's CPU milliseconds per page."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for html, url in pages:
            warta.extract(html, url, options=options)
        best = min(best, time.process_time() - started)
    return best / len(pages) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--repeat", type=int, default=3, help="timing rounds (fastest kept)")
    args = parser.parse_args()
    shared = shared_dir(args.shared)
    off, on = ExtractOptions(news=False), ExtractOptions(news=True)
    for name, pages in (("id-news", id_news_pages(shared)), ("aeb", aeb_pages(shared))):
        warta.extract(pages[0][0], options=on)  # load profiles and word lists once
        plain, news = 0.0, 0.0
        for _ in range(2):  # alternate, so drift on a shared machine hits both
            plain = cpu_ms(pages, off, args.repeat)
            news = cpu_ms(pages, on, args.repeat)
        overhead = (news / plain - 1) * 100
        print(
            f"{name:8} {len(pages):4} pages  generic {plain:6.2f} ms/page  "
            f"with news layer {news:6.2f} ms/page  overhead {overhead:+5.1f}%"
        )


if __name__ == "__main__":
    main()
