"""What Indonesian stemming costs when the words are new: the search analyser's text for a
corpus of real news, from a cold start, with Warta's stemmer (with and without its table
of known stems) and with Sastrawi's own.

    python3 benchmarks/bench_stem.py              # IndoSum's five dev folds
    python3 benchmarks/bench_stem.py --folds 1

Every new word costs Sastrawi a pass over its affix rules, so a corpus whose vocabulary
keeps growing (any real one) pays for stemming on every page, which a benchmark built from
a few pages repeated never shows. Each side gets a fresh, empty cache; both see the same
articles in the same order, and the stems they give are checked to be the same.

The table of known stems was made from these same folds, so here it answers nearly every
word: its row is the best case. What it does for news it has not seen is measured by
``scripts/train_indosum.py stems`` (a table from four folds, the fifth fold's own articles).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

from common import shared_dir  # benchmarks/common.py, beside this script

from warta.enrich.stem import sastrawi_word_stemmer
from warta.search.analyzer import Analyzer, load_stopwords

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def articles(shared: Path, folds: int) -> list[str]:
    """The article texts of the first ``folds`` IndoSum dev folds, tokens joined by spaces."""
    texts = []
    for path in sorted((shared / "data" / "indosum-dev").glob("dev.*.jsonl"))[:folds]:
        for line in path.read_text(encoding="utf-8").splitlines():
            paragraphs = json.loads(line)["paragraphs"]
            texts.append(" ".join(w for p in paragraphs for s in p for w in s))
    return texts


def plain_sastrawi() -> Callable[[str], str]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: PLC0415

    stem_word: Callable[[str], str] = StemmerFactory().create_stemmer().delegatedStemmer.stem_word
    return stem_word


def run(texts: list[str], stemmer: Callable[[str], str]) -> tuple[float, list[str]]:
    """CPU seconds to analyse every text with a fresh analyser, and what it gave."""
    analyzer = Analyzer(stemmer, load_stopwords())
    started = time.process_time()
    out = [analyzer.analyse(t) for t in texts]
    return time.process_time() - started, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", help="shared data folder (default: $WARTA_SHARED or ../shared)")
    parser.add_argument("--folds", type=int, default=5, help="IndoSum dev folds to read (1-5)")
    args = parser.parse_args()
    texts = articles(shared_dir(args.shared), args.folds)
    types = {w for t in texts for w in _WORD.findall(t.lower())}
    stemmers = {
        "warta": sastrawi_word_stemmer(),
        "no table": sastrawi_word_stemmer(table={}),
        "sastrawi": plain_sastrawi(),
    }
    for stem in stemmers.values():
        stem("membaca")  # load the dictionary (and the table) outside the timing
    seconds, outputs = {}, {}
    for name, stem in stemmers.items():
        seconds[name], outputs[name] = run(texts, stem)
    assert outputs["warta"] == outputs["no table"] == outputs["sastrawi"], "stemmers disagree"
    print(f"{len(texts)} articles, {len(types)} word types, every cache cold")
    for name, spent in seconds.items():
        print(f"{name:9} {spent:6.2f} s  {spent / len(texts) * 1000:6.2f} ms/article")
    for name in ("warta", "no table"):
        print(f"{name} takes {seconds[name] / seconds['sastrawi']:.0%} of Sastrawi's time")


if __name__ == "__main__":
    main()
