"""The reader's page queries on one connection: lists, facets, entity and outlet pages.

Every query is bounded by a LIMIT (or by the rows of one entity or outlet) and reads
through an index of migration 3 (see :mod:`warta.store.search_index`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from warta.news.sections import section_order
from warta.store.read_models import (
    ArticleSummary,
    EntityView,
    Facets,
    OutletView,
    QuoteView,
    SectionBlock,
)
from warta.store.read_rows import SUMMARY_COLUMNS, Filters, summaries, summary_from_row

__all__ = [
    "COOCCURRENCE_ARTICLES",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "entity_index",
    "entity_view",
    "facets",
    "front_page",
    "latest",
    "outlet_view",
    "resolve_entity",
]

MAX_LIMIT = 100
MAX_OFFSET = 10_000
FACET_DAYS = 366
COOCCURRENCE_ARTICLES = 1_000
QUOTES = 20
ENTITY_LATEST = 20
TIMELINE_DAYS = 3_660


def latest(
    conn: sqlite3.Connection, filters: Filters, *, limit: int = 20, offset: int = 0
) -> list[ArticleSummary]:
    """Newest first (by the published time as the page states it); undated ones last."""
    clauses, params = filters.sql()
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    limit, offset = min(max(0, limit), MAX_LIMIT), min(max(0, offset), MAX_OFFSET)
    rows = conn.execute(
        f"SELECT {SUMMARY_COLUMNS} FROM articles AS a {where}"
        "ORDER BY a.published DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [summary_from_row(row) for row in rows]


def _facet(conn: sqlite3.Connection, dim: str) -> list[tuple[str, int]]:
    order = "value DESC" if dim == "day" else "n DESC, value"
    limit = FACET_DAYS if dim == "day" else 1_000
    rows = conn.execute(
        f"SELECT value, n FROM facet_counts WHERE dim = ? ORDER BY {order} LIMIT ?", (dim, limit)
    ).fetchall()
    return [(str(v), int(n)) for v, n in rows]


def facets(conn: sqlite3.Connection) -> Facets:
    """Articles per outlet, language, day, section and topic (kept by triggers: no scan)."""
    return Facets(
        outlets=_facet(conn, "outlet"),
        languages=_facet(conn, "language"),
        days=_facet(conn, "day"),
        sections=_facet(conn, "section"),
        topics=_facet(conn, "topic"),
    )


def front_page(conn: sqlite3.Connection, filters: Filters, per_section: int) -> list[SectionBlock]:
    """The newest ``per_section`` articles of each section, sections in the fixed order of
    ``sections.toml`` (then by size for any other); empty sections are left out."""
    sizes = dict(_facet(conn, "section"))
    order = {name: n for n, name in enumerate(section_order())}
    names = sorted(sizes, key=lambda s: (order.get(s, len(order)), -sizes[s], s))
    blocks = []
    for name in names:
        scoped = Filters(**{**_fields(filters), "section": name})
        articles = latest(conn, scoped, limit=per_section)
        if articles:
            blocks.append(SectionBlock(section=name, articles=articles, total=sizes[name]))
    return blocks


def _fields(filters: Filters) -> dict[str, Any]:
    return {name: getattr(filters, name) for name in Filters.__dataclass_fields__}


def resolve_entity(conn: sqlite3.Connection, key_or_name: str) -> list[str]:
    """Entity keys for a key (``Q76``, ``person:Joko Widodo``) or a canonical name (any
    case; a name shared by several entities gives them all, most covered first)."""
    row = conn.execute("SELECT key FROM entities WHERE key = ?", (key_or_name,)).fetchone()
    if row is not None:
        return [row[0]]
    rows = conn.execute(
        "SELECT key FROM entities WHERE canonical = ? ORDER BY articles DESC LIMIT 10",
        (key_or_name,),
    ).fetchall()
    return [r[0] for r in rows]


def _quotes(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...]) -> list[QuoteView]:
    rows = conn.execute(
        "SELECT q.article_id, q.text, q.speaker, q.speaker_key, q.direct, q.day, a.title, "
        f"a.outlet FROM article_quotes AS q JOIN articles AS a ON a.id = q.article_id {sql}",
        params,
    ).fetchall()
    return [
        QuoteView(
            article_id=r[0],
            text=r[1],
            speaker=r[2],
            speaker_key=r[3],
            direct=bool(r[4]),
            day=r[5],
            title=r[6],
            outlet=r[7],
        )
        for r in rows
    ]


def _cooccurring(conn: sqlite3.Connection, key: str) -> list[tuple[str, str, str, int]]:
    """Entities named in the same articles, among the entity's latest articles."""
    rows = conn.execute(
        "SELECT m.key, e.canonical, e.type, count(*) AS n FROM "
        "(SELECT article_id FROM entity_mentions WHERE key = ? ORDER BY day DESC LIMIT ?) AS s "
        "JOIN entity_mentions AS m ON m.article_id = s.article_id AND m.key != ? "
        "JOIN entities AS e ON e.key = m.key GROUP BY m.key ORDER BY n DESC, m.key LIMIT 20",
        (key, COOCCURRENCE_ARTICLES, key),
    ).fetchall()
    return [(str(k), str(c), str(t), int(n)) for k, c, t, n in rows]


