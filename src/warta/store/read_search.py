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
  the cap are empty; ``per_page`` is at most :data:`MAX_PER_PAGE`. A ranking window
  that is not full holds every match, so its size is the total and nothing is counted;
- date filters are rowid ranges of the time keys; the other filters read the narrow
  ``article_facts`` rows.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from warta.search.analyzer import Analyzer
from warta.store.read_models import ArticleSummary, SearchHit, SearchPage
from warta.store.read_rows import SUMMARY_COLUMNS, Filters, day_bounds, summaries, summary_fields
from warta.store.read_snippets import Highlighter
from warta.store.search_index import KEY_DAY
from warta.store.search_query import ParsedQuery

__all__ = [
    "MAX_PER_PAGE",
    "RANK_WINDOW",
    "RECENCY_DAYS",
    "TOTAL_CAP",
    "Ranking",
    "rank",
    "search",
    "similar_articles",
]

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


def _ranked_sql(source: str) -> str:
    """The ranking window's matches, best first: ``(id, day, score, rows in window)``;
    parameters: the match's, the window, the limit and the offset."""
    newest = f"(SELECT max(stem_key) FROM article_facts) / {KEY_DAY}"
    recency = (
        f"CASE WHEN day > 0 THEN 1.0 / (1.0 + max(0, {newest} - day) / {RECENCY_DAYS}) ELSE 0 END"
    )
    return (
        f"SELECT id, day, -b * (1.0 + {recency}) AS score, count(*) OVER () AS n FROM ("
        f"SELECT {_ID} AS id, articles_stem.rowid / {KEY_DAY} AS day, "
        f"bm25(articles_stem, {WEIGHTS}) AS b {source} "
        "ORDER BY articles_stem.rowid DESC LIMIT ?) "
        "ORDER BY score DESC, day DESC, id DESC LIMIT ? OFFSET ?"
    )


def _page_rows(
    conn: sqlite3.Connection, match: str, filters: Filters, page: tuple[int, int]
) -> list[tuple[Any, ...]]:
    """One page (``(limit, offset)``) of ranked hits, best first, in one statement:
    ``(rows in the ranking window, score, *SUMMARY_COLUMNS, body)`` each.

    One statement rather than one for the ranking and two more for the rows' summaries
    and texts (and one for the newest day): besides its own cost, every statement and
    every row fetched lets other threads take the interpreter lock, which a busy server's
    thread must then win back (7 statements and some 65 fetches a search before, now 2
    and 21).
    """
    limit, offset = page
    source, params = _match_sql(match, filters)
    sql = (
        f"SELECT r.n, r.score, {SUMMARY_COLUMNS}, json_extract(a.record, '$.body') "
        f"FROM ({_ranked_sql(source)}) AS r JOIN articles AS a ON a.id = r.id "
        "ORDER BY r.score DESC, r.day DESC, r.id DESC"
    )
    window = max(RANK_WINDOW, offset + limit)
    return conn.execute(sql, [*params, window, limit, offset]).fetchall()


def _total(
    conn: sqlite3.Connection, match: str, filters: Filters, window: tuple[int | None, int]
) -> int:
    """The count of matches, given ``(rows in the ranking window, its size)``: the rows
    when the window is not full (it then holds every match), else a count (a second
    pass over the matches, up to TOTAL_CAP + 1)."""
    rows, size = window
    return rows if rows is not None and rows < size else _count(conn, match, filters)


@dataclass(frozen=True, slots=True)
class Ranking:
    """A query's best matches, to cut several pages of results from (:func:`rank`).

    ``ranked`` holds ``(id, score)`` of the first ``depth`` matches in rank order,
    ``total`` the count of matches up to ``TOTAL_CAP + 1``; ``match`` and ``filters``
    say what was ranked, so that a ranking is never applied to another query.
    """

    match: str
    filters: Filters
    ranked: tuple[tuple[int, float], ...]
    total: int

    def covers(self, parsed: ParsedQuery, filters: Filters, end: int) -> bool:
        """Whether this ranks ``parsed`` under ``filters`` down to result ``end``."""
        same = self.match == parsed.match and self.filters == filters
        return same and (end <= len(self.ranked) or len(self.ranked) >= self.total)


def rank(conn: sqlite3.Connection, parsed: ParsedQuery, filters: Filters, depth: int) -> Ranking:
    """The first ``depth`` matches of ``parsed`` in rank order, and the count.

    Ranking is most of a search's cost (bm25 over the window); the pages of one query
    share it (a reader going to page 2 costs a third of page 1, measured).
    """
    depth = min(max(1, depth), TOTAL_CAP)
    source, params = _match_sql(parsed.match, filters)
    window = max(RANK_WINDOW, depth)
    rows = conn.execute(_ranked_sql(source), [*params, window, depth, 0]).fetchall()
    total = _total(conn, parsed.match, filters, (rows[0][3] if rows else None, window))
    ranked = tuple((int(row[0]), float(row[2])) for row in rows)
    return Ranking(match=parsed.match, filters=filters, ranked=ranked, total=total)


def _ranked_rows(conn: sqlite3.Connection, ranked: Sequence[tuple[int, float]]) -> list[Any]:
    """``(_, score, *SUMMARY_COLUMNS, body)`` for ``ranked`` ``(id, score)``, in order (as
    :func:`_page_rows`); an article deleted since it was ranked is left out."""
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    rows = conn.execute(
        f"SELECT a.id, {SUMMARY_COLUMNS}, json_extract(a.record, '$.body') FROM articles AS a "
        f"WHERE a.id IN ({marks})",
        [i for i, _ in ranked],
    ).fetchall()
    found = {row[0]: row[1:] for row in rows}
    return [(None, score, *found[i]) for i, score in ranked if i in found]


def search(
    conn: sqlite3.Connection,
    parsed: ParsedQuery,
    filters: Filters,
    analyzer: Analyzer,
    *,
    page: int = 1,
    per_page: int = 20,
    ranking: Ranking | None = None,
) -> SearchPage:
    """One page of ranked, highlighted results for ``parsed`` (see the module doc), cut
    from ``ranking`` when it covers the page."""
    page, per_page = max(1, page), min(max(1, per_page), MAX_PER_PAGE)
    offset = (page - 1) * per_page
    if ranking is not None and ranking.covers(parsed, filters, offset + per_page):
        rows = _ranked_rows(conn, ranking.ranked[offset : offset + per_page])
        counted = ranking.total
    elif offset >= TOTAL_CAP:
        rows, counted = [], _count(conn, parsed.match, filters)
    else:
        rows = _page_rows(conn, parsed.match, filters, (per_page, offset))
        window = (rows[0][0] if rows else None, max(RANK_WINDOW, offset + per_page))
        counted = _total(conn, parsed.match, filters, window)
    return SearchPage(
        query=parsed.text,
        total=min(counted, TOTAL_CAP),
        page=page,
        per_page=per_page,
        hits=_hits(rows, Highlighter(parsed.terms, analyzer)),
        total_capped=counted > TOTAL_CAP,
    )


def _hits(rows: list[Any], highlighter: Highlighter) -> list[SearchHit]:
    """Search hits from ``(_, score, *SUMMARY_COLUMNS, body)`` rows."""
    hits = []
    for row in rows:
        fields = summary_fields(row[2:-1])
        hits.append(
            SearchHit(
                **fields,
                snippet=highlighter.first_matching((row[-1], fields["lead"])),
                score=float(row[1]),
            )
        )
    return hits


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
