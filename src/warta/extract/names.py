"""Turn a byline string into clean person names: writers and editors.

Bylines arrive as 'By TOM KRISHER, AP Auto Writer', 'Penulis: Glery Lazuardi Editor: Willy
Widianto', 'Laporan wartawan Tribunnews.com, Fahdi Fahlevi', 'Amy Kuperinsky | NJ Advance
Media' or 'Rachael Link, MS, RD'. The string is cut at its labels (each label says whose
names follow: writer, editor, or a photo/video credit that is dropped), then each part is
split into names and every name is checked against job titles, agency and site names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from warta.extract.metatext import clean, squash
from warta.record import Article

__all__ = ["add_credited", "dedupe", "parse_byline", "starts_with_label"]

# Labels and whose names follow them. Longer forms come first so 'Photo by' is not read as
# 'Photo' + 'by'. 'Laporan wartawan <Outlet>,' and 'Kontributor <Place>,' swallow the
# outlet or place that Indonesian sites put between the label and the name.
_LABEL = re.compile(
    r"(?i)(?<![\w-])(?:"
    r"(?P<wire>(?:laporan\s+(?:wartawan|reporter|koresponden|kontributor)"
    r"|kontributor|koresponden)(?:\s+[\w.]+){1,2}\s*,)"
    r"|(?P<photo>(?:photo(?:graph)?s?|pictures?|images?|video|foto)\s+by|photo(?:graph)?s?|foto"
    r"|fotografer|photographer|videografer|video|kamerawan|ilustrasi|illustration|sumber"
    r"|source|credit|kredit)"
    r"|(?P<editor>editor|editors|redaktur|penyunting|edited\s+by|disunting\s+oleh)"
    r"|(?P<writer>(?:written|words|text|story|reporting|posted|analysis|opinion"
    r"|commentary|review)\s+by|ditulis\s+oleh|penulis|pewarta|wartawan|reporter|authors?"
    r"|writer|kontributor|contributor|koresponden|by|oleh"
    r"|(?:texto?|teks|текст|автор|autor|auteur|verfasser)(?=\s*:))"
    r")(?![\w-])\s*:?\s*"
)
# An outlet's address in capitals opens a dateline ('... Fahdi Fahlevi TRIBUNNEWS.COM,
# JAKARTA - Pemerintah ...'): the byline ends before it.
_DATELINE = re.compile(r"\s[A-Z][A-Z0-9-]*\.(?:CO\.ID|COM|CO|ID|NET|TV)\b")
# 'by' in other languages, only at the very start: inside a name these are particles
# ('Ursula von der Leyen').
_LEADING_BY = re.compile(r"(?i)^(?:por|par|von|door|di)\s+(?=[A-Z])")
# A name's affiliation follows a bar or a spaced dash: 'X | CNN', 'X - Kompas'.
_AFFILIATION = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_SPLIT = re.compile(r"\s*(?:[,;/]|\s(?:and|dan|&|und|et|serta)\s)\s*", re.IGNORECASE)
# 'Finian Cunningham. Sputnik International': a full stop after a word of 3+ letters
# (not an initial like 'Bruce Y. Lee') ends the name.
_SENTENCE = re.compile(r"(?<=[^\W\d_]{3})\.\s+(?=[A-Z])")
_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_DOMAIN = re.compile(r"\w\.(?:com|co|id|net|org|news|tv|info|uk|us)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_STRIP = " ,.;:-–—|/()[]{}\"'“”‘’*•·"
# Share and follow buttons whose labels sit next to bylines in page templates.
_BUTTONS = frozenset(
    {
        "share", "tweet", "submit", "email", "e-mail", "pin", "print", "comment", "comments",
        "facebook", "twitter", "whatsapp", "linkedin", "reddit", "telegram", "copy", "link",
        "follow", "bagikan", "salin", "komentar",
    }
)  # fmt: skip
# Job words: a part made only of these (and agencies) is a title, not a name.
_JOBS = frozenset(
    {
        "staff",
        "writer",
        "writers",
        "editor",
        "editors",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "columnist",
        "contributor",
        "contributing",
        "editorial",
        "redaksi",
        "tim",
        "team",
        "desk",
        "admin",
        "administrator",
        "webmaster",
        "wartawan",
        "jurnalis",
        "journalist",
        "kontributor",
        "koresponden",
        "penulis",
        "redaktur",
        "reports",
        "report",
        "producer",
        "anchor",
        "host",
        "senior",
        "chief",
        "national",
        "political",
        "security",
        "sports",
        "auto",
        "business",
        "science",
        "associate",
        "managing",
        "deputy",
        "special",
        "investigative",
        "photographer",
        "at-large",
        "editor-at-large",
    }
)
# Organisation words: in a list of names, a part with one of these is an affiliation.
# Wire names that are also common given names (ANI, UPI in Indonesia) are left out.
_ORGS = frozenset(
    {
        "news",
        "press",
        "associated",
        "media",
        "times",
        "post",
        "journal",
        "magazine",
        "agency",
        "wire",
        "service",
        "services",
        "bureau",
        "network",
        "online",
        "daily",
        "international",
        "insider",
        "reuters",
        "afp",
        "ap",
        "bloomberg",
        "pti",
        "ians",
        "dpa",
        "efe",
        "xinhua",
        "antara",
        "bernama",
        "cnn",
        "bbc",
        "inc",
        "ltd",
        "llc",
        "corp",
        "pt",
        "tbk",
        "gmbh",
        "group",
        "tv",
        "radio",
        "com",
        "portal",
    }
)
_DAYS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "senin",
        "selasa",
        "rabu",
        "kamis",
        "jumat",
        "sabtu",
        "minggu",
        "updated",
        "published",
    }
)
# Words a template glues after a byline name ('Tom Gillespie News').
_MASTHEAD = frozenset({"news", "online", "daily", "weekly"})
_FILLER = frozenset({"the", "of", "and", "for", "at", "di", "dan"})
# Collective bylines end with one of these: 'HNN Staff', 'Science X staff', 'Tim Redaksi'.
_COLLECTIVE = frozenset({"staff", "team", "desk", "editors", "reports", "redaksi", "writers"})
MAX_WORDS, MAX_CHARS = 6, 60
# Fewer letters than this is initials ('AS'), not a name.
MIN_LETTERS = 3


def parse_byline(text: str, keys: frozenset[str] = frozenset()) -> tuple[list[str], list[str]]:
    """Writers and editors named in ``text``; ``keys`` are the site's squashed names."""
    writers: list[str] = []
    editors: list[str] = []
    text = clean(text)
    dateline = _DATELINE.search(text)
    if dateline is not None:
        text = text[: dateline.start()]
    for role, part in _labelled_parts(_LEADING_BY.sub("", text)):
        if role == "photo":
            continue
        names = _names(part, keys)
        (editors if role == "editor" else writers).extend(names)
    return dedupe(writers), dedupe(editors)


