"""The CRF named-entity tagger for Indonesian and its cached loader.

The model (``models/ner.crfsuite``) is trained by ``scripts/train_ner.py``; its labels are
BIO tags over the types ``PER``, ``ORG``, ``LOC`` and ``EVT``. :meth:`Tagger.entities`
turns them into :class:`warta.record.Entity` records with the record types ``person``,
``organization``, ``place`` and ``event`` and character offsets into the text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
from collections.abc import Sequence
from pathlib import Path

from warta.enrich.deps import require
from warta.enrich.ner.features import FeatureExtractor, Lexicon, load_lexicon
from warta.enrich.ner.score import chunks
from warta.enrich.ner.tokens import Token, columns
from warta.record import Entity

__all__ = [
    "CLUSTERS_PATH",
    "MODEL_PATH",
    "RECORD_TYPES",
    "Tagger",
    "load_tagger",
    "sentence_bounds",
    "split_tokens",
]

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
MODEL_PATH = MODELS_DIR / "ner.crfsuite"
CLUSTERS_PATH = MODELS_DIR / "ner-clusters.tsv.gz"

# Tagger type -> record type (the shared convention for Entity.type).
RECORD_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place", "EVT": "event"}

_SENTENCE_END = frozenset({".", "!", "?", "…", "...", "?!", "!?"})
_CLOSERS = frozenset({'"', "”", "’", "'", ")"})


class Tagger:
    """A loaded CRF model plus the feature extractor it was trained with."""

    def __init__(self, model_path: Path, lexicon: Lexicon | None = None) -> None:
        self._crf = require("pycrfsuite").Tagger()
        self._crf.open(str(model_path))
        # The attributes the model has weights for: extracting only those is what keeps
        # tagging within its time budget (L1 training leaves about a tenth of them).
        known = frozenset(attribute for attribute, _ in self._crf.info().state_features)
        self._features = FeatureExtractor(lexicon, known)
        self.model_path = model_path

    @classmethod
    def load(cls, model_path: Path | None = None, clusters_path: Path | None = None) -> Tagger:
        """Open a model and its lexicon (the shipped ones by default)."""
        clusters_path = clusters_path or CLUSTERS_PATH
        lexicon = load_lexicon(clusters_path) if clusters_path.is_file() else None
        if lexicon is None:
            log.warning("no word clusters at %s; tagging without them", clusters_path)
        return cls(model_path or MODEL_PATH, lexicon)

    @property
    def features(self) -> FeatureExtractor:
        """The feature extractor (the training script uses the same one)."""
        return self._features

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """BIO tags (``B-PER``, ``I-LOC``, ``O``...) for one sentence of token strings."""
        if not tokens:
            return []
        if self._features.plainly_common(tokens):
            return ["O"] * len(tokens)
        tags: list[str] = self._crf.tag(self._features.encoded(tokens))
        return tags

    def entities(self, text: str, *, field: str = "body") -> list[Entity]:
        """Named entities of ``text``, in order, with offsets into ``text``."""
        found: list[Entity] = []
        texts, starts, ends = columns(text)
        for first, last in sentence_bounds(text, texts, starts, ends):
            tags = self.tag(texts[first:last])
            for start, end, kind in sorted(chunks(tags)):
                record_type = RECORD_TYPES.get(kind)
                if record_type is None:
                    continue
                begin, stop = starts[first + start], ends[first + end - 1]
                found.append(
                    Entity(text[begin:stop], record_type, start=begin, end=stop, field=field)
                )
        return found


def split_tokens(text: str, tokens: Sequence[Token]) -> list[list[Token]]:
    """Group tokens (of ``text``, in order) into sentences; see :func:`sentence_bounds`."""
    texts = [token.text for token in tokens]
    starts = [token.start for token in tokens]
    ends = [token.end for token in tokens]
    return [list(tokens[a:b]) for a, b in sentence_bounds(text, texts, starts, ends)]


def sentence_bounds(
    text: str, texts: Sequence[str], starts: Sequence[int], ends: Sequence[int]
) -> list[tuple[int, int]]:
    """``(first, last)`` token index ranges of the sentences of ``text``, whose tokens (in
    order, not overlapping) are given as columns: texts, start and end offsets.

    A sentence ends after ``.``/``!``/``?`` and at a line break. One closing quote or
    bracket right after the stop stays with its sentence. This is a deliberately simple
    splitter: the tagger only needs sentence-sized windows, and a wrong split costs little
    since features look at most two tokens away.

    Worked out from the line breaks and the stops alone rather than token by token: an
    article has a few dozen of those and hundreds of tokens.
    """
    n = len(texts)
    cuts = _line_breaks(text, starts, ends)
    for i in [i for i, word in enumerate(texts) if word in _SENTENCE_END]:
        after = i + 1
        if after == n or texts[after] not in _CLOSERS:
            cuts.add(after)
        elif after not in cuts and (after + 1 == n or texts[after + 1] not in _CLOSERS):
            cuts.add(after + 1)  # the closing mark ends the sentence (a second one would not)
    bounds = sorted(cut for cut in cuts if 0 < cut < n)
    return list(itertools.pairwise([0, *bounds, n])) if n else []


def _line_breaks(text: str, starts: Sequence[int], ends: Sequence[int]) -> set[int]:
    """Indices of the tokens that follow a line break (one lying between two tokens)."""
    found: set[int] = set()
    newline = text.find("\n")
    while newline >= 0:
        after = bisect.bisect_right(starts, newline)  # the first token starting after it
        if 0 < after < len(starts) and ends[after - 1] <= newline:
            found.add(after)
        newline = text.find("\n", newline + 1)
    return found


@functools.cache
def load_tagger() -> Tagger:
    """The shipped tagger, loaded once per process."""
    return Tagger.load()
