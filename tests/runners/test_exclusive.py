"""One run at a time of the same ingest: real lock files, a real second process."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from warta.runners.exclusive import RunInProgress, exclusive_run, lock_path

HOLD = """
import sys, time
from pathlib import Path
from warta.runners.exclusive import exclusive_run
with exclusive_run(Path(sys.argv[1]), sys.argv[2:]):
    print("held", flush=True)
    time.sleep(60)
"""


def test_the_same_inputs_into_the_same_store_are_one_run_at_a_time(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    with exclusive_run(db, ["b.warc.gz", "a.html", "https://kabar.example/rss"]):
        again = ["https://kabar.example/rss", str(Path("a.html").resolve()), "b.warc.gz"]
        with (
            pytest.raises(RunInProgress, match=f"process {os.getpid()}") as caught,
            exclusive_run(db, again),
        ):
            pass
        assert str(db) in str(caught.value)
        with exclusive_run(db, ["other.warc.gz"]), exclusive_run(tmp_path / "x.db", ["a.html"]):
            pass  # other inputs, or another store, go side by side
    assert list(tmp_path.iterdir()) == []  # the lock file goes with its run
    with exclusive_run(db, ["a.html", "b.warc.gz", "https://kabar.example/rss"]):
        pass


def test_a_killed_run_leaves_no_lock_behind(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    command = [sys.executable, "-c", HOLD, str(db), "crawl.warc.gz"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "held\n"
            assert lock_path(db, ["crawl.warc.gz"]).read_text() == f"{holder.pid}\n"
            with (
                pytest.raises(RunInProgress, match=f"process {holder.pid}"),
                exclusive_run(db, ["crawl.warc.gz"]),
            ):
                pass
        finally:
            holder.send_signal(signal.SIGKILL)
    deadline = time.monotonic() + 5
    while True:  # the kernel lets the lock go with the process
        try:
            with exclusive_run(db, ["crawl.warc.gz"]):
                break
        except RunInProgress:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_a_lock_that_cannot_be_made_does_not_stop_the_run(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    ran = False
    with exclusive_run(tmp_path / "taken" / "w.db", ["a.html"]):
        ran = True  # the store, opened next, says what is wrong with its place
    assert ran and "runs are not kept apart" in caplog.text


def test_the_same_inputs_typed_from_another_folder_are_the_same_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a").mkdir()
    monkeypatch.chdir(tmp_path / "a")
    with exclusive_run(tmp_path / "w.db", ["urls:list.txt", "feed:news.xml"]):
        monkeypatch.chdir(tmp_path)
        same = [f"URLS:{tmp_path / 'a' / 'list.txt'}", "feed:a/news.xml"]
        with pytest.raises(RunInProgress), exclusive_run(tmp_path / "w.db", same):
            pass
        with exclusive_run(tmp_path / "w.db", ["urls:list.txt", "feed:news.xml"]):
            pass  # from here those name other files: another run


def test_lock_files_left_by_killed_runs_of_other_inputs_are_swept(tmp_path: Path) -> None:
    """A run removes the lock files nobody holds that killed runs into its store left,
    whatever their inputs; one a live run holds stays, as do other stores' files."""
    db = tmp_path / "w.db"
    stale = lock_path(db, ["killed.warc.gz"])
    stale.write_text("4242\n")
    other_store = lock_path(tmp_path / "x.db", ["killed.warc.gz"])
    other_store.write_text("4243\n")
    live = lock_path(db, ["running.warc.gz"])
    with live.open("a+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with exclusive_run(db, ["new.warc.gz"]):
            assert not stale.exists()
            assert live.exists() and other_store.exists()
        # the live run's lock is still its own
        with pytest.raises(RunInProgress), exclusive_run(db, ["running.warc.gz"]):
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other_store.name])
