"""Train Warta's IndoSum-based models: the summary sentence scorer, the topic classifier,
the keyword IDF table and the table of known stems; print the measured figures.

Data: IndoSum (Kurniawan and Louvan 2018, CC BY-SA 4.0), the five dev folds in
``../shared/data/indosum-dev`` (3,743 lines, 3,463 unique articles; deduplicated by id).

    python3 scripts/train_indosum.py summary   # trained without dev.01; prints dev.01 ROUGE-1
    python3 scripts/train_indosum.py topic     # stratified 5-fold CV, then trains on all data
    python3 scripts/train_indosum.py idf       # document frequencies of stems
    python3 scripts/train_indosum.py stems     # Sastrawi's stems of IndoSum's word forms
    python3 scripts/train_indosum.py all

Everything is deterministic (fixed seed, sorted inputs): the same data gives byte-identical
model files. scikit-learn is used here only; the package applies the exported weights in
plain Python.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import math
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from warta.enrich import summary, topic
from warta.enrich.keywords import IDF_MIN_DF, stem_of, word_tokens
from warta.enrich.rouge import mean_f1
from warta.enrich.stem import affixable, load_stemmer, sastrawi_word_stemmer, stopwords
from warta.search.analyzer import Analyzer

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "indosum-dev"
MODELS = REPO / "src" / "warta" / "enrich" / "models"
SEED = 20180
TOPIC_C = 1.0  # LinearSVC; C 0.5-2 moved 5-fold accuracy by at most 0.5 point
TOPIC_MIN_DF = 2  # terms of one training article only are noise
# Terms kept by largest absolute weight, then the model is refitted on them: 5,000 scored
# 91.5% against 91.3% for the whole vocabulary (~90k terms) at a twentieth of the size.
TOPIC_TERMS = 5000
SUMMARY_C = 1.0  # logistic-regression regularisation; 0.1-10 all score within 0.1 ROUGE
REDUNDANCY = 0.8  # skip a sentence this similar (cosine) to a chosen one; 0.7-1.0 tie on dev.01


@dataclass(frozen=True, slots=True)
class Doc:
    """One IndoSum article, flattened to sentences."""

    id: str
    category: str
    folds: frozenset[int]
    sentences: tuple[str, ...]
    labels: tuple[bool, ...]
    reference: str

    @property
    def text(self) -> str:
        """The article as raw-looking text (tokens joined by spaces)."""
        return " ".join(self.sentences)


def load_docs(data_dir: Path = DATA) -> list[Doc]:
    """Every unique article of the five dev folds, sorted by id, with the folds it is in."""
    raw: dict[str, dict[str, object]] = {}
    folds: dict[str, set[int]] = {}
    for fold in range(1, 6):
        with (data_dir / f"dev.0{fold}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                item = json.loads(line)
                raw.setdefault(item["id"], item)
                folds.setdefault(item["id"], set()).add(fold)
    return [_doc(raw[key], frozenset(folds[key])) for key in sorted(raw)]


def _doc(item: dict[str, object], folds: frozenset[int]) -> Doc:
    paragraphs: list[list[list[str]]] = item["paragraphs"]  # type: ignore[assignment]
    gold: list[list[bool]] = item["gold_labels"]  # type: ignore[assignment]
    refs: list[list[str]] = item["summary"]  # type: ignore[assignment]
    return Doc(
        id=str(item["id"]),
        category=str(item["category"]),
        folds=folds,
        sentences=tuple(" ".join(s) for p in paragraphs for s in p),
        labels=tuple(bool(x) for p in gold for x in p),
        reference=" ".join(" ".join(s) for s in refs),
    )


def _dump_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def _gzip(text: str) -> bytes:
    """Gzip with a zero timestamp and no file name, so the bytes depend on the text only."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


# ---- summary -------------------------------------------------------------------------------


