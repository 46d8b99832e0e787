"""The ``warta`` command line: a thin shell over :func:`warta.extract`.

The command finds inputs (:mod:`warta.cli.inputs`), hands each page's bytes to the
sandboxed extractor, and streams each record out (:mod:`warta.cli.output`) before it
reads the next page, so a run over a million pages holds one page at a time. A page that
cannot be read or extracted becomes a record with ``error`` set and the run goes on; the
exit code is non-zero only for usage errors. Scraped text (``--text``, ``.txt`` files,
input with no markup) goes to plain-text extraction; ``warta clean``
(:mod:`warta.cli.clean`) cleans whole text dumps for corpus builders.
"""

from __future__ import annotations

import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from warta.cli.clean import clean
from warta.cli.enrich_commands import EnrichOption, enrich, tag
from warta.cli.ingest import ingest
from warta.cli.inputs import (
    PAGE_SUFFIXES,
    TEXT_PLAIN,
    TEXT_SUFFIXES,
    Input,
    discover,
    extract_input,
    is_plain_text,
    read_input,
)
from warta.cli.output import Format, Writer
from warta.cli.serve import serve
from warta.cli.store_commands import export, migrate, stats
from warta.cli.streams import open_output
from warta.errors import WartaError
from warta.extract import ExtractOptions
from warta.record import Article
from warta.runners.sandbox import Sandbox
from warta.runners.targets import extract_and_enrich

__all__ = ["app"]

log = logging.getLogger(__name__)

