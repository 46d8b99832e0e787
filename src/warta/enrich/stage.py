"""The enrichment stage: one article record in, the same record out with its meaning as data.

Each step reads what extraction left (title, lead, paragraphs, related titles, published)
and fills one group of fields: ``language`` (and each paragraph's), ``entities`` with
canonical names, ``quotes``, ``dates_mentioned``, ``keywords``, ``summary`` and ``topic``.
Models load on first use and stay loaded for the life of the :class:`Enricher`, so a worker
process pays for them once. Every step is offline: the models ship in the package.
"""

from __future__ import annotations

import bisect
import gc
import itertools
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from warta.enrich import canonical, keywords, language, quotes, sentences, summary, timex, topic
from warta.enrich.mentions import find_names
from warta.enrich.ner import load_tagger
from warta.record import Article, Entity

__all__ = ["EnrichOptions", "Enricher", "default_enricher", "enrich"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EnrichOptions:
    """What to compute; every step is on by default.

    ``keywords`` is how many keywords to keep and ``summary_sentences`` how many sentences
    the summary has (IndoSum's references, the benchmark, have about three).
    """

    language: bool = True
    entities: bool = True
    quotes: bool = True
    dates: bool = True
    keywords: int = 10
    summary_sentences: int = 3
    topic: bool = True


class Enricher:
    """Adds the enrichment fields to article records; counts what it did in ``counts``."""

    def __init__(self, options: EnrichOptions | None = None) -> None:
        self.options = options or EnrichOptions()
        self.counts: Counter[str] = Counter()

    def loaded(self) -> Enricher:
        """Load every model the options need now rather than on the first record, so that
        a missing library or model shows before any input is read."""
        opts = self.options
        if opts.language:
            language.identify("Presiden menyampaikan pidato di Jakarta pada hari Senin.")
        if opts.entities:
            load_tagger()
            canonical.load_table()
        if opts.topic:
            topic.load_classifier()
        # The models live as long as the process: taking them out of the cyclic
        # collector's view saves the ~5% of enrichment time it spent re-scanning them
        # (measured with benchmarks/bench_enrich.py).
        gc.freeze()
        return self

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        """The streaming form: enrich each record as it passes."""
        for article in articles:
            yield self.enrich(article)

    def enrich(self, article: Article) -> Article:
        """Fill the enrichment fields of ``article`` in place and return it.

        A record that carries an ``error`` passes untouched; one with no body gets empty
        fields, so that "ran, found nothing" differs from "not run" (``None``).
        """
        if article.error is not None:
            self.counts["skipped-error"] += 1
            return article
        opts = self.options
        body = article.body
        if opts.language:
            _languages(article)
        found = _entities(article) if opts.entities else []
        article.entities = found if opts.entities else article.entities
        persons = [e for e in found if e.type == "person" and e.field == "body"]
        if opts.quotes:
            article.quotes = quotes.find_quotes(body, persons)
        if opts.dates:
            article.dates_mentioned = timex.find_dates(body, article.published)
        if opts.keywords:
            text = "\n\n".join(t for t in (article.title, article.lead, body) if t)
            article.keywords = keywords.keywords(text, found, k=opts.keywords)
        if opts.summary_sentences:
            article.summary = _summary(article, opts.summary_sentences)
        if opts.topic:
            article.topic = topic.load_classifier().predict(_topic_text(article))
        self.counts["enriched" if body else "no-body"] += 1
        return article


def enrich(article: Article, options: EnrichOptions | None = None) -> Article:
    """Enrich one record with a fresh :class:`Enricher` (models are cached per process)."""
    return Enricher(options).enrich(article)


@cache
def default_enricher() -> Enricher:
    """One enricher per process with the default options, for worker processes."""
    return Enricher().loaded()


def _languages(article: Article) -> None:
    """The article's language from its body (kept when extraction already read it from
    the page's own markup and the text agrees) and each paragraph's."""
    texts = [p.text for p in article.paragraphs]
    # identify() itself reads only the opening (language.MAX_CHARS) of a long text.
    detected = language.identify("\n".join(texts)) if texts else None
    if detected is not None:
        article.language = detected
    for paragraph, code in zip(
        article.paragraphs,
        language.identify_paragraphs(texts, article.language),
        strict=True,
    ):
        paragraph.language = code


def _entities(article: Article) -> list[Entity]:
    """Entities of the lead, body, title and related-link titles, linked together so that
    'Putin' in the title and 'Vladimir Putin' in the body are one person.

    The tagger reads running text (lead and body). Headlines are set in title case, which
    a tagger trained on sentence-case news misreads ('Xi Jinping Temui Putin' as one
    name), so in the title and related titles only the table's names and the names the
    text itself established are taken.
    """
    tagger = load_tagger()
    table = canonical.load_table()
    found: list[Entity] = []
    for name, text in (("lead", article.lead), ("body", article.body)):
        if text:
            tagged = canonical.split_appositions(tagger.entities(text), table)
            found += _merged(tagged, canonical.find_known(text, table), name)
    headlines = [("title", article.title)] + [("related", r.title) for r in article.related]
    for name, text in headlines:
        if text:
            found += _merged(canonical.find_known(text, table), _echoes(text, found), name)
    canonical.link(found, table)
    _one_type_per_name(found)
    return found


def _one_type_per_name(found: list[Entity]) -> None:
    """Give every mention of one name in an article the type most of its mentions have.

    The tagger types each mention in its own context and sometimes disagrees with itself
    ('Shenzhen' a place here, an organisation there); the reader's entity pages are keyed
    by name and type, so the disagreement would split one entity in two.
    """
    votes = _tally((entity.canonical or entity.text, entity.type) for entity in found)
    for entity in found:
        counts = votes[entity.canonical or entity.text]
        if len(counts) > 1 and entity.id is None:
            entity.type = min(counts, key=lambda t: (-counts[t], t != "person", t))


def _echoes(text: str, known: list[Entity]) -> list[Entity]:
    """Mentions in ``text`` of names already found in running text, longest first; a
    name takes the type most of its mentions have."""
    types = _tally((entity.text, entity.type) for entity in known)
    return [
        Entity(name, _most_common(types[name]), start=start, end=end)
        for name, start, end in find_names(text, types)
    ]


def _tally(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """How often each name comes with each type."""
    votes: dict[str, dict[str, int]] = {}
    for name, kind in pairs:
        counts = votes.get(name)
        if counts is None:
            counts = votes[name] = {}
        counts[kind] = counts.get(kind, 0) + 1
    return votes


def _most_common(counts: dict[str, int]) -> str:
    return min(counts, key=lambda t: (-counts[t], t))


def _merged(first: list[Entity], second: list[Entity], field_name: str) -> list[Entity]:
    """``first``'s mentions plus ``second``'s where they overlap none of ``first``'s.

    The tagger decides spans in context; the table only adds what it missed (an acronym
    such as 'AS'), so a known name never splits a longer tagged one.
    """
    taken = sorted((e.start or 0, e.end or 0) for e in first)
    starts = [start for start, _ in taken]
    # The furthest end of the spans up to each one: a mention overlaps one of the spans
    # that start before its end exactly when the furthest of their ends passes its start.
    reach = list(itertools.accumulate((end for _, end in taken), max))
    extra = []
    for entity in second:
        before = bisect.bisect_left(starts, entity.end or 0)
        if not before or reach[before - 1] <= (entity.start or 0):
            extra.append(entity)
    merged = sorted(first + extra, key=lambda e: (e.start or 0, e.end or 0))
    for entity in merged:
        entity.field = field_name
    return merged


def _summary(article: Article, n: int) -> str | None:
    """The ``n`` best sentences of the body, in text order."""
    spans = [s for p in article.paragraphs for s in sentences.sentences(p.text)]
    if not spans:
        return None
    chosen = summary.summarize(spans, title=article.title, n=n)
    return " ".join(spans[i] for i in chosen)


def _topic_text(article: Article) -> str:
    return "\n".join(t for t in (article.title, article.lead, article.body) if t)
