"""``warta ingest``: sources through extraction into the store, on all cores, resumable.

The command only wires parts together: sources (:mod:`warta.sources`), the polite fetcher
(:mod:`warta.fetch`) for documents that are only a URL, a runner and the store
(:mod:`warta.store`). Inputs that are all on disk, without ``--limit``, go through the
partitioned runner (:mod:`warta.runners.partitioned`: each worker reads the inputs and
writes its share itself), with one worker too: it then reads, extracts and writes alone,
which took 7 to 10% less time than the local runner's reader, worker and writer on the
ingest benchmark's 2,000-page WARC (11.0 to 11.4 s against 11.8 to 12.6 s, three runs
each), as no page passes between processes. Anything that fetches, or a limit, goes
through the local runner (:mod:`warta.runners.local`).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, closing
from dataclasses import replace
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from warta.cli.enrich_commands import EnrichOption
from warta.cli.enrich_store import enrich_articles
from warta.cli.progress import IngestBar, expect_in_background, ingest_bar
from warta.errors import FetchError, WartaError
from warta.runners.exclusive import RunInProgress, exclusive_run
from warta.runners.local import RunOptions, run
from warta.runners.partitioned import run_partitioned
from warta.runners.saving import Outcome, RunSummary
from warta.sources import RawDocument, SourceOptions, open_source
from warta.sources.open import fetches
from warta.sources.options import guarded
from warta.store import Store, StoreError
from warta.store.connection import now
from warta.store.feed_cache import FeedCache
from warta.store.refresh import UNCHANGED

if TYPE_CHECKING:
    from warta.fetch import Fetcher

__all__ = ["EXIT_IN_PROGRESS", "ingest"]

# What a fetch of a stored page answered with 304 Not Modified becomes (the store then
# keeps the page as it is), and a 304 to a request that named no version (a server error).
UNCHANGED_ERROR = f"{UNCHANGED}: the server answered 304 Not Modified"
NOT_ASKED_ERROR = "http-304: Not Modified, though nothing was asked for"

# Exit status of a run turned away because the same ingest is still running: sysexits'
# EX_TEMPFAIL, "try again later", which schedulers and shells can tell from a failure.
EXIT_IN_PROGRESS = 75


def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            metavar="SOURCE...",
            help="Page files, directories or globs; WARC/ARC archives; JSONL, CSV or "
            "Parquet dumps (an html or text column); RSS/Atom feeds and sitemaps "
            "(feed:URL, sitemap:URL, or .xml/.rss/.atom); URLs; URL lists (.txt, urls:FILE).",
            show_default=False,
        ),
    ],
    *,
    db: Annotated[Path, typer.Option(help="The SQLite store (created when missing).")] = Path(
        "warta.db"
    ),
    workers: Annotated[
        int, typer.Option(min=1, help="Extraction processes (default: one per core).")
    ] = os.cpu_count() or 1,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Stop after this many new inputs.")
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds allowed per document before it is killed.")
    ] = 30.0,
    allow_private_addresses: Annotated[
        bool,
        typer.Option(
            "--allow-private-addresses",
            help="Fetch from loopback, private and link-local addresses (refused by default).",
        ),
    ] = False,
    user_agent: Annotated[
        str | None, typer.Option(help="The User-Agent the fetcher sends.")
    ] = None,
    progress: Annotated[
        bool, typer.Option(help="Show progress on stderr (only when stderr is a terminal).")
    ] = True,
    verify_digests: Annotated[
        bool,
        typer.Option(
            "--verify-digests",
            help="Reject WARC responses whose payload does not match its WARC-Payload-Digest "
            "(catches damage that leaves a record's length whole; costs a SHA-1 pass).",
        ),
    ] = False,
    enrich: EnrichOption = False,
    refresh: Annotated[
        bool,
        typer.Option(
            "--refresh",
            help="Fetch URLs stored already again, asking with the ETag/Last-Modified of "
            "their last fetch: a changed page becomes a new version of its article, an "
            "unchanged one is counted as such.",
        ),
    ] = False,
    merge_pages: Annotated[
        bool,
        typer.Option(
            help="Merge the pages of a story stored as separate articles (…/judul, "
            "?page=2, ?page=3) into one article after the run."
        ),
    ] = True,
) -> None:
    """Ingest sources into the store; run it again after a crash to continue."""

    def open_fetcher() -> Fetcher:
        # Imported here: httpx and its kin cost a tenth of a second at start-up, before
        # the workers of a run over local files (which never fetch) can begin.
        from warta.fetch import DEFAULT_USER_AGENT, Fetcher, FetchOptions  # noqa: PLC0415

        agent = user_agent or DEFAULT_USER_AGENT
        return Fetcher(FetchOptions(allow_private=allow_private_addresses, user_agent=agent))

    options = RunOptions(
        workers=workers, timeout=timeout, limit=limit, enrich=enrich, refresh=refresh
    )
    reading = SourceOptions(verify_digests=verify_digests)
    run = partial(
        _run, sources=sources, db=db, options=options, reading=reading, open_fetcher=open_fetcher
    )
    try:
        with exclusive_run(db, sources):
            _open_store(db)
            started = now()
            summary = _with_bar(run, db, wanted=progress, sources=sources, options=options)
            typer.echo(_summary(summary, db), err=True)
            _merge_pages(db, merge=merge_pages, enrich=enrich, since=started)
    except RunInProgress as exc:  # the same command, still running from an earlier start
        typer.echo(f"warta: {exc}; this run does nothing", err=True)
        raise typer.Exit(EXIT_IN_PROGRESS) from exc


def _open_store(db: Path) -> None:
    """Open (create or migrate) the store before anything is read: a file that is not a
    store, or a place where none can be made, ends the command there, saying why (and
    not to run it again, which would fail the same way)."""
    try:
        Store(db).close()
    except StoreError as exc:
        typer.echo(f"warta: {exc}; nothing was read", err=True)
        raise typer.Exit(1) from exc


def _with_bar(
    run: Callable[[IngestBar], RunSummary],
    db: Path,
    *,
    wanted: bool,
    sources: list[str],
    options: RunOptions,
) -> RunSummary:
    """``run`` with the progress bar (when ``wanted``, on a terminal); a run that halts or
    is interrupted says so and what it kept, and ends the command."""
    counts: Counter[str] = Counter()  # this run's outcomes so far, for an interruption
    try:
        with ingest_bar(wanted, options.limit, counts) as bar:
            if bar.shown and options.limit is None:
                expect_in_background(bar, sources, db, again=options.refresh)
            return run(bar)
    except WartaError as exc:  # the run halted (no workers, a store error): say why
        typer.echo(f"warta: {exc}; what was stored is kept, run again to go on", err=True)
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:  # Ctrl-C: the workers are stopped, committed batches stay
        typer.echo(_interrupted(counts, db), err=True)
        raise typer.Exit(130) from None  # 128 + SIGINT, as a shell reports it


def _run(
    bar: IngestBar,
    *,
    sources: list[str],
    db: Path,
    options: RunOptions,
    reading: SourceOptions,
    open_fetcher: Callable[[], Fetcher],
) -> RunSummary:
    """The partitioned runner for inputs all on disk without a limit, else the local one
    (see the module doc). ``--refresh`` changes nothing for inputs on disk: they are
    what they were, so those done are skipped as in any run."""
    if options.limit is None and not any(fetches(spec) for spec in sources):
        return run_partitioned(
            sources,
            db,
            options,
            source_options=reading,
            on_outcome=bar.advance,
            on_progress=bar.read if bar.shown else None,
        )
    return _run_local(
        sources, db, options, reading=reading, open_fetcher=open_fetcher, advance=bar.advance
    )


def _run_local(
    sources: list[str],
    db: Path,
    options: RunOptions,
    *,
    reading: SourceOptions,
    open_fetcher: Callable[[], Fetcher],
    advance: Outcome,
) -> RunSummary:
    """The local runner: one reader, sandboxed workers that fetch what is only a URL."""
    with ExitStack() as stack:
        fetcher = stack.enter_context(open_fetcher())
        feeds = stack.enter_context(closing(FeedCache(db)))
        held = stack.enter_context(Store(db))  # asked in the thread that reads the documents
        fetch = partial(_fetch_feed, fetcher, feeds)
        source_options = replace(reading, fetch=fetch, stored=held.is_done)
        documents: Iterable[RawDocument] = chain.from_iterable(
            guarded(open_source(spec, options=source_options).documents(), spec) for spec in sources
        )
        if options.refresh:
            documents = _again(documents, held)
        return run(
            documents, lambda: Store(db), options, fetch=_fetching(fetcher), on_result=advance
        )


def _merge_pages(db: Path, *, merge: bool, enrich: bool, since: str) -> None:
    """Merge stored pages (:meth:`Store.merge_pages`) when ``merge``; when the run
    enriches, enrich again the stories merged since ``since`` (the run's start): those
    merged now, and those a changed page merged again (:mod:`warta.store.refresh`,
    whatever ``merge`` says). A merge clears what enrichment had added."""
    try:
        with Store(db) as store:
            merged = store.merge_pages() if merge else []
            ids = store.merged_unenriched(since) if enrich else []
            if ids:
                from warta.enrich.stage import default_enricher  # noqa: PLC0415 - models

                enrich_articles(store, ids, default_enricher())
    except WartaError as exc:
        typer.echo(f"warta: {exc}; run again to retry the merge", err=True)
        raise typer.Exit(1) from exc
    if merged:
        typer.echo(f"  pages merged into {len(merged)} article(s)", err=True)


def _fetch_feed(fetcher: Fetcher, feeds: FeedCache, url: str) -> bytes:
    """A feed or sitemap's body, asked for with the validators of the last fetch: on a
    304 it is read as it was then (:mod:`warta.store.feed_cache`). One the fetcher could
    not get (a 404, a page robots.txt forbids, a blocked page) raises why, rather than
    handing the error page on as XML."""
    cached = feeds.get(url)
    etag, modified = (cached.etag, cached.last_modified) if cached else (None, None)
    result = fetcher.fetch(url, etag=etag, last_modified=modified)
    if result.not_modified:
        if cached is None:  # 304 to a request that named no version
            raise FetchError(NOT_ASKED_ERROR, url=url)
        return cached.body
    if result.error is not None or result.content is None:
        raise FetchError(result.error or "fetch-failed: no body", url=url)
    feeds.put(url, result.etag, result.last_modified, result.content)
    return result.content


def _again(documents: Iterable[RawDocument], store: Store) -> Iterator[RawDocument]:
    """``documents``, those still to fetch that the store holds already marked to be
    fetched again, with the validators of their last fetch (``--refresh``)."""
    for doc in documents:
        if doc.data is None and doc.error is None:
            doc.validators = store.validators(doc.source)
        yield doc


def _fetching(fetcher: Fetcher) -> Callable[[RawDocument], RawDocument]:
    def fetch(doc: RawDocument) -> RawDocument:
        etag, modified = doc.validators or (None, None)
        result = fetcher.fetch(doc.url or doc.source, etag=etag, last_modified=modified)
        error = result.error
        if result.not_modified:  # the answer to a conditional request, or a server's error
            error = UNCHANGED_ERROR if etag or modified else NOT_ASKED_ERROR
        return RawDocument(
            source=doc.source,
            data=result.content,
            url=result.url,
            content_type=result.content_type,
            status=result.status,
            fetched=result.fetched,
            headers=result.headers,
            error=error,
        )

    return fetch


def _interrupted(stored: Counter[str], db: Path) -> str:
    """What an interrupted run says: what it stored before the interruption (a batch
    being written then was rolled back whole) and how to go on."""
    counts = ", ".join(f"{reason}: {n}" for reason, n in stored.most_common()) or "nothing"
    return (
        f"warta: interrupted; {stored.total()} inputs stored in {db} this run ({counts}); "
        "run the same command again to go on"
    )


def _summary(summary: RunSummary, db: Path) -> str:
    """One line for the run, then one per outcome: ``ok`` (new articles), ``updated`` (new
    versions), ``duplicate`` (copies of stored articles) and each rejection reason."""
    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    head = (
        f"warta: {summary.processed} inputs in {summary.seconds:.1f} s ({rate:.1f}/s) into "
        f"{db}; {summary.skipped} already done"
    )
    lines = [head] + [f"  {reason}: {count}" for reason, count in summary.outcomes.most_common()]
    return "\n".join(lines)