def starts_with_label(text: str) -> bool:
    """Whether ``text`` opens with a byline label ('Editor:', 'Penulis', 'By')."""
    match = _LABEL.match(text)
    return match is not None and match.lastgroup != "photo"


def _labelled_parts(text: str) -> list[tuple[str, str]]:
    """(role, text) for the text before the first label and after each label."""
    parts: list[tuple[str, str]] = []
    role, start = "writer", 0
    for match in _LABEL.finditer(text):
        parts.append((role, text[start : match.start()]))
        role = "writer" if match.lastgroup == "wire" else (match.lastgroup or "writer")
        start = match.end()
    parts.append((role, text[start:]))
    return [(r, p) for r, p in parts if p.strip(_STRIP)]


def _names(part: str, keys: frozenset[str]) -> list[str]:
    part = _URL.sub(" ", _EMAIL.sub(" ", part))
    part = _AFFILIATION.split(part, maxsplit=1)[0]
    part = _SENTENCE.split(part, maxsplit=1)[0]
    pieces = [p.strip(_STRIP) for p in _SPLIT.split(part)]
    pieces = [_trim_jobs(p) for p in pieces if p and not _collective(p)]
    pieces = [p for p in pieces if p]
    several = len(pieces) > 1
    kept = [p for p in pieces if _is_name(p, keys, several=several)]
    # 'Victor Tangermann, Futurism': a lone word after a full name is the outlet.
    if len(kept) > 1 and len(kept[-1].split()) == 1 and len(kept[0].split()) > 1:
        kept.pop()
    return kept


