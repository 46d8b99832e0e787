"""Plain-text mode: the article structure recovered from text a scraper already took out.

Corpora of Indonesian news are mostly text, not pages: one paragraph per line (or blank-line
separated blocks), with the page's section label, headline and standfirst on the first
lines, and the scraper's leftovers in between. :func:`extract_text` rebuilds the record:

1. the text is normalised: byte order mark and invisible characters dropped, no-break and
   other odd spaces made plain (NOISE.md #20), line ends unified;
2. lines become paragraphs; a line that starts in lower case after a line with no
   sentence end continues it (a hard wrap);
3. image-address residue leaves the paragraphs for ``images`` and ``removed`` (#18,
   :mod:`warta.news.residue`), and glued paragraphs are split again (#19,
   :mod:`warta.news.glued`);
4. the header is recovered from the first lines (section, title, lead), see
   :func:`split_header`;
5. the Indonesian news layer takes datelines, inserts, bylines and notices out of the
   paragraphs (:func:`warta.news.layer.apply_text_layer`), as it does for pages;
6. the outlet comes from the URL or the dateline; the language from a stop-word test.

``removed`` ends in reading order, whichever step took each piece out, so an audit reads
like the text.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from warta.errors import WartaError
from warta.extract.datetext import find_dates
from warta.extract.encoding import decode
from warta.extract.guards import check_bytes, check_text, valid_text
from warta.extract.options import ExtractOptions
from warta.extract.timezones import default_zone
from warta.extract.urls import outlet as outlet_of_url
from warta.news.datelines import locate_dateline
from warta.news.glued import split_glued
from warta.news.layer import apply_text_layer
from warta.news.residue import split_residue
from warta.record import Article, Image, Paragraph, Removed

__all__ = ["Header", "extract_text", "extract_text_document", "normalise_text", "split_header"]

log = logging.getLogger(__name__)
_DEFAULT = ExtractOptions()

# Characters that stand for a plain space (no-break, figure, thin, narrow no-break,
# ideographic, tabs) and invisible ones that stand for nothing (BOM, zero-width, soft
# hyphen, word joiner).
_SPACES = "\u00a0\u1680\u202f\u205f\u3000\t\v\f" + "".join(map(chr, range(0x2000, 0x200B)))
_INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060\u00ad"
_TRANSLATE = str.maketrans(
    dict.fromkeys(_SPACES, " ") | dict.fromkeys(_INVISIBLE) | {"\u2028": "\n", "\u2029": "\n"}
)
# Whether a text holds any of those: most hold none, and str.translate walks a text that
# is not pure ASCII a character at a time through the table (about 0.2 ms for an article
# of 4,000 characters, a fifth of its plain-text extraction), where this search is cheap.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")
_NEWLINES = re.compile(r"\r\n?|\x85")
_RUN_OF_SPACES = re.compile(r" {2,}")
_BLANK_LINE = re.compile(r"\n[ ]*\n")

# Header shapes. A section label is a few words with no sentence punctuation ('Berita
# Internasional Terkini', 'Nasional'); a headline has no full stop at its end and fits in
# 200 characters (the longest titles of the shared id-news pages run to ~150); a deck is
# one or two sentences of ordinary length.
LABEL_MAX_WORDS = 5
LABEL_MAX_CHARS = 40
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_CHARS = 200
DECK_MIN_WORDS = 6
DECK_MAX_WORDS = 80
# The dateline that opens the body is looked for in this many first paragraphs: section,
# title, lead, a reporter or date line, and the dateline itself.
DATELINE_SCAN = 6
# With no dateline, the header is looked for in this many first lines: section, title and
# a date line.
NO_DATELINE_HEAD = 3
# A date line is at most this long, and at most this much of it is not the date: a weekday
# ('Kamis, '), a label ('Diperbarui: ') and separators.
DATE_LINE_MAX_CHARS = 80
DATE_LINE_SLACK = 20
_LABEL_PUNCTUATION = re.compile(r"[.!?:;,\"“”()\[\]|/]")
_STARTS_LIKE_TEXT = re.compile(r"[\"“‘'(]?[^\W_]")
_HEADLINE_END = re.compile(r"(?:[^\W_]|[?!\"”’')…]|\.\.\.)$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')]?$")
# A sentence end inside a line: a word of four lower-case letters or more (so not 'Prof.'
# or 'Jl.'), a stop and a capital; or a quotation closed on a comma ('"Kami siap," ujar').
_INNER_SENTENCE = re.compile(r"[a-z]{4,}[.!?][\"”’]?\s+[A-Z]|,[\"”’]\s")
_WORDS = re.compile(r"[^\W\d_]+")
_ADDRESS_START = re.compile(r"\S*(?:://|www\.)")

# The language test reads this much of the body: enough words for the shares to settle.
LANGUAGE_SAMPLE_CHARS = 3000
LANGUAGE_MIN_HITS = 8
LANGUAGE_MIN_SHARE = 0.10


@dataclass(slots=True)
class Header:
    """What :func:`split_header` found before the body, and where the body starts."""

    section: str | None = None
    title: str | None = None
    lead: str | None = None
    date_line: str | None = None
    body_start: int = 0
    provenance: dict[str, str] = field(default_factory=dict)


def extract_text(text: str, url: str | None = None, *, source: str | None = None) -> Article:
    """The article record recovered from scraped plain ``text`` (see the module docstring).

    ``url``, when known, gives the outlet; ``source`` is copied to the record. The record's
    provenance says ``mode: text``.
    """
    article = Article(source=source, url=url)
    article.provenance["mode"] = "text"
    clean = normalise_text(text)
    paragraphs = _clean_paragraphs(_lines(clean), article)
    header = split_header(paragraphs, starts_body=_starts_with_dateline)
    article.section, article.title, article.lead = header.section, header.title, header.lead
    article.provenance.update(header.provenance)
    article.paragraphs = [Paragraph("paragraph", p) for p in paragraphs[header.body_start :]]
    if article.paragraphs:
        article.provenance["body"] = "text:lines"
    apply_text_layer(article)
    _set_outlet(article)
    _set_language(article)
    if header.date_line is not None:
        _set_published(article, header.date_line)
    article.removed = _in_reading_order(article.removed, clean)
    return article


def extract_text_document(
    data: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    source: str | None = None,
    options: ExtractOptions | None = None,
) -> Article:
    """:func:`extract_text` on raw input, with the guards of :func:`warta.extract`.

    Takes the same arguments as :func:`warta.extract.pipeline.extract`, so the CLI's
    sandbox can run it. Bytes are decoded with the same cascade as pages (BOM,
    ``content_type`` charset, sniffing); empty, binary and oversized input becomes an error
    record, never an exception.
    """
    opts = options or _DEFAULT
    try:
        if isinstance(data, bytes):
            check_bytes(data, opts)
            decoded = decode(data, content_type)
            text, encoding = decoded.text, f"{decoded.signal}:{decoded.encoding}"
        else:
            text, encoding = valid_text(data), None
        check_text(text, opts)
    except WartaError as exc:
        exc.source = exc.source or source
        exc.url = exc.url or url
        log.info("rejected %s: %s", source or url or "<input>", exc)
        return Article(source=source, url=url, error=str(exc), provenance={"mode": "text"})
    article = extract_text(text, url, source=source)
    if encoding is not None:
        article.provenance["encoding"] = encoding
    return article


def normalise_text(text: str) -> str:
    """``text`` with one kind of line end and space, and no invisible characters."""
    text = _NEWLINES.sub("\n", text)
    if _TRANSLATED.search(text) is not None:
        text = text.translate(_TRANSLATE)
    return _RUN_OF_SPACES.sub(" ", text)


def _lines(text: str) -> list[str]:
    """The paragraphs of normalised text: one per line, hard wraps joined.

    A line continues the one before it (a hard wrap, seen in wire copy) when it starts in
    lower case and the line before ends with no sentence end: paragraphs start with a
    capital, a quote or a digit. An address on a line of its own stays separate.
    """
    out: list[list[str]] = []  # each paragraph's lines, joined once at the end
    for block in _BLANK_LINE.split(text):
        start = len(out)
        for line in (raw.strip() for raw in block.split("\n")):
            if not line:
                continue
            if len(out) > start and _continues(out[-1][-1], line):
                out[-1].append(line)
            else:
                out.append([line])
    return [" ".join(lines) for lines in out]


def _continues(previous: str, line: str) -> bool:
    ends = _SENTENCE_END.search(previous) is not None
    return line[0].islower() and not ends and _ADDRESS_START.match(line) is None


def _clean_paragraphs(lines: Sequence[str], article: Article) -> list[str]:
    """Lines without image residue (kept as images and removals), glued breaks split."""
    out: list[str] = []
    seen = {image.url for image in article.images}
    for line in lines:
        kept, residue = split_residue(line)
        for piece in residue:
            article.removed.append(Removed("image-url-residue", piece.text))
            if piece.url not in seen:
                seen.add(piece.url)
                article.images.append(Image(piece.url))
        if kept:
            out.extend(split_glued(kept))
    return out


def split_header(paragraphs: Sequence[str], *, starts_body: Callable[[str], bool]) -> Header:
    """Section, title, lead and a date line from the first paragraphs, and the body's start.

    When a paragraph among the first :data:`DATELINE_SCAN` opens with a dateline
    (``starts_body``), the lines before it are the header: a section label (only when a
    headline follows), a headline, then a date line and a deck sentence. Without a
    dateline the deck cannot be told from the first paragraph, so only a label, a headline
    and a date line are taken, and only when body paragraphs follow. Lines that fit none of
    these stay in the body, where the news layer may recognise them (a reporter line, a
    byline).
    """
    found = next((i for i, p in enumerate(paragraphs[:DATELINE_SCAN]) if starts_body(p)), None)
    end = found if found is not None else min(NO_DATELINE_HEAD, len(paragraphs) - 1)
    head = paragraphs[: max(end, 0)]
    header = Header()
    i = 0
    if len(head) >= 2 and _is_label(head[0]) and _is_title(head[1]):
        header.section, i = head[0], 1
        header.provenance["section"] = "text:label-line"
    if i < len(head) and _is_title(head[i]):
        header.title, i = head[i], i + 1
        header.provenance["title"] = "text:headline-line"
    while header.title and i < len(head):
        if header.date_line is None and _is_date_line(head[i]):
            header.date_line = head[i]
        elif header.lead is None and found is not None and _is_deck(head[i]):
            header.lead = head[i]
            header.provenance["lead"] = "text:deck-line"
        else:
            break
        i += 1
    header.body_start = i
    return header


def _is_title(line: str) -> bool:
    return _is_headline(line) and not _is_date_line(line)


def _is_date_line(line: str) -> bool:
    """A line that is a date and little else ('Kamis, 15 September 2022 10:05 WITA')."""
    if len(line) > DATE_LINE_MAX_CHARS or not any(c.isdigit() for c in line):
        return False
    found = find_dates(line)
    return bool(found) and len(line) - (found[0].end - found[0].start) <= DATE_LINE_SLACK


def _is_label(line: str) -> bool:
    """A section label: a few words, no sentence punctuation."""
    return (
        len(line) <= LABEL_MAX_CHARS
        and len(line.split()) <= LABEL_MAX_WORDS
        and line[0].isupper()
        and _LABEL_PUNCTUATION.search(line) is None
    )


def _is_headline(line: str) -> bool:
    """A headline: a few words to one long line, starting like text, no final full stop,
    and no sentence inside it (a short first paragraph ending in 'ujarnya' is no title)."""
    return (
        len(line) <= HEADLINE_MAX_CHARS
        and len(line.split()) >= HEADLINE_MIN_WORDS
        and _STARTS_LIKE_TEXT.match(line) is not None
        and not line[0].islower()
        and _HEADLINE_END.search(line) is not None
        and _INNER_SENTENCE.search(line) is None
    )


def _is_deck(line: str) -> bool:
    """A standfirst: sentence-like, of ordinary sentence length."""
    words = len(line.split())
    return (
        DECK_MIN_WORDS <= words <= DECK_MAX_WORDS
        and not line[0].islower()
        and _SENTENCE_END.search(line) is not None
    )


def _starts_with_dateline(paragraph: str) -> bool:
    found = locate_dateline(paragraph)
    if found is None:
        return False
    # A bare place and a dash also open headlines ('Jakarta - Bandung Macet Total').
    return found.dateline.outlet is not None or not _is_headline(paragraph)


def _set_published(article: Article, line: str) -> None:
    """The date line's date, naive times read in the outlet's or the language's zone."""
    site = article.url or (f"http://{article.outlet}" if article.outlet else None)
    language = article.language or ""
    if not language and _language_words()[3].intersection(_WORDS.findall(line.lower())):
        language = "id"
    zone, _ = default_zone(site, language)
    found = find_dates(line, default_zone=zone)
    article.removed.append(Removed("date-line", line))
    if found and article.published is None:
        article.published = found[0].value
        article.provenance["published"] = "text:date-line"


