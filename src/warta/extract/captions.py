"""Split a photo caption into the caption proper and the photo credit.

Credits are written in many ways: '(Photo: X/Reuters)', 'Foto: Ilustrasi penodongan (Edi
Wahyono/detikcom)', 'Caption. Photograph: X/Getty Images', 'Caption TRIBUNNEWS/Ridho
Hendrikos', 'Caption ©KapanLagi.com®/M. Akrom Sukarya', 'Photo by X'. The rules below
take the credit off either end; a caption with nothing credit-like is returned whole.
"""

from __future__ import annotations

import re

from warta.extract.metatext import clean

__all__ = ["MAX_CREDIT_WORDS", "split_credit", "strip_bare_label"]

_LABEL = (
    r"(?:foto|photo|photograph|photographer|fotografer|credit|kredit|image|picture|pic"
    r"|sumber(?:\s+foto)?|source)"
)
# 'Caption (Photo: X/Reuters)' or 'Caption (Edi Wahyono/detikcom)': a closing group that
# is labelled, has an agency-style slash, or names a known picture agency.
_PAREN = re.compile(r"\s*[(\[]([^()\[\]]{2,100})[)\]]\s*\.?$")
_AGENCY = re.compile(
    r"(?i)\b(?:getty|afp|reuters|ap|ap photo|epa|upi|dpa|efe|pti|ians|aap|shutterstock"
    r"|istock|antara|xinhua|anadolu|bloomberg|alamy|pool)\b|\.com\b|detik"
)
_LEADING_LABEL = re.compile(rf"(?i)^{_LABEL}\s*:\s*")
_TRAILING_LABEL = re.compile(rf"(?i)(?:^|(?<=[\s.;,|]))({_LABEL}\s*:\s*[^:]{{2,100}})$")
_TRAILING_BY = re.compile(
    r"(?i)(?:^|\s)((?:(?:photo(?:graph)?s?|pictures?|images?|foto)\s+(?:by|oleh|via|courtesy(?:\s+of)?)"
    r"|courtesy(?:\s+of)?)\s+.{2,80})$"
)
# A caption that is only a credit: 'Jason Cipriani/ZDNet'.
_ONLY_CREDIT = re.compile(r"^[^.!?/():]{2,40}/[^.!?/():]{2,40}$")
# The words that introduce a credit: 'Photo by', 'Image courtesy of', 'via'.
_CREDIT_WORDS = re.compile(
    r"(?i)^(?:(?:photo(?:graph)?s?|pictures?|images?|foto)\s+)?(?:by|oleh|via|courtesy(?:\s+of)?)\s+"
)
# A label left behind once a credit element's text is taken out: 'Caption. Credit...'.
_BARE_LABEL = re.compile(rf"(?i)\s*\b{_LABEL}\s*(?::|\.\.\.|…)?\s*$")
_COPYRIGHT = re.compile(r"\s*(©.{2,100})$")
# 'ANTARA FOTO/Ahmad Subaidi', 'TRIBUNNEWS/Ridho Hendrikos': capitals, a slash, a name.
_OUTLET_SLASH = re.compile(
    r"(?:^|\s)((?:[A-Z][A-Z0-9.]*\s){0,2}[A-Z][A-Z0-9.]+\s?/\s?[^/\s][^/]{1,40})$"
)
# 'Caption text. John Doe/Getty Images': a short last sentence with a slash.
_LAST_SENTENCE = re.compile(r"(?<=[.!?])\s+([^.!?]{2,60}/[^.!?]{2,40})$")
# 'HarianPriangan.com/Rizki Maulana', 'KOMPAS.com/KRISTIANTO PURNOMO': a site's address,
# in any case, a slash and a name.
_SITE_SLASH = re.compile(
    r"(?:^|\s)((?:[A-Za-z][\w-]*\.)+(?:com|co|id|net|org|tv|news)\s?/\s?[^/\s][^/]{1,40})$"
)
# 'Senin (16/11/2026)', '16/11': a day written with slashes, which is no credit's slash.
_SLASH_DATE = re.compile(r"\b\d{1,2}\s?/\s?\d{1,2}(?:\s?/\s?\d{2,4})?\b")
# A credit's slash stands between names ('ANTARA FOTO/Ahmad'): a letter on one side.
_NAME_SLASH = re.compile(r"[^\W\d_][\s.]?/|/\s?[^\W\d_]")
# 'Dok. Humas Polda Jabar', 'Dokumentasi pribadi': the documentation credit, no slash.
_DOC = re.compile(r"(?i)^(?:dok(?:\.|\b)|dokumentasi\b|doc\.)")
MAX_CREDIT_WORDS = 8
_SLASHED = (_OUTLET_SLASH, _SITE_SLASH, _LAST_SENTENCE)
_TRAILING = (_TRAILING_LABEL, _TRAILING_BY, _COPYRIGHT, *_SLASHED)


def split_credit(text: str | None) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption text; either may be None."""
    caption = clean(text)
    if not caption:
        return None, None
    if _ONLY_CREDIT.match(caption) and _fits(
        caption, slashed=True, words=MAX_CREDIT_WORDS // 2 + 1
    ):
        return None, caption
    credit: str | None = None
    paren = _PAREN.search(caption)
    if paren and _credit_like(paren.group(1)):
        credit = _LEADING_LABEL.sub("", paren.group(1)).strip()
        caption = caption[: paren.start()].rstrip()
    else:
        for pattern in _TRAILING:
            match = pattern.search(caption)
            if match and _fits(match.group(1), slashed=pattern in _SLASHED):
                credit = _CREDIT_WORDS.sub("", _LEADING_LABEL.sub("", match.group(1))).strip()
                caption = caption[: match.start(1)].rstrip(" -–—|,;")
                break
    caption = _LEADING_LABEL.sub("", caption).strip()
    return caption or None, _balanced(credit) or None


def strip_bare_label(caption: str) -> str:
    """'The harbour at dawn. Credit...' -> 'The harbour at dawn.'"""
    return _BARE_LABEL.sub("", caption).strip()


def _balanced(credit: str | None) -> str | None:
    """The credit without a bracket it lost its partner of: 'TNG Collaboration)'."""
    if credit and credit.count("(") != credit.count(")"):
        return credit.strip(" ()")
    return credit


def _credit_like(inner: str) -> bool:
    if len(inner.split()) > MAX_CREDIT_WORDS:
        return False
    if _LEADING_LABEL.match(inner) or _DOC.match(inner) or _AGENCY.search(inner):
        return True
    return _name_slash(inner)


def _fits(credit: str, *, slashed: bool, words: int = MAX_CREDIT_WORDS) -> bool:
    """Whether a credit found by shape is short, and, when found by its slash, names one."""
    return len(credit.split()) <= words and (not slashed or _name_slash(credit))


def _name_slash(text: str) -> bool:
    """A slash between names, not one inside a date: captions end 'Senin (16/11/2026).'"""
    return "/" in text and bool(_NAME_SLASH.search(_SLASH_DATE.sub(" ", text)))
