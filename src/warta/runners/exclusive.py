"""One run at a time of the same ingest: the same inputs into the same store.

A scheduled ingest (cron every quarter hour over the same feeds) that outlasts its period
would otherwise start again beside itself: both runs read every input the first had not
stored yet, fetch every page twice (doubling the requests each site gets, whatever the
per-host delay of each run), and both count them. The store stays right either way (an
input is stored once), so runs of *different* inputs into one store may go side by side;
only the same inputs again are refused.

The lock is an ``flock`` on a small file beside the store, named by a hash of the store
and the inputs (sorted, local paths made absolute after any ``urls:``, ``feed:`` or
``sitemap:`` prefix: :func:`~warta.sources.open.input_key`, so the same command typed in
another folder is the same run): the kernel lets it go when its holder exits in any way,
``kill -9`` included, so a lock never outlives its run. The holder writes its process id
into the file, for the message of a run turned away. A run killed that way leaves its
file behind, empty of any lock: the next run into the same store, of any inputs, removes
it (:func:`_sweep`), so killed runs of ever different inputs do not pile files up.
Where ``fcntl`` does not exist (Windows), runs are not kept apart.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from warta.errors import WartaError
from warta.sources.open import input_key

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["RunInProgress", "exclusive_run", "lock_path"]

log = logging.getLogger(__name__)


class RunInProgress(WartaError):
    """Another run is ingesting the same inputs into the same store."""

    reason = "run-in-progress"


def lock_path(db: Path, specs: Sequence[str]) -> Path:
    """The lock file of an ingest of ``specs`` into ``db``: hidden, beside the store."""
    store = db.resolve()
    inputs = sorted(input_key(spec) for spec in specs)
    key = "\n".join([str(store), *inputs]).encode("utf-8", "surrogatepass")
    return store.parent / f".{db.name}.ingest-{hashlib.sha1(key).hexdigest()[:16]}.lock"


@contextlib.contextmanager
def exclusive_run(db: Path, specs: Sequence[str]) -> Iterator[None]:
    """Hold the lock of an ingest of ``specs`` into ``db`` while the block runs; raise
    :class:`RunInProgress` (naming the holder's process) when another process holds it."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    path = lock_path(db, specs)
    with contextlib.ExitStack() as stack:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = stack.enter_context(_locked(path))
            handle.seek(0)
            handle.truncate()
            handle.write(f"{os.getpid()}\n")
            handle.flush()
        except OSError as exc:  # no room for the lock: the store says what is wrong
            log.warning("cannot lock %s (%s): runs are not kept apart", path, exc)
        else:
            stack.callback(_unlink, path)  # while still held: no run takes the file between
            _sweep(path)
        yield


def _sweep(mine: Path) -> None:
    """Remove the lock files beside ``mine`` that runs into the same store left when
    they were killed: those whose lock nobody holds. A held one is a run going on. A run
    that opened one just now and has not locked it yet finds it gone once it has, and
    opens it again (see :func:`_locked`), as after a run that finished."""
    prefix = f".{_store_name(mine)}.ingest-"
    others: list[Path] = []
    with contextlib.suppress(OSError), os.scandir(mine.parent) as entries:
        others = [Path(e.path) for e in entries if e.name.startswith(prefix)]
    for other in others:
        if other.suffix == ".lock" and other.name != mine.name:
            _remove_if_free(other)


def _remove_if_free(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)  # never creates one that is gone meanwhile
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: held, a live run
        if os.path.samestat(os.fstat(fd), os.stat(path)):
            path.unlink()
            log.debug("removed %s, left by a run that was killed", path)
    except OSError:
        pass
    finally:
        os.close(fd)  # lets the lock go


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[IO[str]]:
    """The lock file, open and locked. A file unlinked by a finishing run between this
    run's open and its lock is opened again, so two runs never hold different files."""
    while True:
        handle = path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            message = f"another warta ingest (process {holder}) is reading the same inputs"
            raise RunInProgress(f"{message} into {path.parent / _store_name(path)}") from None
        if _same_file(handle, path):
            break
        handle.close()
    try:
        yield handle
    finally:
        handle.close()  # closing lets the lock go


def _same_file(handle: IO[str], path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(handle.fileno()), os.stat(path))
    except FileNotFoundError:
        return False


def _store_name(lock: Path) -> str:
    return lock.name[1:].rsplit(".ingest-", 1)[0]
