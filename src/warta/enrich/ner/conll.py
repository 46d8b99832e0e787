"""Tag CoNLL-formatted tokens, so the tagger can be scored on any CoNLL data.

Input: one token per line (the first whitespace- or tab-separated column; any further
columns, such as a gold tag, are ignored) and blank lines between sentences. Output: one
``token<TAB>TAG`` line per token and the blank lines kept where they were.

Output tags use the NER UI label names, so the output scores directly against the NER UI
files: ``B-PERSON``/``I-PERSON``, ``B-ORGANIZATION``/``I-ORGANIZATION``,
``B-LOCATION``/``I-LOCATION``, ``B-EVENT``/``I-EVENT`` (events only come out of a model
trained with events; the shipped one is not) and ``O``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

__all__ = ["CONLL_LABELS", "tag_conll", "to_conll_label"]

# Tagger type -> NER UI label name.
CONLL_LABELS = {"PER": "PERSON", "ORG": "ORGANIZATION", "LOC": "LOCATION", "EVT": "EVENT"}


class _Tags(Protocol):
    def tag(self, tokens: list[str]) -> list[str]: ...


def to_conll_label(tag: str) -> str:
    """``B-PER`` -> ``B-PERSON``; ``O`` and unknown types pass through."""
    prefix, sep, kind = tag.partition("-")
    if not sep:
        return tag
    return f"{prefix}-{CONLL_LABELS.get(kind, kind)}"


def tag_conll(lines: Iterable[str], tagger: _Tags) -> Iterator[str]:
    """Yield ``token<TAB>TAG`` lines (no newline) for CoNLL ``lines``; ``""`` between sentences.

    Each blank input line gives one blank output line, so sentence breaks line up with the
    input; a final sentence without a trailing blank line is tagged all the same.
    """
    sentence: list[str] = []
    for line in lines:
        columns = line.split()
        if columns:
            sentence.append(columns[0])
            continue
        yield from _tagged(sentence, tagger)
        sentence = []
        yield ""
    yield from _tagged(sentence, tagger)


def _tagged(sentence: list[str], tagger: _Tags) -> Iterator[str]:
    if not sentence:
        return
    for token, tag in zip(sentence, tagger.tag(sentence), strict=True):
        yield f"{token}\t{to_conll_label(tag)}"
