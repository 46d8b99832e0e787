"""Extractive summaries: score each sentence with a small linear model, keep the best few.

The model is a logistic sentence scorer trained by ``scripts/train_indosum.py`` on the
extractive labels of IndoSum (Kurniawan and Louvan 2018, CC BY-SA 4.0). Its features are
cheap to compute from the sentences alone: position, length, overlap with the document and
its first sentence, numbers, capitalised names, quotes and "Baca juga"-style inserts. The
exported weights and feature normalisation live in ``models/summary.json`` and are applied
here in plain Python. Sentences are then taken best-first, skipping one that mostly repeats
a sentence already taken, and returned in text order.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
import operator
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from warta.enrich.stem import stopwords, word_runs

__all__ = ["FEATURES", "SummaryModel", "features", "load_model", "summarize"]

# A capital after a space: names and acronyms inside the sentence (not its first word).
_CAPITALISED = re.compile(r"\s[A-Z]")
_NUMBER = re.compile(r"\d")
_QUOTES = '"“”'
_INSERT = re.compile(
    r"^\W*(baca juga|lihat juga|simak juga|tonton juga|saksikan|foto|video|sumber|editor)\b",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?][\"'”’)]*\s*$")

# Feature names, in the order of the weight vector in models/summary.json. The first-five
# indicator features let the model learn the lead bias of news (lead-3 alone scores 66.2).
FEATURES: tuple[str, ...] = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "relative_position",
    "log_position",
    "log_sentences",
    "words",
    "short",
    "long",
    "centroid_cosine",
    "first_cosine",
    "next_cosine",
    "max_other_cosine",
    "digits",
    "capitalised",
    "quote",
    "starts_with_quote",
    "question",
    "terminal",
    "insert",
    "first_x_centroid",
    "position_x_centroid",
)


@dataclass(frozen=True)
class SummaryModel:
    """Weights of the sentence scorer plus the normalisation they were trained with."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    redundancy: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SummaryModel:
        """Read the JSON form written by the training script."""
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError(f"summary model was trained on other features: {names}")
        return cls(
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            weights=tuple(data["weights"]),
            bias=float(data["bias"]),
            redundancy=float(data["redundancy"]),
        )

    def score(self, row: Sequence[float]) -> float:
        """The linear score (log-odds of being a summary sentence) of one feature row."""
        coef, offset = self._folded
        if len(row) != len(coef):
            raise ValueError(f"a feature row of {len(row)} values for {len(coef)} weights")
        total: float = sum(map(operator.mul, coef, row))
        return offset + total

    @functools.cached_property
    def _folded(self) -> tuple[tuple[float, ...], float]:
        """Weights with the normalisation folded in: w.(x - m)/s = (w/s).x - (w/s).m."""
        coef = tuple(w / s for w, s in zip(self.weights, self.scale, strict=True))
        return coef, self.bias - sum(c * m for c, m in zip(coef, self.mean, strict=True))


@functools.cache
def load_model() -> SummaryModel:
    """The shipped sentence scorer (read once)."""
    path = resources.files("warta.enrich").joinpath("models/summary.json")
    return SummaryModel.from_dict(json.loads(path.read_text("utf-8")))


