"""Split Indonesian news text into tokens with character offsets.

The tokens follow the conventions of the NER corpora the tagger is trained on (NER UI,
NER UGM, NERGrit), so that what the tagger sees at run time looks like its training data:

- punctuation and quotes are tokens of their own;
- a hyphen between two words is its own token (``Rusia-China`` -> ``Rusia``, ``-``,
  ``China``; the corpora write ``Saint - Germain``), but ``ke-80`` and ``90-an`` stay whole;
- numbers keep their separators (``15/9/2022``, ``14.30``) and the currency prefix
  (``Rp2,06``);
- initials and known abbreviations keep their full stop (``H.``, ``Dr.``, ``Jl.``, ``Tbk.``);
- enclitics stay attached (``Jokowi-nya`` is rare; ``rumahnya`` is one word anyway).
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["ABBREVIATIONS", "Token", "tokenize"]


class Token(NamedTuple):
    """One token: its text and its ``[start, end)`` character offsets in the source."""

    text: str
    start: int
    end: int


# Abbreviations that keep their full stop; lower-cased, without the stop. Facts of
# Indonesian usage (titles, address words, company forms), written for this project.
_ABBREVIATION_TEXT = """
    a.n alm bpk bu dr dra drs drg dkk dll dsb dst h hj ir jl jln kab kec kel kh kol
    letjen mayjen brigjen jend kapt komjen irjen brigjen kombes akbp kompol iptu ipda
    no nomor prof pt tbk sdr sdri st tn ny nn yth skm sh se mm msi mba mph phd
    inc co ltd corp bros mr mrs ms jr sr vs
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())

_TOKEN_RE = re.compile(
    r"""
    (?P<url>https?://\S+|www\.\S+\.\w+\S*)
    | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<money>(?:Rp|US\$|\$)\.?\d+(?:[.,]\d+)*)
    | (?P<num>\d+(?:[.,/:]\d+)*(?:-an|%)?)
    | (?P<ord>[Kk]e-\d+)
    | (?P<word>\w+(?:['’]\w+)*)
    | (?P<ellipsis>\.{2,}|…)
    | (?P<punct>\S)
    """,
    re.VERBOSE,
)


def _is_abbreviation(word: str, text: str, end: int) -> bool:
    """Whether the ``.`` right after ``word`` belongs to it (an initial or known form)."""
    if end >= len(text) or text[end] != ".":
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial such as "H." or "M."
    return word.lower() in ABBREVIATIONS


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text`` with offsets such that ``text[start:end] == token``."""
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        kind = match.lastgroup
        if kind == "url":
            # A URL swallows trailing punctuation of the sentence; give it back.
            while end > start + 1 and text[end - 1] in ".,;:!?)\"'”’":
                end -= 1
            tokens.append(Token(text[start:end], start, end))
            tokens.extend(_tokenize_span(text, end, match.end()))
            continue
        if kind == "word" and _is_abbreviation(match.group(), text, end):
            end += 1
        tokens.append(Token(text[start:end], start, end))
    return _merge_abbreviation_stops(tokens)


def _tokenize_span(text: str, start: int, end: int) -> list[Token]:
    """Tokens of ``text[start:end]``, offsets relative to the whole ``text``."""
    return [Token(t.text, t.start + start, t.end + start) for t in tokenize(text[start:end])]


def _merge_abbreviation_stops(tokens: list[Token]) -> list[Token]:
    """Drop the separate ``.`` token the regex produced after an abbreviation we extended.

    ``_TOKEN_RE`` matches the word first; when ``tokenize`` extends it over the stop, the
    next match still starts at the stop, so it is skipped here by offset.
    """
    out: list[Token] = []
    for token in tokens:
        if out and token.start < out[-1].end:
            continue
        out.append(token)
    return out