def _collective(piece: str) -> bool:
    """'HNN Staff', 'Tim Redaksi', 'Staff Reports': a desk, not a person; 'Share Tweet
    Submit': the buttons beside a byline, not a person either."""
    words = piece.lower().split()
    if words and all(w.strip(_STRIP) in _BUTTONS for w in words):
        return True
    return bool(words) and (words[-1] in _COLLECTIVE or words[0] in ("tim", "team"))


def _trim_jobs(piece: str) -> str:
    """'Dewi Kania Jurnalis' -> 'Dewi Kania', 'Jeff Foust Monday' -> 'Jeff Foust'.

    Job words, and the weekday or masthead word a template glued after the name, go; a
    masthead word only while two words remain ('Daily News' stays whole).
    """
    words = piece.split()
    while len(words) > 1:
        last = words[-1].lower().strip(_STRIP)
        if last in _JOBS or last in _DAYS or (last in _MASTHEAD and len(words) > 2):
            words.pop()
        else:
            break
    return " ".join(words).strip(_STRIP)


def _is_name(piece: str, keys: frozenset[str], *, several: bool) -> bool:
    if len(piece) > MAX_CHARS or _DIGIT.search(piece) or _DOMAIN.search(piece):
        return False
    words = _WORD.findall(piece)
    if not words or len(words) > MAX_WORDS or sum(len(w) for w in words) < MIN_LETTERS:
        return False
    lowered = [w.lower().rstrip(".") for w in words]
    if _is_title(lowered):
        return False
    if several and (
        any(w in _ORGS or w in _JOBS for w in lowered) or _credential(piece) or lowered[0] == "the"
    ):
        return False
    if _names_site(piece, lowered, keys):
        return False
    # A cased name with no capital is a user handle ('gto', 'kevin-r'); one ending in a
    # small word is a phrase ('Follow the', 'Syrian defense ministries').
    last: str = words[-1]
    return last[:1].upper() == last[:1] or last.upper() == last.lower()


def _is_title(lowered: list[str]) -> bool:
    content = [w for w in lowered if w not in _FILLER]
    if not content:
        return True
    return all(w in _JOBS or w in _ORGS for w in content) and any(w in _JOBS for w in content)


def _credential(piece: str) -> bool:
    """'MS', 'RD', 'PhD': a short all-capital token after a name."""
    return " " not in piece and len(piece) <= 4 and piece[:1].isupper() and piece[-1:].isupper()


def _names_site(piece: str, lowered: list[str], keys: frozenset[str]) -> bool:
    if not keys:
        return False
    if squash(piece) in keys:
        return True
    return any(squash(w) in keys for w in lowered if len(w) >= 4)


def dedupe(names: Iterable[str]) -> list[str]:
    """``names`` in order, each once (case-insensitive)."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def add_credited(article: Article, field: str, names: Iterable[str], signal: str) -> None:
    """Names a labelled credit in the text gives ('Penulis: X') for ``field`` (authors or
    editors): they replace names that came only from a meta tag, which on news sites
    often holds the desk or the outlet ('Tribun Kaltim'), and join any others."""
    found = dedupe(names)
    if not found:
        return
    current: list[str] = getattr(article, field)
    if not current or article.provenance.get(field, "").startswith("meta:"):
        setattr(article, field, found)
        article.provenance[field] = signal
    else:
        setattr(article, field, dedupe([*current, *found]))
