"""Search and 'Baca juga' over the stemmed index (``articles_stem``).

Ranking: FTS5's bm25 over the analysed title, lead and body, weighted 5 : 2 : 1 (a word in
the title says more about the article than one in the body), times a recency factor::

    score = relevance x (1 + 1 / (1 + age / RECENCY_DAYS))

where relevance is ``-bm25`` (higher is better) and ``age`` the days between the article's
published day and the newest article's in the store (not today: a store of last year's
news still ranks its own newest first). The newest article's relevance counts double,
one a week older 1.5 times, one a month older about 1.2 times, an old or undated one
once: relevance decides between clearly better and worse matches, and among similar
matches the newer comes first. The factor is hyperbolic rather than exponential so SQLite
computes it without math functions.

Bounds, for speed on a large store:

- the ranking considers a query's newest :data:`RANK_WINDOW` matches (after filters;
  more when a deep page needs them). ``articles_stem`` rowids are time keys
  (:func:`~warta.store.search_index.stem_key`), so FTS5 hands those over first without
  scoring the rest: a word found in 30,000 articles costs what one found in 3,000 does.
  An older match outranks all of the newest ones only when its relevance is several
  times theirs, so little is lost;
- the total is counted up to :data:`TOTAL_CAP` (``total_capped`` says so); pages past
  the cap are empty; ``per_page`` is at most :data:`MAX_PER_PAGE`;
- date filters are rowid ranges of the time keys; the other filters read the narrow
  ``article_facts`` rows.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import asdict
from datetime import date
from typing import Any

from warta.search.analyzer import Analyzer
from warta.store.read_models import ArticleSummary, SearchHit, SearchPage
from warta.store.read_rows import Filters, day_bounds, summaries
from warta.store.read_snippets import snippet
from warta.store.search_index import KEY_DAY
from warta.store.search_query import ParsedQuery

__all__ = ["MAX_PER_PAGE", "RANK_WINDOW", "RECENCY_DAYS", "TOTAL_CAP", "search", "similar_articles"]

MAX_PER_PAGE = 100
TOTAL_CAP = 10_000
RANK_WINDOW = 2_000
RECENCY_DAYS = 7.0
WEIGHTS = "5.0, 2.0, 1.0"  # title, lead, body

# 'Baca juga': how many distinctive terms of the article make the query, and which.
SIMILAR_TERMS = 8
SIMILAR_MAX_SHARE = 0.01  # a term in more than 1% of articles says little
_SIMILAR_CANDIDATES = 30
# 'Baca juga' ranks the newest this many articles sharing a term, and reads this many of
# the best to leave syndicated copies out.
_SIMILAR_WINDOW = 1_000
_SIMILAR_READ = 60
_FIELD_WEIGHT = {"title": 3, "lead": 2, "body": 1}
_BODY_TERMS = 400
_NOT_WORD = re.compile(r"\W+")
_ID = f"(articles_stem.rowid % {KEY_DAY})"


def _key(day: str | date) -> int:
    """The first time key of ``day``."""
    return date.fromisoformat(day_bounds(day)[0]).toordinal() * KEY_DAY


def _match_sql(match: str, filters: Filters) -> tuple[str, list[Any]]:
    """``FROM ... WHERE ...`` over articles_stem for ``match`` and ``filters``."""
    where: list[str] = ["articles_stem MATCH ?"]
    params: list[Any] = [match]
    for start, end in ((filters.since, None), (None, filters.until), (filters.day, filters.day)):
        if start is not None:
            where.append("articles_stem.rowid >= ?")
            params.append(_key(start))
        if end is not None:
            where.append("articles_stem.rowid < ?")
            params.append(_key(day_bounds(end)[1]))
    joined = False
    for column, value in (
        ("outlet", filters.outlet),
        ("section", filters.section),
        ("language", filters.language),
        ("topic", filters.topic),
    ):
        if value is not None:
            where.append(f"f.{column} = ?")
            params.append(value)
            joined = True
    if filters.entity_keys is not None:
        marks = ",".join("?" * len(filters.entity_keys)) or "NULL"
        # The entity's time keys become one in-memory set checked against each match.
        # The unary + keeps SQLite from looking each key up in FTS5 instead, which costs
        # up to a millisecond per key (measured: 533 ms against 9 ms for 347 articles).
        where.append(
            "+articles_stem.rowid IN (SELECT f.stem_key FROM entity_mentions AS m JOIN "
            f"article_facts AS f ON f.id = m.article_id WHERE m.key IN ({marks}))"
        )
        params.extend(filters.entity_keys)
    # Joined on an expression of the rowid, so FTS5 stays the outer loop (in rowid order).
    join = f" JOIN article_facts AS f ON f.id = {_ID}" if joined else ""
    return f"FROM articles_stem{join} WHERE {' AND '.join(where)}", params


def _count(conn: sqlite3.Connection, match: str, filters: Filters) -> int:
    """Matches up to TOTAL_CAP + 1 (one more says the cap was reached)."""
    source, params = _match_sql(match, filters)
    sql = f"SELECT count(*) FROM (SELECT 1 {source} LIMIT ?)"
    return int(conn.execute(sql, [*params, TOTAL_CAP + 1]).fetchone()[0])


def _ranked(
    conn: sqlite3.Connection, match: str, filters: Filters, page: tuple[int, int]
) -> list[tuple[int, float]]:
    """``(id, score)`` of one page (``(limit, offset)``), best first (higher is better)."""
    limit, offset = page
    row = conn.execute("SELECT max(stem_key) FROM article_facts").fetchone()
    newest = (row[0] or 0) // KEY_DAY
    source, params = _match_sql(match, filters)
    window = max(RANK_WINDOW, offset + limit)
    recency = f"CASE WHEN day > 0 THEN 1.0 / (1.0 + max(0, ? - day) / {RECENCY_DAYS}) ELSE 0 END"
    sql = (
        f"SELECT id, b * (1.0 + {recency}) AS score FROM ("
        f"SELECT {_ID} AS id, articles_stem.rowid / {KEY_DAY} AS day, "
        f"bm25(articles_stem, {WEIGHTS}) AS b {source} "
        "ORDER BY articles_stem.rowid DESC LIMIT ?) "
        "ORDER BY score, day DESC, id DESC LIMIT ? OFFSET ?"
    )
    rows = conn.execute(sql, [newest, *params, window, limit, offset]).fetchall()
    return [(int(i), -float(s)) for i, s in rows]


def search(
    conn: sqlite3.Connection,
    parsed: ParsedQuery,
    filters: Filters,
    analyzer: Analyzer,
    *,
    page: int = 1,
    per_page: int = 20,
) -> SearchPage:
    """One page of ranked, highlighted results for ``parsed`` (see the module doc)."""
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    counted = _count(conn, parsed.match, filters)
    offset = (page - 1) * per_page
    ranked = (
        []
        if offset >= min(counted, TOTAL_CAP)
        else _ranked(conn, parsed.match, filters, (per_page, offset))
    )
    texts = _texts(conn, [i for i, _ in ranked])
    hits = []
    for summary, (_, score) in zip(summaries(conn, [i for i, _ in ranked]), ranked, strict=True):
        hits.append(
            SearchHit(
                **asdict(summary),
                snippet=_best_snippet(texts.get(summary.id, ()), parsed.terms, analyzer),
                score=score,
            )
        )
    return SearchPage(
        query=parsed.text,
        total=min(counted, TOTAL_CAP),
        page=page,
        per_page=per_page,
        hits=hits,
        total_capped=counted > TOTAL_CAP,
    )


def _texts(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str | None, str | None]]:
    """``id -> (body, lead)`` for the snippets of one page."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = conn.execute(
        f"SELECT id, json_extract(record, '$.body'), json_extract(record, '$.lead') "
        f"FROM articles WHERE id IN ({marks})",
        ids,
    ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def _best_snippet(
    texts: tuple[str | None, ...], terms: frozenset[str], analyzer: Analyzer
) -> list[tuple[str, bool]]:
    """The snippet from the body, else from the lead when only the lead matches."""
    fallback: list[tuple[str, bool]] = []
    for text in texts:
        pieces, matched = snippet(text, terms, analyzer)
        if matched:
            return pieces
        fallback = fallback or pieces
    return fallback


