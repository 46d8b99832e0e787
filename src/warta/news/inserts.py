"""Recognise the inserts Indonesian outlets put inside an article's text.

A related-link line ('Baca juga: X', '( Baca : X )', 'SIMAK JUGA :'), a video promo
('[Gambas:Video 20detik]'), an ad label ('SCROLL TO CONTINUE WITH CONTENT'), a follow
prompt ('Cek berita dan artikel yg lain di Google News'), share-widget text, pagination
labels, editor initials ('(kpl/pur/tch)'), end markers ('(*)') and captions ('Foto: X
(Y/detikcom)'): docs/NOISE.md #1, #3-#6, #11, #12, #14-#17. Each is text a reader does not
want in the body but that says something, so every recogniser returns what it cut and why.

Whole-paragraph tests are anchored at both ends, so an ordinary sentence that merely
contains 'baca' or 'video' never matches. Word lists live in ``inserts.toml``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from warta.extract.captions import split_credit

__all__ = [
    "Insert",
    "box_item",
    "classify_insert",
    "cut_inline_inserts",
    "cut_tail_markers",
    "is_box_label",
]

# Longest paragraph a prompt, widget or promo line can be; real prose runs longer.
MAX_PROMPT_CHARS = 300
MAX_CAPTION_CHARS = 400
# Ad and box labels are short; anything this short is checked against every list.
MAX_LABEL_CHARS = 60
_EDGE = r"[\W_]{0,5}"
_RELATED = re.compile(
    rf"(?i)^{_EDGE}(?:(?:baca|simak|lihat)\s+(?:juga|pula)\s*[:：]?"
    r"|(?:baca|simak|lihat)\s*[:：]"
    r"|(?:artikel|berita)\s+terkait\s*[:：]|read\s+more\s*:"
    r"|baca\s+(?:selengkapnya|artikel\s+selengkapnya)\b\s*[:：]?)"
    r"\s*(?P<title>.*?)[\s>»›]*$"
)
# 'Terkait #Benjamin Bukit Baca Juga …', 'Tweets by @antaranews Baca Juga …' (#4).
_BOX = re.compile(r"(?i)^(?:terkait\s+#|tweets\s+by\s+@).*?\bbaca\s+juga\b")
_VIDEO = re.compile(
    rf"(?i)^{_EDGE}(?:(?:lihat|simak|tonton|saksikan)(?:\s+(?:juga|pula))?\s+video\b"
    r"|video\s*[:：]|\[?\s*gambas\s*:\s*video\b)"
)
_PAGINATION = re.compile(
    rf"(?i)^{_EDGE}(?:halaman\s+(?:selanjutnya|berikutnya|sebelumnya|all)"
    r"|selanjutnya|berikutnya|sebelumnya|next\s+page|tampilkan\s+semua"
    r"|halaman\s*:?\s*(?:\d+\s*)+(?:selanjutnya|berikutnya)?"
    r"|\d+\s+dari\s+\d+\s+halaman|(?:\d+\s+)+(?:selanjutnya|berikutnya))"
    rf"{_EDGE}$"
)
_INITIAL = r"(?:\*|[A-Za-z]{1,6}(?:-\d{1,3})?)"
_INITIALS = rf"\(\s*{_INITIAL}(?:\s*/\s*{_INITIAL}){{0,5}}\s*\)"
_MULTI_INITIALS = rf"\(\s*{_INITIAL}(?:\s*/\s*{_INITIAL}){{1,5}}\s*\)"
_END_MARK = (
    r"(?:\(\s*\*\s*\)|\*{3,}|-{2,}\s*(?i:selesai|tamat|end)\s*-{2,}"
    r"|\((?i:end|selesai|tamat)\)|\[(?i:end|selesai)\])"
)
_WHOLE_END = re.compile(rf"^\s*{_END_MARK}\s*$")
_WHOLE_INITIALS = re.compile(rf"^\s*{_INITIALS}\s*\.?\s*$")
# At a paragraph's end: a several-part set anywhere, a one-part set only after a sentence
# end, so 'Amerika Serikat (AS)' keeps its bracket.
_TAIL = re.compile(
    rf"(?:\s*(?P<end>{_END_MARK})|\s*(?P<multi>{_MULTI_INITIALS})"
    rf"|(?<=[.!?\"”’')\]])\s*(?P<single>{_INITIALS}))\s*\.?\s*$"
)
_TAIL_PAGES = re.compile(
    r"(?i)(?<=[.!?\"”’'\s])\s*(?P<end>halaman\s+selanjutnya\W*|halaman\s*:?\s*(?:\d+\s*){2,}"
    r"(?:selanjutnya)?\W*)$"
)
_INLINE_RELATED = re.compile(
    r"(?i)[(\[]\s*(?:baca|simak|lihat)(?:\s+(?:juga|pula))?\s*[:：]\s*(?P<title>[^()\[\]]{3,250}?)"
    r"\s*[)\]]"
)
# A quick pre-test for cut_inline_inserts: a bracket opening a cue, or an ad label.
INLINE_HINT = re.compile(r"[(\[]\s*(?i:baca|simak|lihat|gambas)|ADVERTISEMENT|SCROLL TO")
_GAMBAS = re.compile(r"(?i)\[\s*gambas\s*:[^\]]{0,80}\]")
_CAPTION = re.compile(
    r"(?i)^\[?\s*(?:foto|photo|ilustrasi|keterangan\s+foto|caption)\s*[:：]\s*(?P<rest>.+?)\]?$"
)
# 'TRIBUNNEWS/Ridho Hendrikos', 'ANTARA FOTO/Ahmad Subaidi' closing a caption paragraph.
_SLASH_CREDIT = re.compile(
    r"(?:^|[\s.(])(?:[A-Z][A-Z0-9.]+\s){0,2}[A-Z][A-Z0-9.]{2,}\s?/\s?[A-Z][\w.'’-]*"
    r"(?:\s[A-Z][\w.'’-]*){0,3}\)?$"
)
# A box heading named by its subject: 'Simak Lifestyle Populer Lainnya', 'Berita Bola
# Terkait', 'Baca Artikel Menarik Lainnya' (#4): a cue, up to four words, a closing word.
_BOX_HEADING = re.compile(
    r"(?i)^(?:baca|simak|lihat|tonton|berita|artikel|video|foto)(?:\s+[^\W_][\w&'’-]*){0,4}"
    r"\s+(?:lainnya|terkait|terpopuler|populer|pilihan)$"
)
_BULLET = re.compile(r"^\s*[•·●▪■►>\-–*]+\s*")
_TOKEN = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Insert:
    """What was cut: its kind (a ``removed`` kind), the exact text, and any data it held."""

    kind: str
    text: str
    title: str | None = None
    caption: str | None = None
    credit: str | None = None
    # Recognised by shape alone (a caption ending 'TRIBUNNEWS/Ridho Hendrikos' with no
    # 'Foto:' label): a photo gallery is made of such lines, so the caller decides.
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Words:
    ads: frozenset[str]
    inline_ads: re.Pattern[str]
    follow: re.Pattern[str]
    channels: re.Pattern[str]
    widget: frozenset[str]
    boxes: frozenset[str]
    head: re.Pattern[str]


_WIDGET_CORE = re.compile(r"(?i)\b(?:komentar|comments?|shares?|bagikan)\b")


@lru_cache(maxsize=1)
def _words() -> _Words:
    """The word lists of ``inserts.toml``, compiled once."""
    text = resources.files("warta.news").joinpath("inserts.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)

    def alternation(words: list[str]) -> str:
        ordered = sorted(words, key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)

    return _Words(
        ads=frozenset(_norm(w) for w in data["ad_labels"]),
        inline_ads=re.compile(rf"\s*\b(?:{alternation(data['inline_ad_labels'])})\b\s*"),
        follow=re.compile(rf"(?i)^{_EDGE}(?:{alternation(data['follow_verbs'])})\b"),
        channels=re.compile(
            rf"(?i)\b(?:{alternation(data['follow_channels'])}|berita(?:\s+\w+){{1,3}}\s+lainnya)\b"
        ),
        widget=frozenset(data["widget_words"]),
        boxes=frozenset(_norm(w) for w in data["box_labels"]),
        head=re.compile(
            rf"(?i)[(\[*\-–—>»•·●▪■►#|\d]"
            rf"|(?:{alternation(data['follow_verbs'] + data['box_labels'] + data['head_words'])})\b"
        ),
    )


def _norm(text: str) -> str:
    """Lower case, edge punctuation off, single spaces: the form word lists compare."""
    return _SPACE.sub(" ", text.strip(" \t\u00a0-–—:>»›<«‹|•*.!").casefold())


def classify_insert(text: str) -> Insert | None:
    """The insert a whole paragraph is, or None when it is (or may be) article text."""
    stripped = text.strip()
    if not stripped or not _may_be_insert(stripped):
        return None
    return _markers(stripped) or _promos(stripped) or _related(stripped) or _caption(stripped)


def _may_be_insert(text: str) -> bool:
    """A cheap pre-test: every insert is short, opens with a cue word or a non-letter, or
    ends with a slashed credit; most prose paragraphs fail all three at once."""
    return (
        len(text) <= MAX_LABEL_CHARS
        or _words().head.match(text) is not None
        or "/" in text[-MAX_LABEL_CHARS:]
    )


def _markers(text: str) -> Insert | None:
    """Ad labels, end markers, editor initials, pagination labels and widget text."""
    if len(text) <= MAX_LABEL_CHARS and _norm(text) in _words().ads:
        return Insert("advertisement", text)
    if _WHOLE_END.match(text):
        return Insert("end-marker", text)
    if _WHOLE_INITIALS.match(text):
        return Insert("editor-initials", text)
    if _PAGINATION.match(text):
        return Insert("pagination", text)
    if len(text) <= MAX_PROMPT_CHARS and _is_widget(text):
        return Insert("widget", text)
    return None


def _is_widget(text: str) -> bool:
    """Only counters and widget words ('0 Komentar Share on Facebook'), one of them core."""
    if _WIDGET_CORE.search(text) is None:
        return False
    widget = _words().widget
    return all(t.isdigit() or t.casefold() in widget for t in _TOKEN.findall(text))


def _promos(text: str) -> Insert | None:
    """Video promos and follow prompts: short lines that sell something else."""
    if len(text) > MAX_PROMPT_CHARS:
        return None
    if _VIDEO.match(text):
        return Insert("video-promo", text)
    words = _words()
    if (
        words.follow.match(text)
        and not _RELATED.match(text)
        and words.channels.search(text) is not None
    ):
        return Insert("follow-prompt", text)
    return None


def _related(text: str) -> Insert | None:
    if _BOX.match(text):
        return Insert("related-link", text)
    if is_box_label(text):
        return Insert("related-link", text)
    match = _RELATED.match(text)
    if match is None:
        return None
    title = _clean_title(match["title"])
    return Insert("related-link", text, title=title)


def _clean_title(title: str) -> str | None:
    title = title.strip(" \t\u00a0\"“”'‘’»›>")
    return title if len(title) > 1 else None


def _caption(text: str) -> Insert | None:
    if len(text) > MAX_CAPTION_CHARS:
        return None
    match = _CAPTION.match(text)
    if match is None and not _SLASH_CREDIT.search(text):
        return None
    caption, credit = split_credit(match["rest"] if match else text)
    if match is None and credit is None:
        return None
    return Insert("caption", text, caption=caption, credit=credit, weak=match is None)


def is_box_label(text: str) -> bool:
    """Whether ``text`` is only the label of a related box ('Baca Juga', 'Berita Terkait',
    'Simak Lifestyle Populer Lainnya')."""
    if len(text) > MAX_PROMPT_CHARS // 4:
        return False
    label = _norm(text)
    return label in _words().boxes or _BOX_HEADING.match(label) is not None


def box_item(text: str) -> str | None:
    """The title of a bullet line in a related box ('• Title'), or None for other text."""
    match = _BULLET.match(text)
    if match is None or match.end() == 0:
        return None
    return _clean_title(text[match.end() :])


def cut_inline_inserts(text: str) -> tuple[str, list[Insert]]:
    """``text`` without the inserts glued inside it, and those inserts in order.

    '( Baca : X )' and '[Baca juga: X]' become related links; '[Gambas:Video 20detik]' a
    video promo; upper-case ad labels ('ADVERTISEMENT') an ad label.
    """
    if INLINE_HINT.search(text) is None:
        return text, []
    found: list[tuple[int, int, Insert]] = []
    for match in _INLINE_RELATED.finditer(text):
        title = _clean_title(match["title"])
        found.append((match.start(), match.end(), Insert("related-link", match[0], title=title)))
    for match in _GAMBAS.finditer(text):
        found.append((match.start(), match.end(), Insert("video-promo", match[0])))
    for match in _words().inline_ads.finditer(text):
        label = match[0].strip()
        found.append((match.start(), match.end(), Insert("advertisement", label)))
    if not found:
        return text, []
    found.sort(key=lambda item: item[0])
    pieces: list[str] = []
    kept: list[Insert] = []
    position = 0
    for start, end, insert in found:
        if start < position:
            continue
        pieces.append(text[position:start])
        kept.append(insert)
        position = end
    pieces.append(text[position:])
    return _join(pieces), kept


def _join(pieces: list[str]) -> str:
    """Glue the text around cut inserts with one space where both sides had words."""
    out = ""
    for piece in pieces:
        if out and piece and not out[-1].isspace() and not piece[0].isspace():
            out += " " if piece[0].isalnum() else ""
        out += piece
    return _SPACE.sub(" ", out).strip()


def cut_tail_markers(text: str) -> tuple[str, list[Insert]]:
    """``text`` without the editor initials, end markers and page labels ending it.

    Cuts repeat, so '… Smartfren.(Cas/Isk) (*)' loses both; the inserts come back in the
    order they stood in the text.
    """
    cuts: list[Insert] = []
    while text:
        match = _TAIL.search(text)
        if match is not None:
            kind = "end-marker" if match["end"] else "editor-initials"
            piece = match["multi"] or match["single"] or match["end"]
        else:
            match = _TAIL_PAGES.search(text)
            if match is None:
                break
            kind, piece = "pagination", match["end"].strip()
        cuts.append(Insert(kind, piece))
        text = text[: match.start()].rstrip()
    cuts.reverse()
    return text, cuts
