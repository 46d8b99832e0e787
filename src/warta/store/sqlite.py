"""The embedded store: one SQLite file, no server, nothing lost.

Every input ends as exactly one row of ``inputs``: an article (new or changed), a
duplicate of a stored article, or a rejected record with its reason. :meth:`Store.save_batch`
writes a whole batch in one ``BEGIN IMMEDIATE`` transaction, so after a crash (even
``kill -9``) the file holds every committed batch complete and nothing of the batch in
flight; a run restarted that skips the inputs :meth:`Store.is_done` knows (and the pieces
:meth:`Store.done_piece` covers) redoes nothing. The schema and the row rules live in
:mod:`warta.store.schema`.

One :class:`Store` belongs to one thread. Readers (export, stats, search) may open the
same file while an ingest writes: WAL mode lets them read the last committed state.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Generator, Iterator, Sequence
from contextlib import suppress
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from warta.record import Article
from warta.search.analyzer import shared_analyzer
from warta.store import checkpoints, done_pieces, pages, schema, search_index
from warta.store.connection import (
    BadQuery,
    StoreBusy,
    StoreError,
    check_schema,
    connect,
    migrate,
    now,
    transaction,
)
from warta.store.export import stored_rows
from warta.store.read_snippets import Highlighter
from warta.store.refetch import save_again
from warta.store.refresh import keep_fetched, stored_validators
from warta.store.results import BatchResult, SearchHit, StoredArticle
from warta.store.search_query import parse_query
from warta.store.writes import (
    find_article,
    insert_article,
    keep_duplicate,
    known_version,
    record_input,
    replace_article,
)

__all__ = ["BadQuery", "Store", "StoreBusy", "StoreError", "migrate"]

log = logging.getLogger(__name__)

# Words in a search hit's snippet: about the dozen tokens the old FTS5 snippet() gave.
SNIPPET_WORDS = 12


class Store:
    """One SQLite file holding articles, their versions, inputs and rejections.

    Opening applies missing migrations (unless ``readonly``, which refuses a file that
    needs them). Use as a context manager or call :meth:`close`. A store is used by the
    thread that opened it, unless ``threaded``: then by any thread, one at a time.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, threaded: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._conn = connect(self.path, readonly, threaded=threaded)
        # The schema versions this opening applied (none when the file was up to date).
        self.migrated: tuple[int, ...] = ()
        try:
            if readonly:
                check_schema(self._conn, self.path)
            else:
                self.migrated = tuple(migrate(self._conn))
        except (sqlite3.Error, StoreError) as exc:
            self._conn.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot open {self.path} as a store: {exc}") from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file; ``PRAGMA optimize`` first, as SQLite advises before closing."""
        with suppress(sqlite3.Error):
            if not self.readonly:
                self._conn.execute("PRAGMA optimize")
        self._conn.close()

    def defer_checkpoints(self) -> None:
        """Leave this connection's WAL checkpoints to a
        :class:`~warta.store.checkpoints.Checkpointer` of another thread or process: its
        commits then checkpoint only past :data:`~warta.store.checkpoints.BACKSTOP_PAGES`
        of log, and do not wait for the disk before that."""
        pragma = f"PRAGMA wal_autocheckpoint = {checkpoints.BACKSTOP_PAGES}"
        try:
            self._conn.execute(pragma).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot set {pragma!r} on {self.path}: {exc}") from exc

    @property
    def schema_version(self) -> int:
        return int(self._scalar("SELECT coalesce(max(version), 0) FROM migrations"))

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._conn.execute(sql, params).fetchone()[0]

    # -- writing -----------------------------------------------------------------------

    def save_batch(
        self,
        items: Sequence[tuple[str, Article | schema.PreparedRow]],
        *,
        wait: bool = True,
        refresh: bool = False,
        pieces: Sequence[done_pieces.DonePiece] = (),
    ) -> BatchResult:
        """Store each ``(source, article)`` in one transaction; see the module docstring.
        An item may come prepared already (:func:`~warta.store.schema.ready_to_store`, as
        ingest workers send them), which saves serialising and analysing it here.

        Without ``wait``, a batch that would have to wait for another connection's write
        raises :class:`StoreBusy` at once, having written nothing, so that the caller can
        do other work and try again.

        If any item fails (a record that cannot be serialised, a disk error) the whole
        batch is rolled back and :class:`StoreError` raised: nothing of it is stored, so
        the caller may retry the items one by one to isolate the bad one.

        With ``refresh``, an item whose source is done already is a second fetch of it,
        stored as :mod:`warta.store.refresh` says, instead of being skipped. ``pieces``
        are recorded as done in the same transaction (:mod:`warta.store.done_pieces`): the
        caller has stored every input they hold, in this batch or before it.
        """
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        at = now()
        pending = search_index.PendingIndex()
        try:
            with transaction(self._conn, wait=wait):
                each = tuple(
                    self._save_one(source, item, at, pending, refresh=refresh)
                    for source, item in items
                )
                pending.flush(self._conn)
                done_pieces.record(self._conn, pieces, at)
        except StoreBusy:
            raise
        except Exception as exc:
            raise StoreError(f"batch of {len(items)} not stored (nothing written): {exc}") from exc
        outcomes = Counter(outcome for outcome, _ in each)
        return BatchResult(
            inserted=outcomes["inserted"],
            updated=outcomes["updated"],
            duplicates=outcomes["duplicate"],
            rejected=outcomes["rejected"],
            skipped=outcomes["skipped"],
            reasons=dict(Counter(reason for _, reason in each if reason is not None)),
            each=each,
        )

    def _save_one(
        self,
        source: str,
        item: Article | schema.PreparedRow,
        now: str,
        pending: search_index.PendingIndex,
        *,
        refresh: bool = False,
    ) -> tuple[str, str | None]:
        """Store one input; ``(outcome, rejection reason or None)``."""
        if self.is_done(source):
            if refresh:
                return save_again(self._conn, source, item, now, pending)
            return "skipped", None
        if isinstance(item, schema.PreparedRow):
            row = item
        elif (rejected := schema.rejection(item)) is not None:
            reason, message = rejected
            cursor = self._conn.execute(
                schema.INSERT_REJECTED, (source, item.url, reason, message, now)
            )
            record_input(self._conn, source, "rejected", now, rejected_id=cursor.lastrowid)
            return "rejected", reason
        else:
            row = schema.prepare_row(source, item)
        keep_fetched(self._conn, source, row)
        found = find_article(self._conn, row.key)
        if found is None:
            insert_article(self._conn, row, now, pending)
            return "inserted", None
        article_id, digest = found
        if digest == row.digest or known_version(self._conn, article_id, row.digest):
            keep_duplicate(self._conn, article_id, row, now, pending)
            return "duplicate", None
        replace_article(self._conn, article_id, row, now, pending)
        record_input(self._conn, row.source, "article", now, article_id=article_id)
        return "updated", None

    def merge_pages(self) -> list[int]:
        """Merge the multi-page articles stored page by page (see :mod:`warta.store.pages`),
        one transaction per story; the ids of the merged articles."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        merged: list[int] = []
        for ids in list(pages.page_groups(self._conn)):
            first, rest = ids[0], ids[1:]
            marks = ",".join("?" * len(rest))
            try:
                with transaction(self._conn):
                    replace_article(self._conn, first, pages.merged_row(self._conn, ids), now())
                    self._conn.execute(
                        f"UPDATE inputs SET article_id = ? WHERE article_id IN ({marks})",
                        (first, *rest),
                    )
                    self._conn.execute(f"DELETE FROM articles WHERE id IN ({marks})", rest)
            except Exception as exc:
                raise StoreError(f"pages {ids} not merged (nothing changed): {exc}") from exc
            merged.append(first)
        return merged

    def merged_unenriched(self, since: str) -> list[int]:
        """Ids of stories merged since ``since``, not enriched (:func:`pages.merged_unenriched`)."""
        return pages.merged_unenriched(self._conn, since)

    def save_enrichment(self, items: Sequence[tuple[int, Article]]) -> None:
        """Store the enrichment of articles already stored (``(id, record)``), in one
        transaction: the record and its search and entity index change, not its version,
        since enrichment leaves the extracted content (and its hash) as it was."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        try:
            with transaction(self._conn):
                for article_id, article in items:
                    record = article.to_dict()
                    text = schema.record_json(record)
                    values = (record.get("language"), record.get("topic"), text, article_id)
                    self._conn.execute(schema.UPDATE_ENRICHED, values)
                    search_index.index_article(self._conn, article_id, record)
        except Exception as exc:
            raise StoreError(f"enrichment of {len(items)} not stored: {exc}") from exc

    def article_ids(self, *, unenriched: bool = False) -> list[int]:
        """Ids of the stored articles in id order (with ``unenriched``, those not enriched)."""
        sql = schema.UNENRICHED_IDS if unenriched else schema.ALL_IDS
        return [row[0] for row in self._conn.execute(sql)]

    def article(self, article_id: int) -> Article | None:
        """The stored record of one article, or None."""
        row = self._conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,))
        found = row.fetchone()
        return Article.from_dict(json.loads(found[0])) if found else None

    # -- reading -----------------------------------------------------------------------

    def is_done(self, source: str) -> bool:
        """Whether the input at ``source`` was already stored (in any outcome)."""
        row = self._conn.execute("SELECT 1 FROM inputs WHERE source = ?", (source,)).fetchone()
        return row is not None

    def validators(self, source: str) -> tuple[str | None, str | None] | None:
        """The validators to fetch the input at ``source`` again with, or None when it is
        not done (:func:`~warta.store.refresh.stored_validators`)."""
        return stored_validators(self._conn, source)

    def done_piece(self, path: str, start: int, stop: int) -> int | None:
        """How many inputs the piece ``[start, stop)`` of the file at ``path`` held, when
        the store holds them all (:func:`~warta.store.done_pieces.covered`); else None."""
        return done_pieces.covered(self._conn, path, start, stop)

    def holds_inputs(self, prefix: str) -> bool:
        """Whether any stored input's source starts with ``prefix``
        (:func:`~warta.store.done_pieces.holds_inputs`)."""
        return done_pieces.holds_inputs(self._conn, prefix)

    def done_sources(self) -> set[str]:
        """Every source already stored (a run asks :meth:`is_done` instead, input by input)."""
        return {row[0] for row in self._conn.execute("SELECT source FROM inputs")}

    def count_articles(self) -> int:
        return int(self._scalar("SELECT count(*) FROM articles"))

    def count_rejected(self) -> int:
        return int(self._scalar("SELECT count(*) FROM rejected"))

    def stats(self) -> dict[str, Any]:
        """Counts for ``warta stats``: totals, by outlet, by published day, by outcome."""
        totals = {name: int(self._scalar(sql)) for name, sql in schema.STATS_TOTALS.items()}
        groups = {
            name: {str(key): int(count) for key, count in self._conn.execute(sql)}
            for name, sql in schema.STATS_GROUPS.items()
        }
        return totals | groups

    def iter_rows(
        self, *, since: date | str | None = None, outlet: str | None = None
    ) -> Generator[StoredArticle, None, None]:
        """Stored articles in id order, streamed (:func:`~warta.store.export.stored_rows`):
        ``since`` keeps articles published on or after that day; ``outlet`` those of one
        outlet."""
        try:
            since_day = None if since is None else schema.day(since)
        except ValueError as exc:
            raise StoreError(str(exc)) from exc
        return stored_rows(self._conn, since=since_day, outlet=outlet)

    def iter_articles(
        self, *, since: date | str | None = None, outlet: str | None = None
    ) -> Iterator[Article]:
        """The stored articles as records, streamed; filters as :meth:`iter_rows`."""
        for row in self.iter_rows(since=since, outlet=outlet):
            yield Article.from_dict(row.record)

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Articles matching ``query`` (the reader's syntax, :mod:`~warta.store.search_query`)
        in the stemmed index, best first: ``membahas`` finds ``bahas``. The snippet is a
        window of the body (the lead's when only it matches), matches in [brackets]."""
        analyzer = shared_analyzer()
        parsed = parse_query(query, analyzer)
        try:
            rows = self._conn.execute(schema.SEARCH, (parsed.match, limit)).fetchall()
        except sqlite3.OperationalError as exc:
            raise BadQuery(f"cannot search for {query!r}: {exc}") from exc
        highlighter = Highlighter(parsed.terms, analyzer, width=SNIPPET_WORDS)
        return [
            SearchHit(
                id=r[0],
                title=r[1],
                url=r[2],
                snippet=_bracketed(highlighter.first_matching(r[3:5])),
                score=r[5],
            )
            for r in rows
        ]


def _bracketed(pieces: Sequence[tuple[str, bool]]) -> str:
    """A snippet as plain text, its matched words in square brackets."""
    return "".join(f"[{piece}]" if hit else piece for piece, hit in pieces)
