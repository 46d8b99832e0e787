"""Read republication notices into ``republished_from`` (docs/NOISE.md #13).

Network sites that reprint a story say where it first ran: 'Artikel ini telah tayang di
Tribunnews.com dengan judul "Y", https://…', 'Sebagian artikel ini telah tayang di
WartaKotalive.com dengan judul …', detik's 'Artikel ini telah naik di detikBali dengan
judul "Y". Baca artikel detikbali, "Y" selengkapnya https://…', Kompas's '…, Klik untuk
baca: https://…'. Scrapers glue two notices together ('…SURYA.co.idArtikel ini telah
tayang di TribunSumsel.com …'), so notices are found anywhere in a paragraph, not only at
its start, and each runs to the next one or to the paragraph's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from warta.record import Republication

__all__ = ["Notice", "find_notices"]

# A quick pre-test for the layer: every notice has one of these words.
TRIGGER = re.compile(r"(?i)\bini\s+(?:telah|sudah|pernah)\s")
_START = re.compile(
    r"(?i)(?:sebagian\s+)?(?:artikel|berita|tulisan|konten)\s+ini\s+(?:telah|sudah|pernah)\s+"
    r"(?:tayang|terbit|naik|dimuat|diterbitkan|ditayangkan|dipublikasikan)"
    r"(?:\s+(?:lebih\s+dulu|sebelumnya|pertama\s+kali))?\s+(?:di|pada|dalam)\s+"
)
_OUTLET = re.compile(r"(?i)(?P<outlet>\S{2,40}?(?:\s+\S{2,20}?)?)\s*,?\s+dengan\s+judul\s*:?\s*")
_BARE_OUTLET = re.compile(r"(?P<outlet>[^\s,]{2,40})")
_QUOTED = re.compile(r"[\"“”']\s*(?P<title>[^\"“”]{2,300}?)\s*[\"“”]")
# Where an unquoted title ends: the address, or the words that lead to it or to a byline.
_TITLE_END = re.compile(
    r"(?i),?\s*(?:https?://|www\.|klik\s+untuk\s+baca|baca\s+artikel|baca\s+selengkapnya"
    r"|penulis\s*:|editor\s*:|$)"
)
_URL = re.compile(r"(?:https?://|www\.)[^\s\"“”<>]+")
_URL_TAIL = ".,;:)]'\""


@dataclass(frozen=True, slots=True)
class Notice:
    """One republication notice: what it says, and where it sits in the paragraph."""

    republication: Republication
    start: int
    end: int


def find_notices(text: str) -> list[Notice]:
    """Every republication notice in ``text``, in order.

    Each notice covers the text from its opening words to the next notice or the end, so
    a byline printed after the address ('… https://… Penulis: X Editor: Y') belongs to
    it; the layer reads names out of that text separately.
    """
    if TRIGGER.search(text) is None:
        return []
    starts = list(_START.finditer(text))
    notices: list[Notice] = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        notices.append(Notice(_read(text[match.end() : end]), match.start(), end))
    return notices


def _read(rest: str) -> Republication:
    """Outlet, title and address from the words after 'telah tayang di'."""
    outlet: str | None
    labelled = _OUTLET.match(rest)
    if labelled is not None:
        outlet, after = labelled["outlet"], rest[labelled.end() :]
        title, after = _title(after)
    else:
        bare = _BARE_OUTLET.match(rest)
        outlet, after, title = (bare["outlet"] if bare else None), rest, None
    url_match = _URL.search(after)
    url = url_match[0].rstrip(_URL_TAIL) if url_match else None
    outlet = outlet.strip(" .,:;") if outlet else None
    return Republication(outlet=outlet or None, title=title, url=url)


def _title(after: str) -> tuple[str | None, str]:
    """The title (quoted or running to the address) and the text that follows it."""
    quoted = _QUOTED.match(after)
    if quoted is not None:
        return quoted["title"].strip(), after[quoted.end() :]
    end = _TITLE_END.search(after)
    cut = end.start() if end is not None else len(after)
    title = after[:cut].strip(" .,;:")
    return (title or None), after[cut:]