class _Bags:
    """Word counts of each sentence with their norms, so cosines cost one dot product.

    A dot product of two bags is the sum, over the word occurrences of one sentence, of
    the other's count of the word: one pass of C-level ``map`` over a sentence's words,
    with no set of shared words built. Counts are integers, so every such sum is exact.
    """

    def __init__(self, sentences: Sequence[str]) -> None:
        stop = stopwords()
        runs = [word_runs(s.lower()) for s in sentences]
        self.lengths = [len(words) for words in runs]
        # Each sentence's words without the stop words, in order.
        self.words = [list(itertools.filterfalse(stop.__contains__, words)) for words in runs]
        self.bags = [Counter(ws) for ws in self.words]
        self.total: Counter[str] = Counter(itertools.chain.from_iterable(self.words))
        self._pairs: dict[int, float] = {}  # by i * n + j for i < j
        self.norms = [math.sqrt(self._dot(i, self.bags[i])) for i in range(len(sentences))]
        self.total_sq = _squares(self.total)

    def _dot(self, i: int, bag: Counter[str]) -> int:
        """The dot product of sentence ``i``'s bag with ``bag``."""
        return sum(map(bag.get, self.words[i], itertools.repeat(0)))

    def cosine(self, i: int, j: int) -> float:
        """Cosine between sentences ``i`` and ``j`` (each pair computed once)."""
        if j < i:
            i, j = j, i
        key = i * len(self.bags) + j
        value = self._pairs.get(key)
        if value is None:
            norm = self.norms[i] * self.norms[j]
            shorter, other = (i, j) if len(self.words[i]) <= len(self.words[j]) else (j, i)
            value = self._dot(shorter, self.bags[other]) / norm if norm else 0.0
            self._pairs[key] = value
        return value

    def to_rest(self, i: int) -> float:
        """Cosine between sentence ``i`` and all the other sentences together; computed from
        the whole-text counts, since |t - b|^2 = |t|^2 - 2 t.b + |b|^2."""
        sq = self.norms[i] ** 2
        dot = self._dot(i, self.total)
        rest_sq = self.total_sq - 2 * dot + sq
        norm = math.sqrt(sq * rest_sq) if rest_sq > 0 else 0.0
        return (dot - sq) / norm if norm else 0.0


def _squares(bag: Counter[str]) -> int:
    """The squared norm of a bag of word counts."""
    counts = bag.values()
    return sum(map(operator.mul, counts, counts))


def features(sentences: Sequence[str]) -> list[list[float]]:
    """One feature row per sentence, in the order of :data:`FEATURES`."""
    return _features(sentences, _Bags(sentences))


# The five position indicators of a sentence by its index (the last row: sixth and later).
_LEAD = tuple(tuple(float(i == k) for k in range(5)) for i in range(6))


def _features(sentences: Sequence[str], bags: _Bags) -> list[list[float]]:
    n = len(sentences)
    rows = []
    for i, text in enumerate(sentences):
        # Cosine to the rest of the text, not to the whole: long sentences match themselves.
        centroid_cos = bags.to_rest(i)
        near = {j: bags.cosine(i, j) for j in range(max(0, i - 3), min(n, i + 4)) if j != i}
        words = bags.lengths[i]
        opening = text.lstrip()[:1]
        rows.append(
            [
                *_LEAD[min(i, 5)],
                i / n,
                math.log1p(i),
                math.log1p(n),
                min(words, 80) / 20,
                float(words < 6),
                float(words > 40),
                centroid_cos,
                1.0 if i == 0 else bags.cosine(i, 0),  # each pair is computed once
                near.get(i + 1, 0.0),  # the next sentence, when there is one, is near
                max(near.values(), default=0.0),
                min(len(_NUMBER.findall(text)), 10) / 10,
                min(len(_CAPITALISED.findall(text)), 10) / 10,
                # Quote marks ('"', '“', '”') by string tests: a regex call costs more.
                float('"' in text or "“" in text or "”" in text),
                float(bool(opening) and opening in _QUOTES),
                float("?" in text),
                float(bool(_TERMINAL.search(text))),
                float(bool(_INSERT.match(text))),
                float(i == 0) * centroid_cos,
                (i / n) * centroid_cos,
            ]
        )
    return rows


def summarize(
    sentences: Sequence[str],
    title: str | None = None,
    n: int = 3,
    *,
    model: SummaryModel | None = None,
) -> list[int]:
    """Indices of the ``n`` sentences that best summarise the text, in text order.

    ``title`` is accepted for the pipeline's sake but not used: the training data (IndoSum)
    has no titles, so no weight for it could be learnt. Deterministic: ties go to the
    earlier sentence.
    """
    del title
    if n <= 0 or not sentences:
        return []
    if len(sentences) <= n:
        return list(range(len(sentences)))
    model = model or load_model()
    bags = _Bags(sentences)
    scores = [model.score(row) for row in _features(sentences, bags)]
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    for i in order:
        if any(bags.cosine(i, j) > model.redundancy for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) == n:
            break
    # Too many near-duplicates: fill up with the best-scored sentences left.
    for i in order:
        if len(chosen) == n:
            break
        if i not in chosen:
            chosen.append(i)
    return sorted(chosen)
