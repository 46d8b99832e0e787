"""Canonical names and Wikidata identifiers for named entities.

The shipped table (``data/entities.tsv``, described in ``data/README.md``) maps surface
forms — Indonesian exonyms, acronyms, older names — to one row per entity: its Wikidata id
(empty when it could not be verified), its canonical English name, its type and its kind.

- :func:`load_table` reads it once per process (cached); :func:`shipped_rows` gives its
  rows alone, for a reader that needs no lookup indexes (the news layer's place names).
- :meth:`EntityTable.lookup` resolves one surface ("Tiongkok", "AS", "Kota Bandung").
- :func:`link` fills ``canonical`` and ``id`` of tagged entities in place, linking a
  person's short mentions ("Putin", "Presiden Xi") to the full name in the same article.
- :func:`find_known` finds mentions of well-known entries directly in text.

Homonyms: a name shared by several rows resolves to the most prominent kind (country,
capital, province, organisations, city, regency), unless a prefix picks one: "Kabupaten
Bandung" is the regency, "Kota Bandung" and plain "Bandung" the city, "Jambi" the province
and "Kota Jambi" the city.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from warta.enrich.canonical_norm import (
    clean,
    display_name,
    lookup_key,
    name_tokens,
    strip_prefixes,
)
from warta.enrich.canonical_scan import ONE_WORD_PERSON_KINDS, SCAN_KINDS, Scanner
from warta.record import Entity

__all__ = [
    "EntityTable",
    "Known",
    "find_known",
    "link",
    "load_table",
    "shipped_rows",
    "split_appositions",
]

log = logging.getLogger(__name__)

TYPES = frozenset({"person", "place", "organization", "event"})
# Which row wins a shared name when nothing else decides (lower first).
_KIND_RANK = {
    "country": 0,
    "capital": 1,
    "territory": 2,
    "constituent-country": 2,
    "province": 3,
    "international-organization": 4,
    "institution": 5,
    "ministry": 5,
    "party": 5,
    "city": 7,
    "regency": 8,
}
_DEFAULT_RANK = 6
# A tagger that calls a country an organisation ("AS menjatuhkan sanksi") still means the
# country, so lookups may cross between these two types, never to or from persons.
_CROSSABLE = ("place", "organization")


@dataclass(slots=True, frozen=True)
class Known:
    """One row of the table."""

    id: str | None
    canonical: str
    type: str
    kind: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.canonical, *self.aliases)


# Distinct lookups remembered per table before the memory starts afresh (~200 bytes each).
_ANSWERS_LIMIT = 100_000


class EntityTable:
    """The entity table with its lookup indexes (exact for acronyms, folded otherwise)."""

    def __init__(self, rows: Iterable[Known]) -> None:
        self.rows: tuple[Known, ...] = tuple(rows)
        self._exact: dict[str, list[int]] = {}
        self._folded: dict[str, list[int]] = {}
        for index, row in enumerate(self.rows):
            for name in row.names:  # names in the table are stored clean (a test checks)
                exact, key = lookup_key(name)
                bucket = (self._exact if exact else self._folded).setdefault(key, [])
                if index not in bucket:
                    bucket.append(index)
        for buckets in (self._exact, self._folded):
            for bucket in buckets.values():
                if len(bucket) > 1:
                    bucket.sort(key=lambda i: _KIND_RANK.get(self.rows[i].kind, _DEFAULT_RANK))
        self._scanner = Scanner(self._scannable())
        self._scan_rows = [(r.type, r.canonical, r.id) for r in self.rows]
        # Answers to lookups already made: news repeats its names across articles, and
        # the table never changes once built. Bounded like the stemmer's cache.
        self._answers: dict[tuple[str, str | None], Known | None] = {}

    @classmethod
    def from_tsv(cls, path: Path | str) -> EntityTable:
        """Read a table in the shipped TSV format (header row, five columns)."""
        return cls(_parse_tsv(Path(path).read_text(encoding="utf-8")))

    def __len__(self) -> int:
        return len(self.rows)

    def lookup(self, surface: str, type: str | None = None) -> Known | None:
        """The row a surface names, or None.

        Names of four letters or more ignore case and diacritics; shorter ones (acronyms)
        must match exactly. When the whole surface is unknown, leading place prefixes
        (Kota, Kabupaten, Provinsi, Negara) and person titles (Presiden, PM, Menteri,
        Gubernur, Pak, Bu, ...) are dropped and the rest is looked up.
        """
        key = (surface, type)
        if key in self._answers:
            return self._answers[key]
        answer = self._lookup(surface, type)
        if len(self._answers) >= _ANSWERS_LIMIT:
            self._answers.clear()
        self._answers[key] = answer
        return answer

    def _lookup(self, surface: str, type: str | None) -> Known | None:
        text = clean(surface)
        if not text:
            return None
        found = self._pick(self._candidates(text), type, None)
        if found is not None:
            return found
        rest, preferred = strip_prefixes(text, places=type != "person", persons=type != "place")
        if rest == text:
            return None
        return self._pick(self._candidates(rest), type, preferred)

    def _candidates(self, text: str) -> list[int]:
        exact, key = lookup_key(text)
        return (self._exact if exact else self._folded).get(key, [])

    def _pick(self, candidates: list[int], type: str | None, kind: str | None) -> Known | None:
        rows = [self.rows[i] for i in candidates if type is None or self.rows[i].type == type]
        if not rows:
            return None
        for row in rows:
            if row.kind == kind:
                return row
        return rows[0]

    def _scannable(self) -> Iterable[tuple[int, str]]:
        """(row index, name) pairs the gazetteer scan looks for."""
        for index, row in enumerate(self.rows):
            if row.type == "person":
                one_word_ok = row.kind in ONE_WORD_PERSON_KINDS
                for name in row.names:
                    if len(name.split()) >= 2 or one_word_ok:
                        yield index, name
            elif row.kind in SCAN_KINDS:
                for name in row.names:
                    yield index, name

    def scan(self, text: str) -> list[Entity]:
        """Gazetteer matches in ``text`` (see :func:`find_known`)."""
        return self._scanner.scan(text, self._scan_rows)


def _parse_tsv(text: str) -> list[Known]:
    rows: list[Known] = []
    lines = text.splitlines()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 5:
            raise ValueError(f"entities table line {number}: expected 5 columns, got {len(parts)}")
        qid, canonical, typ, kind, aliases = parts
        if typ not in TYPES:
            raise ValueError(f"entities table line {number}: unknown type {typ!r}")
        names = tuple(a for a in aliases.split("|") if a)
        rows.append(Known(qid or None, canonical, typ, kind, names))
    return rows


@functools.cache
def shipped_rows() -> tuple[Known, ...]:
    """The rows of the shipped table, read once per process."""
    data = resources.files("warta.enrich").joinpath("data", "entities.tsv")
    return tuple(_parse_tsv(data.read_text(encoding="utf-8")))


@functools.cache
def load_table() -> EntityTable:
    """The shipped entity table, read once per process."""
    table = EntityTable(shipped_rows())
    log.debug("entity table: %d rows", len(table))
    return table


def find_known(text: str, table: EntityTable) -> list[Entity]:
    """Mentions of well-known table entries in ``text``, in text order, not overlapping.

    High precision by design: only countries, national capitals, provinces, international
    organisations, Indonesian institutions, ministries and parties, and full names of
    listed persons are looked for; see :mod:`warta.enrich.canonical_scan` for the rules.
    """
    return table.scan(text)


# A person span may start with a known institution or place only when at least this many
# words follow it: 'Kremlin Yuri Ushakov' is the Kremlin's Yuri Ushakov, while 'Paris
# Hilton' (one word after a capital's name) stays a person.
_APPOSED_NAME_WORDS = 2


def split_appositions(entities: list[Entity], table: EntityTable) -> list[Entity]:
    """Split person spans that begin with a known organisation or place.

    Taggers often run an institution into the name that follows it ('juru bicara Kremlin
    Yuri Ushakov' read as one person); the table knows the first part is the Kremlin.
    """
    out: list[Entity] = []
    for entity in entities:
        out += _split_one(entity, table) if entity.type == "person" else [entity]
    return out


def _split_one(entity: Entity, table: EntityTable) -> list[Entity]:
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", entity.text)]
    for cut in range(len(words) - _APPOSED_NAME_WORDS, 0, -1):
        head = entity.text[: words[cut - 1][1]]
        known = table.lookup(head)
        if known is None or known.type == "person":
            continue
        offset = entity.start or 0
        tail = words[cut][0]
        first = Entity(head, known.type, start=offset, end=offset + len(head), field=entity.field)
        rest = Entity(
            entity.text[tail:], "person", start=offset + tail, end=entity.end, field=entity.field
        )
        return [first, rest]
    return [entity]


def link(entities: list[Entity], table: EntityTable) -> None:
    """Fill ``canonical`` and ``id`` of ``entities`` (one article's mentions) in place.

    - A table hit gives the row's canonical name and id.
    - A person's short mention (one or two words once titles are dropped: "Putin",
      "Presiden Xi", "Ushakov") takes the canonical name and id of the one longer person
      name in the same article that contains those words in order ("Vladimir Putin").
      A short mention typed otherwise that links so becomes a person: taggers often
      read a lone surname as a place.
      When two different longer names contain them ("Widodo" with both "Joko Widodo"
      and "Anton Widodo"), the mention is ambiguous and is not linked.
    - Anything else gets its own text as canonical (see ``display_name``) and no id.
    """
    # An article repeats its names ('Rusia' ten times): look each (text, type) up once.
    lookups: dict[tuple[str, str], Known | None] = {}
    hits: list[Known | None] = []
    for entity in entities:
        key = (entity.text, entity.type)
        if key not in lookups:
            lookups[key] = _lookup_entity(entity, table)
        hits.append(lookups[key])
    full_names = _full_person_names(entities, hits)
    links: dict[str, tuple[str, str | None] | None] = {}
    for entity, hit in zip(entities, hits, strict=True):
        if hit is not None:
            entity.canonical, entity.id = hit.canonical, hit.id
            continue
        name = _bare_person_name(entity.text) if entity.type == "person" else entity.text
        if name not in links:
            links[name] = _link_short(name, full_names)
        linked = links[name]
        if linked is not None:
            # A surname the tagger typed as a place or organisation ('Putin' after
            # 'Vladimir Putin') is the person the article already named.
            entity.type = "person"
            entity.canonical, entity.id = linked
        else:
            entity.canonical, entity.id = display_name(name), None


def _lookup_entity(entity: Entity, table: EntityTable) -> Known | None:
    hit = table.lookup(entity.text, type=entity.type)
    if hit is None and entity.type in _CROSSABLE:
        other = _CROSSABLE[1 - _CROSSABLE.index(entity.type)]
        hit = table.lookup(entity.text, type=other)
    return hit


def _bare_person_name(text: str) -> str:
    return strip_prefixes(clean(text), places=False)[0]


_FullName = tuple[tuple[str, ...], str, str | None]


def _full_person_names(entities: Sequence[Entity], hits: Sequence[Known | None]) -> list[_FullName]:
    """Token sequences of the article's person names a short mention may link to."""
    names: list[_FullName] = []
    seen: set[str] = set()
    for entity, hit in zip(entities, hits, strict=True):
        if entity.type != "person" or entity.text in seen:
            continue
        seen.add(entity.text)
        bare = _bare_person_name(entity.text)
        canonical = hit.canonical if hit is not None else display_name(bare)
        qid = hit.id if hit is not None else None
        for variant in {bare, canonical}:
            tokens = name_tokens(variant)
            if len(tokens) >= 2:
                names.append((tokens, canonical, qid))
    return names


def _link_short(name: str, full_names: Sequence[_FullName]) -> tuple[str, str | None] | None:
    """The one full name a short mention belongs to, or None (unknown or ambiguous)."""
    tokens = name_tokens(name)
    if not 1 <= len(tokens) <= 2:
        return None
    matches: dict[str, str | None] = {}
    for full, canonical, qid in full_names:
        if len(full) > len(tokens) and _contains(full, tokens):
            matches[canonical] = qid
    if len(matches) != 1:
        return None
    canonical, qid = next(iter(matches.items()))
    return canonical, qid


def _contains(full: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """True when ``part`` occurs in ``full`` as a run of consecutive tokens."""
    n = len(part)
    return any(full[k : k + n] == part for k in range(len(full) - n + 1))
