"""The progress bar of ``warta ingest``, on a terminal only: inputs done, their rate, the
time spent and left, and counts by outcome.

The time left comes from what the run can know: how many inputs are still to come (with
``--limit``, or page files and dumps counted without reading them,
:mod:`warta.sources.counting`), from which rich estimates it by the recent rate; or, for
WARC files read piece by piece, the share of their bytes read
(:mod:`warta.runners.progress`): the time spent so far times what is left over what is
read, which needs no count of records no one has read yet. Otherwise a stream's length
is unknown and no time left is shown.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import (
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from warta.sources.counting import documents_to_do
from warta.store import Store

__all__ = ["IngestBar", "TimeLeftColumn", "clock", "expect_in_background", "ingest_bar"]

log = logging.getLogger(__name__)


class TimeLeftColumn(TimeRemainingColumn):
    """Rich's time remaining, or the run's own estimate when it gave one (``left``)."""

    def render(self, task: Task) -> Text:
        left = task.fields.get("left")
        if left is None:
            return super().render(task)
        return Text(clock(left), style="progress.remaining")


class IngestBar:
    """What the runner reports, shown on ``bar`` (None: not shown, only counted)."""

    def __init__(
        self, bar: Progress | None, task: TaskID | None, counts: Counter[str] | None = None
    ) -> None:
        self._bar = bar
        self._task = task
        self.counts: Counter[str] = Counter() if counts is None else counts
        self.started = time.monotonic()

    @property
    def shown(self) -> bool:
        """Whether the bar is on screen (else the run need not work out its estimate)."""
        return self._bar is not None

    def advance(self, _source: str, result: str) -> None:
        """One more input stored, with outcome ``result``."""
        self.counts[result] += 1
        if self._bar is None or self._task is None:
            return
        elapsed = max(time.monotonic() - self.started, 1e-9)
        shown = ", ".join(f"{n} {k}" for k, n in self.counts.most_common(4))
        rate = self.counts.total() / elapsed
        self._bar.update(self._task, advance=1, rate=rate, outcomes=shown)

    def expect(self, total: int) -> None:
        """The run will store ``total`` inputs: rich estimates the time left from it."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, total=total)

    def read(self, share: float) -> None:
        """The run has read ``share`` (0 to 1) of its input."""
        if self._bar is None or self._task is None or share <= 0:
            return
        spent = time.monotonic() - self.started
        left = spent * (1 - share) / share
        self._bar.update(self._task, left=left, percent=f"{share:.0%}")


def expect_in_background(
    bar: IngestBar, specs: Sequence[str], db: Path, *, again: bool = False
) -> None:
    """Count the inputs of ``specs`` still to do (:func:`~warta.sources.counting.
    documents_to_do`, ``again`` for ``--refresh``) on a thread of its own, so the run
    starts at once, and tell ``bar`` when they can be counted."""

    earlier = db.exists()  # asked now: the run creates a new store as this thread starts

    def count() -> None:
        try:
            if earlier:
                with Store(db, readonly=True) as store:
                    total = documents_to_do(specs, _Held(store), again=again)
            else:
                total = documents_to_do(specs, (), again=again)
        except Exception as exc:  # an estimate is not worth a failed run: show none
            log.debug("cannot count the inputs: %s: %s", type(exc).__name__, exc)
            return
        if total is not None:
            bar.expect(total)

    threading.Thread(target=count, name="warta-count-inputs", daemon=True).start()


class _Held:
    """The sources a store holds, asked one at a time (not loaded: there may be millions)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __contains__(self, source: object) -> bool:
        return isinstance(source, str) and self.store.is_done(source)


def clock(seconds: float) -> str:
    """``seconds`` as H:MM:SS."""
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


@contextmanager
def ingest_bar(
    wanted: bool, total: int | None, counts: Counter[str] | None = None
) -> Iterator[IngestBar]:
    """An :class:`IngestBar` shown on standard error while the block runs, when
    ``wanted`` and standard error is a terminal; ``total`` is the inputs expected (a
    limit), if known; outcomes are counted into ``counts``."""
    console = Console(stderr=True)
    if not (wanted and console.is_terminal):
        yield IngestBar(None, None, counts)
        return
    columns = (
        SpinnerColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TextColumn("{task.fields[percent]}"),
        TimeElapsedColumn(),
        TimeLeftColumn(),
        TextColumn("{task.fields[outcomes]}"),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task("ingest", total=total, rate=0.0, outcomes="", percent="", left=None)
        yield IngestBar(bar, task, counts)
