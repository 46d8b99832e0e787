"""What each worker of a partitioned run (:mod:`warta.runners.partitioned`) reads: the
job, the plan of the inputs, and the documents of a piece or a share.

A WARC file gzipped per record is cut between records into pieces of about
:data:`PIECE_BYTES` (:class:`~warta.sources.warc_layout.Spans`), and a Parquet dump
of enough row groups at its row groups
(:meth:`~warta.sources.dumps.DumpSource.row_group_spans`); the pieces are numbered across
the inputs (:func:`planned`), and each worker takes the next piece nobody has from a
counter they share, so a worker on a slower core takes fewer and all finish together;
each decompresses (or decodes) only its pieces (:func:`piece_documents`), a run of records
ahead of extracting them (:func:`read_ahead`). Gzipped JSONL and CSV dumps cannot be
cut, but when a run has many (:data:`PIECES_PER_WORKER` a worker or more, as a month of
daily dumps), each is one piece, read whole by the worker that takes it. Of every other
input, worker ``k`` of ``n`` takes the documents whose source hashes to ``k``
(:func:`share`, :func:`shared_documents`): a source repeated in the inputs always lands
in the same worker, which drops the repeat.
"""

from __future__ import annotations

import os
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from warta.runners.local import RunOptions
from warta.sources.base import RawDocument, Source, storable
from warta.sources.dumps import DumpSource
from warta.sources.files import FileSource
from warta.sources.open import open_sources
from warta.sources.options import SourceOptions
from warta.sources.warc import WarcSource
from warta.sources.warc_layout import Spans

__all__ = [
    "PIECES_PER_WORKER",
    "PIECE_BYTES",
    "READ_AHEAD",
    "WHOLE",
    "PartitionJob",
    "Pieces",
    "Span",
    "input_name",
    "name_prefix",
    "piece_documents",
    "piece_extent",
    "planned",
    "read_ahead",
    "share",
    "shared_documents",
    "with_plan",
]

# A piece of a WARC file: its first byte and the byte after it (None: to the end); of a
# Parquet dump: the number of its first data row and the number after its last; of a
# dump read whole: (0, None).
Span = tuple[int, int | None]
# The pieces of one input, by number: a WARC file's are cut when first asked for.
Pieces = Spans | list[Span]
# The one piece of a dump read whole.
WHOLE: Span = (0, None)

# Compressed bytes of WARC a piece holds: about 125 of the benchmark's pages, 0.7 s of a
# worker's time, so the workers of a run end at most that far apart (with one half of
# each file each, they ended up to 2.6 s apart on this machine's unevenly busy cores).
# Cutting costs a seek and a short read a piece (15 ms for 80 pieces of a 323 MB file).
PIECE_BYTES = 4 * 1024 * 1024
# Documents of a WARC piece a worker reads ahead of its extraction, and the bytes of page
# they may hold (a run ends with the page that reaches the cap). Reading records a run at a
# time rather than one between two extractions measured cheaper (presumably as the
# decompressor's and the WARC parser's state stays in the processor's caches): in one
# process on the ingest benchmark's 2,000-page WARC, reading cost 0.32 ms a page one
# record at a time and 0.25 in runs of 32 (8: 0.27, 64: 0.25; medians of three to six
# interleaved runs), extraction unchanged. 32 pages of the benchmark are about 5 MB.
READ_AHEAD = 32
READ_AHEAD_BYTES = 8 * 1024 * 1024
# Pieces a worker at least, however small the file, so that a few slow pages do not keep
# one worker busy long after the others (a cut that falls in the same place as the one
# before makes an empty piece, which costs nothing). A Parquet dump of fewer row groups
# than this a worker is not cut: one row group can be much of the file (pyarrow writes
# up to a million rows in one), and a worker left with it would end long after the
# others; decoding every row in every worker costs less than that. The same bound decides
# whether gzipped JSONL and CSV dumps are taken whole, a file a piece: shared out by row,
# every worker decompresses every row (0.24 ms a row of the benchmark's pages with
# ISA-L), so the cost grows with the workers. Measured on the benchmark's 3,000 pages in
# gzipped files (three runs each, medians): 12 files on 2 workers, 10.61 -> 10.37 s and
# 20.1 -> 19.8 CPU-s; 16 files on 4 workers, 13.56 -> 11.59 s and 26.0 -> 22.3 CPU-s.
PIECES_PER_WORKER = 4


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionJob:
    """What worker ``index`` of ``count`` does: read ``specs``, write to ``db``."""

    specs: tuple[str, ...]
    db: str
    index: int
    count: int
    options: RunOptions
    source_options: SourceOptions
    # The pieces the worker this one replaces took since its last commit, in order.
    held: tuple[int, ...] = ()
    # The documents the supervisor stored as rejected for the workers this one replaces
    # (those they died on): stored by this run, so not counted as skipped.
    rejected: frozenset[str] = frozenset()
    # Where the worker this one replaces was (the plan's input, the document) when it last
    # committed: it had told the documents it skipped up to there; this one counts those
    # it skips after it. None: nothing told, count them all.
    cursor: tuple[int, str] | None = None
    # The plan (see planned) as the supervisor made it before starting the workers (see
    # with_plan); None: each process makes it.
    plan: tuple[tuple[Source, Spans | tuple[Span, ...] | None], ...] | None = None


