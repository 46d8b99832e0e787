"""Image addresses that a scraper left in the text (NOISE.md #18).

Scrapers that take an element's whole text content also take what an ``<img>`` carried
as text: a bare address, or the tail of an image-resizer address such as Tribun's
``…/1200x675/filters:upscale():quality(30):format(webp):focal(…)/kaltim/foto/bank/
originals/Rusia-dan-Cina-7947979.jpg)``. Such residue sits on a line of its own, at the
end of a paragraph, or glued to the start of the next one. It is no prose, but it names
the article's image, so it becomes an :class:`~warta.record.Image` as well as a removal.

The address is rebuilt as far as the residue allows: a full ``http(s)`` address when one
is there (the last one, since a resizer embeds the original address at the end), else the
path after the resizer's filter chain (``kaltim/foto/bank/originals/….jpg``), which names
the file even though the host is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Residue", "rebuild_url", "split_residue"]

# Image file endings seen in Indonesian news markup; an optional query and the closing
# brackets or quotes of the attribute or CSS ``url(…)`` that held the address.
_EXT = r"\.(?:jpe?g|png|webp|gif|avif)(?:\?[^\s]*?)?[)\]\"'>]*"
# A quick test before any token work: most lines name no image file at all.
_MAY_HOLD = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)\b", re.IGNORECASE)
# The end of a token that is an image address. The token must also have a path (a slash),
# so a file name mentioned in prose ('foto.jpg') is not taken.
_IMAGE_END = re.compile(rf"{_EXT}$", re.IGNORECASE)
# An image address glued to the start of a line, followed by prose. Everything up to the
# first slash is matched one way only, so a long token costs one scan, not one per slash.
_HEAD = re.compile(rf"[^\s/]*/\S*?{_EXT}(?=\s|(?-i:[A-Z])|$)", re.IGNORECASE)
# Where residue starts inside a token that prose runs into ('batas.:quality(30)…'): a
# scheme, a protocol-relative '//', a resizer filter ':quality(', 'filters:' or a size
# segment '1200x675/'.
_START = re.compile(r"https?://|//|:[a-z_]+\(|filters:|\b\d{2,4}x\d{2,4}/", re.IGNORECASE)
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_SIZE = re.compile(r"\d{2,4}x\d{2,4}/")
_TRAILING = ")]\"'>"


@dataclass(frozen=True, slots=True)
class Residue:
    """One piece of image-address residue: the exact text taken out, and the address."""

    text: str
    url: str


def split_residue(line: str) -> tuple[str, list[Residue]]:
    """``line`` without its image-address residue, and the residue taken out.

    The kept text is ``""`` when the whole line was residue. Only whole lines, a trailing
    token and a leading token are taken: an address in mid-sentence is left alone,
    because that is the text quoting an address, not a scraper's leftover.
    """
    if _MAY_HOLD.search(line) is None:
        return line, []
    tokens = line.split()
    if tokens and all(_is_address(t) for t in tokens):
        return "", [Residue(t, rebuild_url(t)) for t in tokens]
    kept, found = line.strip(), []
    head = _HEAD.match(kept)
    if head is not None:
        found.append(Residue(head.group(), rebuild_url(head.group())))
        kept = kept[head.end() :].lstrip()
    tail = _tail(kept)
    if tail is not None:
        found.append(Residue(kept[tail:], rebuild_url(kept[tail:])))
        kept = kept[:tail].rstrip()
    return kept, found


def _is_address(token: str) -> bool:
    return "/" in token and _IMAGE_END.search(token) is not None


def _tail(text: str) -> int | None:
    """Where trailing residue starts in ``text``, or None when there is none."""
    cut = max(text.rfind(" "), text.rfind("\t")) + 1
    token = text[cut:]
    if not _is_address(token):
        return None
    start = _START.search(token)
    if start is not None and (cut > 0 or start.start() > 0):
        return cut + start.start()
    # With no start mark, a token after a space counts when it has a real path (two
    # slashes): 'di folder/foto.jpg' at the end of a sentence is prose. A line that is one
    # such token glued to prose is kept whole: the two cannot be told apart.
    if cut > 0 and token.count("/") >= 2:
        return cut
    return None


def rebuild_url(token: str) -> str:
    """The best address that ``token`` allows (see the module docstring)."""
    text = token.rstrip(_TRAILING)
    schemes = list(_SCHEME.finditer(text))
    if schemes:
        return text[schemes[-1].start() :]
    if text.startswith("//"):
        return "https:" + text
    if ")/" in text:  # the path after a resizer's filter chain
        return text[text.rindex(")/") + 2 :]
    size = _SIZE.match(text)
    if size is not None:
        text = text[size.end() :]
    return text.lstrip(":/")
