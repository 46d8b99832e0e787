"""``warta enrich`` and ``warta tag``: the enrichment models on records and on CoNLL tokens.

``warta enrich FILE|-`` reads article records as JSONL (the contract's form; ``body`` is
enough) and writes each back with ``entities``, ``quotes``, ``dates_mentioned``,
``keywords``, ``summary`` and ``topic``. A line that is not a JSON object becomes a record
with ``error`` (and its ``source`` as ``FILE:LINE``), so the output has one line per input
line and nothing is lost; the run goes on and a summary goes to stderr.

``warta tag --conll FILE|-`` reads one token per line (first column), blank lines between
sentences, and writes ``token<TAB>tag`` in the NER UI label scheme, so the tagger can be
scored on any CoNLL data.
"""

from __future__ import annotations

import json
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from warta.cli.streams import open_output
from warta.errors import MissingDependency
from warta.record import Article

if TYPE_CHECKING:
    from warta.enrich.stage import Enricher

__all__ = ["EnrichOption", "enrich", "tag"]

log = logging.getLogger(__name__)
T = TypeVar("T")

SourceArgument = Annotated[
    str, typer.Argument(metavar="FILE|-", help="The input file, or - for standard input.")
]
EnrichOption = Annotated[
    bool,
    typer.Option(
        "--enrich",
        help="Also add entities, quotes, dates, keywords, summary and topic "
        "(needs the enrich extra).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, help="Write here, not to standard output."),
]


def enrich(
    source: Annotated[
        str | None,
        typer.Argument(metavar="[FILE|-]", help="JSONL records to read, or - for stdin."),
    ] = None,
    output: OutputOption = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", dir_okay=False, help="Enrich the articles of this store in place instead."
        ),
    ] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="With --db: enrich again articles already enriched.")
    ] = False,
) -> None:
    """Add entities, quotes, dates, keywords, summary and topic to JSONL article records,
    or (with --db) to the articles of a store."""
    from warta.enrich.stage import Enricher  # noqa: PLC0415 - models load only when asked

    if (source is None) == (db is None):
        raise typer.BadParameter("give either FILE|- or --db")
    enricher = _loaded(Enricher().loaded)
    if db is not None:
        from warta.cli.enrich_store import enrich_store  # noqa: PLC0415

        _report(enrich_store(db, enricher, everything=everything))
        return
    assert source is not None
    outcomes: Counter[str] = Counter()
    with _open_in(source) as lines, open_output(output) as out:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            article = _enriched(enricher, line, f"{_name(source)}:{number}")
            outcomes["error" if article.error else "ok"] += 1
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    _report(outcomes)


def _report(outcomes: Counter[str]) -> None:
    parts = ", ".join(f"{n} {name}" for name, n in outcomes.most_common())
    summary = f"warta: {outcomes.total()} records enriched" + (f": {parts}" if parts else "")
    typer.echo(summary, err=True)


def tag(
    source: SourceArgument,
    conll: Annotated[
        bool, typer.Option("--conll", help="Input is CoNLL: one token per line (first column).")
    ] = False,
    output: OutputOption = None,
) -> None:
    """Tag tokens with named-entity labels (BIO), one ``token<TAB>tag`` line per token."""
    if not conll:
        raise typer.BadParameter("only --conll input is supported", param_hint="--conll")
    from warta.enrich.ner import load_tagger  # noqa: PLC0415 - the model loads only here
    from warta.enrich.ner.conll import tag_conll  # noqa: PLC0415

    tagger = _loaded(load_tagger)
    with _open_in(source) as lines, open_output(output) as out:
        for line in tag_conll(lines, tagger):
            out.write(line + "\n")


def _enriched(enricher: Enricher, line: str, where: str) -> Article:
    """One line's record, enriched, or an error record saying why it could not be."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Article(source=where, error=f"bad-json: {exc.msg} at column {exc.colno}")
    if not isinstance(data, dict):
        return Article(source=where, error="bad-record: a line must hold a JSON object")
    try:
        article = Article.from_dict(data)
    except (TypeError, ValueError) as exc:
        return Article(source=where, error=f"bad-record: {exc}")
    article.source = article.source or where
    try:
        return enricher.enrich(article)
    except Exception as exc:  # one bad record must not stop the run
        # The record carries the reason; the traceback is for -v runs.
        log.warning("cannot enrich %s: %s", where, exc)
        log.info("cannot enrich %s", where, exc_info=True)
        article.error = f"enrich-failed: {type(exc).__name__}: {exc}"
        return article


def _loaded(load: Callable[[], T]) -> T:
    """Run ``load``; a missing optional library is a usage error naming the install line."""
    try:
        return load()
    except MissingDependency as exc:
        raise typer.BadParameter(str(exc)) from exc


def _name(source: str) -> str:
    return "<stdin>" if source == "-" else source


@contextmanager
def _open_in(source: str) -> Iterator[Iterator[str]]:
    """The lines of ``source`` (UTF-8; ``-`` is standard input)."""
    if source == "-":
        stream = open(sys.stdin.fileno(), encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        with stream:
            yield iter(stream)
        return
    try:
        handle = Path(source).open(encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as exc:
        raise typer.BadParameter(f"cannot read {source}: {exc}") from exc
    with handle:
        yield iter(handle)