def share(source: str, count: int) -> int:
    """The worker (0 .. count-1) that takes ``source``: a stable hash, the same in every
    process and run (Python's own ``hash`` of a str is salted per process)."""
    return zlib.crc32(source.encode("utf-8", "surrogatepass")) % count


def planned(job: PartitionJob) -> Iterator[tuple[Source, Pieces | None]]:
    """The job's sources in order, each WARC file and Parquet dump with the spans it is
    cut into (its pieces, numbered on across the inputs), any other source (or one that
    cannot be cut) with None: its documents are shared out by :func:`share`. The
    supervisor follows the same plan to tell how far the run has gone
    (:mod:`warta.runners.progress`)."""
    if job.plan is not None:
        for source, made in job.plan:
            yield source, list(made) if isinstance(made, tuple) else made
        return
    cut: set[str] = set()  # files numbered already: a repeat holds only repeats
    sources = list(open_sources(job.specs, options=job.source_options))
    whole = _whole_dumps(sources, job.count)
    for source in sources:
        spans: Pieces | None = None
        if isinstance(source, WarcSource | DumpSource):
            if source.path in cut:
                continue
            if isinstance(source, WarcSource):
                spans = _pieces(source.path, job.count)
            elif source.path in whole:
                spans = [WHOLE]
            else:  # as many row groups as a small WARC file's pieces at least
                spans = source.row_group_spans(PIECES_PER_WORKER * job.count)
            if spans is not None:
                cut.add(source.path)
        yield source, spans


def with_plan(job: PartitionJob) -> PartitionJob:
    """``job`` with its plan made once, for every worker of the run.

    Each worker goes by piece numbers, so all must cut the same inputs the same way. A
    worker started in place of a dead one, minutes or hours after the others, that made
    the plan again would find a file a download dropped into a globbed folder since, or a
    file grown longer: its numbers would then name other pieces, reading some twice and
    leaving others unread by the run. Made here, before the workers start, the plan is the
    run's: inputs that appear later wait for the next run.
    """
    plan = tuple(
        (source, tuple(spans) if isinstance(spans, list) else spans)
        for source, spans in planned(job)
    )
    return replace(job, plan=plan)


def _whole_dumps(sources: list[Source], workers: int) -> set[str]:
    """The gzipped JSONL and CSV dumps among ``sources`` that are read whole, a piece
    each: all of them when there are :data:`PIECES_PER_WORKER` a worker or more, else
    none (their rows are shared out)."""
    paths = {
        source.path
        for source in sources
        if isinstance(source, DumpSource) and source.format in ("jsonl", "csv") and source.gzipped()
    }
    return paths if len(paths) >= PIECES_PER_WORKER * workers else set()


def piece_documents(source: Source, span: Span) -> Iterator[RawDocument]:
    """The documents of one piece (see :func:`planned`): records of a WARC file, rows of
    a Parquet dump, every row of a dump read whole."""
    if isinstance(source, WarcSource):
        return WarcSource(source.path, options=source.options, span=span).documents()
    if isinstance(source, DumpSource):
        return DumpSource(source.path, options=source.options, rows=span).documents()
    raise TypeError(f"{type(source).__name__} is not cut into pieces")


