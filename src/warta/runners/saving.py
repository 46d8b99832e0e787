"""What a run stores and counts: its results saved a batch at a time, and the outcome of
each input as the store decided it.

Both runners (:mod:`warta.runners.local`, :mod:`warta.runners.partitioned`) save through
:func:`save_items` and count with :class:`RunSummary`, so an input is counted the same
way whichever ran it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from warta.errors import WartaError, error_reason
from warta.record import Article
from warta.store.connection import StoreBusy
from warta.store.done_pieces import DonePiece
from warta.store.refresh import KEPT, UNCHANGED
from warta.store.results import BatchResult
from warta.store.schema import PreparedRow

__all__ = [
    "SKIPPED",
    "Outcome",
    "Result",
    "RunSummary",
    "Store",
    "outcome",
    "save_items",
    "stored_outcome",
]

log = logging.getLogger(__name__)

# What a worker hands the writer for one input: a row ready to store, or a record to keep
# as rejected.
Result = Article | PreparedRow
# Called with each input's source and outcome once stored: 'ok' (a new article), 'updated'
# (a new version of one stored), 'duplicate' (content stored already) or the rejection reason.
Outcome = Callable[[str, str], None]
# What a run counts for an input the store found done already (another run stored it in
# the meantime): it goes with the inputs skipped as done, not with the outcomes.
SKIPPED = "skipped"
# The run's name for each of the store's outcomes (the rejected are named by their reason).
_STORED = {
    "inserted": "ok",
    "updated": "updated",
    "duplicate": "duplicate",
    "skipped": SKIPPED,
    UNCHANGED: UNCHANGED,
}


class Store(Protocol):
    """What the runner needs of a store."""

    def is_done(self, source: str) -> bool: ...

    def save_batch(
        self,
        items: Sequence[tuple[str, Result]],
        *,
        wait: bool = True,
        refresh: bool = False,
        pieces: Sequence[DonePiece] = (),
    ) -> BatchResult:
        """Raises :class:`~warta.store.StoreBusy` without ``wait`` while another writes;
        with ``refresh``, stores an input done already as fetched again; records
        ``pieces`` as done (:mod:`warta.store.done_pieces`)."""

    def close(self) -> None: ...


@dataclass(slots=True)
class RunSummary:
    """What a run did: outcomes (see :data:`Outcome`) and skipped inputs."""

    outcomes: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    seconds: float = 0.0

    @property
    def processed(self) -> int:
        return sum(self.outcomes.values())

    def count(self, source: str, said: str, report: Outcome | None = None) -> None:
        """Count one stored input's outcome ``said`` (:func:`stored_outcome`) and pass it
        to ``report``; an input another run stored meanwhile (:data:`SKIPPED`) counts with
        the skipped inputs, unreported."""
        if said == SKIPPED:
            self.skipped += 1
            return
        self.outcomes[said] += 1
        if report is not None:
            report(source, said)


def outcome(result: Result) -> str:
    """'ok', or the reason of the record's error ('timeout', 'not-html', ...): what a
    record says of itself before the store has decided (see :func:`stored_outcome`)."""
    error = result.error if isinstance(result, Article) else None
    return "ok" if error is None else error_reason(error)


def stored_outcome(stored: str, reason: str | None) -> str:
    """The run's outcome of an input the store reported as ``(stored, reason)``
    (:attr:`~warta.store.BatchResult.each`): a copy of a stored article is a duplicate."""
    if stored == "rejected":
        return reason or "rejected"
    if stored == KEPT:  # fetched again, not had: what was stored stays
        return f"{KEPT}: {reason}"
    return _STORED.get(stored, stored)


def save_items(
    store: Store,
    batch: Sequence[tuple[str, Result]],
    *,
    wait: bool = True,
    refresh: bool = False,
    pieces: Sequence[DonePiece] = (),
) -> list[tuple[str, str]]:
    """Store ``batch`` in one transaction; each input's source and outcome, as the store
    decided it (:func:`stored_outcome`).

    A batch the store refuses is saved one item at a time, so one bad record costs only
    itself: it is stored as a ``store-error`` rejection instead. A store that refuses even
    that (a full disk) raises :class:`~warta.errors.WartaError`. Without ``wait``,
    :class:`~warta.store.StoreBusy` says that another process is writing: nothing was.
    ``refresh`` is passed on to the store (``RunOptions.refresh``), and ``pieces``, whose
    inputs are stored once the batch is, are recorded as done with it.
    """
    try:
        saved = store.save_batch(batch, wait=wait, refresh=refresh, pieces=pieces)
    except StoreBusy:
        raise
    except WartaError as exc:
        log.warning("batch of %d not stored (%s); saving one by one", len(batch), exc)
        alone = [_save_alone(store, item, refresh=refresh) for item in batch]
        if pieces:
            store.save_batch([], pieces=pieces)
        return alone
    return [
        (source, stored_outcome(*each)) for (source, _), each in zip(batch, saved.each, strict=True)
    ]


def _save_alone(store: Store, item: tuple[str, Result], *, refresh: bool) -> tuple[str, str]:
    """One record in its own transaction; one the store refuses is stored as rejected."""
    source, result = item
    try:
        saved = store.save_batch([item], refresh=refresh)
    except WartaError as exc:
        url = result.url if isinstance(result, Article) else result.record.get("url")
        rejected = Article(source=source, url=url, error=f"store-error: {exc}")
        saved = store.save_batch([(source, rejected)])
    return source, stored_outcome(*saved.each[0])