app = typer.Typer(
    help="Warta: raw news pages in, clean structured article records out.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("clean")(clean)
app.command("ingest")(ingest)
app.command("export")(export)
app.command("stats")(stats)
app.command("migrate")(migrate)
app.command("enrich")(enrich)
app.command("tag")(tag)
app.command("serve")(serve)


@app.callback()
def main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log one line per page on stderr.")
    ] = False,
) -> None:
    """Warta turns raw news pages into article records (JSON, Markdown or text)."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="warta: %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@app.command()
def extract(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE|DIR|-",
            help="Pages to read: files (.html, .htm, .xhtml, optionally .gz), directories "
            "(walked recursively in sorted order) or - for standard input. Files named .txt "
            "and inputs with no markup in their first 4 KiB are read as plain text.",
            show_default=False,
        ),
    ],
    *,
    url: Annotated[
        str | None,
        typer.Option(help="The address the page was fetched from (only with one input file)."),
    ] = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="Output format, one record per input.")
    ] = Format.JSONL,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Write here instead of standard output; parent folders are created.",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(min=0, help="Seconds allowed per page; 0 runs in-process with no limit."),
    ] = 30.0,
    progress: Annotated[
        bool,
        typer.Option(help="Show a progress bar on stderr (only when stderr is a terminal)."),
    ] = True,
    text: Annotated[
        bool,
        typer.Option(
            "--text",
            help="Read every input as text a scraper left (one paragraph per line) and walk "
            "directories for .txt files instead of pages.",
        ),
    ] = False,
    merge_pages: Annotated[
        bool,
        typer.Option(
            "--merge-pages",
            help="Merge the pages of one article found among the inputs (page 1, ?page=2, "
            "...) into one record. Holds all records until the end instead of streaming.",
        ),
    ] = False,
    enrich: EnrichOption = False,
) -> None:
    """Extract one article record from each page (or scraped text) and stream them out."""
    single = len(inputs) == 1 and not Path(inputs[0]).is_dir()
    if url is not None and not single:
        raise typer.BadParameter("--url needs exactly one input file", param_hint="--url")
    if enrich:
        _check_enrich_installed()
    options = ExtractOptions()
    started = time.monotonic()
    unread: Counter[str] = Counter()
    no_body = 0  # stays 0 when a reader going away ends the output early (open_output)
    with (
        open_output(output) as out,
        Sandbox(timeout=timeout, options=options, target=_target(enrich)) as sandbox,
        _progress(progress) as advance,
    ):
        writer = Writer(out, fmt, single=single, on_error=_report_error)
        stdin = getattr(sys.stdin, "buffer", None)
        read = partial(read_input, max_bytes=options.max_bytes, stdin=stdin)
        records: Iterable[Article] = (
            _advanced(_record(sandbox, item, url, read, unread, force_text=text), advance)
            for item in discover(inputs, TEXT_SUFFIXES if text else PAGE_SUFFIXES)
        )
        if merge_pages:
            # Imported here: it loads the extraction pipeline, which `warta ingest`'s
            # supervisor (and every command that does not extract) does without.
            from warta.news.merge import merge_related_inputs  # noqa: PLC0415

            records = merge_related_inputs(records)
        no_body = _write_all(records, writer, output)
    tally = Counter(sandbox.counts) + unread
    typer.echo(_summary(tally, no_body, time.monotonic() - started), err=True)


def _write_all(records: Iterable[Article], writer: Writer, output: Path | None) -> int:
    """Write every record, then close ``writer``; how many extracted with no body.

    Ctrl-C closes the output too (a JSON array is ended, so what was written parses), says
    how many records it holds, and ends the command with 130 (128 + SIGINT, as a shell
    reports it).
    """
    written = no_body = 0
    try:
        for article in records:
            no_body += article.error is None and not article.paragraphs
            writer.write(article)
            written += 1
    except KeyboardInterrupt:
        writer.close()
        where = f"to {output}" if output is not None else "to standard output"
        typer.echo(f"warta: interrupted; {written} records written {where}", err=True)
        raise typer.Exit(130) from None
    writer.close()
    return no_body


def _check_enrich_installed() -> None:
    from warta.enrich.deps import check_installed  # noqa: PLC0415 - only with --enrich

    try:
        check_installed()
    except WartaError as exc:
        raise typer.BadParameter(str(exc), param_hint="--enrich") from exc


def _target(enrich: bool) -> Callable[..., Article]:
    """What the sandbox runs per input: extraction, and enrichment when asked."""
    return extract_and_enrich if enrich else extract_input


def _advanced(article: Article, advance: Callable[[str], None]) -> Article:
    advance(article.source or "")
    return article


def _record(
    sandbox: Sandbox[Article],
    item: Input,
    url: str | None,
    read: Callable[[Input], bytes],
    unread: Counter[str],
    *,
    force_text: bool = False,
) -> Article:
    """The record of one input; one that cannot be read is counted in ``unread``.

    The sandbox counts the outcome of everything it extracts, so only read failures, which
    never reach it, are counted here. Plain-text inputs (``force_text``, or see
    :func:`~warta.cli.inputs.is_plain_text`) reach the worker as ``text/plain``.
    """
    try:
        data = read(item)
    except WartaError as exc:
        log.info("cannot read %s: %s", item.source, exc)
        unread[exc.reason] += 1
        return Article(source=item.source, url=url, error=str(exc))
    plain = force_text or is_plain_text(data, item.source)
    content_type = TEXT_PLAIN if plain else None
    return sandbox.extract(data, url=url, content_type=content_type, source=item.source)


def _summary(tally: Counter[str], no_body: int, seconds: float) -> str:
    """One line: how many inputs, how long, and how many of each outcome."""
    total = sum(tally.values())
    parts = [
        f"{count} {name}" + (f" ({no_body} with no body)" if name == "ok" and no_body else "")
        for name, count in tally.most_common()
    ]
    head = f"warta: {total} input{'s' * (total != 1)} in {seconds:.1f} s"
    return head + (": " + ", ".join(parts) if parts else "")


def _report_error(article: Article) -> None:
    """Where markdown and text output put a record they cannot show."""
    error = article.error or ""
    where = "" if article.source and article.source in error else f"{article.source}: "
    typer.echo(f"warta: skipped {where}{error}", err=True)


@contextmanager
def _progress(wanted: bool) -> Iterator[Callable[[str], None]]:
    """A callback counting pages on a stderr progress display, or a no-op."""
    console = Console(stderr=True)
    if not (wanted and console.is_terminal):
        yield lambda _source: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} pages"),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=None)
        yield lambda source: bar.update(task, advance=1, description=source)
