"""Enrichment speed and memory: articles of about 600 words per CPU-second on one core.

The articles are IndoSum news texts (``shared/data/indosum-dev``), joined back into running
text and cut or grown to about 600 words, so the measure is on real Indonesian news
prose. Each enrichment step is timed alone, then the whole stage; the peak resident size
of this process is printed at the end. The issue's target is 100 articles per second per
core for the whole enrichment, with peak memory under 500 MB.

There is no peer in Python that does this whole job; as a reference point the script also
times Sastrawi stemming of every word, the one third-party step users usually run.

    python3 benchmarks/bench_enrich.py                  # 300 articles
    python3 benchmarks/bench_enrich.py --articles 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from common import shared_dir  # benchmarks/common.py, beside this script

from warta.enrich import canonical, keywords, language, quotes, sentences, summary, timex, topic
from warta.enrich.ner import load_tagger
from warta.enrich.stage import Enricher
from warta.record import Article, Paragraph

WORDS = 600  # the article size


def articles(folder: Path, count: int) -> list[Article]:
    """``count`` articles of about :data:`WORDS` words from IndoSum's dev folds."""
    texts: list[list[str]] = []
    for path in sorted(folder.glob("dev.0*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                texts.append([" ".join(" ".join(s) for s in p) for p in doc["paragraphs"]])
    out: list[Article] = []
    pool = iter(texts * (1 + count // max(1, len(texts))))
    while len(out) < count:
        paragraphs: list[str] = []
        words = 0
        while words < WORDS:
            for paragraph in next(pool):
                cut = paragraph.split()[: WORDS - words]
                if cut:
                    paragraphs.append(" ".join(cut))
                    words += len(cut)
        out.append(
            Article(
                title=paragraphs[0][:80],
                published=date(2017, 3, 1),
                paragraphs=[Paragraph("paragraph", p) for p in paragraphs],
            )
        )
    return out


def cpu(step: Callable[[Article], object], docs: list[Article], repeat: int) -> float:
    """Best CPU seconds over ``repeat`` runs of ``step`` on every article."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for doc in docs:
            step(doc)
        best = min(best, time.process_time() - started)
    return best


def steps() -> dict[str, Callable[[Article], object]]:
    tagger, table, classifier = load_tagger(), canonical.load_table(), topic.load_classifier()

    def _keywords(a: Article) -> object:
        return keywords.keywords(a.body, [], k=10)

    return {
        "language": lambda a: language.identify_paragraphs([p.text for p in a.paragraphs]),
        "sentences": lambda a: sentences.split_sentences(a.body),
        "entities (CRF)": lambda a: tagger.entities(a.body),
        "entities (table)": lambda a: canonical.find_known(a.body, table),
        "dates": lambda a: timex.find_dates(a.body, a.published),
        "quotes": lambda a: quotes.find_quotes(a.body, []),
        "keywords": _keywords,
        "summary": lambda a: summary.summarize(sentences.sentences(a.body), title=a.title),
        "topic": lambda a: classifier.predict(a.body),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--shared", help="the shared data folder (default: ../shared)")
    args = parser.parse_args()
    docs = articles(shared_dir(args.shared) / "data" / "indosum-dev", args.articles)
    words = sum(len(d.body.split()) for d in docs) / len(docs)
    print(f"{len(docs)} articles, {words:.0f} words on average")
    enricher = Enricher().loaded()
    for name, step in steps().items():
        seconds = cpu(step, docs, args.repeat)
        print(f"  {name:<18} {1000 * seconds / len(docs):6.2f} ms/article")
    total = cpu(lambda a: enricher.enrich(_copy(a)), docs, args.repeat)
    rate = len(docs) / total
    print(f"whole enrichment: {rate:.1f} articles/CPU-s (target 100): {rate / 100:.2f}x target")
    peer = _sastrawi_rate(docs[:50])
    print(f"reference, Sastrawi stemming every word: {peer:.1f} articles/CPU-s")
    print(f"  ratio warta whole enrichment / Sastrawi stemming alone: {rate / peer:.2f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB (target < 500)")


def _copy(article: Article) -> Article:
    return Article(
        title=article.title,
        published=article.published,
        paragraphs=[Paragraph(p.kind, p.text) for p in article.paragraphs],
    )


def _sastrawi_rate(docs: list[Article]) -> float:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: PLC0415

    stemmer = StemmerFactory().create_stemmer()
    started = time.process_time()
    for doc in docs:
        stemmer.stem(doc.body)
    return len(docs) / (time.process_time() - started)


if __name__ == "__main__":
    main()
