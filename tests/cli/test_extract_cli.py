"""``warta extract`` end to end, run as the user runs it: ``python -m warta`` in a subprocess.

Assertions that need a part of the library still being written (body, title, binary
guard) probe for it first and skip with a reason, so these tests run unchanged once
it lands.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import warta
from warta.cli.inputs import is_page_name
from warta.cli.main import app
from warta.errors import error_reason

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples" / "pages"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8


def _page(title: str, words: int = 60) -> bytes:
    body = " ".join(f"kata{i}" for i in range(words))
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{body}.</p></article></body></html>"
    ).encode()


def _body_ready() -> bool:
    page = "<html><body><article><p>" + "word " * 80 + "</p></article></body></html>"
    return warta.extract(page).body != ""


def _title_ready() -> bool:
    return warta.extract(_page("Judul berita")).title is not None


def _run(
    *args: str, stdin: bytes | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "warta", "extract", *args],
        check=False,
        cwd=cwd,
        input=stdin if stdin is not None else b"",
        capture_output=True,
        timeout=120,
    )


def _records(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def _samples_job() -> list[str]:
    """``warta extract`` over the sample pages, as samples/README.md shows it."""
    return ["samples/pages", "--format", "jsonl", "--output", "out/samples.jsonl"]


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """Extract the sample pages, with ``--output`` moved under a temp folder."""
    args = _samples_job()
    where = args.index("--output") + 1
    out = tmp_path_factory.mktemp("main-job") / args[where]
    args[where] = str(out)
    done = _run(*args)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_samples_job_writes_one_record_per_sample(sample_records: list[dict[str, Any]]) -> None:
    samples = sorted(p for p in SAMPLES.iterdir() if is_page_name(p.name))
    assert len(samples) >= 6
    assert [Path(r["source"]).name for r in sample_records] == [p.name for p in samples]
    assert all(r["error"] is None for r in sample_records)


def test_samples_job_records_have_titles(sample_records: list[dict[str, Any]]) -> None:
    if not _title_ready():
        pytest.skip("title extraction is not implemented yet")
    assert all(r["title"] for r in sample_records)


def test_samples_job_records_have_clean_bodies(sample_records: list[dict[str, Any]]) -> None:
    if not _body_ready():
        pytest.skip("body extraction is not implemented yet")
    for record in sample_records:
        assert len(record["body"]) > 500, record["source"]
        # The iso-8859-1-declared page is UTF-8: no mojibake may come out of any sample.
        assert "Ã" not in record["body"] and "â€" not in record["body"], record["source"]


def test_extract_and_ingest_say_the_same_of_each_gzipped_file(tmp_path: Path) -> None:
    """One reading of page files for both commands: the bytes decide whether a file is
    gzip data, and a bad one has the same reason in both."""
    zipped = gzip.compress(_page("Banjir") * 3)
    damaged = bytearray(zipped)
    damaged[len(zipped) // 2 : len(zipped) // 2 + 2] = b"\xff\xff"
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "cut.html.gz").write_bytes(zipped[: len(zipped) // 2])
    (pages / "damaged.html.gz").write_bytes(bytes(damaged))
    (pages / "plain.html.gz").write_bytes(_page("Polos"))
    (pages / "image.html.gz").write_bytes(PNG)
    (pages / "zipped.html").write_bytes(zipped)
    done = _run(str(pages))
    assert done.returncode == 0, done.stderr.decode()
    extracted = {Path(r["source"]).name: _reason(r["error"]) for r in _records(done.stdout)}
    db = tmp_path / "w.db"
    ingest = [sys.executable, "-m", "warta", "ingest", str(pages), "--db", str(db)]
    subprocess.run([*ingest, "--no-progress"], check=True, capture_output=True, timeout=120)
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute(
            "SELECT i.source, r.reason FROM inputs AS i LEFT JOIN rejected AS r "
            "ON r.id = i.rejected_id WHERE i.outcome = 'article' OR r.id IS NOT NULL"
        ).fetchall()
    ingested = {Path(source).name: reason for source, reason in rows}
    assert (
        extracted
        == ingested
        == {
            "cut.html.gz": "truncated-gzip",
            "damaged.html.gz": "bad-gzip",
            "image.html.gz": "binary-input",
            "plain.html.gz": None,
            "zipped.html": None,
        }
    )


def _reason(error: str | None) -> str | None:
    return None if error is None else error_reason(error)


def test_bad_inputs_become_error_records_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-good.html").write_bytes(_page("Bagus"))
    (tmp_path / "b-empty.html").write_bytes(b"")
    (tmp_path / "c-broken.html.gz").write_bytes(gzip.compress(_page("Rusak"))[:40])
    (tmp_path / "d-binary.html").write_bytes(PNG)
    os.symlink(tmp_path / "gone.html", tmp_path / "e-dangling.html")
    (tmp_path / "f-zipped.htm.gz").write_bytes(gzip.compress(_page("Zip")))
    (tmp_path / "notes.txt").write_text("not a page")
    done = _run(str(tmp_path))
    assert done.returncode == 0, done.stderr.decode()
    records = {Path(r["source"]).name: r for r in _records(done.stdout)}
    assert list(records) == [
        "a-good.html", "b-empty.html", "c-broken.html.gz", "d-binary.html",
        "e-dangling.html", "f-zipped.htm.gz",
    ]  # fmt: skip
    assert records["a-good.html"]["error"] is None
    assert records["f-zipped.htm.gz"]["error"] is None
    assert records["b-empty.html"]["error"].startswith("empty-input")
    assert records["c-broken.html.gz"]["error"].startswith("truncated-gzip")
    assert "cannot read" in records["e-dangling.html"]["error"]
    assert "6 inputs" in done.stderr.decode()
    if records["d-binary.html"]["error"] is None:
        pytest.skip("the binary-input guard is not implemented yet")
    assert records["d-binary.html"]["error"].startswith("binary-input")


def test_stdin_with_url(tmp_path: Path) -> None:
    done = _run("-", "--url", "https://kabarnusa.id/x", stdin=_page("Dari stdin"))
    assert done.returncode == 0, done.stderr.decode()
    (record,) = _records(done.stdout)
    assert record["source"] == "-" and record["url"] == "https://kabarnusa.id/x"
    assert record["error"] is None


def test_url_with_more_than_one_input_is_a_usage_error(tmp_path: Path) -> None:
    done = _run(str(tmp_path), "--url", "https://kabarnusa.id/x")
    assert done.returncode == 2
    assert b"--url needs exactly one input file" in done.stderr
    assert done.stdout == b""


def test_missing_file_is_an_error_record_not_a_crash(tmp_path: Path) -> None:
    done = _run(str(tmp_path / "missing.html"), "--format", "json")
    assert done.returncode == 0
    assert "no such file" in json.loads(done.stdout)["error"]


def test_json_format_is_an_array_for_many_inputs(tmp_path: Path) -> None:
    for name in ("a.html", "b.html"):
        (tmp_path / name).write_bytes(_page(name))
    done = _run(str(tmp_path), "--format", "json", "--timeout", "0")
    assert done.returncode == 0, done.stderr.decode()
    assert [Path(r["source"]).name for r in json.loads(done.stdout)] == ["a.html", "b.html"]


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_reading_formats_report_bad_inputs_on_stderr(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "a.html").write_bytes(_page("Judul pertama", words=80))
    (tmp_path / "b.html").write_bytes(b"  ")
    done = _run(str(tmp_path), "--format", fmt)
    assert done.returncode == 0, done.stderr.decode()
    stderr = done.stderr.decode()
    assert "skipped" in stderr and "b.html" in stderr and "empty-input" in stderr
    assert "empty-input" not in done.stdout.decode()
    if not (_body_ready() and _title_ready()):
        pytest.skip("title or body extraction is not implemented yet")
    first = done.stdout.decode().splitlines()[0]
    assert first == ("# Judul pertama" if fmt == "markdown" else "Judul pertama")
    assert "kata79" in done.stdout.decode()


def test_many_pages_stream_one_line_each(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    for i in range(300):
        sub = pages / f"d{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"p{i:03d}.html").write_bytes(_page(f"Halaman {i}", words=30))
    out = tmp_path / "nested" / "out.jsonl"
    done = _run(str(pages), "--output", str(out), "--progress")
    assert done.returncode == 0, done.stderr.decode()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 300
    assert all(json.loads(line)["error"] is None for line in lines)
    # No progress display when stderr is not a terminal: only the summary line.
    assert done.stderr.decode().strip().splitlines()[-1].startswith("warta: 300 inputs")


def test_every_command_has_help() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0 and "extract" in top.output
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__
        name = command.name or command.callback.__name__
        shown = runner.invoke(app, [name, "--help"])
        assert shown.exit_code == 0 and "Usage" in shown.output and "--help" in shown.output


def test_merge_pages_joins_the_pages_of_one_article(tmp_path: Path) -> None:
    base = "https://www.kabarnusa.id/regional/2025/03/11/tanggul-pelabuhan"
    para = (
        "Paragraf {i} halaman {n}: petugas gabungan terus memperkuat tanggul darurat di pesisir "
        "utara kota sejak pagi, sementara air laut masih setinggi lutut di titik {n}-{i}."
    )
    for n in (1, 2, 3):
        url = base if n == 1 else f"{base}?page={n}"
        body = "".join(f"<p>{para.format(i=i, n=n)}</p>" for i in range(1, 4))
        (tmp_path / f"page{n}.html").write_text(
            f'<html><head><link rel="canonical" href="{url}"></head><body>'
            f"<h1>Tanggul pelabuhan</h1><article>{body}</article></body></html>",
            encoding="utf-8",
        )
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "warta", "extract", str(tmp_path), "--merge-pages", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1
    assert records[0]["provenance"]["pages"] == "3"
    assert len(records[0]["paragraphs"]) == 9


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_ctrl_c_ends_the_output_whole_and_says_how_much_it_holds(tmp_path: Path, fmt: str) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(3):
        (pages / f"{n}.html").write_bytes(_page(f"Berita {n}"))
    out = tmp_path / f"out.{fmt}"
    # The pages, then standard input, which stays open: the run is waiting there when
    # Ctrl-C (SIGINT to its process group, as a terminal sends it) arrives.
    command = [sys.executable, "-m", "warta", "extract", str(pages), "-", "--format", fmt]
    with subprocess.Popen(
        [*command, "--output", str(out), "--no-progress"],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as run:
        deadline = time.monotonic() + 60
        while not (out.exists() and "Berita 2" in out.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline, "the pages were not written"
            time.sleep(0.05)  # each record is flushed as it is written
        os.killpg(run.pid, signal.SIGINT)
        _, err = run.communicate(timeout=60)
    assert run.returncode == 130
    message = err.decode()
    assert f"interrupted; 3 records written to {out}" in message, message
    text = out.read_text(encoding="utf-8")
    records = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
    assert [r["title"] for r in records] == ["Berita 0", "Berita 1", "Berita 2"]
