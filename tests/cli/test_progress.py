"""The ingest progress bar: what it counts, and the time left it shows from the share of
the input read (a rich Progress on a terminal console writing into memory)."""

from __future__ import annotations

import time
from collections import Counter
from io import StringIO
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from warta.cli.progress import (
    IngestBar,
    TimeLeftColumn,
    clock,
    expect_in_background,
    ingest_bar,
)
from warta.record import Article
from warta.store import Store


def test_clock() -> None:
    assert clock(0) == "0:00:00"
    assert clock(3725.4) == "1:02:05"
    assert clock(59.6) == "0:01:00"


def test_outcomes_are_counted_even_when_nothing_is_shown() -> None:
    counts: Counter[str] = Counter()
    with ingest_bar(False, None, counts) as bar:
        for result in ("ok", "ok", "no-article-text"):
            bar.advance("source", result)
        bar.read(0.5)
        assert not bar.shown
    assert counts == {"ok": 2, "no-article-text": 1}


def test_the_time_left_follows_the_share_read() -> None:
    console = Console(file=StringIO(), force_terminal=True, width=120)
    with Progress(TimeLeftColumn(), console=console) as progress:
        task = progress.add_task("ingest", total=None, rate=0.0, outcomes="", percent="", left=None)
        bar = IngestBar(progress, task)
        bar.started = time.monotonic() - 30  # 30 s spent
        bar.advance("source", "ok")
        bar.read(0.25)
        fields = progress.tasks[0].fields
        assert fields["percent"] == "25%"
        assert 89 < fields["left"] < 92  # a quarter read in 30 s: 90 s to go
        assert "0:01:3" in str(TimeLeftColumn().render(progress.tasks[0]))
        bar.read(0.0)  # nothing read yet says nothing
        assert progress.tasks[0].fields["percent"] == "25%"


def test_inputs_still_to_do_are_counted_in_the_background(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    saved.mkdir()
    for n in range(5):
        (saved / f"{n}.html").write_text(f"<p>{n}</p>", encoding="utf-8")
    db = tmp_path / "w.db"
    with Store(db) as store:  # an earlier run stored one of them
        store.save_batch([(str(saved / "0.html"), Article(title="x", paragraphs=[]))])
    console = Console(file=StringIO(), force_terminal=True)
    with Progress(console=console) as progress:
        bar = IngestBar(progress, progress.add_task("ingest", total=None))
        expect_in_background(bar, [str(saved)], db)
        deadline = time.monotonic() + 10
        while progress.tasks[0].total is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert progress.tasks[0].total == 4
