"""Small text helpers shared by the metadata readers (title, lead, authors, taxonomy).

Metadata strings come from attributes, JSON-LD and short elements, so they are small: the
helpers favour clarity over streaming. Nothing here walks the DOM.
"""

from __future__ import annotations

import html
import re

from selectolax.lexbor import LexborNode

__all__ = [
    "clean",
    "hint",
    "node_text",
    "overlap",
    "squash",
    "word_list",
]

# Invisible characters CMSs leave inside headlines and bylines that str.split() does not
# treat as white space (it already handles no-break, thin and ideographic spaces).
_INVISIBLE = ("\u200b", "\ufeff", "\u200c", "\u2060")
_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"\W+")


def clean(text: str | None) -> str:
    """``text`` with entities decoded and white space collapsed to single spaces."""
    if not text:
        return ""
    if "&" in text:
        text = html.unescape(text)
    for char in _INVISIBLE:
        if char in text:
            text = text.replace(char, " ")
    return " ".join(text.split())


def node_text(node: LexborNode) -> str:
    """The visible text of an element, with a space where child elements meet.

    A separator keeps ``<b>Foo</b><i>Bar</i>`` from fusing into ``FooBar``; :func:`clean`
    then removes the doubled spaces it leaves.
    """
    return clean(node.text(deep=True, separator=" ", strip=False))


def word_list(text: str) -> list[str]:
    """Lower-case word tokens (``\\w+`` runs), the unit every overlap test compares."""
    return _WORD.findall(text.lower())


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of the word sets of ``a`` and ``b`` (0 when either has no word)."""
    wa, wb = set(word_list(a)), set(word_list(b))
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


def squash(text: str) -> str:
    """Lower case with everything but letters and digits removed: 'Kompas.com' -> 'kompascom'.

    Site names are written many ways ('KOMPAS.com', 'Kompas com', 'kompas-com'); comparing
    squashed forms matches them all.
    """
    return _NON_WORD.sub("", text.lower()).replace("_", "")


def hint(node: LexborNode) -> str:
    """The element's class and id in lower case, for 'does this look like a byline' tests."""
    attrs = node.attrs
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
