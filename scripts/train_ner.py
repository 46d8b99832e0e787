#!/usr/bin/env python3
"""Train the Indonesian NER tagger (a CRF) that ships in src/warta/enrich/models/.

Steps:
1. read the labelled corpora of ``../shared/data/ner-id`` and map their labels to
   PER/ORG/LOC (NER UI: train.01 and dev.01 only, since folds 2-5 contain test.01's
   sentences; NER UGM: all of it, TIME/QUANTITY -> O; NERGrit: train and valid);
2. drop every training sentence whose tokens equal a sentence of NER UI test.01;
3. learn word clusters and lower-case buckets from unlabelled IndoSum news
   (``../shared/data/indosum-dev``) and write ``models/ner-clusters.tsv.gz``;
4. train the CRF, write ``models/ner.crfsuite`` and print F1 on NER UI test.01;
5. print NER UGM and 5-fold NER UI figures (models trained for those are thrown away):
   NER UI fold k trains on train.0k + dev.0k + the other corpora minus test.0k and scores
   on test.0k (fold 1 is the shipped model); NER UGM fold k trains on NER UI train.01 +
   dev.01, NER UGM train.0k + dev.0k and NERGrit, minus NER UGM test.0k, and scores there.

NER UI is given twice (``--ui-copies``) to weight the in-domain corpus up. NERP is left
out by default (``--nerp`` adds it): lower-cased and with other conventions, it lowered
dev.01 F1 from 85.5 to 82.1. Hyper-parameters were chosen on NER UI dev.01 (``--dev``,
``--tune``); test.01 is only measured.

Run: ``python3 scripts/train_ner.py`` (about 9 minutes on 2 cores); ``--quick`` trains a
tiny model for tests; ``--speed`` times the shipped tagger.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


from warta.enrich.ner.features import FeatureExtractor, Lexicon, load_lexicon  # noqa: E402
from warta.enrich.ner.score import micro_f1, read_conll  # noqa: E402

Sentence = list[tuple[str, str]]
Params = tuple[float, float, int]

MODELS = REPO / "src" / "warta" / "enrich" / "models"
SHARED = REPO.parent / "shared" / "data"
# Label maps of each corpus to the tagger's types; anything unmapped becomes O.
NERUI = {"PERSON": "PER", "ORGANIZATION": "ORG", "LOCATION": "LOC"}
NERGRIT = {"PERSON": "PER", "ORGANISATION": "ORG", "PLACE": "LOC"}
NERP = {"PPL": "PER", "IND": "ORG", "PLC": "LOC"}
# c1/c2/iterations chosen on NER UI dev.01 with --tune; never on test.01.
# Dev.01 F1 (NER UI x2, 200 iterations): c1 0.02 -> 85.3, 0.05 -> 86.5, 0.15 -> 85.8 (c2
# 0.01); c2 0.002 -> 86.4, 0.05 -> 85.6 (c1 0.05). Iterations: 120 -> 85.1, 200 -> 86.5,
# 300 -> 86.9, 500 -> 87.5 (final feature set).
PARAMS: Params = (0.05, 0.01, 500)
SEED = 13
# NER UI sentences are given this many times: weighting the in-domain corpus up over NER
# UGM and NERGrit raised dev.01 F1 from 85.5 (x1) to 86.5 (x2); x3 gave 86.2.
UI_COPIES = 2


# --- labelled data ----------------------------------------------------------------------


def load(path: Path, mapping: dict[str, str], limit: int | None = None) -> list[Sentence]:
    """Sentences of a CoNLL file with labels mapped to PER/ORG/LOC (others -> O)."""
    out: list[Sentence] = []
    for sentence in read_conll(path)[:limit]:
        mapped: Sentence = []
        for token, tag in sentence:
            prefix, _, kind = tag.partition("-")
            new = mapping.get(kind)
            mapped.append((token, f"{prefix}-{new}" if new and prefix in {"B", "I"} else "O"))
        out.append(mapped)
    return out


def tokens_of(sentences: Iterable[Sentence]) -> set[tuple[str, ...]]:
    """The token sequences of ``sentences`` (for the contamination guard)."""
    return {tuple(t for t, _ in s) for s in sentences}


def guard(sentences: list[Sentence], banned: set[tuple[str, ...]]) -> list[Sentence]:
    """Drop sentences whose token sequence equals a banned (test) sentence."""
    return [s for s in sentences if tuple(t for t, _ in s) not in banned]


class Corpora:
    """Every labelled file the script may use, read once."""

    def __init__(self, root: Path, limit: int | None) -> None:
        ui, ugm = root / "nerui", root / "nerugm"
        self.ui = {
            (part, k): load(ui / f"{part}.0{k}.tsv", NERUI, limit)
            for part in ("train", "dev", "test")
            for k in range(1, 6)
        }
        self.ugm = {
            (part, k): load(ugm / f"{part}.0{k}.tsv", NERUI, limit)
            for part in ("train", "dev", "test")
            for k in range(1, 6)
        }
        self.ugm_all = load(ugm / "nerugm.txt", NERUI, limit)
        grit = root / "nergrit"
        self.grit = load(grit / "train_preprocess.txt", NERGRIT, limit) + load(
            grit / "valid_preprocess.txt", NERGRIT, limit
        )
        nerp = root / "nerp"
        self.nerp = [
            s
            for name in ("train", "valid", "test")
            for s in load(nerp / f"{name}_preprocess.txt", NERP, limit)
        ]

    def training_set(self, k: int, use_nerp: bool, ui_copies: int) -> tuple[list[Sentence], int]:
        """NER UI fold ``k`` train+dev plus the other corpora, minus NER UI test.0k.

        Returns the sentences and how many distinct sentences the contamination guard
        dropped (NER UI ones counted once, not once per copy).
        """
        banned = tokens_of(self.ui["test", k])
        ui = guard(self.ui["train", k] + self.ui["dev", k], banned)
        others = self.ugm_all + self.grit + (self.nerp if use_nerp else [])
        kept_others = guard(others, banned)
        dropped = len(self.ui["train", k]) + len(self.ui["dev", k]) - len(ui)
        dropped += len(others) - len(kept_others)
        return ui * ui_copies + kept_others, dropped


# --- unlabelled data: word clusters and lower-case buckets ------------------------------


def read_indosum(directory: Path, limit: int | None) -> list[list[str]]:
    """Sentences (token lists) of the IndoSum articles, each article once, in file order."""
    seen: set[str] = set()
    sentences: list[list[str]] = []
    for path in sorted(directory.glob("*.jsonl")):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                article = json.loads(line)
                if article["id"] in seen:
                    continue
                seen.add(article["id"])
                sentences += [s for p in article["paragraphs"] for s in p]
                if limit is not None and len(seen) >= limit:
                    return sentences
    return sentences


# Lower-case share thresholds of case_buckets(), from the most to the least lower-case.
_CASE_BUCKETS = (("a", 0.95), ("b", 0.5), ("c", 0.05), ("d", 0.0))


def case_buckets(sentences: Sequence[Sequence[str]], min_count: int) -> dict[str, str]:
    """How often each word is written all lower case when not sentence-initial.

    Buckets (a: >= 95 %, b: >= 50 %, c: >= 5 %, d: less) tell a capitalised common word
    (``Kemarin``) from a name (``Jokowi``) even at the start of a sentence.
    """
    total: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for sentence in sentences:
        for word in sentence[1:]:
            key = word.lower()
            total[key] += 1
            lower[key] += word == key
    out: dict[str, str] = {}
    for word, count in total.items():
        if count >= min_count and any(c.isalpha() for c in word):
            share = lower[word] / count
            out[word] = next(b for b, floor in _CASE_BUCKETS if share >= floor)
    return out


def clusters(
    sentences: Sequence[Sequence[str]], ks: Sequence[int], seed: int, vocab_size: int
) -> dict[str, tuple[str, ...]]:
    """K-means cluster ids (one per k) of word vectors from left/right co-occurrence.

    Vectors: positive PMI of each word with the 2,000 most frequent words one position to
    its left and to its right, reduced to 100 dimensions by truncated SVD, unit length.
    """
    import numpy as np  # noqa: PLC0415
    from scipy import sparse  # noqa: PLC0415
    from sklearn.cluster import MiniBatchKMeans  # noqa: PLC0415
    from sklearn.decomposition import TruncatedSVD  # noqa: PLC0415
    from sklearn.preprocessing import normalize  # noqa: PLC0415

    counts = Counter(w.lower() for s in sentences for w in s)
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    vocab = [w for w in ranked[:vocab_size] if counts[w] >= 3]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = min(2000, len(vocab))
    rows: list[int] = []
    cols: list[int] = []
    for sentence in sentences:
        ids = [index.get(w.lower(), -1) for w in sentence]
        for left, right in pairwise(ids):
            if right >= 0 and 0 <= left < n_ctx:
                rows.append(right)
                cols.append(left)
            if left >= 0 and 0 <= right < n_ctx:
                rows.append(left)
                cols.append(n_ctx + right)
    data = np.ones(len(rows))
    matrix = sparse.coo_matrix((data, (rows, cols)), shape=(len(vocab), 2 * n_ctx)).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row = np.asarray(matrix.sum(axis=1)).ravel()
    col = np.asarray(matrix.sum(axis=0)).ravel()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row[coo.row] * col[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=matrix.shape)
    dims = min(100, ppmi.shape[1] - 1, len(vocab) - 1)
    vectors = normalize(TruncatedSVD(dims, random_state=seed).fit_transform(ppmi))
    labels = []
    for k in ks:
        km = MiniBatchKMeans(
            n_clusters=min(k, len(vocab)),
            random_state=seed,
            n_init=3,
            batch_size=4096,
        )
        labels.append(km.fit_predict(vectors))
    return {w: tuple(str(int(lab[i])) for lab in labels) for i, w in enumerate(vocab)}


def build_lexicon(
    sentences: Sequence[Sequence[str]], seed: int, quick: bool
) -> dict[str, tuple[str, ...]]:
    """Word -> (cluster ids coarse to fine..., case bucket) from unlabelled sentences."""
    ks = (16, 64) if quick else (64, 256, 1024)
    ids = clusters(sentences, ks, seed, vocab_size=2000 if quick else 40_000)
    cases = case_buckets(sentences, min_count=2)
    return {w: (*ids.get(w, ()), cases.get(w, "?")) for w in sorted(set(ids) | set(cases))}


def write_lexicon(lexicon: Lexicon, path: Path) -> None:
    """Write the lexicon as sorted gzipped TSV with a zero mtime (byte-reproducible)."""
    body = "".join("\t".join((w, *lexicon[w])) + "\n" for w in sorted(lexicon))
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(body.encode("utf-8"))


# --- training and scoring ---------------------------------------------------------------


def train(sentences: Sequence[Sentence], lexicon: Lexicon, model: Path, params: Params) -> None:
    """Train a CRF on ``sentences`` and write it to ``model``."""
    import pycrfsuite  # noqa: PLC0415

    extractor = FeatureExtractor(lexicon)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        trainer.append(extractor.sentence([t for t, _ in sentence]), [y for _, y in sentence])
    c1, c2, iterations = params
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    trainer.train(str(model))


def evaluate(model: Path, lexicon: Lexicon, sentences: Sequence[Sentence]) -> tuple[float, ...]:
    """Micro precision, recall and F1 of ``model`` on ``sentences``."""
    import pycrfsuite  # noqa: PLC0415

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    extractor = FeatureExtractor(lexicon)
    gold = [[y for _, y in s] for s in sentences]
    pred = [tagger.tag(extractor.sentence([t for t, _ in s])) for s in sentences]
    return micro_f1(gold, pred)


# A pool job: name, training sentences, test sentences, lexicon, parameters, and the
# model file to write (kept only for the shipped model, whose name starts with "ship").
Job = tuple[str, list[Sentence], list[Sentence], Lexicon, Params, Path]


def job(args: Job) -> tuple[str, tuple[float, ...]]:
    """Train on one set and score on another (a worker of the pool)."""
    name, training, test, lexicon, params, model = args
    train(training, lexicon, model, params)
    scores = evaluate(model, lexicon, test)
    if not name.startswith("ship"):
        model.unlink()
    return name, scores


def fmt(scores: Sequence[float]) -> str:
    p, r, f = scores
    return f"P {p:5.2f}  R {r:5.2f}  F1 {f:5.2f}"


# --- command line -----------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=SHARED / "ner-id")
    parser.add_argument("--indosum", type=Path, default=SHARED / "indosum-dev")
    parser.add_argument("--output-dir", type=Path, default=MODELS)
    parser.add_argument("--quick", action="store_true", help="tiny data, few iterations")
    parser.add_argument("--limit", type=int, help="sentences read per labelled file")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--c1", type=float, default=PARAMS[0])
    parser.add_argument("--c2", type=float, default=PARAMS[1])
    parser.add_argument("--iterations", type=int, default=PARAMS[2])
    parser.add_argument("--ui-copies", type=int, default=UI_COPIES, help="repeat NER UI")
    parser.add_argument("--nerp", action="store_true", help="also train on NERP")
    parser.add_argument("--ui-folds", type=int, default=5, help="NER UI folds to report")
    parser.add_argument("--ugm-folds", type=int, default=1, help="NER UGM folds to report")
    parser.add_argument("--dev", action="store_true", help="only score on NER UI dev.01")
    parser.add_argument("--tune", action="store_true", help="grid-search c1/c2 on dev.01")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--speed", action="store_true", help="only time the shipped tagger")
    parser.add_argument("--lexicon", type=Path, help="reuse this lexicon instead of learning it")
    args = parser.parse_args(argv)
    if args.quick:
        args.limit = args.limit or 40
        args.iterations = min(args.iterations, 15)
        args.ui_folds = args.ugm_folds = 0
    return args


def lexicon_for(args: argparse.Namespace) -> Lexicon:
    """Learn the word lexicon from IndoSum and write it beside the model."""
    if args.lexicon:
        return load_lexicon(args.lexicon)
    start = time.perf_counter()
    sentences = read_indosum(args.indosum, 30 if args.quick else None)
    lexicon = build_lexicon(sentences, args.seed, args.quick)
    path = args.output_dir / "ner-clusters.tsv.gz"
    write_lexicon(lexicon, path)
    took = time.perf_counter() - start
    print(f"lexicon: {len(lexicon)} words from {len(sentences)} sentences ({took:.0f} s)")
    return load_lexicon(path)  # exactly what the tagger will read


def dev_jobs(corpora: Corpora, args: argparse.Namespace, lexicon: Lexicon, work: Path) -> list[Job]:
    """Jobs scoring on NER UI dev.01 (train.01 + other corpora), for tuning."""
    banned = tokens_of(corpora.ui["test", 1]) | tokens_of(corpora.ui["dev", 1])
    pool = (
        corpora.ui["train", 1] * args.ui_copies
        + corpora.ugm_all
        + corpora.grit
        + (corpora.nerp if args.nerp else [])
    )
    training = guard(pool, banned)
    grid = [(args.c1, args.c2)]
    if args.tune:
        grid = [(c1, c2) for c1 in (0.02, 0.05, 0.1, 0.2) for c2 in (0.001, 0.01, 0.05)]
    return [
        (
            f"dev c1={c1} c2={c2}",
            training,
            corpora.ui["dev", 1],
            lexicon,
            (c1, c2, args.iterations),
            work / f"dev-{c1}-{c2}.crfsuite",
        )
        for c1, c2 in grid
    ]


def report_jobs(
    corpora: Corpora, args: argparse.Namespace, lexicon: Lexicon, params: Params, work: Path
) -> list[Job]:
    """Jobs for the NER UI k-fold and NER UGM figures."""
    jobs: list[Job] = []
    # Fold 1 is the shipped model itself (trained on train.01 + dev.01, scored on test.01).
    for k in range(2, args.ui_folds + 1):
        training, _ = corpora.training_set(k, args.nerp, args.ui_copies)
        model = work / f"fold{k}.crfsuite"
        jobs.append((f"NER UI fold {k}", training, corpora.ui["test", k], lexicon, params, model))
    for k in range(1, args.ugm_folds + 1):
        test = corpora.ugm["test", k]
        pool = (
            (corpora.ui["train", 1] + corpora.ui["dev", 1]) * args.ui_copies
            + corpora.ugm["train", k]
            + corpora.ugm["dev", k]
            + corpora.grit
            + (corpora.nerp if args.nerp else [])
        )
        training = guard(pool, tokens_of(test))
        model = work / f"ugm{k}.crfsuite"
        jobs.append((f"NER UGM fold {k}", training, test, lexicon, params, model))
    return jobs


def run_jobs(jobs: list[Job], n: int) -> list[tuple[str, tuple[float, ...]]]:
    if not jobs:
        return []
    if n <= 1 or len(jobs) == 1:
        return [job(j) for j in jobs]
    with Pool(n) as pool:
        return pool.map(job, jobs, chunksize=1)


def speed(indosum: Path) -> None:
    """Time the shipped tagger (features + crfsuite, and with tokenizing) per 600 words."""
    from warta.enrich.ner import Tagger, tokenize  # noqa: PLC0415
    from warta.enrich.ner.tagger import split_tokens  # noqa: PLC0415

    texts = [" ".join(s) for s in read_indosum(indosum, 300)]
    sentences = [[t.text for t in tokenize(text)] for text in texts]
    # Words as a reader counts them: tokens with a letter or digit (punctuation is free).
    words = sum(any(c.isalnum() for c in t) for s in sentences for t in s)
    tagger = Tagger.load()
    for sentence in sentences:  # fill the word cache, as a long-running process has it
        tagger.tag(sentence)
    start = time.process_time()
    for sentence in sentences:
        tagger.tag(sentence)
    tag_ms = (time.process_time() - start) / words * 600 * 1000
    start = time.process_time()
    for text in texts:
        split_tokens(text, tokenize(text))
    token_ms = (time.process_time() - start) / words * 600 * 1000
    print(f"speed over {words} IndoSum words, per 600 words (CPU time):")
    print(f"  tag (features + crfsuite) {tag_ms:.2f} ms; tokenize + split {token_ms:.2f} ms")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.speed:
        speed(args.indosum)
        return 0
    start = time.perf_counter()
    args.output_dir.mkdir(parents=True, exist_ok=True)
    corpora = Corpora(args.data, args.limit)
    lexicon = lexicon_for(args)
    params: Params = (args.c1, args.c2, args.iterations)
    work = args.output_dir
    if args.dev or args.tune:
        for name, scores in run_jobs(dev_jobs(corpora, args, lexicon, work), args.jobs):
            print(f"{name:28} {fmt(scores)}")
        return 0
    training, dropped = corpora.training_set(1, args.nerp, args.ui_copies)
    print(f"training: {len(training)} sentences; guard dropped {dropped} equal to NER UI test.01")
    model = args.output_dir / "ner.crfsuite"
    ship: Job = ("ship", training, corpora.ui["test", 1], lexicon, params, model)
    (_, target), *results = run_jobs(
        [ship, *report_jobs(corpora, args, lexicon, params, work)], args.jobs
    )
    size = model.stat().st_size / 1e6
    print(f"model: {model} ({size:.1f} MB) c1={args.c1} c2={args.c2} it={args.iterations}")
    print(f"NER UI test.01 (target)      {fmt(target)}")
    for name, scores in results:
        print(f"{name:28} {fmt(scores)}")
    ui = [target[2]] + [s[2] for name, s in results if name.startswith("NER UI")]
    if ui:
        print(f"NER UI {len(ui)}-fold mean F1       {sum(ui) / len(ui):5.2f}")
    print(f"total time {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
