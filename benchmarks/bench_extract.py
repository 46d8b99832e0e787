#!/usr/bin/env python3
"""Warta beside trafilatura on the shared benchmarks: quality, CPU speed and memory.

Run on demand, not as a test::

    python benchmarks/bench_extract.py [--repeat 3] [--favor-precision] [--id-news]
                                       [--write-predictions DIR]

Both tools run in this one process over the same decompressed pages, loaded once, and
take turns (the order flips every round) so neither profits from a warmer machine. CPU
time is ``time.process_time`` around each tool's pass over all pages. Quality uses the
shared measure (``shared/eval/textmatch.py``, the one ``score_aeb.py`` uses), imported
rather than copied. Needs the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import logging
import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from common import shared_dir  # benchmarks/common.py, beside this script

import warta


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    data: bytes
    url: str | None
    truth: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Output:
    """What a tool made of one page, in the shape the shared scorers read."""

    body: str
    title: str | None = None
    published: str | None = None


Tool = Callable[[Page], Output]


@dataclass(slots=True)
class Run:
    name: str
    tool: Tool
    cpu: list[float] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    peak_rss_kib: int = 0


def load_eval(shared: Path, name: str) -> ModuleType:
    """Import a shared scorer module by putting ``shared/eval`` on the path."""
    path = str(shared / "eval")
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module(name)


def load_aeb(shared: Path) -> list[Page]:
    aeb = shared / "data" / "aeb"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(key, gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes()), None, gt)
        for key, gt in truth.items()
    ]


def load_id_news(shared: Path) -> list[Page]:
    data = shared / "data" / "id-news"
    cases = json.loads((data / "expected.json").read_text(encoding="utf-8"))
    return [
        Page(c["page"], (data / c["page"]).read_bytes(), c["expected"].get("url"), c["expected"])
        for c in cases
        if c["expected"]
    ]


def warta_tool(page: Page) -> Output:
    article = warta.extract(page.data, page.url)
    published = article.published.isoformat() if article.published else None
    return Output(article.body, article.title, published)


def trafilatura_tool(**settings: Any) -> Tool:
    """trafilatura with its default settings plus ``settings``, as JSON with metadata."""
    try:
        trafilatura = importlib.import_module("trafilatura")
    except ImportError:
        sys.exit("trafilatura is missing: pip install -e '.[bench]'")
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

    def run(page: Page) -> Output:
        raw = trafilatura.extract(
            page.data, url=page.url, output_format="json", with_metadata=True, **settings
        )
        if not raw:
            return Output("")
        doc = json.loads(raw)
        return Output(doc.get("text") or "", doc.get("title"), doc.get("date"))

    return run


def measure(runs: list[Run], pages: list[Page], repeat: int) -> None:
    """Time each tool over all pages, ``repeat`` rounds, flipping the order every round."""
    for round_no in range(repeat):
        order = runs if round_no % 2 == 0 else runs[::-1]
        for run in order:
            start = time.process_time()
            outputs = [run.tool(page) for page in pages]
            run.cpu.append(time.process_time() - start)
            if round_no == 0:
                run.outputs = outputs
                run.peak_rss_kib = peak_rss_kib()


def peak_rss_kib() -> int:
    """This process's peak resident memory so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def score_aeb(textmatch: ModuleType, run: Run, pages: list[Page]) -> dict[str, float]:
    counts = [
        textmatch.page_counts(page.truth.get("articleBody", ""), out.body)
        for page, out in zip(pages, run.outputs, strict=True)
    ]
    scores: dict[str, float] = textmatch.corpus_scores(counts)
    return scores


def score_id_news(shared: Path, run: Run, pages: list[Page]) -> dict[str, float]:
    """Body F1, title exact-match and same-day date rates, by score_id_news.py's rules."""
    textmatch, scorer = load_eval(shared, "textmatch"), load_eval(shared, "score_id_news")
    counts, titles, days, dated = [], 0, 0, 0
    for page, out in zip(pages, run.outputs, strict=True):
        counts.append(textmatch.page_counts(page.truth.get("content"), out.body))
        titles += textmatch.exact(page.truth.get("title"), out.title)
        if page.truth.get("date"):
            dated += 1
            truth_day = datetime.fromtimestamp(page.truth["date"] / 1000, scorer.WIB).date()
            days += scorer.day(out.published) == truth_day
    f1 = textmatch.corpus_scores(counts)["f1"]
    return {"f1": f1, "title": titles / len(pages), "date": days / max(dated, 1)}


