"""Find the secondary sources an Indonesian article credits (docs/NOISE.md #22).

Stories rewritten from other outlets say so in the text: 'Sebagaimana dilansir dari
express', 'mengutip Reuters', 'seperti dikutip dari CNN', 'melansir Al Jazeera', 'menurut
laporan Bloomberg', 'Dikutip detikINET dari BBC'. The sentence stays in the body (it is
article text); the credit becomes ``Attribution(source, cue)``.

Source names go through the table in ``sources.toml`` ('express' -> 'Express', 'associated
press' -> 'AP'). A name not in the table is kept as written (title-cased when written all
in lower case) only when it looks like a name: capitalised words, a web address, or one
lower-case word standing alone before punctuation. Common words after a cue ('dari sumber
yang sama', 'mengutip keterangan tertulis') are not sources.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from warta.record import Attribution

__all__ = ["find_attributions", "merge_attributions", "normalise_source"]

# The cue as the record keeps it, then the forms that say it. 'Sebagaimana'/'seperti' in
# front and 'dari' behind are optional; the person-quoting 'mengutip' needs a media-like
# name (see _accept).
_CUES = re.compile(
    r"(?i)\b(?:(?:sebagaimana|seperti|yang)\s+)?(?P<cue>dilansir\s+dari|dilansir|melansir(?:\s+dari)?"
    r"|mengutip\s+laporan|mengutip\s+dari|mengutip|dikutip\s+dari|dikutip(?:\s+\w+){1,2}\s+dari"
    r"|menurut\s+laporan|diberitakan)\s+"
)
# A quick pre-test: no paragraph without one of these stems reaches _CUES.
# 'mengutip' is meng- + kutip with the k dropped, hence both stems.
TRIGGER = re.compile(r"(?i)lansir|kutip|ngutip|laporan|diberitakan")
_NAME_WORD = re.compile(r"[A-Z0-9][\w&'’.-]*|[a-z]+[A-Z][\w.-]*|[a-z][\w-]*(?:\.[a-z]{2,}){1,3}")
_CONNECTOR = frozenset({"of", "the", "de", "al", "for", "and", "&", "van", "von", "di"})
_DOMAIN = re.compile(r"(?i)^[a-z][\w-]*(?:\.[a-z]{2,}){1,3}$")
MAX_NAME_WORDS = 5
MIN_NAME_CHARS = 3
_PERSON_CUE = "mengutip"


@dataclass(frozen=True, slots=True)
class _Table:
    aliases: re.Pattern[str]
    canonical: dict[str, str]
    descriptors: re.Pattern[str]
    media_words: frozenset[str]
    non_names: frozenset[str]
    stop_words: frozenset[str]


@lru_cache(maxsize=1)
def _table() -> _Table:
    """The source table of ``sources.toml``, read and compiled once."""
    text = resources.files("warta.news").joinpath("sources.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    canonical: dict[str, str] = {}
    for name, aliases in data["sources"].items():
        for alias in [name, *aliases]:
            canonical.setdefault(alias.casefold(), name)
    ordered = sorted(canonical, key=len, reverse=True)
    alias_re = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in ordered)
    attribution = data["attribution"]
    descriptors = sorted(attribution["descriptors"], key=len, reverse=True)
    return _Table(
        aliases=re.compile(rf"(?i)(?:{alias_re})(?![\w-]|\.[a-z])"),
        canonical=canonical,
        descriptors=re.compile(rf"(?i)(?:(?:{'|'.join(re.escape(d) for d in descriptors)})\s+)+"),
        media_words=frozenset(attribution["media_words"]),
        non_names=frozenset(attribution["non_names"]),
        stop_words=frozenset(attribution["stop_words"]),
    )


def normalise_source(name: str) -> str | None:
    """The table's name for ``name``, or ``name`` tidied when it looks like a name."""
    table = _table()
    name = " ".join(name.split()).strip(" .,;:()\"“”'")
    if not name:
        return None
    known = table.canonical.get(name.casefold())
    if known is not None:
        return known
    if name.islower():
        if name.casefold() in table.non_names:
            return None
        return name if _DOMAIN.match(name) else name.title()
    return name


def find_attributions(text: str) -> list[Attribution]:
    """Every credited source in ``text``, in order, each source once."""
    if TRIGGER.search(text) is None:
        return []
    found: list[Attribution] = []
    for cue in _CUES.finditer(text):
        source = _source_at(text, cue.end(), _cue_name(cue["cue"]))
        if source is not None:
            found.append(Attribution(source=source, cue=_cue_name(cue["cue"])))
    return merge_attributions([], found)


def _cue_name(cue: str) -> str:
    """'Dikutip detikINET dari' -> 'dikutip dari': the cue without the citing outlet."""
    words = cue.casefold().split()
    if words[0] == "dikutip" and words[-1] == "dari":
        return "dikutip dari"
    return " ".join(words)


def _source_at(text: str, start: int, cue: str) -> str | None:
    """The source named at ``start``: a table name first, else a name-like run of words."""
    table = _table()
    described = table.descriptors.match(text, start)
    position = described.end() if described else start
    known = table.aliases.match(text, position)
    if known is not None:
        return table.canonical.get(" ".join(known[0].casefold().split()))
    words = _name_words(text, position)
    if not words:
        return None
    name = " ".join(words)
    after = text[position + len(name) : position + len(name) + 1]
    # A lone lower-case word needs punctuation (or the end) right after it: 'express,'.
    closed = after == "" or after in ",.;:)"
    if not _accept(words, cue, described=described is not None, closed=closed):
        return None
    return normalise_source(name)


def _name_words(text: str, position: int) -> list[str]:
    """Capitalised words (and connectors between them) from ``position``, up to a stop."""
    words: list[str] = []
    stop_words = _table().stop_words
    for raw in text[position : position + 120].split():
        word = raw.rstrip(',.;:)!?"”')
        ends = word != raw
        if word.casefold() in stop_words and word[:1].isupper():
            break
        if _NAME_WORD.fullmatch(word) or (words and word.casefold() in _CONNECTOR and not ends):
            words.append(word)
        elif not words and word.islower() and word.isalpha():
            # A lower-case word is a name only alone: 'dari express, Putin ...'.
            words.append(word)
            break
        else:
            break
        if ends or len(words) >= MAX_NAME_WORDS:
            break
    while words and words[-1].casefold() in _CONNECTOR:
        words.pop()
    return words


def _accept(words: list[str], cue: str, *, described: bool, closed: bool) -> bool:
    """Whether a name outside the table is credible as a source."""
    table = _table()
    name = " ".join(words)
    if name.islower():
        return (
            len(words) == 1
            and name not in table.non_names
            and name not in table.stop_words
            and (closed or _DOMAIN.match(name) is not None)
            and len(name) >= MIN_NAME_CHARS
        )
    if words[0].casefold() in table.non_names or words[0].casefold() in table.stop_words:
        return False
    if cue != _PERSON_CUE or described:
        return True
    lowered = {w.casefold().strip(".") for w in words}
    return bool(lowered & table.media_words) or _DOMAIN.match(name) is not None


def merge_attributions(
    existing: Iterable[Attribution], new: Iterable[Attribution]
) -> list[Attribution]:
    """``existing`` then the ``new`` ones whose source is not there yet (case-insensitive)."""
    out = list(existing)
    seen = {a.source.casefold() for a in out}
    for attribution in new:
        key = attribution.source.casefold()
        if key not in seen:
            seen.add(key)
            out.append(attribution)
    return out
