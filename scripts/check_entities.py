"""Check the shipped entity table and measure the canonical-name stage.

Prints rows per kind, how many rows carry a Wikidata id, alias collisions, and the time
to build the table and to scan a 600-word article. Run: python3 scripts/check_entities.py
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from importlib import resources

from warta.enrich.canonical import EntityTable, _parse_tsv, find_known

SAMPLE = (
    "Ketegangan antara Rusia dan Ukraina berlanjut hingga AS: sanksi baru diumumkan. "
    "Menteri Luar Negeri Tiongkok menyebut PBB harus bertindak, sementara Uni Eropa diam. "
    "Di Jakarta, Kemenkeu dan Kemenlu menggelar rapat bersama anggota DPR dari Gerindra. "
    "Presiden Joko Widodo bertemu Xi Jinping di Jawa Barat untuk membahas investasi baru. "
)


def main() -> None:
    raw = resources.files("warta.enrich").joinpath("data", "entities.tsv").read_text("utf-8")
    rows = _parse_tsv(raw)
    kinds = Counter(row.kind for row in rows)
    with_id = Counter(row.kind for row in rows if row.id)
    print(f"{'kind':28} rows  with id")
    for kind, count in kinds.most_common():
        print(f"{kind:28} {count:4}  {with_id[kind]:4}")
    total_ids = sum(with_id.values())
    print(f"{'total':28} {len(rows):4}  {total_ids:4}  ({len(rows) - total_ids} without id)")

    best = min(_timed(lambda: EntityTable(_parse_tsv(raw))) for _ in range(5))
    print(f"parse + build index: {best * 1000:.1f} ms")
    table = EntityTable(rows)
    words = SAMPLE.split()
    article = " ".join(words[i % len(words)] for i in range(600))
    runs = 200
    per = _timed(lambda: [find_known(article, table) for _ in range(runs)]) / runs
    print(f"find_known on 600 words: {per * 1000:.3f} ms ({len(find_known(article, table))} hits)")
    lookups = [w.strip(".,:") for w in words] * 20
    per_lookup = _timed(lambda: [table.lookup(w) for w in lookups]) / len(lookups)
    print(f"lookup: {per_lookup * 1e6:.2f} us per call")


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
