"""``warta enrich --db``: enrich the articles a store already holds, in place.

For a store built by ``warta ingest`` without ``--enrich``. Articles are read by id and
written back in batches, one transaction each, so a crash loses at most the batch in
hand and running the command again continues with what is still unenriched. One record
enrichment cannot handle is logged and left as it was; the run goes on.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from warta.record import Article
from warta.store import Store, StoreError

if TYPE_CHECKING:  # the enrichment modules load with the command that enriches
    from warta.enrich.stage import Enricher

__all__ = ["BATCH", "enrich_articles", "enrich_store"]

log = logging.getLogger(__name__)

# Articles per transaction: enrichment is the slow part (about 10 ms an article), so a
# batch commits every second or two and a crash costs little.
BATCH = 100


def enrich_store(db: Path, enricher: Enricher, *, everything: bool = False) -> Counter[str]:
    """Enrich the store's unenriched articles (all of them with ``everything``)."""
    if not db.is_file():
        raise typer.BadParameter(f"no store at {db}", param_hint="--db")
    outcomes: Counter[str] = Counter()
    try:
        with Store(db) as store:
            ids = store.article_ids(unenriched=not everything)
            outcomes = enrich_articles(store, ids, enricher)
    except StoreError as exc:
        raise typer.BadParameter(str(exc), param_hint="--db") from exc
    return outcomes


def enrich_articles(store: Store, ids: Sequence[int], enricher: Enricher) -> Counter[str]:
    """Enrich the stored articles ``ids`` in place, a batch per transaction."""
    outcomes: Counter[str] = Counter()
    for batch in _batches(ids):
        store.save_enrichment(list(_enriched(store, batch, enricher, outcomes)))
    return outcomes


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _enriched(
    store: Store, ids: Sequence[int], enricher: Enricher, outcomes: Counter[str]
) -> Iterator[tuple[int, Article]]:
    for article_id in ids:
        article = store.article(article_id)
        if article is None:
            continue
        try:
            yield article_id, enricher.enrich(article)
        except Exception as exc:  # one bad record must not stop the run
            log.warning("cannot enrich article %d: %s", article_id, exc, exc_info=True)
            outcomes["error"] += 1
            continue
        outcomes["ok"] += 1
