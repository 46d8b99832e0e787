"""The CRF named-entity tagger for Indonesian and its cached loader.

The model (``models/ner.crfsuite``) is trained by ``scripts/train_ner.py``; its labels are
BIO tags over the types ``PER``, ``ORG``, ``LOC`` and ``EVT``. :meth:`Tagger.entities`
turns them into :class:`warta.record.Entity` records with the record types ``person``,
``organization``, ``place`` and ``event`` and character offsets into the text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from pathlib import Path

from warta.enrich.deps import require
from warta.enrich.ner.features import FeatureExtractor, Lexicon, load_lexicon
from warta.enrich.ner.score import chunks
from warta.enrich.ner.tokens import Token, tokenize
from warta.record import Entity

__all__ = ["CLUSTERS_PATH", "MODEL_PATH", "RECORD_TYPES", "Tagger", "load_tagger"]

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
        tags: list[str] = self._crf.tag(self._features.sentence(tokens))
        return tags

    def entities(self, text: str, *, field: str = "body") -> list[Entity]:
        """Named entities of ``text``, in order, with offsets into ``text``."""
        found: list[Entity] = []
        for sentence in split_tokens(text, tokenize(text)):
            tags = self.tag([token.text for token in sentence])
            for start, end, kind in sorted(chunks(tags)):
                record_type = RECORD_TYPES.get(kind)
                if record_type is None:
                    continue
                begin, stop = sentence[start].start, sentence[end - 1].end
                found.append(
                    Entity(text[begin:stop], record_type, start=begin, end=stop, field=field)
                )
        return found


def split_tokens(text: str, tokens: Sequence[Token]) -> list[list[Token]]:
    """Group tokens into sentences: after ``.``/``!``/``?`` and at line breaks.

    A closing quote or bracket right after the stop stays with its sentence. This is a
    deliberately simple splitter: the tagger only needs sentence-sized windows, and a
    wrong split costs little since features look at most two tokens away.
    """
    sentences: list[list[Token]] = []
    current: list[Token] = []
    for i, token in enumerate(tokens):
        if current and "\n" in text[current[-1].end : token.start]:
            sentences.append(current)
            current = []
        current.append(token)
        after_stop = current[-1].text in _SENTENCE_END or (
            token.text in _CLOSERS and len(current) > 1 and current[-2].text in _SENTENCE_END
        )
        next_text = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if after_stop and next_text not in _CLOSERS:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    return sentences


@functools.cache
def load_tagger() -> Tagger:
    """The shipped tagger, loaded once per process."""
    return Tagger.load()
