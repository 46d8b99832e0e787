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

import bisect
import functools
import re
from typing import NamedTuple

__all__ = ["ABBREVIATIONS", "Columns", "Token", "columns", "tokenize"]


class Token(NamedTuple):
    """One token: its text and its ``[start, end)`` character offsets in the source."""

    text: str
    start: int
    end: int


# Token(...) goes through a generated Python __new__; tuple's own is the fast way.
_new_token = functools.partial(tuple.__new__, Token)

# Abbreviations that keep their full stop; lower-cased, without the stop. Facts of
# Indonesian usage (titles, address words, company forms), written for this project.
_ABBREVIATION_TEXT = """
    a.n alm bpk bu dr dra drs drg dkk dll dsb dst h hj ir jl jln kab kec kel kh kol
    letjen mayjen brigjen jend kapt komjen irjen brigjen kombes akbp kompol iptu ipda
    no nomor prof pt tbk sdr sdri st tn ny nn yth skm sh se mm msi mba mph phd
    inc co ltd corp bros mr mrs ms jr sr vs
"""
ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())

# Every token starts with a non-space: the lookahead lets the engine skip white space
# without trying each alternative there (a fifth of the tokenizer's regex time).
_TOKEN_PATTERN = r"""
    (?=\S)(?:
    (?P<url>https?://\S+|www\.\S+\.\w+\S*)
    | (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)
    | (?P<money>(?:Rp|US\$|\$)\.?\d+(?:[.,]\d+)*)
    | (?P<num>\d+(?:[.,/:]\d+)*(?:-an|%)?)
    | (?P<ord>[Kk]e-\d+)
    | (?P<word>\w+(?:['’]\w+)*)
    | (?P<ellipsis>\.{2,}|…)
    | (?P<punct>\S)
    )
"""
_EMAIL = r"| (?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
_TOKEN_RE = re.compile(_TOKEN_PATTERN, re.VERBOSE)
# The same without the e-mail alternative, for the texts with no "@" (most): it would
# scan every word for one.
_TOKEN_RE_NO_EMAIL = re.compile(_TOKEN_PATTERN.replace(_EMAIL, ""), re.VERBOSE)


def _is_abbreviation(word: str) -> bool:
    """Whether a word right before a ``.`` keeps it (an initial or a known form)."""
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial such as "H." or "M."
    return word.lower() in ABBREVIATIONS


class Columns(NamedTuple):
    """The tokens of a text as three parallel lists: texts, start and end offsets."""

    texts: list[str]
    starts: list[int]
    ends: list[int]


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text`` with offsets such that ``text[start:end] == token``."""
    return list(map(_new_token, zip(*columns(text), strict=True)))


def columns(text: str) -> Columns:
    """:func:`tokenize`'s tokens as :class:`Columns`, the form the tagger reads.

    The regex gives most tokens as they are; the few it cannot (a URL that swallowed
    the sentence's last punctuation, an abbreviation and its full stop) are mended after.
    Building the lists with ``map`` keeps the interpreter out of the per-token work,
    which is most of the tokenizer's cost on a news article.
    """
    pattern = _TOKEN_RE if "@" in text else _TOKEN_RE_NO_EMAIL
    spans = list(map(re.Match.span, pattern.finditer(text)))
    starts = [start for start, _ in spans]
    ends = [end for _, end in spans]
    found = Columns(list(map(text.__getitem__, map(slice, starts, ends))), starts, ends)
    # Only a URL token starts with one of the prefixes (the URL pattern is tried first,
    # so such a text never becomes a word), and there is none without these in the text.
    if "://" in text or "www." in text:
        for i in reversed(range(len(found.texts))):
            if found.texts[i].startswith(_URL_PREFIXES):
                _give_back_punctuation(text, found, i)
    _keep_abbreviation_stops(text, found)
    return found


_URL_PREFIXES = ("http://", "https://", "www.")
# Punctuation a URL swallows from the sentence around it ('... di https://x.id/a.').
_URL_TAIL = ".,;:!?)\"'”’"


def _give_back_punctuation(text: str, found: Columns, i: int) -> None:
    """Cut the sentence's punctuation off the end of URL token ``i``, as tokens of its own."""
    start, end = found.starts[i], found.ends[i]
    cut = end
    while cut > start + 1 and text[cut - 1] in _URL_TAIL:
        cut -= 1
    if cut == end:
        return
    found.texts[i], found.ends[i] = text[start:cut], cut
    tail = columns(text[cut:end])
    found.texts[i + 1 : i + 1] = tail.texts
    found.starts[i + 1 : i + 1] = [offset + cut for offset in tail.starts]
    found.ends[i + 1 : i + 1] = [offset + cut for offset in tail.ends]


def _keep_abbreviation_stops(text: str, found: Columns) -> None:
    """Give each initial or known abbreviation the full stop right after it.

    The stop (or an ellipsis starting there) was matched as the next token; it goes, as
    whatever else starts before the abbreviation's new end (nothing else can). Only a
    word can be an abbreviation: no other kind of token is made of letters alone.
    """
    texts, starts, ends = found
    stops: list[int] = []  # token indices, in text order
    dot = text.find(".")
    while dot >= 0:
        i = bisect.bisect_left(ends, dot)
        if i < len(ends) and ends[i] == dot and _is_abbreviation(texts[i]):
            stops.append(i)
        dot = text.find(".", dot + 1)
    for i in reversed(stops):  # from the end, so that deleting keeps earlier indices
        ends[i] += 1
        texts[i] = text[starts[i] : ends[i]]
        following = i + 1
        while following < len(starts) and starts[following] < ends[i]:
            del texts[following], starts[following], ends[following]
