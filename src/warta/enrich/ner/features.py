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

At tagging time (:meth:`FeatureExtractor.encoded`) the parts are kept as the UTF-8 bytes
crfsuite takes, filtered to the attributes the model knows, and shared between words:
handing crfsuite ``str`` costs it an encoding of every attribute of every token.
"""

from __future__ import annotations

import gzip
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import NamedTuple

from warta.enrich.ner.gazetteer import GAZETTEERS

__all__ = ["FeatureExtractor", "Lexicon", "load_lexicon", "shape"]

# A lexicon entry: cluster ids from coarse to fine, then the lower-case bucket.
Lexicon = Mapping[str, tuple[str, ...]]

# Offsets of the neighbours whose features a token sees (the usual window of CRF taggers;
# not tuned here).
_OFFSETS = (-2, -1, 1, 2)
# Bound on the per-extractor word caches: a news archive has an open vocabulary, and the
# cache only has to hold the words of the articles being tagged now.
_CACHE_LIMIT = 200_000
# The tagging-time cache holds about 610 bytes a word (measured with tracemalloc over
# 1,500 IndoSum articles, which have 44,000 distinct words): 100,000 words is ~60 MB.
_ENCODED_LIMIT = 100_000

# What a word contributes: its own features, then the features it gives the token two
# before it, one before, one after and two after (it is that token's -2, -1, +1, +2).
_Parts = tuple[tuple[str, ...], ...]
# Case buckets of the lexicon (scripts/train_ner.py) for words news text writes in lower
# case most (a) or much (b) of the time.
_MOSTLY_LOWER = frozenset({"a", "b"})
# The parts of a position outside the sentence.
_EDGE: _Parts = ((), (), (), (), ())
# The word pairs a word opens, by the lower-cased word that follows it: the bytes of its
# known right-pair attribute ("R" + word + "|" + next) and of the next word's known
# left-pair attribute ("L" + word + "|" + next), None where the model has no such pair.
_Pairs = dict[str, tuple[bytes | None, bytes | None]]


class _Encoded(NamedTuple):
    """What a word contributes at tagging time: its features and the ones it gives its
    neighbours (as in ``_Parts``, but crfsuite attributes: bytes, known to the model),
    and the word pairs it opens. A tuple, so the hot loop can read it by index."""

    own: tuple[bytes, ...]
    before2: tuple[bytes, ...]  # what it gives the token two before it
    before1: tuple[bytes, ...]
    after1: tuple[bytes, ...]
    after2: tuple[bytes, ...]
    lower: str
    pairs: _Pairs


_NO_PAIRS: _Pairs = {}
_EDGE_ENCODED = _Encoded((), (), (), (), (), "", _NO_PAIRS)


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
        # Tagging-time forms (see encoded()): one shared bytes object per known attribute,
        # the known word pairs by their first word, and the per-word cache.
        self._attributes = {f: f.encode() for f in known or ()}
        self._pairs = _known_pairs(self._attributes)
        self._encoded: dict[str, _Encoded] = {}

    def plainly_common(self, words: Sequence[str]) -> bool:
        """Whether a sentence has no capital letter a name could carry: none after its
        first word, and a first word that news text mostly writes in lower case.

        Such a sentence holds no entity in cased news (the training data has none), so
        the tagger can leave it out; that is about a fifth of a news article's sentences.
        """
        # lower() maps character by character (a final sigma changes either way), so the
        # joined words change exactly when one of them does: one call instead of many.
        rest = "".join(words[1:])
        if rest.lower() != rest:
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

    def encoded(self, words: Sequence[str]) -> list[list[bytes]]:
        """:meth:`sentence` as crfsuite attributes (UTF-8 bytes), without the attributes
        the model does not know, in the same order: the model scores them identically.

        Without ``known`` this is :meth:`sentence` encoded.
        """
        if self._known is None:
            return [[f.encode() for f in token] for token in self.sentence(words)]
        cache = self._encoded
        entries = [cache.get(word) or self._encode(word) for word in words]
        padded = [_EDGE_ENCODED, _EDGE_ENCODED, *entries, _EDGE_ENCODED, _EDGE_ENCODED]
        out = [
            # [*here.own, *b2.before2, *b1.before1, *a1.after1, *a2.after2], by index
            [*here[0], *b2[1], *b1[2], *a1[3], *a2[4]]
            for b2, b1, here, a1, a2 in zip(
                padded, padded[1:], padded[2:], padded[3:], padded[4:], strict=False
            )
        ]
        self._add_pairs(entries, out)
        return out

    def _add_pairs(self, entries: Sequence[_Encoded], out: list[list[bytes]]) -> None:
        """Append the boundary and word-pair attributes in :meth:`_extras`'s order: per
        token the left one (or BOS), then the right one (or EOS)."""
        if not out:
            return
        if self._bos:
            out[0].append(b"BOS")
        # One lookup per adjacent pair gives both attributes (most pairs have none).
        for row, next_row, here, after in zip(out, out[1:], entries, entries[1:], strict=False):
            pair = here.pairs.get(after.lower)
            if pair is not None:
                right, left = pair
                if right is not None:
                    row.append(right)
                if left is not None:
                    next_row.append(left)
        if self._eos:
            out[-1].append(b"EOS")

    def _encode(self, word: str) -> _Encoded:
        """Compute and remember a word's tagging-time form."""
        if len(self._encoded) >= _ENCODED_LIMIT:
            self._encoded.clear()
        attributes = self._attributes
        own, before2, before1, after1, after2 = (
            tuple(attributes[f] for f in part if f in attributes) for part in self._compute(word)
        )
        lower = word.lower()
        pairs = self._pairs.get(lower, _NO_PAIRS)
        entry = _Encoded(own, before2, before1, after1, after2, lower, pairs)
        self._encoded[word] = entry
        return entry

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


def _known_pairs(attributes: Mapping[str, bytes]) -> dict[str, _Pairs]:
    """The known word-pair attributes by their first word (see ``_Pairs``).

    A pair attribute is "L" or "R", the two lower-cased words and a "|" between them; a
    word may itself hold a "|", so every split is registered: a lookup by both words then
    finds exactly the attributes the model knows.
    """
    pairs: dict[str, _Pairs] = {}
    for name, encoded in attributes.items():
        side = {"R": 0, "L": 1}.get(name[:1])
        if side is None:
            continue
        body = name[1:]
        for cut in (i for i, char in enumerate(body) if char == "|"):
            first, second = body[:cut], body[cut + 1 :]
            found = list(pairs.setdefault(first, {}).get(second, (None, None)))
            found[side] = encoded
            pairs[first][second] = (found[0], found[1])
    return pairs
