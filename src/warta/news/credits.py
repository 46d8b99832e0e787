"""Read the byline footers of Indonesian articles into names (docs/NOISE.md #9, #10).

Footers name the writer and editor with labels: 'Penulis: Glery Lazuardi Editor: Willy
Widianto', 'Editor: Hanang Yuwono Sumber: Tribunnews.com', 'Editor: Ade Marboen COPYRIGHT
© ANTARA 2015', 'Pewarta: X', 'Laporan wartawan Tribunnews.com, Fahdi Fahlevi'. The names
are read by :func:`warta.extract.names.parse_byline`, which already knows these labels;
this module decides which paragraphs are footers and takes the 'Sumber:' credit apart.

'Sumber: X' names where the story came from, not who wrote it, so it is returned as a
source (the layer records it as an ``Attribution`` with cue 'sumber'), never as an author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.extract.names import parse_byline

__all__ = ["Credits", "is_bare_label", "parse_credit_line", "read_credits", "split_credit_tail"]

MAX_FOOTER_CHARS = 250
_LABELS = r"(?:penulis|editor|reporter|pewarta|redaktur|penyunting|kontributor|sumber|writer)"
_START = re.compile(
    rf"(?i)^\(?\s*(?:{_LABELS}\s*:|laporan\s+(?:wartawan|reporter|koresponden|kontributor)\s)"
)
_BARE = re.compile(rf"(?i)^\s*{_LABELS}\s*:?\s*$")
_SOURCE = re.compile(
    r"(?i)\bsumber\s*:\s*(?P<src>.+?)"
    r"(?=\s+(?:penulis|editor|reporter|pewarta|redaktur|penyunting)\s*:|\s*\)?\s*$)"
)
_COPYRIGHT = re.compile(r"(?i)\s*(?:copyright|hak\s+cipta)?\s*(?:©|\(c\))\s*.{0,60}$")
_ONLY_COPYRIGHT = re.compile(
    r"(?i)^\s*(?:copyright|hak\s+cipta)\s*(?:©|\(c\))?.{0,60}$|^\s*©.{0,60}$"
)
# A footer glued after the last sentence: '… batas.Penulis: X Editor: Y'.
_TAIL = re.compile(
    r"(?<=[.!?\"”’])\s*(?P<footer>(?i:penulis|editor|reporter|pewarta)\s*:[^.!?]{2,200})$"
)


@dataclass(frozen=True, slots=True)
class Credits:
    """Names and sources read from one footer, and the exact text it occupied."""

    text: str
    authors: tuple[str, ...] = ()
    editors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    copyright: bool = False


def parse_credit_line(text: str) -> Credits | None:
    """The credits of a whole paragraph that is a byline footer, else None.

    A footer opens with a label and a colon ('Editor:') or 'Laporan wartawan'; longer
    paragraphs are prose that happens to start so.
    """
    stripped = text.strip()
    if len(stripped) > MAX_FOOTER_CHARS:
        return None
    if _START.match(stripped):
        return read_credits(stripped)
    if ("©" in stripped or stripped[:1] in "CcHh") and _ONLY_COPYRIGHT.match(stripped):
        return Credits(stripped, copyright=True)
    return None


def read_credits(text: str) -> Credits:
    """The names and sources of a footer text: 'Sumber:' and the copyright line split off."""
    body = _COPYRIGHT.sub("", text)
    sources: list[str] = []
    source = _SOURCE.search(body)
    if source is not None:
        sources.append(source["src"].strip(" .,;()"))
        body = body[: source.start()] + body[source.end() :]
    authors, editors = parse_byline(body.strip(" ()"))
    return Credits(text, tuple(authors), tuple(editors), tuple(s for s in sources if s))


def is_bare_label(text: str) -> bool:
    """'Penulis', 'Editor:' alone: a footer label whose value sits in the next paragraph.

    Some layouts put label and value in separate elements, so extraction yields 'Editor'
    then ': Aloysius Gonsaga AE'.
    """
    return _BARE.match(text) is not None


def split_credit_tail(text: str) -> tuple[str, Credits | None]:
    """``text`` without a byline footer glued after its last sentence, and that footer."""
    match = _TAIL.search(text)
    if match is None:
        return text, None
    credits = read_credits(match["footer"])
    if not (credits.authors or credits.editors):
        return text, None
    return text[: match.start()].rstrip(), credits
