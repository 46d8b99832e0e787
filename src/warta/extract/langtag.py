"""The language a page declares for itself, as an ISO 639-1 code.

A declaration, not an identification: ``<html lang>``, ``og:locale``, the
``content-language`` header copy and JSON-LD ``inLanguage`` say what the template was set
to, which is usually but not always the body's language. A text-based identifier can
overrule it later; provenance records which declaration was used.
"""

from __future__ import annotations

import re
from typing import Any

from warta.extract.document import Found, Page
from warta.extract.structured import first_text

__all__ = ["declared_language", "looks_indonesian", "to_iso639_1"]

_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)*\s*$")
# Deprecated ISO 639-1 codes still found in templates ('in' was Indonesian until 1989).
_DEPRECATED = {"in": "id", "iw": "he", "ji": "yi", "jw": "jv", "mo": "ro"}
# ISO 639-2/3 codes of the languages Warta meets most, mapped to their 639-1 code.
_THREE = {
    "ind": "id",
    "eng": "en",
    "msa": "ms",
    "may": "ms",
    "zsm": "ms",
    "jav": "jv",
    "sun": "su",
    "zho": "zh",
    "chi": "zh",
    "ara": "ar",
    "spa": "es",
    "por": "pt",
    "fra": "fr",
    "fre": "fr",
    "deu": "de",
    "ger": "de",
    "jpn": "ja",
    "kor": "ko",
    "rus": "ru",
    "nld": "nl",
    "dut": "nl",
    "ita": "it",
    "tha": "th",
    "vie": "vi",
}


# Frequent Indonesian/Malay function words, none of them an English word; two different
# ones in a headline plus its description are a reliable hint on the id-news and AEB
# pages.
_ID_WORDS = frozenset(
    {
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "ini",
        "itu",
        "dengan",
        "untuk",
        "pada",
        "akan",
        "tidak",
        "tak",
        "dalam",
        "adalah",
        "juga",
        "oleh",
        "karena",
        "bisa",
        "ada",
        "sudah",
        "saat",
        "kata",
        "lebih",
        "atau",
        "bagi",
        "para",
        "hingga",
        "agar",
        "masih",
        "tahun",
        "soal",
        "jadi",
    }
)
_WORDS = re.compile(r"[^\W\d_]+")
ID_HINT_WORDS = 2
# A headline and a description fit in this; longer descriptions add cost, not evidence.
HINT_CHARS = 400


def looks_indonesian(text: str) -> bool:
    """A cheap hint that ``text`` is Indonesian or Malay, for choosing label vocabularies.

    Not a language identifier: it only decides whether searching the page for
    'Penulis:'/'Editor:' labels is worth its cost.
    """
    words = _WORDS.findall(text[:HINT_CHARS].lower())
    return len(_ID_WORDS.intersection(words)) >= ID_HINT_WORDS


def declared_language(page: Page, article: dict[str, Any] | None) -> Found[str] | None:
    """The first usable declaration among ``<html lang>``, meta tags and JSON-LD."""
    root = page.tree.root
    if root is not None:
        attrs = root.attrs
        code = to_iso639_1(attrs.get("lang") or attrs.get("xml:lang"))
        if code:
            return Found(code, "html-lang")
    for name in ("og:locale", "content-language", "language", "inlanguage", "dc.language"):
        for value in page.meta.get(name, ()):
            code = to_iso639_1(value)
            if code:
                return Found(code, f"meta:{name}")
    if article is not None:
        code = to_iso639_1(first_text(article.get("inLanguage")))
        if code:
            return Found(code, "json-ld")
    return None


def to_iso639_1(value: str | None) -> str | None:
    """'id-ID', 'en_US', 'ind', 'in' -> 'id', 'en', 'id', 'id'; None when not a tag."""
    if not value:
        return None
    match = _TAG.match(value)
    if match is None:
        return None
    code = match.group(1).lower()
    if len(code) == 3:
        return _THREE.get(code)
    return _DEPRECATED.get(code, code)