def _key_terms(conn: sqlite3.Connection, article_id: int) -> list[str]:
    """The article's most distinctive stems: frequent in it, rare in the store (tf-idf)."""
    row = conn.execute(
        "SELECT title, lead, body FROM articles_stem WHERE rowid = "
        "(SELECT stem_key FROM article_facts WHERE id = ?)",
        (article_id,),
    ).fetchone()
    if row is None:
        return []
    counts: Counter[str] = Counter()
    for name, text in zip(_FIELD_WEIGHT, row, strict=True):
        for term in (text or "").split()[:_BODY_TERMS]:
            if len(term) > 2 and not term.isdigit():
                counts[term] += _FIELD_WEIGHT[name]
    total = max(1, int(conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]))
    most = int(max(SIMILAR_MAX_SHARE * total, min(50, total // 2)))
    scored = []
    for term, _ in counts.most_common(_SIMILAR_CANDIDATES):
        # Documents holding the term, counted only up to the most allowed: a count that
        # stops early is cheap, where fts5vocab walks a common term's whole list.
        df = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM articles_stem WHERE articles_stem MATCH ? "
            "LIMIT ?)",
            (f'"{term}"', most + 1),
        ).fetchone()[0]
        if 1 < df <= most:
            scored.append((counts[term] / df, term))
    return [term for _, term in sorted(scored, reverse=True)[:SIMILAR_TERMS]]


def _copy_key(summary: ArticleSummary) -> str:
    """What an exact syndicated copy shares with its original: title and lead, folded."""
    return _NOT_WORD.sub(" ", f"{summary.title or ''} {summary.lead or ''}".lower()).strip()


def similar_articles(conn: sqlite3.Connection, article_id: int, k: int) -> list[ArticleSummary]:
    """'Baca juga': up to ``k`` other articles sharing the most distinctive terms.

    The query ORs the article's :data:`SIMILAR_TERMS` most distinctive stems (tf-idf,
    among terms found in at most 1% of articles); the newest :data:`_SIMILAR_WINDOW`
    matches are ranked by bm25. Syndicated copies of the article (same title, or same
    title and lead once folded) are left out, and so are copies among the results: a
    copy is not further reading.
    """
    terms = _key_terms(conn, article_id)
    own = summaries(conn, [article_id])
    if not terms or not own:
        return []
    match = " OR ".join(f'"{t}"' for t in terms)
    rows = conn.execute(
        f"SELECT id FROM (SELECT {_ID} AS id, bm25(articles_stem, {WEIGHTS}) AS b "
        "FROM articles_stem WHERE articles_stem MATCH ? ORDER BY articles_stem.rowid DESC "
        "LIMIT ?) WHERE id != ? ORDER BY b LIMIT ?",
        (match, _SIMILAR_WINDOW, article_id, _SIMILAR_READ),
    ).fetchall()
    seen = {_copy_key(own[0])}
    out: list[ArticleSummary] = []
    for summary in summaries(conn, [r[0] for r in rows]):
        key = _copy_key(summary)
        if key not in seen and summary.title != own[0].title:
            seen.add(key)
            out.append(summary)
        if len(out) == k:
            break
    return out
