"""The text stage of the Indonesian news layer: one pass over an article's paragraphs.

Whatever produced the paragraphs (an HTML page or scraped plain text), the same patterns
sit in them: inserts, bylines, republication notices, credits to other outlets, a dateline
in front of the first paragraph and editor initials behind the last. This stage moves each
into its field and records every cut in ``article.removed`` with its kind and exact text,
in reading order, so body plus removed still cover everything the page showed.

It is built to be cheap: each recogniser starts with an anchored or pre-tested pattern, so
a paragraph of ordinary prose costs a few failed matches; the dateline is looked for only
in the first paragraph, initials and end markers only at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warta.extract.names import add_credited
from warta.news.attributions import find_attributions, merge_attributions, normalise_source
from warta.news.credits import (
    Credits,
    is_bare_label,
    parse_credit_line,
    read_credits,
    split_credit_tail,
)
from warta.news.datelines import locate_dateline
from warta.news.inserts import (
    Insert,
    box_item,
    classify_insert,
    cut_inline_inserts,
    cut_tail_markers,
)
from warta.news.republish import find_notices
from warta.record import Article, Attribution, Paragraph, Related, Removed

__all__ = ["apply_text_layer"]

# Whole-paragraph inserts and footers are short; prose paragraphs skip those tests.
MAX_INSERT_CHARS = 400
# A bare footer label ('Penulis', 'Editor:') is never longer than this.
MAX_LABEL_CHARS = 16
# The dateline opens one of the first paragraphs (after a caption or a label at most).
DATELINE_PARAGRAPHS = 3
# How many paragraphs from the end may hold initials, end markers and footers.
TAIL_PARAGRAPHS = 4
_FOOTER_IN_NOTICE = re.compile(r"(?i)\b(?:penulis|editor|reporter|pewarta)\s*:")
_SENTENCE_END = (".", "!", "?")
# The test every paragraph pays: the stems of the credit cues ('mengutip' is meng- + kutip
# with the k dropped), of a republication notice, and of an insert glued inside text.
# Substring tests on the lower-cased text are several times faster than one regex search.
_INSIDE_STEMS = (
    "lansir",
    "kutip",
    "ngutip",
    "laporan",
    "diberitakan",
    "ini telah",
    "ini sudah",
    "ini pernah",
    "baca",
    "simak",
    "lihat",
    "gambas",
    "advertisement",
    "scroll to",
)


@dataclass(slots=True)
class _Run:
    """What one pass found; applied to the article at the end, in reading order."""

    article: Article
    kept: list[tuple[int, Paragraph]] = field(default_factory=list)
    cuts: list[tuple[int, int, Removed]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    # Captions known by shape only, held back until the whole body has been seen.
    captions: list[tuple[int, Paragraph, Insert]] = field(default_factory=list)

    def cut(self, index: int, order: int, kind: str, text: str) -> None:
        # The text is kept exactly as it stood ('TRIBUNKALTIM.CO - ' with its space).
        if text.strip():
            self.cuts.append((index, order, Removed(kind, text)))

    def credit(self, index: int, order: int, credits: Credits, *, cut: bool = True) -> None:
        """Names and sources to the run; the footer text to removed unless already cut."""
        if cut:
            self.cut(index, order, "copyright" if credits.copyright else "byline", credits.text)
        self.authors.extend(credits.authors)
        self.editors.extend(credits.editors)
        for source in credits.sources:
            name = normalise_source(source) or source
            self.attributions.append(Attribution(source=name, cue="sumber"))


def apply_text_layer(article: Article) -> None:
    """Move the Indonesian news patterns out of ``article.paragraphs`` into their fields.

    Title and lead are read-only here. Fields already set (dateline, section,
    republished_from) are kept; the text is still cut from the body.
    """
    run = _Run(article)
    _scan(run)
    _settle_captions(run)
    _take_dateline(run)
    _trim_tail(run)
    _finish(run)


def _scan(run: _Run) -> None:
    """Whole-paragraph inserts, footers, notices, inline inserts and credits, in order."""
    paragraphs = run.article.paragraphs
    in_box = False
    skip = -1
    for index, paragraph in enumerate(paragraphs):
        if index == skip:
            continue
        text = paragraph.text
        if in_box and _box_entry(run, index, paragraph):
            continue
        in_box = False
        if len(text) <= MAX_LABEL_CHARS and is_bare_label(text) and index + 1 < len(paragraphs):
            value = paragraphs[index + 1].text
            if value.lstrip().startswith(":"):
                run.cut(index, 0, "byline", text)
                run.cut(index + 1, 0, "byline", value)
                credits = read_credits(f"{text.strip()} {value.strip()}")
                run.credit(index + 1, 0, credits, cut=False)
                skip = index + 1
                continue
        if len(text) <= MAX_INSERT_CHARS:
            whole = _whole(run, index, paragraph)
            if whole is not None:
                in_box = whole.kind == "related-link" and whole.title is None
                continue
        _inside(run, index, paragraph)


def _box_entry(run: _Run, index: int, paragraph: Paragraph) -> bool:
    """A title line in a related box ('• Title' or a list item that is no sentence)."""
    text = paragraph.text.strip()
    title = box_item(text)
    if title is None and paragraph.kind == "list-item":
        title = text
    if not title or title.endswith(_SENTENCE_END):
        return False
    run.article.related.append(Related(title=title, url=None))
    run.cut(index, 0, "related-link", paragraph.text)
    return True


def _whole(run: _Run, index: int, paragraph: Paragraph) -> Insert | None:
    """Record a paragraph that is wholly a footer or an insert; None when it is text."""
    text = paragraph.text
    # A reporter line glued to the dateline opens the first paragraph: that is the
    # article's start, read by _take_dateline, not a footer.
    if index < DATELINE_PARAGRAPHS and locate_dateline(text) is not None:
        return None
    credits = parse_credit_line(text)
    if credits is not None:
        run.credit(index, 0, credits)
        return Insert("byline", text)
    insert = classify_insert(text)
    if insert is None:
        return None
    if insert.weak:
        run.captions.append((index, paragraph, insert))
    else:
        _record_insert(run, index, 0, insert)
    return insert


def _settle_captions(run: _Run) -> None:
    """Cut captions known by shape, unless they are most of the body (a photo gallery)."""
    if not run.captions:
        return
    if len(run.captions) * 2 > len(run.captions) + len(run.kept):
        for index, paragraph, _ in run.captions:
            _inside(run, index, paragraph)
        run.kept.sort(key=lambda item: item[0])
    else:
        for index, _, insert in run.captions:
            _record_insert(run, index, 0, insert)


def _record_insert(run: _Run, index: int, order: int, insert: Insert) -> None:
    run.cut(index, order, insert.kind, insert.text)
    if insert.kind == "related-link" and insert.title:
        run.article.related.append(Related(title=insert.title, url=None))
    elif insert.kind == "caption":
        _attach_caption(run.article, insert)


def _attach_caption(article: Article, insert: Insert) -> None:
    """Give the caption to the first image that has none; a caption alone is only cut."""
    for image in article.images:
        if image.caption is None:
            image.caption = insert.caption
            image.credit = image.credit or insert.credit
            return


def _inside(run: _Run, index: int, paragraph: Paragraph) -> None:
    """Notices and glued inserts cut from inside a paragraph; credits read from it."""
    text = paragraph.text
    if not _has_stem(text):
        run.kept.append((index, paragraph))
        return
    notices = find_notices(text)
    if notices:
        for order, notice in enumerate(notices, start=1):
            _record_notice(run, index, order, text[notice.start : notice.end])
            if run.article.republished_from is None:
                run.article.republished_from = notice.republication
                run.article.provenance["republished_from"] = "text:republication"
        text = text[: notices[0].start].rstrip()
    text, inserts = cut_inline_inserts(text)
    for order, insert in enumerate(inserts, start=100):
        _record_insert(run, index, order, insert)
    run.attributions.extend(find_attributions(text))
    if text:
        run.kept.append((index, Paragraph(paragraph.kind, text)))


def _has_stem(text: str) -> bool:
    """Whether ``text`` holds one of the inside stems."""
    lowered = text.lower()
    return any(stem in lowered for stem in _INSIDE_STEMS)


def _record_notice(run: _Run, index: int, order: int, notice: str) -> None:
    """A notice's text goes to removed; a byline printed after its address to names."""
    footer = _FOOTER_IN_NOTICE.search(notice)
    if footer is None:
        run.cut(index, order, "republication", notice)
        return
    run.cut(index, order, "republication", notice[: footer.start()])
    run.credit(index, order, read_credits(notice[footer.start() :]))


