"""Topic of an article: a linear TF-IDF classifier over the IndoSum categories.

The categories are IndoSum's own (Kurniawan and Louvan 2018, CC BY-SA 4.0): ``tajuk utama``
(headline news), ``olahraga`` (sport), ``hiburan`` (entertainment), ``showbiz``,
``teknologi`` (technology) and ``inspirasi`` (inspiration). ``scripts/train_indosum.py``
trains the model with scikit-learn and exports, per kept term, its IDF and one weight per
category to ``models/topic.json.gz``; this module applies them in plain Python with the same
tokenisation and the same TF-IDF weighting (sublinear term frequency, L2 norm).
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import math
import operator
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from warta.enrich.stem import word_runs

__all__ = ["TopicClassifier", "load_classifier", "tokens"]


def tokens(text: str) -> list[str]:
    """The terms the classifier reads: lower-cased words and their adjacent pairs.

    The training script hands this function to scikit-learn as the analyzer, so training and
    run time cannot tokenise differently.
    """
    # Runs of letters and digits; tokens made of digits only are dropped (scores, dates
    # and amounts say little about the topic and would bloat the vocabulary).
    words = list(itertools.filterfalse(str.isdigit, word_runs(text.lower())))
    return words + list(map(" ".join, itertools.pairwise(words)))


@dataclass(frozen=True, slots=True)
class TopicClassifier:
    """Per-term IDF and per-category weights of a linear model, applied to raw text."""

    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    terms: dict[str, tuple[float, tuple[float, ...]]]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TopicClassifier:
        """Read the JSON form written by the training script."""
        classes = tuple(data["classes"])
        terms = {
            term: (float(idf), tuple(weights))
            for term, idf, weights in zip(data["terms"], data["idf"], data["weights"], strict=True)
        }
        return cls(classes, tuple(data["intercepts"]), terms)

    def scores(self, text: str) -> dict[str, float] | None:
        """The linear score of each category, or None when no known term occurs."""
        counts = Counter(filter(self.terms.__contains__, tokens(text)))
        if not counts:
            return None
        known = [self.terms[term] for term in counts]
        values = [
            (1.0 + math.log(count)) * idf
            for count, (idf, _) in zip(counts.values(), known, strict=True)
        ]
        # Each category's sum runs over the terms in the same order as a loop would, and
        # the per-category weight columns come from one transposition (zip).
        norm = sum(map(operator.mul, values, values))
        columns = zip(*map(operator.itemgetter(1), known), strict=True)
        totals = [sum(map(operator.mul, values, column)) for column in columns]
        scale = 1.0 / math.sqrt(norm)
        return {
            name: total * scale + bias
            for name, total, bias in zip(self.classes, totals, self.intercepts, strict=True)
        }

    def predict(self, text: str) -> str | None:
        """The most likely category of ``text``; None for text with no known word."""
        scores = self.scores(text)
        if scores is None:
            return None
        # max() keeps the first of equal scores, and classes are sorted: deterministic.
        return max(scores, key=scores.__getitem__)

    def predict_many(self, texts: Sequence[str]) -> list[str | None]:
        """:meth:`predict` for each text."""
        return [self.predict(t) for t in texts]


@functools.cache
def load_classifier() -> TopicClassifier:
    """The shipped topic classifier (read once)."""
    path = resources.files("warta.enrich").joinpath("models/topic.json.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return TopicClassifier.from_dict(json.load(fh))
