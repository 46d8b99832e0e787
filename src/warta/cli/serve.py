"""``warta serve``: the reader in a browser, on this machine only unless told otherwise."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from warta.errors import MissingDependency

__all__ = ["OPTIONS_VARIABLE", "serve"]

# How worker processes learn the options: uvicorn starts them by importing the app
# factory, so the settings travel in the environment rather than as arguments.
OPTIONS_VARIABLE = "WARTA_WEB_OPTIONS"
FACTORY = "warta.web.app:app_from_environment"


def serve(
    *,
    db: Annotated[
        Path,
        typer.Option("--db", dir_okay=False, help="The store file (SQLite), as given to ingest."),
    ],
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; the default keeps the reader on this machine."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Server processes; one per core serves most.")
    ] = 1,
    zone: Annotated[
        str, typer.Option("--tz", help="Time zone times are shown in unless a page asks.")
    ] = "Asia/Jakarta",
    migrate: Annotated[
        bool,
        typer.Option(
            "--migrate",
            help="First bring a store written by an older Warta up to this version's schema "
            "(opens the file for writing once; serving stays read-only).",
        ),
    ] = False,
) -> None:
    """Serve the news reader and its JSON API from a store, read-only."""
    try:
        import uvicorn  # noqa: PLC0415 - optional: only serving needs it

        from warta.web.render import load_zone  # noqa: PLC0415
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise MissingDependency("warta serve needs: pip install 'warta[web]'") from exc
    if not db.is_file():
        raise typer.BadParameter(f"no store at {db}", param_hint="--db")
    if load_zone(zone) is None:
        raise typer.BadParameter(f"unknown time zone {zone!r}", param_hint="--tz")
    _check_store(db, migrate=migrate)
    os.environ[OPTIONS_VARIABLE] = json.dumps({"db": str(db.resolve()), "zone": zone})
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"warta: reading {db}; open http://{shown}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(
        FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        server_header=False,
        # Requests are small GETs; a long header or many at once is not a reader.
        limit_concurrency=512,
        timeout_keep_alive=5,
    )


def _check_store(db: Path, *, migrate: bool) -> None:
    """Refuse now, with the reason, a file the reader cannot serve (not a store, or an
    older schema), rather than in every server process; ``migrate`` first applies the
    migrations the file lacks."""
    from warta.store.reader import Reader  # noqa: PLC0415 - keeps `warta --help` fast
    from warta.store.sqlite import StoreError  # noqa: PLC0415

    try:
        Reader(db, migrate=migrate).close()
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from exc
