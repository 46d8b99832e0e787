"""Token features for the CRF tagger.

Features are plain strings (crfsuite's binary attributes), built from the token itself and
its neighbours within two positions:

- the lower-cased word, its shape (``Xx``, ``X``, ``d/d/d``), prefixes and suffixes;
- word clusters and a "how often is this word written in lower case" bucket, both learned
  by ``scripts/train_ner.py`` from unlabelled IndoSum news and shipped in
  ``models/ner-clusters.tsv.gz`` (see :class:`Lexicon`);
- membership of the cue-word and name lists of :mod:`warta.enrich.ner.gazetteer`;
- the word pair to either side and the sentence boundaries.

Everything that depends only on the word is computed once per distinct word and kept in a
bounded per-extractor cache, which is what keeps tagging a 600-word article within a few
milliseconds: most of a sentence's features are list concatenations of cached parts.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

from warta.enrich.ner.gazetteer import GAZETTEERS

__all__ = ["FeatureExtractor", "Lexicon", "load_lexicon", "shape"]

# A lexicon entry: cluster ids from coarse to fine, then the lower-case bucket.
Lexicon = Mapping[str, tuple[str, ...]]

# Offsets of the neighbours whose features a token sees (the usual window of CRF taggers;
# not tuned here).
_OFFSETS = (-2, -1, 1, 2)
# Bound on the per-extractor word cache: a news archive has an open vocabulary, and the
# cache only has to hold the words of the articles being tagged now.
_CACHE_LIMIT = 200_000

# What a word contributes: its own features, then the features it gives the token two
# before it, one before, one after and two after (it is that token's -2, -1, +1, +2).
_Parts = tuple[tuple[str, ...], ...]
# Case buckets of the lexicon (scripts/train_ner.py) for words news text writes in lower
# case most (a) or much (b) of the time.
_MOSTLY_LOWER = frozenset({"a", "b"})
# The parts of a position outside the sentence.
_EDGE: _Parts = ((), (), (), (), ())


def shape(word: str) -> str:
    """The word's character classes with runs collapsed: ``Jakarta`` -> ``Xx``."""
    out: list[str] = []
    for char in word:
        if char.isupper():
            cls = "X"
        elif char.isalpha():
            cls = "x"
        elif char.isdigit():
            cls = "d"
        else:
            cls = char
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)


def load_lexicon(path: Path) -> dict[str, tuple[str, ...]]:
    """Read ``word<TAB>field...`` lines of a gzipped lexicon file."""
    lexicon: dict[str, tuple[str, ...]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            word, *fields = line.rstrip("\n").split("\t")
            lexicon[word] = tuple(fields)
    return lexicon


class FeatureExtractor:
    """Turn a sentence (token strings) into one feature list per token."""

    def __init__(
        self, lexicon: Lexicon | None = None, known: AbstractSet[str] | None = None
    ) -> None:
        """``known``: the attributes a trained model has weights for; when given, every
        other feature is left out (crfsuite ignores them anyway), which makes tagging
        faster without changing a single tag."""
        self._lexicon: Lexicon = lexicon or {}
        self._known = known
        # Words that occur in a word-pair feature the model knows: a pair is only built
        # when both words are such words (the pair itself may still be unknown to crfsuite,
        # which then ignores it).
        self._paired: frozenset[str] | None = None
        if known is not None:
            self._paired = frozenset(
                word for f in known if f[:1] in "LR" and "|" in f for word in f[1:].split("|")
            )
        self._bos = ["BOS"] if known is None or "BOS" in known else []
        self._eos = ["EOS"] if known is None or "EOS" in known else []
        self._cache: dict[str, _Parts] = {}

    def plainly_common(self, words: Sequence[str]) -> bool:
        """Whether a sentence has no capital letter a name could carry: none after its
        first word, and a first word that news text mostly writes in lower case.

        Such a sentence holds no entity in cased news (the training data has none), so
        the tagger can leave it out; that is about a fifth of a news article's sentences.
        """
        if any(word.lower() != word for word in words[1:]):
            return False
        first = words[0] if words else ""
        if first.lower() == first:
            return True
        entry = self._lexicon.get(first.lower(), ())
        return bool(entry) and entry[-1] in _MOSTLY_LOWER

    def sentence(self, words: Sequence[str]) -> list[list[str]]:
        """Features for every token of one sentence."""
        # Two empty parts pad each end, so neighbour lookups need no bounds checks; the
        # zip walks a five-word window (-2, -1, token, +1, +2) along the sentence.
        parts = [_EDGE, _EDGE, *[self._word_parts(word) for word in words], _EDGE, _EDGE]
        return [
            [*here[0], *before2[1], *before1[2], *after1[3], *after2[4], *extra]
            for before2, before1, here, after1, after2, extra in zip(
                parts, parts[1:], parts[2:], parts[3:], parts[4:], self._extras(words), strict=False
            )
        ]

    def _extras(self, words: Sequence[str]) -> list[list[str]]:
        """Features that depend on more than one word: the word pairs and the sentence
        boundaries (only those the model knows, when it is given)."""
        lowers = [word.lower() for word in words]
        paired = self._paired
        last = len(words) - 1
        out: list[list[str]] = []
        for i, lower in enumerate(lowers):
            feats: list[str] = []
            if i == 0:
                feats += self._bos
            elif paired is None or (lower in paired and lowers[i - 1] in paired):
                feats.append("L" + lowers[i - 1] + "|" + lower)
            if i == last:
                feats += self._eos
            elif paired is None or (lower in paired and lowers[i + 1] in paired):
                feats.append("R" + lower + "|" + lowers[i + 1])
            out.append(feats)
        return out

    def _word_parts(self, word: str) -> _Parts:
        parts = self._cache.get(word)
        if parts is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            parts = self._compute(word)
            if self._known is not None:
                parts = tuple(tuple(f for f in part if f in self._known) for part in parts)
            self._cache[word] = parts
        return parts

    def _compute(self, word: str) -> _Parts:
        lower = word.lower()
        shp = shape(word)
        entry = self._lexicon.get(lower, ())
        clusters = entry[:-1]
        case = entry[-1] if entry else "?"
        gaz = [name for name, words in GAZETTEERS if lower in words]
        own = [f"w={lower}", f"s={shp}", f"lc={case}", f"lcs={case}{shp[:2]}"]
        own += [f"p{k}={lower[:k]}" for k in (2, 3) if len(lower) > k]
        own += [f"x{k}={lower[-k:]}" for k in (2, 3, 4) if len(lower) > k]
        own += [f"c{k}={c}" for k, c in enumerate(clusters)]
        own += [f"g={g}" for g in gaz]
        own += [f"gs={g}{shp[:2]}" for g in gaz]
        if len(word) > 1 and word[0].isupper() and any(c.isupper() for c in word[1:]):
            own.append("mixcaps")
        parts: list[tuple[str, ...]] = [tuple(own)]
        for offset in _OFFSETS:
            tag = f"{offset:+d}"
            # Shape and case bucket as one attribute: crfsuite's cost is per attribute,
            # and the pair has few values (about 4 buckets x a dozen common shapes).
            near = [f"{tag}w={lower}", f"{tag}s={shp}", f"{tag}lc={case}"]
            near += [f"{tag}g={g}" for g in gaz]
            # The next words see the two coarser clusters; the words two away none: they
            # cost a fifth of the tagging time for a change within noise on dev.01.
            if abs(offset) == 1:
                near += [f"{tag}c{k}={c}" for k, c in enumerate(clusters[:2])]
            parts.append(tuple(near))
        return tuple(parts)
