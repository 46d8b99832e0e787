"""Text normalisation shared by the entity table, the linker and the gazetteer scan.

Two kinds of keys exist. A surface with at most three letters (``AS``, ``RRT``, ``PBB``,
``G20``) is an acronym and is matched exactly, case and all: ``as`` is a preposition, never
the United States. Anything longer is matched on its *folded* form: case and diacritics
ignored, hyphens read as spaces and ``. , ' ’`` dropped, so ``Erdogan`` finds ``Erdoğan``,
``Guinea Bissau`` finds ``Guinea-Bissau`` and ``Maruf`` finds ``Ma'ruf``.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "PERSON_TITLES",
    "PLACE_PREFIXES",
    "clean",
    "display_name",
    "fold",
    "is_short",
    "lookup_key",
    "name_tokens",
    "strip_prefixes",
]

# Letters up to which a surface is an acronym matched case-sensitively (the brief: "AS" must
# be upper case; four-letter names such as "Oman" or "NATO" are safe to fold).
SHORT_MAX_LETTERS = 3

# Dashes and quotes unified (one table: no character it writes is one it replaces).
_UNIFY = str.maketrans(
    {"‐": "-", "‑": "-", "–": "-", "—": "-", "‒": "-", "−": "-"}
    | {"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"'}
)
_EDGE_PUNCT = "\"'()[]{}<>«»,.;:!?*"
_FOLD_DROP = str.maketrans(dict.fromkeys(".,'’"))
_WORD = re.compile(r"\w+", re.UNICODE)

# Prefixes of place names, and the kind of row each one selects when a name is shared
# ("Kota Bandung" is the city, "Kabupaten Bandung" the regency). Longest first.
PLACE_PREFIXES: tuple[tuple[str, str | None], ...] = (
    ("kabupaten", "regency"),
    ("kab", "regency"),
    ("kota administrasi", "city"),
    ("kota", "city"),
    ("provinsi", "province"),
    ("prov", "province"),
    ("negara", "country"),
)

# Titles and forms of address in front of person names, folded, longest first where one is
# the start of another. Kept short on purpose: a title that is also a name would eat it.
PERSON_TITLES: tuple[str, ...] = (
    "wakil presiden",
    "presiden",
    "wakil perdana menteri",
    "perdana menteri",
    "pm",
    "wakil menteri",
    "menteri luar negeri",
    "menteri dalam negeri",
    "menteri keuangan",
    "menteri pertahanan",
    "menteri",
    "menlu",
    "menkeu",
    "menhan",
    "mendagri",
    "wapres",
    "kanselir",
    "gubernur",
    "wakil gubernur",
    "bupati",
    "wakil bupati",
    "wali kota",
    "walikota",
    "wakil wali kota",
    "raja",
    "ratu",
    "sultan",
    "paus",
    "pangeran",
    "sekjen",
    "juru bicara",
    "jubir",
    "ketua umum",
    "ketua",
    "jenderal",
    "kapolri",
    "panglima",
    "bapak",
    "pak",
    "ibu",
    "bu",
    "mr",
    "mrs",
    "dr",
    "prof",
    "ir",
    "h",
    "hj",
)


def clean(text: str) -> str:
    """Whitespace collapsed, dashes and quotes unified, outer punctuation stripped."""
    # split() and join() collapse white space as a \s+ substitution and strip() would
    # (the same characters count as white space), at a fraction of the cost.
    return " ".join(text.translate(_UNIFY).split()).strip(_EDGE_PUNCT + " ")


def fold(text: str) -> str:
    """Case- and diacritic-free form of a name (hyphens as spaces, ``.,'`` dropped)."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(text.casefold().replace("-", " ").translate(_FOLD_DROP).split())


def letter_count(text: str) -> int:
    """How many letters a surface has (digits and punctuation do not count)."""
    return sum(1 for ch in text if ch.isalpha())


def is_short(text: str) -> bool:
    """True for acronym-sized surfaces, which are matched case-sensitively."""
    if len(text) <= SHORT_MAX_LETTERS:
        return True
    # Counting letters is the slow part of building the table; a surface of more than
    # eight characters with at most three letters ("G-20 2024") is not worth the cost.
    return len(text) <= 8 and letter_count(text) <= SHORT_MAX_LETTERS


def lookup_key(text: str) -> tuple[bool, str]:
    """The index key of a cleaned surface: ``(exact, key)``."""
    if is_short(text):
        return True, text
    return False, fold(text)


# Prefixes or titles by their first word, in their order, each with its word count: an
# option can only match a name that starts with the option's first word.
_Options = dict[str, tuple[tuple[str, int], ...]]


def _by_first_word(options: tuple[str, ...]) -> _Options:
    index: dict[str, list[tuple[str, int]]] = {}
    for option in options:
        words = option.split(" ")
        index.setdefault(words[0], []).append((option, len(words)))
    return {first: tuple(found) for first, found in index.items()}


def _strip_one(folded: str, words: list[str], options: _Options) -> tuple[int, str] | None:
    """Match one of ``options`` at the start of ``folded``; return (words used, option)."""
    for option, used in options.get(folded.split(" ", 1)[0], ()):
        if used < len(words) and (folded == option or folded.startswith(option + " ")):
            return used, option
    return None


_PREFIX_KIND = dict(PLACE_PREFIXES)
_PREFIXES = _by_first_word(tuple(p for p, _ in PLACE_PREFIXES))
_TITLES = _by_first_word(PERSON_TITLES)


def strip_prefixes(text: str, places: bool = True, persons: bool = True) -> tuple[str, str | None]:
    """Drop leading place prefixes and/or person titles from a cleaned surface.

    Returns the rest (original spelling) and the kind the first place prefix selects.
    """
    words = text.split(" ")
    preferred: str | None = None
    while len(words) > 1:
        folded = fold(" ".join(words))
        hit = _strip_one(folded, words, _PREFIXES) if places else None
        if hit is not None and preferred is None:
            preferred = _PREFIX_KIND[hit[1]]
        if hit is None and persons:
            hit = _strip_one(folded, words, _TITLES)
        if hit is None:
            break
        words = words[hit[0] :]
    return " ".join(words), preferred


def name_tokens(text: str) -> tuple[str, ...]:
    """Folded word tokens of a name, for matching a short mention to a full one."""
    return tuple(_WORD.findall(fold(text)))


def display_name(text: str) -> str:
    """The canonical form of a name the table does not know.

    Whitespace is normalised and outer punctuation dropped. A name written all in capitals
    with at least one word of five letters or more ("VLADIMIR PUTIN", "BANK INDONESIA") is
    a shouted heading, not an acronym: its words of four letters or more are title-cased,
    shorter words (likely acronyms: "DPR RI") stay as written. Anything else is kept as is.
    """
    text = clean(text)
    if not text.isupper():
        return text  # a lower-case letter, or no cased letter at all: not all capitals
    letters = [ch for ch in text if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters):
        return text
    words = text.split(" ")
    if not any(letter_count(w) >= 5 for w in words):
        return text
    return " ".join(w.title() if letter_count(w) >= 4 else w for w in words)
