"""Search latency on a store built by build_store.py: p50/p95/p99 of Reader.search.

Runs a fixed set of realistic queries (single words common and rare, stemmed forms,
phrases, OR and exclusions, each with and without filters) round after round through one
:class:`warta.store.reader.Reader`, as the web reader calls it (a page of 20 hits with
snippets and the total). The issue's target: search p95 < 50 ms on 100,000 articles.

    python3 benchmarks/build_store.py --output /tmp/warta-100k.db
    python3 benchmarks/bench_search.py /tmp/warta-100k.db
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from warta.store.reader import Reader

# (kind, query, filters)
QUERIES: list[tuple[str, str, dict[str, Any]]] = [
    ("word", "pemerintah", {}),
    ("word", "presiden", {}),
    ("word", "jakarta", {}),
    ("word", "gempa", {}),
    ("word", "smartphone", {}),
    ("word", "persib", {}),
    ("stemmed", "membahas", {}),
    ("stemmed", "pertemuan", {}),
    ("stemmed", "kebijakan", {}),
    ("stemmed", "pembangunan", {}),
    ("stemmed", "dikalahkan", {}),
    ("words", "harga bahan bakar", {}),
    ("words", "timnas indonesia menang", {}),
    ("phrase", '"transportasi online"', {}),
    ("phrase", '"tim nasional"', {}),
    ("phrase", '"presiden joko widodo"', {}),
    ("boolean", "gempa OR banjir", {}),
    ("boolean", "pemilu -pilkada", {}),
    ("boolean", "liga OR piala -inggris", {}),
    ("filtered", "pemerintah", {"section": "Nasional"}),
    ("filtered", "membahas", {"outlet": "kabarnusa.id"}),
    ("filtered", "pertandingan", {"section": "Olahraga", "since": "2024-06-01"}),
    ("filtered", "aplikasi", {"topic": "teknologi", "until": "2024-03-31"}),
    ("filtered", "jakarta", {"entity": "Jakarta"}),
    ("filtered", "pemerintah", {"language": "id", "since": "2024-12-01"}),
    ("paged", "pemerintah", {"page": 5}),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(reader: Reader, rounds: int) -> dict[str, list[float]]:
    """Milliseconds per call, by query kind (and 'all'); 'cpu' holds the CPU time per
    call of each round (one thread: it is what a server's core spends on a search)."""
    times: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        cpu = time.process_time()
        for kind, query, filters in QUERIES:
            started = time.perf_counter()
            reader.search(query, **filters)
            ms = (time.perf_counter() - started) * 1000
            times[kind].append(ms)
            times["all"].append(ms)
        times["cpu"].append((time.process_time() - cpu) * 1000 / len(QUERIES))
    return times


def pages(reader: Reader, rounds: int) -> None:
    """p50/p95 of the reader's other calls, as the web pages make them."""
    facets = reader.facets()
    outlet = facets.outlets[0][0]
    top = reader.entities(limit=1)
    ids = [a.id for a in reader.latest(limit=50)]
    calls: list[tuple[str, Any]] = [
        ("front_page", reader.front_page),
        ("front_page outlet", lambda: reader.front_page(outlet=outlet)),
        ("latest section", lambda: reader.latest(section="Olahraga")),
        ("facets", reader.facets),
        ("article+similar", lambda: [reader.article(i) for i in ids[:5]]),
        ("entity (top)", lambda: reader.entity(top[0][0]) if top else None),
        ("outlet", lambda: reader.outlet(outlet)),
        ("entities", reader.entities),
    ]
    print(f"\n{'call':<18} {'p50':>8} {'p95':>8}  (ms; article+similar is 5 articles)")
    for name, call in calls:
        values = []
        for _ in range(rounds):
            started = time.perf_counter()
            call()
            values.append((time.perf_counter() - started) * 1000)
        print(f"{name:<18} {statistics.median(values):>8.1f} {percentile(values, 0.95):>8.1f}")


def report(times: dict[str, list[float]], articles: int, rounds: int) -> None:
    print(f"\n{articles} articles, {len(QUERIES)} queries x {rounds} rounds")
    print(f"{'kind':<10} {'calls':>6} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}  (ms)")
    cpu = times.pop("cpu")
    for kind, values in sorted(times.items(), key=lambda kv: kv[0] != "all"):
        print(
            f"{kind:<10} {len(values):>6} {statistics.median(values):>8.1f} "
            f"{percentile(values, 0.95):>8.1f} {percentile(values, 0.99):>8.1f} "
            f"{max(values):>8.1f}"
        )
    print(f"\nCPU per search: {statistics.median(cpu):.1f} ms (median of {rounds} rounds)")
    p95 = percentile(times["all"], 0.95)
    print(f"\nsearch p95 = {p95:.1f} ms (target < 50 ms): {'met' if p95 < 50 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--pages", action="store_true", help="also time the other Reader calls")
    args = parser.parse_args()
    with Reader(args.db) as reader:
        articles = sum(n for _, n in reader.facets().outlets)
        for _, query, filters in QUERIES:  # warm up: Sastrawi, the page cache
            page = reader.search(query, **filters)
            print(f"  {page.total:>6}{'+' if page.total_capped else ' '} hits  {query} {filters}")
        report(run(reader, args.rounds), articles, args.rounds)
        if args.pages:
            pages(reader, args.rounds)


if __name__ == "__main__":
    main()
