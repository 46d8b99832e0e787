"""What the input guards and the bounded parts of extraction cost, on ordinary and hostile pages.

The unit tests check that hostile pages are stopped before the parser and that date
reading parses a bounded number of texts; this measures how long that takes, beside the
extraction of an ordinary article page, so that a regression to quadratic work (a
backtracking expression, an uncapped walk) shows as a jump in the ratio column.

    python3 benchmarks/bench_guards.py
    python3 benchmarks/bench_guards.py --repeat 10
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import warta
from warta.extract.dates import read_dates
from warta.extract.datetext import find_dates
from warta.extract.document import Page
from warta.extract.encoding import decode
from warta.extract.guards import check_bytes, check_text
from warta.extract.options import ExtractOptions
from warta.record import Article

SENTENCE = "Warga “mengungsi” ke balai desa setelah banjir merendam Kampung Melayu sejak pagi. "
BYLINE = "Penulis: Glery Lazuardi | Editor: Willy Widianto | Selasa, 20 Januari 2026 18:33 WIB"


def article_page(paragraphs: int = 120) -> str:
    """An ordinary article page of about 150 KB, non-ASCII text included."""
    body = "".join(f"<p>{SENTENCE * 12}</p>" for _ in range(paragraphs))
    return (
        "<html><head><title>Banjir di Kampung Melayu</title></head><body><article>"
        f"<h1>Banjir di Kampung Melayu</h1><div class='date'>{BYLINE}</div>{body}"
        "</article></body></html>"
    )


def cases() -> list[tuple[str, Callable[[], object]]]:
    page = article_page()
    data = page.encode()
    options = ExtractOptions()
    huge = ("<p>" + SENTENCE * 60 + "</p>") * (50 * 1024 * 1024 // (len(SENTENCE) * 60) + 1)
    huge_page = f"<html><body>{huge}</body></html>".encode()
    deep = ("<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000).encode()
    items = "".join(
        f'<li><span class="date">Senin, 1{i % 10} Mei 2023 10:0{i % 10} WIB</span></li>'
        for i in range(300)
    )
    listing = Page.parse(f"<html><body><ul>{items}</ul></body></html>")
    nested = '<div class="meta date">' * 5000 + "Senin, 19/06/2015 14:30" + "</div>" * 5000
    nested_page = Page.parse(f"<html><body>{nested}</body></html>", "https://example.id/x")

    def guards() -> None:
        check_bytes(data, options)
        check_text(page, options)

    return [
        ("extract an article page (150 KB)", lambda: warta.extract(data)),
        ("guards on that page", guards),
        ("decode that page (valid UTF-8)", lambda: decode(data)),
        ("reject a 50 MB page", lambda: warta.extract(huge_page)),
        ("reject 100,000-deep nesting", lambda: warta.extract(deep)),
        ("dates of a list of 300 times", lambda: read_dates(listing, Article())),
        ("dates in 5,000 nested elements", lambda: read_dates(nested_page, Article())),
        ("dates of one byline", lambda: find_dates(BYLINE)),
    ]


def best_ms(work: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` calls, in CPU milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="calls per case (fastest counts)")
    args = parser.parse_args()
    measured = [(name, best_ms(work, args.repeat)) for name, work in cases()]
    reference = measured[0][1]
    print(f"{'case':36} {'CPU ms':>9} {'x article':>10}")
    for name, ms in measured:
        print(f"{name:36} {ms:9.3f} {ms / reference:10.3f}")


if __name__ == "__main__":
    main()
