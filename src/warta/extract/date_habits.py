"""How a page writes its dates: which order its numeric dates take, and which date of a
byline is a revision rather than the first publication.

The text parser (:mod:`warta.extract.datetext`) reads a date in the order it is told;
these tests, cheap and page-level, tell it. :mod:`warta.extract.dates` asks them for each
page and each byline.
"""

from __future__ import annotations

import re

__all__ = ["day_first_for", "labelled_update", "writes_day_first"]

_UPDATE_LABEL = re.compile(
    r"(?:diperbarui|diperbaharui|update[ds]?|last\s+updated|modified|aktualisiert"
    r"|mis\s+à\s+jour|actualizado|atualizado|aggiornato|bijgewerkt)\W{0,3}(?:on|pada|am|le)?"
    r"\s*(?:\w+,?\s*)?$",
    re.IGNORECASE,
)
# How far before a date its label may start ('zuletzt aktualisiert am ' is 24 characters).
_LABEL_REACH = 30
# Indonesian zones and weekdays: the text is Indonesian, so numeric dates are day first
# whatever the page's lang attribute says (kompas.com declared lang="en" in 2015-16).
_DAY_FIRST_HINT = re.compile(r"\b(?:WIB|WITA|WIT|Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu)\b")
# Top-level domains of an 'en' page taken to be American (month first).
_US_HOSTS = frozenset({"com", "org", "net", "us", "gov", "edu", ""})


def day_first_for(lang: str, url: str | None) -> bool:
    """Whether a page writes numeric dates day first: all but US-English pages, taken to
    be 'en-US', or 'en' on a generic or .us domain."""
    lang = lang.lower()
    if lang in ("en-us", "en_us"):
        return False
    host = (url or "").split("//")[-1].split("/")[0].split(":")[0]
    return not (lang == "en" and host.rsplit(".", 1)[-1].lower() in _US_HOSTS)


def labelled_update(text: str, start: int) -> bool:
    """Whether the words just before ``start`` mark the date there as a revision
    ('Diperbarui 16/09/2022', 'Updated: Nov. 19', 'zuletzt aktualisiert am 3. März')."""
    return _UPDATE_LABEL.search(text, max(0, start - _LABEL_REACH), start) is not None


def writes_day_first(text: str) -> bool:
    """Whether ``text`` shows Indonesian date habits (a zone word or weekday name)."""
    return _DAY_FIRST_HINT.search(text) is not None
