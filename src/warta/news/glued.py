"""Paragraphs that a scraper glued together, split again (NOISE.md #19).

A scraper that joins the text of consecutive ``<p>`` elements with nothing between them
leaves ``…secara ilegal.Sebab, perusahaan…``: a sentence end touching a capital with no
space. In one Tribun-network scrape 1,834 of 2,203 texts had this. Such a point is a
paragraph break, except where a dot sits inside a token that legitimately has no space
after it:

- addresses and domain names: ``TRIBUNNEWS.COM``, ``Kompas.com``, ``Detik.Com``,
  ``https://…``, ``nama@surel.id`` (the word before has a slash or an at sign, or the word
  after is a domain label);
- initials: ``A.S.``, ``J.K.Rowling`` (one letter before the dot);
- abbreviations that stand before a name: ``Dr.Ahmad``, ``Jl.Sudirman``, ``PT.Freeport``
  (the list is data: ``glued.toml``);
- decimals and times (``14.30``) never match, since a capital must follow.

The scan is one regex pass with a bounded look back at each candidate, so its cost grows
linearly with the text.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

__all__ = ["split_glued"]

# A sentence end ('.', '?', '!', runs of them, or an ellipsis), an optional closing quote
# or bracket, an optional opening quote, then a word of at least two letters.
_BREAK = re.compile(r"([.!?]+|…)([\"”’)\]]?)([\"“‘]?)(?=[^\W\d_]{2})")
_WORD = re.compile(r"[^\W\d_]+")
# A word that is an address: a scheme, 'www.', an at sign, a domain before a path
# ('kompas.com/read'), or a slash between letters ('/berita/x'). A slash between digits is
# a date ('Senin (15/2).Menurut'), which may well end a sentence.
_ADDRESS = re.compile(r"://|www\.|@|\.[a-z]{2,}/|[^\W\d_]/|/[^\W\d_]", re.IGNORECASE)
_OPENERS = "\"“‘'([«"
# How far back to look for the word before a candidate break: longer words are URLs or
# noise, and a bound keeps a text with no spaces from costing O(n^2).
_LOOK_BACK = 40
# Characters that may stand right before the sentence end: a letter or digit, or the
# closing quote or bracket of a quotation that ends the sentence ('terkasih".Dan').
_CLOSERS = '"”’)]'


@lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str]]:
    """(abbreviations that stand before names, domain labels) from ``glued.toml``."""
    raw = resources.files("warta.news").joinpath("glued.toml").read_text(encoding="utf-8")
    table = tomllib.loads(raw)["glued"]
    return frozenset(table["name_abbreviations"]), frozenset(table["domain_labels"])


def split_glued(text: str) -> list[str]:
    """``text`` cut at every glued paragraph break; ``[text]`` when there is none.

    The pieces are stripped; an empty text gives an empty list.
    """
    pieces: list[str] = []
    start = quotes = counted = 0
    for m in _BREAK.finditer(text):
        quotes += text.count('"', counted, m.start())
        counted = m.start()
        cut = _cut_at(text, m, quotes)
        if cut is not None:
            pieces.append(text[start:cut])
            start = cut
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _cut_at(text: str, m: re.Match[str], quotes_before: int) -> int | None:
    """Where to cut for the candidate ``m``, or None when it is no paragraph break."""
    after = m.end()
    if not (text[after].isupper() and text[after + 1].islower()):
        return None
    if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] in _CLOSERS):
        return None
    if not _breakable(text, m.start(), after):
        return None
    close, opener = m.group(2), m.group(3)
    if close == '"' and quotes_before % 2 == 0:
        # An even count of straight quotes before it: this one opens the next paragraph's
        # quotation ('ilegal."Kami…'), so the cut goes before it.
        return m.start(2)
    if opener:
        return m.start(3)
    return m.end(2)


def _breakable(text: str, end: int, after: int) -> bool:
    """Whether the word before ``end`` and the word at ``after`` allow a break there."""
    before = text[max(0, end - _LOOK_BACK) : end]
    word = before.rsplit(None, 1)[-1] if before.strip() else ""
    if len(before) == _LOOK_BACK and word == before:
        return False  # one token longer than the look back: an address or noise
    if _ADDRESS.search(word) is not None:
        return False
    abbreviations, domains = _words()
    following = _WORD.match(text, after)
    if following is not None and following.group().lower() in domains:
        return False
    segment = word.lstrip(_OPENERS).rsplit(".", 1)[-1]
    if segment.isalpha() and (len(segment) == 1 or segment.lower() in abbreviations):
        return False
    # A lone digit opening the text is a list number ('1.Pertama'), not a sentence.
    return not (segment.isdigit() and len(segment) == 1 and not text[: end - 1].strip())
