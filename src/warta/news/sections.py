"""Section normalisation: an outlet's own section label or address to one shared section.

Outlets name their sections in their own words ('Berita Internasional Terkini', 'Dunia',
'World', 'Bola', 'Money', 'Seleb') and put them in their addresses (``bola.kompas.com``,
``/internasional/read/...``). :func:`normalise_section` maps both to one of the sections of
:data:`SECTIONS` (Internasional, Nasional, Ekonomi, Olahraga, ...), so a reader can list
'Berita Internasional Terkini' across outlets. The keywords are data, in
``data/sections.toml``, which also explains the rules.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit

__all__ = ["SectionMap", "normalise_section", "section_map", "section_order"]

_NOT_WORD = re.compile(r"[^\w]+|_")
_DIGIT = re.compile(r"\d")
# Host labels that never name a section.
_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "en", "id", "beta"})
# Second-level labels under a country code (kompas.co.id, bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "ac", "or", "go", "net", "com", "web", "my", "sch", "org"})
# Address folders are considered only while short: a longer one is an article's slug.
_MAX_SEGMENT_WORDS = 2
_MAX_SEGMENTS = 3


def _words(text: str) -> tuple[str, ...]:
    """Lower-case words of ``text``: 'Sains & Teknologi' -> ('sains', 'teknologi')."""
    return tuple(w for w in _NOT_WORD.split(text.lower()) if w)


@dataclass(frozen=True, slots=True)
class SectionMap:
    """The keyword tables of ``sections.toml``: phrase -> rank of its section."""

    order: tuple[str, ...]
    fallback: str
    names: tuple[str, ...]  # the sections in matching priority (file order)
    labels: dict[tuple[str, ...], int]
    paths: dict[tuple[str, ...], int]
    longest: int

    def match(self, words: tuple[str, ...], *, address: bool = False) -> str | None:
        """The section a label's (or address segment's) words name, or None.

        The longest matching phrase wins, then the section listed first.
        """
        table = self.paths if address else self.labels
        best: tuple[int, int] | None = None
        for size in range(min(self.longest, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                rank = table.get(words[start : start + size])
                if rank is not None and (best is None or (-size, rank) < best):
                    best = (-size, rank)
            if best is not None:
                return self.names[best[1]]
        return None

    def from_label(self, label: str) -> str | None:
        """The section of a label; a breadcrumb ('News > Dunia') is read from its end."""
        for part in reversed(re.split(r"[>/|»›:]", label)):
            found = self.match(_words(part))
            if found is not None:
                return found
        return None

    def from_url(self, url: str) -> str | None:
        """The section an address names in its folders or sub-domain.

        Of several, the section listed first in the file wins, so a specific folder beats
        a generic one (``/news/world/`` is Internasional, not Nasional).
        """
        try:
            parts = urlsplit(url if "//" in url else "//" + url)
            host = parts.hostname or ""
        except ValueError:
            return None
        found = [self.match(s, address=True) for s in _path_segments(parts.path)]
        found += [self.match(s, address=True) for s in _subdomains(host)]
        named = [self.names.index(f) for f in found if f is not None]
        return self.names[min(named)] if named else None


def _path_segments(path: str) -> list[tuple[str, ...]]:
    """The first folders of a path that can be section names (short, without digits)."""
    out: list[tuple[str, ...]] = []
    for segment in [s for s in path.split("/") if s][:_MAX_SEGMENTS]:
        words = _words(segment)
        if words and len(words) <= _MAX_SEGMENT_WORDS and not _DIGIT.search(segment):
            out.append(words)
    return out


def _subdomains(host: str) -> list[tuple[str, ...]]:
    """The labels of ``host`` left of its registered domain (``bola`` of bola.kompas.com)."""
    labels = host.lower().split(".")
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return [_words(x) for x in labels[:-keep] if x not in _HOST_NOISE and _words(x)]


def _table(
    sections: list[tuple[str, list[str], list[str]]], address: bool
) -> dict[tuple[str, ...], int]:
    """Phrase -> rank (index in file order) for labels, or for address segments."""
    table: dict[tuple[str, ...], int] = {}
    for rank, (_, labels, paths) in enumerate(sections):
        for phrase in [*labels, *paths] if address else labels:
            table.setdefault(_words(phrase), rank)
    return table


@functools.cache
def section_map() -> SectionMap:
    """The keyword tables, read once from ``data/sections.toml``."""
    text = resources.files("warta.news").joinpath("data/sections.toml").read_text("utf-8")
    data = tomllib.loads(text)
    sections = [
        (
            str(s["name"]),
            [str(w) for w in s.get("labels", [])],
            [str(w) for w in s.get("paths", [])],
        )
        for s in data["section"]
    ]
    labels = _table(sections, address=False)
    # An address segment matches the label words too, plus its own address-only words.
    paths = _table(sections, address=True)
    return SectionMap(
        order=tuple(data["order"]),
        fallback=str(data["fallback"]),
        names=tuple(name for name, _, _ in sections),
        labels=labels,
        paths=paths,
        longest=max(len(p) for p in [*labels, *paths]),
    )


def section_order() -> tuple[str, ...]:
    """Every normalised section, in the front page's fixed order (``Lainnya`` last)."""
    return section_map().order


def normalise_section(label: str | None, url: str | None = None) -> str | None:
    """The normalised section of an article from its site's section ``label`` and its ``url``.

    The label decides when it names a known section; else the address's folders, then its
    sub-domain. With a label or address that names nothing known the answer is
    ``Lainnya``; with neither (both empty) it is None.
    """
    table = section_map()
    if label and label.strip():
        found = table.from_label(label)
        if found is not None:
            return found
    if url:
        found = table.from_url(url)
        if found is not None:
            return found
    if (label and label.strip()) or url:
        return table.fallback
    return None