def speed(run: Run, pages: list[Page]) -> float:
    """Pages per CPU-second, from the fastest round (the least disturbed one)."""
    return len(pages) / max(min(run.cpu), 1e-9)


def report_aeb(textmatch: ModuleType, runs: list[Run], pages: list[Page]) -> None:
    print(f"AEB: {len(pages)} pages, {len(runs[0].cpu)} round(s)")
    print(f"{'tool':28} {'F1':>7} {'prec':>7} {'recall':>7} {'pages/CPU-s':>12} {'ms/page':>8}")
    scores = {run.name: score_aeb(textmatch, run, pages) for run in runs}
    for run in runs:
        s, pps = scores[run.name], speed(run, pages)
        print(
            f"{run.name:28} {s['f1']:7.4f} {s['precision']:7.4f} {s['recall']:7.4f} "
            f"{pps:12.1f} {1000 / pps:8.2f}"
        )
    report_ratios(runs, pages, {name: s["f1"] for name, s in scores.items()})


def report_ratios(runs: list[Run], pages: list[Page], f1: dict[str, float]) -> None:
    base = runs[0]
    for other in runs[1:]:
        ratio = speed(base, pages) / speed(other, pages)
        diff = f1[base.name] - f1[other.name]
        print(f"{base.name} vs {other.name}: speed x{ratio:.2f}, F1 {diff:+.4f}")


def report_id_news(shared: Path, runs: list[Run], pages: list[Page]) -> None:
    print(f"\nid-news: {len(pages)} article pages")
    print(f"{'tool':28} {'body F1':>8} {'title':>7} {'date':>7} {'pages/CPU-s':>12}")
    for run in runs:
        s = score_id_news(shared, run, pages)
        print(
            f"{run.name:28} {s['f1']:8.4f} {s['title']:7.3f} {s['date']:7.3f} "
            f"{speed(run, pages):12.1f}"
        )


def write_predictions(folder: Path, label: str, runs: list[Run], pages: list[Page]) -> None:
    """JSONL files the shared scorers read: ``score_aeb.py`` or ``score_id_news.py``."""
    folder.mkdir(parents=True, exist_ok=True)
    for run in runs:
        path = folder / f"{label}-{run.name.replace(' ', '-')}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for page, got in zip(pages, run.outputs, strict=True):
                row: dict[str, Any] = (
                    {"page": page.key, "title": got.title, "published": got.published}
                    if label == "id-news"
                    else {"id": page.key}
                )
                row["body"] = got.body
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {path}")


def make_runs(favor_precision: bool) -> list[Run]:
    runs = [Run("warta", warta_tool), Run("trafilatura", trafilatura_tool())]
    if favor_precision:
        runs.append(Run("trafilatura favor_precision", trafilatura_tool(favor_precision=True)))
    return runs


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--repeat", type=int, default=1, help="timing rounds per tool")
    parser.add_argument(
        "--favor-precision", action="store_true", help="add trafilatura's precision mode"
    )
    parser.add_argument(
        "--id-news", action="store_true", help="also score the Indonesian id-news pages"
    )
    parser.add_argument("--write-predictions", metavar="DIR", help="write scorer-ready JSONL here")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    shared = shared_dir(args.shared)
    textmatch = load_eval(shared, "textmatch")
    pages = load_aeb(shared)
    print(f"peak RSS after loading pages: {peak_rss_kib() / 1024:.0f} MiB")
    runs = make_runs(args.favor_precision)
    measure(runs, pages, max(1, args.repeat))
    report_aeb(textmatch, runs, pages)
    if args.write_predictions:
        write_predictions(Path(args.write_predictions), "aeb", runs, pages)
    if args.id_news:
        news = load_id_news(shared)
        news_runs = make_runs(args.favor_precision)
        measure(news_runs, news, max(1, args.repeat))
        report_id_news(shared, news_runs, news)
        if args.write_predictions:
            write_predictions(Path(args.write_predictions), "id-news", news_runs, news)
    # ru_maxrss only grows: each figure is the process peak once that tool's first pass
    # is done, in run order (warta first), so only warta's figure is of one tool alone.
    peaks = ", ".join(f"{run.name} {run.peak_rss_kib / 1024:.0f} MiB" for run in runs)
    print(f"\npeak RSS after each tool's first AEB pass, in run order: {peaks}")


if __name__ == "__main__":
    main()