def entity_view(conn: sqlite3.Connection, key_or_name: str) -> EntityView | None:
    """An entity's page, by key or canonical name; None when no article names it."""
    keys = resolve_entity(conn, key_or_name)
    if not keys:
        return None
    key, canonical, kind, wikidata, count = conn.execute(
        "SELECT key, canonical, type, wikidata, articles FROM entities WHERE key = ?", (keys[0],)
    ).fetchone()
    per_day = conn.execute(
        "SELECT day, count(*) FROM entity_mentions WHERE key = ? AND day IS NOT NULL "
        "GROUP BY day ORDER BY day DESC LIMIT ?",
        (key, TIMELINE_DAYS),
    ).fetchall()
    outlets = conn.execute(
        "SELECT outlet, count(*) AS n FROM entity_mentions WHERE key = ? AND outlet IS NOT NULL "
        "GROUP BY outlet ORDER BY n DESC, outlet LIMIT 50",
        (key,),
    ).fetchall()
    ids = conn.execute(
        "SELECT article_id FROM entity_mentions WHERE key = ? ORDER BY day DESC LIMIT ?",
        (key, ENTITY_LATEST),
    ).fetchall()
    return EntityView(
        key=key,
        canonical=canonical,
        type=kind,
        wikidata=wikidata,
        articles=int(count),
        mentions_per_day=[(str(d), int(n)) for d, n in reversed(per_day)],
        cooccurring=_cooccurring(conn, key),
        quotes_by=_quotes(
            conn, "WHERE q.speaker_key = ? ORDER BY q.day DESC LIMIT ?", (key, QUOTES)
        ),
        quotes_about=_quotes(
            conn,
            "WHERE q.id IN (SELECT quote_id FROM quote_mentions WHERE key = ? "
            "ORDER BY day DESC LIMIT ?) AND q.speaker_key IS NOT ? ORDER BY q.day DESC",
            (key, QUOTES * 2, key),
        )[:QUOTES],
        outlets=[(str(o), int(n)) for o, n in outlets],
        latest=_by_published(summaries(conn, [r[0] for r in ids])),
    )


def _by_published(items: list[ArticleSummary]) -> list[ArticleSummary]:
    return sorted(items, key=lambda a: (a.published or "", a.id), reverse=True)


def outlet_view(conn: sqlite3.Connection, domain: str, *, limit: int = 20) -> OutletView | None:
    """An outlet's page; None when the store has no article from ``domain``."""
    row = conn.execute(
        "SELECT n FROM facet_counts WHERE dim = 'outlet' AND value = ?", (domain,)
    ).fetchone()
    if row is None:
        return None
    per_day = conn.execute(
        "SELECT substr(published, 1, 10) AS d, count(*) FROM articles "
        "WHERE outlet = ? AND published IS NOT NULL GROUP BY d ORDER BY d DESC LIMIT ?",
        (domain, TIMELINE_DAYS),
    ).fetchall()
    sections = Counter(
        dict(
            conn.execute(
                "SELECT section_norm, count(*) FROM articles WHERE outlet = ? GROUP BY 1",
                (domain,),
            ).fetchall()
        )
    )
    return OutletView(
        domain=domain,
        articles=int(row[0]),
        articles_per_day=[(str(d), int(n)) for d, n in reversed(per_day)],
        sections=[(str(s), int(n)) for s, n in sections.most_common() if s is not None],
        latest=latest(conn, Filters(outlet=domain), limit=limit),
    )


def entity_index(
    conn: sqlite3.Connection, prefix: str | None, limit: int, kind: str | None = None
) -> list[tuple[str, str, str, int]]:
    """``(key, canonical, type, articles)``, most covered first; ``prefix`` matches the
    start of the canonical name (ASCII case ignored), ``kind`` the type."""
    clauses, params = [], []
    if prefix:
        clauses.append("canonical >= ? AND canonical < ?")
        params += [prefix, prefix + "\U0010ffff"]
    if kind:
        clauses.append("type = ?")
        params.append(kind)
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    rows = conn.execute(
        f"SELECT key, canonical, type, articles FROM entities {where}"
        "ORDER BY articles DESC, key LIMIT ?",
        [*params, min(max(0, limit), 1_000)],
    ).fetchall()
    return [(str(k), str(c), str(t), int(n)) for k, c, t, n in rows]