def train_summary(docs: Sequence[Doc], seed: int = SEED) -> dict[str, object]:
    """Fit the sentence scorer on the extractive labels; returns the JSON model."""
    rows: list[list[float]] = []
    labels: list[bool] = []
    for doc in docs:
        rows.extend(summary.features(doc.sentences))
        labels.extend(doc.labels)
    width = len(summary.FEATURES)
    mean = [sum(r[k] for r in rows) / len(rows) for k in range(width)]
    scale = [
        math.sqrt(sum((r[k] - mean[k]) ** 2 for r in rows) / len(rows)) or 1.0 for k in range(width)
    ]
    scaled = [[(r[k] - mean[k]) / scale[k] for k in range(width)] for r in rows]
    clf = LogisticRegression(C=SUMMARY_C, max_iter=2000, random_state=seed)
    clf.fit(scaled, labels)
    return {
        "features": list(summary.FEATURES),
        "mean": [round(x, 6) for x in mean],
        "scale": [round(x, 6) for x in scale],
        "weights": [round(float(w), 6) for w in clf.coef_[0]],
        "bias": round(float(clf.intercept_[0]), 6),
        "redundancy": REDUNDANCY,
        "trained_on": f"IndoSum dev folds 2-5 without dev.01 articles: {len(docs)} articles",
    }


def score_summaries(model: summary.SummaryModel, docs: Sequence[Doc], n: int = 3) -> float:
    """Mean ROUGE-1 F (percent) of the model's ``n``-sentence summaries."""
    pairs = []
    for doc in docs:
        chosen = summary.summarize(doc.sentences, n=n, model=model)
        pairs.append((" ".join(doc.sentences[i] for i in chosen), doc.reference))
    return mean_f1(pairs)


def run_summary(docs: Sequence[Doc], out: Path) -> None:
    """Train without dev.01, write the model and print dev.01 ROUGE-1 against lead-3."""
    test = [d for d in docs if 1 in d.folds]
    train = [d for d in docs if 1 not in d.folds]
    data = train_summary(train)
    out.write_text(_dump_json(data), encoding="utf-8")
    model = summary.SummaryModel.from_dict(data)
    lead = mean_f1((" ".join(d.sentences[:3]), d.reference) for d in test)
    print(f"summary: trained on {len(train)} articles (none of dev.01), wrote {out}")
    print(f"summary: dev.01 ({len(test)} articles) ROUGE-1 F lead-3 {lead:.2f}")
    score = score_summaries(model, test)
    print(f"summary: dev.01 ({len(test)} articles) ROUGE-1 F model  {score:.2f}")


# ---- topic ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TermCounts:
    """Term counts of every article, counted once and sliced per fold (counting is the slow
    part of fitting, so the 5-fold run does it once instead of ten times)."""

    matrix: sparse.csr_matrix
    terms: np.ndarray
    labels: np.ndarray

    @classmethod
    def of(cls, docs: Sequence[Doc]) -> TermCounts:
        """Count the classifier's terms (:func:`warta.enrich.topic.tokens`) in ``docs``.

        Counted with a Counter per article (C-speed) rather than CountVectorizer's per-token
        loop: four times faster, and columns end up in the same (sorted) order."""
        vocab: dict[str, int] = {}
        indptr, indices, values = [0], [], []
        for doc in docs:
            for term, count in Counter(topic.tokens(doc.text)).items():
                indices.append(vocab.setdefault(term, len(vocab)))
                values.append(count)
            indptr.append(len(indices))
        shape = (len(docs), len(vocab))
        matrix = sparse.csr_matrix((values, indices, indptr), shape=shape, dtype=np.float64)
        terms = np.array(list(vocab), dtype=object)
        order = np.argsort(terms.astype(str), kind="stable")
        labels = np.array([d.category for d in docs])
        return cls(matrix[:, order].tocsr(), terms[order], labels)


def _tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """What the runtime computes: (1 + ln tf) * idf, each row scaled to unit length."""
    x = counts.astype(np.float64)
    x.data = 1.0 + np.log(x.data)
    return normalize(x @ sparse.diags(idf), norm="l2", copy=False)