def _take_dateline(run: _Run) -> None:
    """Cut the dateline (with a glued section label or reporter line) off the first paragraph."""
    if not run.kept:
        return
    index, paragraph = run.kept[0]
    found = locate_dateline(paragraph.text)
    if found is None:
        return
    article = run.article
    if found.section is not None:
        run.cut(index, -3, "section-label", found.section)
        if article.section is None:
            article.section = found.section
            article.provenance["section"] = "text:dateline"
    if found.reporter is not None:
        run.credit(index, -2, read_credits(found.reporter))
    run.cut(index, -1, "dateline", paragraph.text[found.start : found.end])
    if article.dateline is None:
        article.dateline = found.dateline
        article.provenance["dateline"] = "text:dateline"
    rest = paragraph.text[found.end :].strip()
    if rest:
        run.kept[0] = (index, Paragraph(paragraph.kind, rest))
    else:
        run.kept.pop(0)


def _trim_tail(run: _Run) -> None:
    """Cut initials, end markers, page labels and footers off the last paragraphs."""
    for _ in range(TAIL_PARAGRAPHS):
        if not run.kept:
            return
        index, paragraph = run.kept[-1]
        text = paragraph.text
        if is_bare_label(text):
            run.cut(index, 0, "byline", text)
            run.kept.pop()
            continue
        text, markers = cut_tail_markers(text)
        text, credits = split_credit_tail(text)
        if credits is not None:
            run.credit(index, 10**6, credits)
            text, more = cut_tail_markers(text)
            markers = more + markers
        for order, marker in enumerate(markers, start=10**6 + 1):
            run.cut(index, order, marker.kind, marker.text)
        if not text:
            # The whole paragraph was tail matter: look at the one before it too.
            run.kept.pop()
            continue
        run.kept[-1] = (index, Paragraph(paragraph.kind, text))
        return


def _finish(run: _Run) -> None:
    """Write paragraphs, names, credits and removals back to the article."""
    article = run.article
    article.paragraphs = [p for _, p in run.kept]
    run.cuts.sort(key=lambda cut: (cut[0], cut[1]))
    article.removed.extend(record for _, _, record in run.cuts)
    if any(r.kind == "related-link" for _, _, r in run.cuts) and article.related:
        article.provenance.setdefault("related", "text:related-link")
    _add_names(article, "authors", run.authors)
    _add_names(article, "editors", run.editors)
    merged = merge_attributions(article.attributions, run.attributions)
    if len(merged) > len(article.attributions):
        article.attributions = merged
        article.provenance.setdefault("attributions", "text:attribution")


def _add_names(article: Article, name: str, found: list[str]) -> None:
    add_credited(article, name, found, "text:byline")
