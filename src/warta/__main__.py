"""``python -m warta`` and the ``warta`` script: the command line of :mod:`warta.cli.main`.

The command line is imported when :func:`main` runs, not when this module is imported.
Every worker process an ingest spawns runs the program's main script again, as
``__mp_main__`` (that is how multiprocessing's spawn gives workers the parent's main
module), and the ``warta`` script imports this module: a worker then skips the command
line's modules (typer, rich, every command), at its start and at each restart after a
page ran over the time limit. Measured: `warta ingest` of 10 pages on 2 workers took
0.66-0.74 s instead of 0.67-0.77 s (five runs each).
"""

from __future__ import annotations


def main() -> None:
    """Run the ``warta`` command line."""
    from warta.cli.main import app  # noqa: PLC0415 - see the module doc

    app(prog_name="warta")


if __name__ == "__main__":
    main()