def _smooth_idf(counts: sparse.csr_matrix) -> np.ndarray:
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1 + counts.shape[0]) / (1 + df)) + 1.0


def _fit_topic(
    data: TermCounts, rows: np.ndarray, seed: int, keep: int = TOPIC_TERMS
) -> dict[str, object]:
    """TF-IDF + linear SVM on ``rows``, pruned to the ``keep`` strongest terms, refitted."""
    counts, labels = data.matrix[rows], data.labels[rows]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    columns = np.flatnonzero(df >= TOPIC_MIN_DF)
    for step in ("all", "kept"):
        sub = counts[:, columns]
        idf = _smooth_idf(sub)
        clf = LinearSVC(C=TOPIC_C, random_state=seed).fit(_tfidf(sub, idf), labels)
        if step == "all":
            strength = np.abs(clf.coef_).max(axis=0)
            columns = np.sort(columns[np.argsort(-strength, kind="stable")[:keep]])
    coef, intercepts = clf.coef_, clf.intercept_
    if coef.shape[0] == 1:  # two classes: scikit-learn gives one weight row for the second
        coef = np.vstack([-coef, coef])
        intercepts = np.array([-intercepts[0], intercepts[0]])
    return {
        "classes": [str(c) for c in clf.classes_],
        "intercepts": [round(float(b), 5) for b in intercepts],
        "terms": [str(t) for t in data.terms[columns]],
        "idf": [round(float(x), 5) for x in idf],
        "weights": [[round(float(w), 5) for w in coef[:, j]] for j in range(len(columns))],
        "trained_on": f"IndoSum dev folds 1-5, deduplicated: {len(rows)} articles",
    }


def topic_folds(docs: Sequence[Doc], seed: int = SEED, folds: int = 5) -> list[float]:
    """Stratified k-fold accuracy (percent) of the exported model applied in plain Python."""
    data = TermCounts.of(docs)
    accuracies = []
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(docs)), data.labels):
        clf = topic.TopicClassifier.from_dict(_fit_topic(data, train, seed))
        right = sum(clf.predict(docs[i].text) == data.labels[i] for i in test)
        accuracies.append(100 * right / len(test))
    return accuracies


def train_topic(docs: Sequence[Doc], seed: int = SEED) -> bytes:
    """The gzipped JSON topic model trained on ``docs``."""
    model = _fit_topic(TermCounts.of(docs), np.arange(len(docs)), seed)
    return _gzip(_dump_json(model))


def run_topic(docs: Sequence[Doc], out: Path) -> None:
    """Print the 5-fold accuracy, then train on everything and write the model."""
    start = time.perf_counter()
    accuracies = topic_folds(docs)
    for k, acc in enumerate(accuracies, 1):
        print(f"topic: fold {k} accuracy {acc:.2f}")
    mean = sum(accuracies) / len(accuracies)
    print(f"topic: 5-fold mean accuracy {mean:.2f} ({time.perf_counter() - start:.1f} s)")
    out.write_bytes(train_topic(docs))
    print(f"topic: trained on {len(docs)} articles, wrote {out} ({out.stat().st_size} bytes)")


# ---- IDF -----------------------------------------------------------------------------------


def document_frequencies(texts: Iterable[str]) -> tuple[int, Counter[str]]:
    """How many texts there are and in how many of them each stem occurs."""
    stemmer, stop = load_stemmer(), stopwords()
    df: Counter[str] = Counter()
    documents = 0
    for text in texts:
        documents += 1
        stems = {stem_of(m.group().lower(), stemmer) for m in word_tokens(text)}
        df.update(s for s in stems if s not in stop)
    return documents, df


