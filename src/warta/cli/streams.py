"""Standard output for the commands: UTF-8 whatever the locale, and quiet when the reader
goes away early (``| head``)."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

import typer

__all__ = ["open_output", "silence_stdout", "utf8_stdout"]


@contextmanager
def utf8_stdout(newline: str = "\n") -> Iterator[TextIO]:
    """Standard output wrapped as UTF-8 text, flushed at the end and left open.

    ``newline=''`` leaves line ends to the writer (CSV writes its own). A reader that
    goes away early shows as :class:`BrokenPipeError` from the ``with`` body or the flush;
    the caller ends quietly with :func:`silence_stdout`.
    """
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline=newline)
    try:
        yield stream
        stream.flush()
    finally:
        with suppress(BrokenPipeError, ValueError):
            stream.detach()


def silence_stdout() -> None:
    """Point standard output at /dev/null so no later flush fails on the closed pipe.

    This is the recipe of the Python documentation for SIGPIPE: the interpreter flushes
    standard output at exit, and the unsent bytes would otherwise raise again there.
    """
    with suppress(OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


@contextmanager
def open_output(path: Path | None) -> Iterator[TextIO]:
    """UTF-8 text to ``path`` (creating its folder) or to standard output.

    Standard output is wrapped rather than used as is, so the records are UTF-8 whatever
    the locale says. A reader that goes away early (``| head``) ends the run quietly; a
    file that cannot be written is a usage error naming ``--output``.
    """
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise typer.BadParameter(f"cannot write {path}: {exc}", param_hint="--output") from exc
        with handle:
            yield handle
        return
    try:
        with utf8_stdout() as stream:
            yield stream
    except BrokenPipeError:
        silence_stdout()