def piece_extent(source: Source, span: Span) -> tuple[str, int, int] | None:
    """Where a piece is, as the store records done pieces (:mod:`warta.store.done_pieces`):
    the file's path, the piece's first position and the one after its last; the last
    piece of a WARC file ends at the file's size now. None for a dump read whole, whose
    rows a file put in its place may outnumber: it is not recorded."""
    start, stop = span
    if isinstance(source, WarcSource) and stop is None:
        try:
            stop = os.path.getsize(source.path)
        except OSError:
            return None
    if not isinstance(source, WarcSource | DumpSource) or stop is None:
        return None
    return source.path, start, stop


def name_prefix(source: Source) -> str | None:
    """What the names of a cut input's documents start with: the path and ``@`` before a
    WARC record's offset, ``:`` before a dump row's number (see the sources)."""
    if isinstance(source, WarcSource):
        return f"{source.path}@"
    if isinstance(source, DumpSource):
        return f"{source.path}:"
    return None


def input_name(source: Source) -> str:
    """The path or spec of a local input: what names the error document of a failure
    reading it (:func:`~warta.sources.options.guarded`)."""
    for attribute in ("path", "spec"):
        value = getattr(source, attribute, None)
        if isinstance(value, str):
            return value
    return type(source).__name__


def shared_documents(
    source: Source, job: PartitionJob, stored: Callable[[str], bool] | None = None
) -> Iterator[RawDocument]:
    """The job's share of a source not cut into pieces (see :func:`share`). Page files
    are read only by the worker they fall to, and JSONL and CSV rows parsed only by
    theirs; the rows of a Parquet dump of few row groups and the records of an archive
    that cannot be cut come one after the other, so every worker reads them all and
    keeps its own.

    Page files and dump rows that ``stored`` says the store holds come bare (their name
    only), neither read nor parsed: a run resumed over a large folder passed over its
    stored files only after reading each one again (4,000 pages, 632 MB, from a cold
    cache: 1.7 s of a run with nothing left to do).
    """

    def mine(name: str) -> bool:
        return share(name, job.count) == job.index

    if isinstance(source, FileSource):
        files = FileSource(source.spec, options=replace(source.options, stored=stored))
        yield from (files.document(path) for path in files.paths() if mine(storable(path)))
    elif isinstance(source, DumpSource):
        options = replace(source.options, stored=stored)
        yield from DumpSource(source.path, options=options, wanted=mine).documents()
    else:
        yield from (doc for doc in source.documents() if mine(doc.source))


def _pieces(path: str, workers: int) -> Spans | None:
    """The byte spans of :data:`PIECE_BYTES` or so of a WARC file, at least
    :data:`PIECES_PER_WORKER` a worker, or None for a file that cannot be cut between
    records (its documents are then shared out by source). Each is cut when first asked
    for (:class:`~warta.sources.warc_layout.Spans`): a worker cuts only the pieces it takes.

    The last ``workers`` pieces are cut finer (see
    :class:`~warta.sources.warc_layout.Spans`): a worker that finds no piece left
    waits for the others to finish theirs, half a piece on average, and the end of the
    file is where that happens.
    """
    try:
        size = os.path.getsize(path)
    except OSError:
        return None  # the source itself says what is wrong with it
    parts = max(PIECES_PER_WORKER * workers, size // PIECE_BYTES)
    return Spans.of(path, parts, finer=workers)


def read_ahead(docs: Iterator[RawDocument]) -> Iterator[RawDocument]:
    """``docs`` read in runs of :data:`READ_AHEAD` (or :data:`READ_AHEAD_BYTES` of pages)
    before the first of each run is handed on.

    A run never crosses the end of ``docs``, one piece: the worker takes its next piece
    only once every document of this one was handed on, so the pieces a worker took
    since its last commit are all that a replacement has to go through again.
    """
    run: deque[RawDocument] = deque()
    while True:
        held = 0
        for doc in docs:
            run.append(doc)
            held += len(doc.data or b"")
            if len(run) >= READ_AHEAD or held >= READ_AHEAD_BYTES:
                break
        if not run:
            return
        while run:
            yield run.popleft()  # handed on one by one, and let go of as they go