def run_idf(docs: Sequence[Doc], out: Path) -> None:
    """Write the stem document frequencies (stems in at least IDF_MIN_DF articles)."""
    documents, df = document_frequencies(d.text for d in docs)
    kept = sorted(s for s, n in df.items() if n >= IDF_MIN_DF)
    lines = [f"# documents\t{documents}"] + [f"{s}\t{df[s]}" for s in kept]
    out.write_bytes(_gzip("\n".join(lines) + "\n"))
    print(f"idf: {documents} articles, {len(df)} stems, kept {len(kept)} (df >= {IDF_MIN_DF})")
    print(f"idf: wrote {out} ({out.stat().st_size} bytes)")


# ---- known stems ---------------------------------------------------------------------------


def stem_table(texts: Iterable[str]) -> dict[str, str]:
    """Sastrawi's stem of every word form of ``texts`` that the search analyser would ask
    it for (lower case, clitics cut, no digits) and an affix rule could apply to."""
    asked: set[str] = set()

    def note(word: str) -> str:
        asked.add(word)
        return word

    analyzer = Analyzer(note, frozenset())  # no stop words: the keyword stemmer sees them
    for text in texts:
        analyzer.terms(text)
    sastrawi = sastrawi_word_stemmer(table={})
    return {form: sastrawi(form) for form in sorted(asked) if affixable(form)}


def stem_lines(table: dict[str, str]) -> str:
    """The file's text: ``form<TAB>stem``, or the form alone when it is its own stem."""
    lines = [f"# Sastrawi's stems of the word forms of IndoSum (CC BY-SA 4.0): {len(table)}"]
    lines += [form if stem == form else f"{form}\t{stem}" for form, stem in table.items()]
    return "\n".join(lines) + "\n"


def cold_analysis_ms(texts: Sequence[str], table: dict[str, str]) -> float:
    """CPU ms an article to analyse ``texts`` with an empty cache and the runtime stemmer
    over ``table`` instead of the shipped one."""
    stem = sastrawi_word_stemmer(table=table)
    stem("membaca")  # the dictionary loads outside the timing
    analyzer = Analyzer(stem, stopwords())
    started = time.process_time()
    for text in texts:
        analyzer.analyse(text)
    return (time.process_time() - started) / len(texts) * 1000


def run_stems(docs: Sequence[Doc], out: Path) -> None:
    """Measure the table on dev.01's own articles with one made from the other folds
    only, then write the table of all five folds."""
    held_out = [d.text for d in docs if d.folds == frozenset({1})]
    rest = stem_table(d.text for d in docs if 1 not in d.folds)
    without, with_rest = cold_analysis_ms(held_out, {}), cold_analysis_ms(held_out, rest)
    print(
        f"stems: dev.01's own {len(held_out)} articles from a cold cache: {without:.2f} ms "
        f"an article without a table, {with_rest:.2f} with one of the other folds "
        f"({len(rest)} forms)"
    )
    table = stem_table(d.text for d in docs)
    out.write_bytes(_gzip(stem_lines(table)))
    changed = sum(form != stem for form, stem in table.items())
    print(f"stems: {len(table)} forms, {changed} of them changed by Sastrawi")
    print(f"stems: wrote {out} ({out.stat().st_size} bytes)")


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: which model(s) to train and where the data is."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["summary", "topic", "idf", "stems", "all"])
    parser.add_argument("--data", type=Path, default=DATA, help="the indosum-dev folder")
    parser.add_argument("--models", type=Path, default=MODELS, help="where to write models")
    args = parser.parse_args(argv)
    docs = load_docs(args.data)
    print(f"IndoSum dev folds: {len(docs)} unique articles")
    if args.what in ("summary", "all"):
        run_summary(docs, args.models / "summary.json")
    if args.what in ("topic", "all"):
        run_topic(docs, args.models / "topic.json.gz")
    if args.what in ("idf", "all"):
        run_idf(docs, args.models / "idf.tsv.gz")
    if args.what in ("stems", "all"):
        run_stems(docs, args.models / "stems.tsv.gz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
