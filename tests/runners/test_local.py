"""The local runner: documents through sandboxed extraction into a real SQLite store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from warta.errors import ExtractionError
from warta.record import Article
from warta.runners.local import RunOptions, _Recent, run
from warta.runners.sandbox import Sandbox
from warta.sources.base import TEXT_PLAIN, RawDocument
from warta.store import Store, StoreError

PARA = (
    "Paragraf {i} berita {n}: petugas gabungan terus memperkuat tanggul darurat di pesisir "
    "utara kota sejak pagi, sementara air laut masih setinggi lutut di banyak titik."
)


def page(n: int) -> bytes:
    body = "".join(f"<p>{PARA.format(i=i, n=n)}</p>" for i in range(4))
    return f"<html><body><h1>Berita nomor {n}</h1><article>{body}</article></body></html>".encode()


def docs(count: int) -> list[RawDocument]:
    return [
        RawDocument(source=f"dump.jsonl:{n}", data=page(n), url=f"https://kabar.example/{n}")
        for n in range(count)
    ]


def opener(path: Path):  # type: ignore[no-untyped-def]
    return lambda: Store(path)


def test_every_input_ends_stored_or_rejected(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    inputs = [
        *docs(5),
        RawDocument(source="bad:1", error="truncated-gzip: the file ends early"),
        RawDocument(source="bad:2", data=b"\x89PNG\r\n\x1a\n" + bytes(64)),
        RawDocument(
            source="text:1", data="Judul\n" + PARA.format(i=1, n=9), content_type=TEXT_PLAIN
        ),
        RawDocument(source="url:1", url="https://kabar.example/x"),  # nothing fetches it
    ]
    seen: list[str] = []
    summary = run(
        inputs, opener(db), RunOptions(workers=2, timeout=20), on_result=lambda s, a: seen.append(s)
    )
    assert sorted(seen) == sorted(d.source for d in inputs)
    assert summary.processed == len(inputs)
    with Store(db) as store:
        stats = store.stats()
        assert stats["articles"] + stats["rejected"] == len(inputs)
        assert stats["rejected"] >= 3


def test_a_second_run_redoes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    first = run(docs(6), opener(db), RunOptions(workers=2))
    again = run(docs(6), opener(db), RunOptions(workers=2))
    assert first.processed == 6
    assert again.processed == 0 and again.skipped == 6


class _AskedOnly(Store):
    """A store that will not hand over all it holds: what is done must be asked of it."""

    def done_sources(self) -> set[str]:
        raise AssertionError("the run loaded every source the store holds")


def test_a_run_asks_the_store_what_is_done_instead_of_loading_it(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    run(docs(4), opener(db), RunOptions(workers=1))
    again = run(docs(6), lambda: _AskedOnly(db), RunOptions(workers=1))
    assert (again.processed, again.skipped) == (2, 4)


def test_repeats_near_and_far_are_stored_once(tmp_path: Path) -> None:
    """A repeat right after its first is still in flight: the run knows it from the
    sources it queued last. One far after it (more than the queues and a batch hold) is
    stored by then: the store knows it. Counted as skipped either way."""
    db = tmp_path / "w.db"
    first = docs(40)
    stream = [d for doc in first for d in (doc, doc)] + first  # near, then far
    told: list[str] = []
    summary = run(
        stream,
        opener(db),
        RunOptions(workers=1, batch_size=2),
        on_result=lambda s, _: told.append(s),
    )
    assert sorted(told) == sorted(d.source for d in first)
    assert summary.processed == 40 and summary.skipped == 80
    with Store(db) as store:
        assert store.count_articles() == 40


def test_the_sources_in_flight_are_the_last_ones_queued_only() -> None:
    recent = _Recent(3)
    for source in ["a", "b", "c", "b", "d", "e"]:
        recent.add(source)
    assert [s for s in "abcde" if s in recent] == ["c", "d", "e"]


def test_limit_and_fetch_callback(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    pages = {f"https://kabar.example/{n}": page(n) for n in range(4)}

    def fetch(doc: RawDocument) -> RawDocument:
        data = pages.get(doc.url or "")
        if data is None:
            return RawDocument(source=doc.source, url=doc.url, error="http-404: not found")
        return RawDocument(source=doc.source, url=doc.url, data=data)

    urls = [RawDocument(source=u, url=u) for u in [*pages, "https://kabar.example/missing"]]
    summary = run(urls, opener(db), RunOptions(workers=1, limit=3), fetch=fetch)
    assert summary.processed == 3
    rest = run(urls, opener(db), RunOptions(workers=1), fetch=fetch)
    assert rest.processed == 2 and rest.skipped == 3
    assert rest.outcomes["http-404"] == 1


def test_a_hanging_document_is_cut_off_and_the_run_goes_on(tmp_path: Path) -> None:
    # 100,000 nested tags would be rejected by the guards; a page the parser takes long
    # over is made from many tiny blocks instead, with a very short limit.
    slow = b"<html><body>" + b"<p>x</p>" * 400_000 + b"</body></html>"
    inputs = [RawDocument(source="slow", data=slow), *docs(2)]
    summary = run(inputs, opener(tmp_path / "w.db"), RunOptions(workers=1, timeout=0.2))
    assert summary.outcomes["timeout"] == 1
    assert summary.outcomes["ok"] == 2


SCRIPT = """
import sys
from warta.runners.local import RunOptions, run
from warta.sources.base import RawDocument
from warta.store import Store
sys.path.insert(0, {tests!r})
from test_local import docs
run(docs({count}), lambda: Store({db!r}), RunOptions(workers=2, batch_size=7))
"""


def test_kill_nine_then_resume_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    count = 120
    script = SCRIPT.format(tests=str(Path(__file__).parent), count=count, db=db)
    for wait in (1.5, 2.5):
        proc = subprocess.Popen([sys.executable, "-c", script], env={**os.environ})
        time.sleep(wait)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300)
    with Store(db) as store:
        articles = list(store.iter_articles())
        assert store.stats()["rejected"] == 0
    sources = [json.dumps(a.source) for a in articles]
    assert len(sources) == count and len(set(sources)) == count
    assert all(isinstance(a, Article) for a in articles)


def test_workers_that_cannot_start_halt_the_run_and_lose_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.db"

    def cannot_start(self: Sandbox[object]) -> None:
        raise ExtractionError("it did not start within 60 s (exit code 1)")

    # Starting a process cannot be made to fail on purpose here; the start is replaced.
    monkeypatch.setattr(Sandbox, "_worker", cannot_start)
    with pytest.raises(ExtractionError, match="the run stopped: worker-failed"):
        run(docs(20), opener(db), RunOptions(workers=2, timeout=5))
    monkeypatch.undo()
    with Store(db) as store:
        assert store.done_sources() == set()  # nothing recorded as rejected for it
    again = run(docs(20), opener(db), RunOptions(workers=2, timeout=20))
    assert again.outcomes == {"ok": 20}


def test_a_store_that_refuses_the_last_batch_ends_the_run_with_its_error(
    tmp_path: Path,
) -> None:
    """The writer fails on the batch it commits after the end of the input, and on each
    record alone, and on its rejection (the store turned read-only: SQLite's query_only):
    the run raises that error, and does not wait for an end of input it has already had."""
    db = tmp_path / "w.db"
    Store(db).close()

    def read_only() -> Store:
        store = Store(db)
        store._conn.execute("PRAGMA query_only = ON")
        return store

    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            run(docs(3), read_only, RunOptions(workers=1, timeout=20))
            outcome.append(None)
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the run hung after the store refused the last batch"
    assert isinstance(outcome[0], StoreError) and "readonly" in str(outcome[0])


def test_the_summary_tells_new_articles_from_copies_and_new_versions(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    copy = RawDocument(source="mirror:0", data=page(0), url="https://kabar.example/0")
    changed = RawDocument(
        source="later:1", data=page(1).replace(b"Paragraf 0", b"Ralat 0"), url=docs(2)[1].url
    )
    told: list[tuple[str, str]] = []
    summary = run(
        [*docs(3), copy, changed],
        opener(db),
        RunOptions(workers=1),
        on_result=lambda s, o: told.append((s, o)),
    )
    assert summary.outcomes == {"ok": 3, "duplicate": 1, "updated": 1}
    assert dict(told) == {
        "dump.jsonl:0": "ok",
        "dump.jsonl:1": "ok",
        "dump.jsonl:2": "ok",
        "mirror:0": "duplicate",
        "later:1": "updated",
    }
    with Store(db) as store:
        assert store.count_articles() == 3 and store.stats()["versions"] == 1
