"""Keywords of an article: TF-IDF over Sastrawi stems, with named entities as single terms.

Words are lower-cased, stop words dropped and the rest stemmed (``pertandingan`` and
``bertanding`` are one term, ``tanding``). Each stem is weighted by its count times its IDF,
read from ``models/idf.tsv.gz`` (document frequencies of stems over the IndoSum articles,
Kurniawan and Louvan 2018, CC BY-SA 4.0, written by ``scripts/train_indosum.py``). Entity
mentions count as one term each (``Joko Widodo``, under its canonical name when linked), get
a boost, and their words are taken out of the word counts, so a name never shows up twice.
Each stem is shown as the word the text uses most for it.
"""

from __future__ import annotations

import functools
import gzip
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources

from warta.enrich.mentions import find_names
from warta.enrich.stem import Stemmer, load_stemmer, stopwords
from warta.record import Entity

__all__ = ["IDF_MIN_DF", "IdfTable", "keywords", "load_idf", "word_tokens"]

# Stems in fewer documents than this are left out of the shipped table: they are mostly
# typos and one-off names, and an unknown stem is scored as if it had this frequency anyway.
IDF_MIN_DF = 3
# An entity is worth this many occurrences of a word of the same IDF: names are what
# readers search by, and an article names its subject fewer times than it repeats nouns.
ENTITY_BOOST = 1.5
_MIN_LENGTH = 3  # shorter words are particles and abbreviations ("yg", "di", "ke")

_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_SENTENCE_END = frozenset('.!?"“”:')


@dataclass(frozen=True, slots=True)
class IdfTable:
    """Document frequencies of stems over a corpus of ``documents`` articles."""

    documents: int
    df: dict[str, int] = field(default_factory=dict)
    # The IDF of every stem in ``df`` and of an unknown one, worked out once: an article
    # asks for a few hundred.
    _weights: dict[str, float] = field(init=False, repr=False, compare=False)
    _unknown: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        weights = {stem: self._smoothed(df) for stem, df in self.df.items()}
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_unknown", self._smoothed(IDF_MIN_DF - 1))

    def idf(self, stem: str) -> float:
        """Smoothed IDF; a stem missing from the table counts as a rare one."""
        return self._weights.get(stem, self._unknown)

    def _smoothed(self, df: int) -> float:
        return math.log((1 + self.documents) / (1 + df)) + 1.0


@functools.cache
def load_idf() -> IdfTable:
    """The shipped IDF table (read once): a ``# documents N`` line, then ``stem<TAB>df``."""
    path = resources.files("warta.enrich").joinpath("models/idf.tsv.gz")
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        header = fh.readline().split()
        df = {}
        for line in fh:
            stem, _, count = line.rstrip("\n").partition("\t")
            df[stem] = int(count)
    return IdfTable(int(header[-1]), df)


def word_tokens(text: str) -> Iterator[re.Match[str]]:
    """Candidate words of ``text`` (matches): letters and digits with inner hyphens, not
    numbers alone, not stop words, at least three characters."""
    stop = stopwords()
    for match in _TOKEN.finditer(text):
        word = match.group().lower()
        if len(word) >= _MIN_LENGTH and word not in stop and not _numeric(word):
            yield match


def stem_of(word: str, stemmer: Stemmer) -> str:
    """The stem of a lower-case word (:meth:`Stemmer.stem`, which keeps ``covid-19`` whole)."""
    return stemmer.stem(word)


def _numeric(word: str) -> bool:
    """Digits only, maybe hyphenated (``2022``, ``10-12``): not a keyword on its own."""
    return word.replace("-", "").isdigit()


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    return not before or before[-1] in _SENTENCE_END


def _word_uses(text: str, readings: _Readings) -> dict[str, list[tuple[str, int]]]:
    """Each candidate stem with the words (surface, offset) that stand for it, in order."""
    uses: dict[str, list[tuple[str, int]]] = {}
    known = readings.known
    for match in _TOKEN.finditer(text):
        surface = match.group()
        reading = known.get(surface, _UNSEEN)
        if reading is _UNSEEN:
            reading = readings.read(surface)
        if reading is None:
            continue
        start = match.start()
        if not isinstance(reading, str):
            # A capitalised word inside a sentence is a name: affix rules would only mangle
            # it, and skipping Sastrawi there saves most of its cost (new words are mostly
            # names, and an unknown word costs Sastrawi a few hundred microseconds).
            word = reading[0]
            reading = readings.plain(word) if _sentence_start(text, start) else word
            if reading is None:
                continue
        uses.setdefault(reading, []).append((surface, start))
    return uses


# What a surface stands for: None when it is no candidate (too short, a stop word, a
# number, or a stem that is), its stem when it is written in lower case, or for a
# capitalised word a 1-tuple of its lower-case form, since whether it is a name depends
# on where it stands.
_Reading = str | tuple[str] | None
_UNSEEN = ("",)
# Surfaces whose reading is remembered before the memory starts afresh: like the stem
# cache it only has to hold the vocabulary of the news being read now (about 200 bytes
# each, measured with tracemalloc over 1,500 IndoSum articles: ~20 MB at the bound).
_READINGS_LIMIT = 100_000


