"""The progress bar of ``warta ingest``, on a terminal only: inputs done, their rate, the
time spent and left, and counts by outcome.

The time left comes from one of two things the run knows: with ``--limit``, how many
inputs are still to come (rich's own estimate from the recent rate); for WARC files read
piece by piece, the share of their bytes read (:mod:`warta.runners.progress`): the time
spent so far times what is left over what is read, which needs no count of the records
no one has read yet. Otherwise a stream's length is unknown and no time left is shown.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

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

__all__ = ["IngestBar", "TimeLeftColumn", "clock", "ingest_bar"]


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
        self.share = 0.0  # of the input read, when the run can tell

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

    def read(self, share: float) -> None:
        """The run has read ``share`` (0 to 1) of its input."""
        self.share = share
        if self._bar is None or self._task is None or share <= 0:
            return
        spent = time.monotonic() - self.started
        left = spent * (1 - share) / share
        self._bar.update(self._task, left=left, percent=f"{share:.0%}")


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
