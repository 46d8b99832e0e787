"""``warta export`` and ``warta stats`` read a store and never change it; ``warta migrate``
upgrades a store an earlier Warta wrote.

The first two open the store read-only, so they can run while an ingest writes to the same
file (WAL mode), and refuse a store of an older schema with a message that names
``warta migrate``. A missing or unreadable store is a usage error (exit code 2) with a
message naming the file.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from warta.cli.streams import silence_stdout, utf8_stdout
from warta.store import Store, StoredArticle, StoreError
from warta.store.export import ExportFormat, write_csv, write_jsonl, write_parquet

__all__ = ["export", "migrate", "stats"]

DbOption = Annotated[
    Path, typer.Option("--db", dir_okay=False, help="The store file (SQLite), as given to ingest.")
]
# Rows shown per breakdown in the human table; the JSON form has them all.
TABLE_ROWS = 20


class StatsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _open(db: Path) -> Store:
    """The store at ``db`` read-only, or a usage error (exit 2) saying what is wrong."""
    if not db.is_file():
        raise typer.BadParameter(f"no store at {db}", param_hint="--db")
    try:
        return Store(db, readonly=True)
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from exc


def migrate(db: DbOption) -> None:
    """Upgrade a store written by an earlier Warta to this version's schema."""
    if not db.is_file():
        raise typer.BadParameter(f"no store at {db}", param_hint="--db")
    try:
        with Store(db) as store:
            applied, newest = store.migrated, store.schema_version
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from exc
    if applied:
        steps = ", ".join(str(v) for v in applied)
        typer.echo(f"{db}: migrated to schema version {newest} (applied {steps})", err=True)
    else:
        typer.echo(f"{db}: already at schema version {newest}", err=True)


def export(
    db: DbOption,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="jsonl: one record per line.")
    ] = ExportFormat.JSONL,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write here, not to standard output."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after YYYY-MM-DD.")
    ] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (kompas.com).")] = None,
) -> None:
    """Export the stored articles as JSONL, CSV or Parquet."""
    try:
        with _open(db) as store, closing(store.iter_rows(since=since, outlet=outlet)) as rows:
            if fmt is ExportFormat.PARQUET:
                count = _export_parquet(rows, output)
            else:
                with _text_output(output) as out:
                    writer = write_jsonl if fmt is ExportFormat.JSONL else write_csv
                    count = writer(rows, out)
    except BrokenPipeError:
        silence_stdout()  # the reader went away (| head): a normal end
        return
    except StoreError as exc:
        typer.echo(f"warta: {exc}", err=True)
        raise typer.Exit(1) from exc
    except OSError as exc:  # the output: a file in the way of its folder, no room left
        where = output if output is not None else "standard output"
        why = f"{exc.filename}: {exc.strerror}" if exc.filename and exc.strerror else exc
        typer.echo(f"warta: cannot write {where}: {why}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"warta: exported {count} article{'s' * (count != 1)}", err=True)


def _export_parquet(rows: Iterable[StoredArticle], output: Path | None) -> int:
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        return write_parquet(rows, output)
    return write_parquet(rows, sys.stdout.buffer)


@contextmanager
def _text_output(path: Path | None) -> Iterator[TextIO]:
    """UTF-8 text to ``path`` or standard output; newline='' so CSV keeps its own ends."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            yield handle
        return
    with utf8_stdout(newline="") as stream:
        yield stream


def stats(
    db: DbOption,
    fmt: Annotated[
        StatsFormat, typer.Option("--format", "-f", help="table for people, json for scripts.")
    ] = StatsFormat.TABLE,
) -> None:
    """Show counts by outlet, day and outcome (articles, rejected inputs and why)."""
    with _open(db) as store:
        numbers = store.stats()
    if fmt is StatsFormat.JSON:
        typer.echo(json.dumps(numbers, ensure_ascii=False, indent=2))
        return
    console = Console()
    console.print(_totals(numbers))
    for key, title in (
        ("by_outcome", "Inputs by outcome"),
        ("rejected_by_reason", "Rejected by reason"),
        ("by_outlet", "Articles by outlet"),
        ("by_day", "Articles by published day"),
    ):
        if numbers[key]:
            console.print(_breakdown(title, numbers[key], newest_first=key == "by_day"))


def _totals(numbers: dict[str, Any]) -> Table:
    table = Table(title="Store", show_header=False)
    for key in ("articles", "rejected", "versions", "inputs", "undated"):
        table.add_row(key, str(numbers[key]))
    return table


def _breakdown(title: str, counts: dict[str, int], *, newest_first: bool) -> Table:
    """The top :data:`TABLE_ROWS` entries, and one line saying how many more there are."""
    items = list(counts.items())
    if newest_first:
        items.reverse()
    table = Table(title=title)
    table.add_column("")
    table.add_column("count", justify="right")
    for name, count in items[:TABLE_ROWS]:
        table.add_row(name, str(count))
    if len(items) > TABLE_ROWS:
        rest = sum(count for _, count in items[TABLE_ROWS:])
        table.add_row(f"… {len(items) - TABLE_ROWS} more", str(rest))
    return table