class _Readings:
    """What each surface stands for, remembered across articles: news repeats its words,
    and working a reading out (case, stop words, the stem) costs more than looking it up."""

    def __init__(self, stemmer: Stemmer, stop: frozenset[str]) -> None:
        self.known: dict[str, _Reading] = {}
        self._stemmer = stemmer
        self._stop = stop

    def read(self, surface: str) -> _Reading:
        """Work out and remember the reading of a surface met for the first time."""
        if len(self.known) >= _READINGS_LIMIT:
            self.known.clear()
        word = surface.lower()
        reading: _Reading
        if len(word) < _MIN_LENGTH or word in self._stop or _numeric(word):
            reading = None
        elif surface[0].isupper():
            reading = (word,)
        else:
            reading = self.plain(word)
        self.known[surface] = reading
        return reading

    def plain(self, word: str) -> str | None:
        """The stem of a word read as an ordinary word; None when it is no candidate."""
        stem = self._stemmer.stem(word)
        return stem if len(stem) >= _MIN_LENGTH and stem not in self._stop else None


@functools.cache
def _load_readings() -> _Readings:
    """The process's reading memory, over the shared stemmer (built on first use)."""
    return _Readings(load_stemmer(), stopwords())


def _surface(text: str, uses: list[tuple[str, int]]) -> str:
    """How to show a stem: its most used word, in lower case unless the text never writes
    it in lower case but capitalises it mid-sentence (a name the tagger missed)."""
    lower = Counter(surface.lower() for surface, _ in uses)
    word = min(lower, key=lambda w: (-lower[w], w))
    if any(surface.islower() for surface, _ in uses):
        return word
    cased = Counter(s for s, start in uses if not _sentence_start(text, start))
    return min(cased, key=lambda w: (-cased[w], w)) if cased else word


@dataclass(slots=True)
class _Named:
    """One entity: its display name and the surfaces it was written as, with counts."""

    name: str
    canonical: bool
    surfaces: dict[str, int] = field(default_factory=dict)


def _group_entities(entities: Sequence[Entity]) -> list[_Named]:
    """Mentions grouped by canonical name (else by their text, case-insensitively)."""
    groups: dict[str, _Named] = {}
    for ent in entities:
        surface = ent.text.strip()
        if len(surface) < 2 or _numeric(surface):
            continue
        name = (ent.canonical or surface).strip()
        key = name.casefold()
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Named(name, False)
        group.canonical = group.canonical or bool(ent.canonical)
        group.surfaces[surface] = group.surfaces.get(surface, 0) + 1
    for group in groups.values():
        if not group.canonical:  # show the way the text writes it most often
            group.name = min(group.surfaces, key=lambda s: (-group.surfaces[s], s))
    return list(groups.values())


# (-score, first offset, kind, key): kind 0 is an entity keyed by its display name, kind 1
# a word keyed by its stem. Sorting on the whole tuple makes the order deterministic.
_Scored = tuple[float, int, int, str]
_ENTITY, _WORD_KIND = 0, 1


def _entity_scores(text: str, groups: list[_Named], idf: IdfTable) -> tuple[list[_Scored], str]:
    """Scored entities (see ``_Scored``), and the text with their mentions blanked out
    (same length, so offsets still hold) so that their words are not counted again as
    plain words."""
    occurrences = find_names(text, (s for g in groups for s in g.surfaces))
    found = Counter(name for name, _, _ in occurrences)
    first: dict[str, int] = {}
    for name, start, _ in occurrences:  # each name's occurrences come in text order
        first.setdefault(name, start)
    spans = [(start, end) for _, start, end in occurrences]
    scored = []
    for group in groups:
        # The tagger may miss later mentions, and a gazetteer may list a name once.
        count = max(sum(group.surfaces.values()), sum(found[s] for s in group.surfaces))
        # Names are looked up unstemmed (see _word_uses).
        stems = [m.group().lower() for m in word_tokens(group.name)]
        weight = sum(map(idf.idf, stems)) / len(stems) if stems else idf.idf("")
        start = min((first[s] for s in group.surfaces if s in first), default=len(text))
        scored.append((-(count * weight * ENTITY_BOOST), start, _ENTITY, group.name))
    return scored, _blanked(text, spans)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the spans replaced by spaces (same length, so offsets still hold).

    The spans do not overlap (:func:`find_names` gives each character to one name).
    """
    pieces: list[str] = []
    done = 0
    for start, end in sorted(spans):
        pieces += (text[done:start], " " * (end - start))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def keywords(text: str, entities: Sequence[Entity] = (), k: int = 10) -> list[str]:
    """The ``k`` most characteristic terms of ``text``, best first.

    ``entities`` are the article's entity mentions (any field); each distinct entity is one
    candidate, named by its canonical name when it has one. Words are stemmed with Sastrawi
    and shown in the form the text uses most. No duplicates (case-insensitive), no bare
    numbers, no word that is part of a chosen entity's name.
    """
    if k <= 0:
        return []
    idf = load_idf()
    named, rest = _entity_scores(text, _group_entities(entities), idf)
    uses = _word_uses(rest, _load_readings())
    # Scores are negated so that the tuples sort best first as they are, without a key.
    words = [(-len(u) * idf.idf(stem), u[0][1], _WORD_KIND, stem) for stem, u in uses.items()]
    chosen: list[str] = []
    seen: set[str] = set()
    for _, _, kind, key in sorted(named + words):
        # Names are shown as they are; a stem as the word the text uses for it.
        name = key if kind == _ENTITY else _surface(rest, uses[key])
        if name.casefold() in seen:
            continue
        chosen.append(name)
        seen.add(name.casefold())
        seen.update(w.casefold() for w in _TOKEN.findall(name))
        if len(chosen) == k:
            break
    return chosen