def _set_outlet(article: Article) -> None:
    """The outlet from the URL, else from a dateline that names a web address."""
    if article.outlet:
        return
    from_url = outlet_of_url(article.url)
    if from_url:
        article.outlet, article.provenance["outlet"] = from_url, "url"
        return
    token = article.dateline.outlet if article.dateline else None
    if token and _DOMAIN.fullmatch(token):
        article.outlet = outlet_of_url("http://" + token.lower())
        article.provenance["outlet"] = "dateline"


# A dateline outlet that is a web address: 'TRIBUNKALTIM.CO', 'KOMPAS.com', 'SURYA.co.id'.
_DOMAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z]{2,})+")


@lru_cache(maxsize=1)
def _language_words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(function words, Indonesian-only words, Malay-only words, date words), plaintext.toml."""
    raw = resources.files("warta.news").joinpath("plaintext.toml").read_text(encoding="utf-8")
    table = tomllib.loads(raw)["language"]
    return (
        frozenset(table["function_words"]),
        frozenset(table["indonesian_only"]),
        frozenset(table["malay_only"]),
        frozenset(table["date_words"]),
    )


def looks_indonesian(text: str) -> bool:
    """Whether ``text`` is clearly Indonesian, by a cheap stop-word test.

    Clearly means: at least :data:`LANGUAGE_MIN_HITS` Indonesian/Malay function words,
    making up at least :data:`LANGUAGE_MIN_SHARE` of the words, and no fewer words of
    Indonesian-only spelling than of Malay-only spelling (a short news text may have
    neither; Malay text shows 'kerana', 'bahawa', 'ialah' soon). Anything less gives no
    answer rather than a guess.
    """
    words = _WORDS.findall(text[:LANGUAGE_SAMPLE_CHARS].lower())
    function, indonesian, malay, _ = _language_words()
    hits = sum(w in function for w in words)
    if hits < LANGUAGE_MIN_HITS or hits < LANGUAGE_MIN_SHARE * len(words):
        return False
    return sum(w in indonesian for w in words) >= sum(w in malay for w in words)


def _set_language(article: Article) -> None:
    if article.language is None and looks_indonesian(article.body):
        article.language = "id"
        article.provenance["language"] = "text:stop-words"


def _in_reading_order(removed: list[Removed], text: str) -> list[Removed]:
    """``removed`` sorted by where each piece occurs in ``text``.

    Each step lists its pieces in reading order, so the search goes on from the last find
    and only starts over when a step's run begins (the text is read about once per step,
    and a repeated piece such as 'ADVERTISEMENT' gets its own place). A piece not found
    verbatim (a step normalised it) keeps its place after the piece before it.
    """
    keyed: list[tuple[int, int, Removed]] = []
    cursor = last = 0
    for order, piece in enumerate(removed):
        found = text.find(piece.text, cursor) if piece.text else -1
        if found < 0 and piece.text:
            found = text.find(piece.text)
        if found >= 0:
            last, cursor = found, found + len(piece.text)
        keyed.append((last, order, piece))
    keyed.sort(key=lambda item: (item[0], item[1]))
    return [piece for _, _, piece in keyed]
