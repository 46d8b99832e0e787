"""``warta extract`` on scraped text: forced with ``--text``, or chosen for non-HTML input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from warta.cli.inputs import TEXT_PLAIN, discover, extract_input, is_plain_text

REPO = Path(__file__).resolve().parents[2]
SEED = "000_51c6f78b63b93dbc"
STORY = "\n".join(
    [
        "Berita Daerah",
        "Banjir Rendam Ratusan Rumah di Bogor, Warga Mengungsi ke Masjid",
        "Ratusan rumah terendam setelah hujan deras mengguyur kota sejak pagi hari.",
        "KABARNUSA.ID, BOGOR - Hujan deras sejak Minggu pagi membuat sungai meluap.",
        "Petugas mengatakan bahwa air mulai surut pada sore hari.Sebab, pintu air sudah dibuka.",
        "Baca juga: Warga Bogor Gotong Royong Bersihkan Lumpur",
        "Warga yang mengungsi akan kembali ke rumah mereka setelah lumpur dibersihkan.",
    ]
)
PAGE = (
    "<!DOCTYPE html><html><head><title>Banjir</title></head><body><article><h1>Banjir</h1>"
    "<p>" + "Hujan deras membuat sungai meluap dan merendam rumah warga. " * 8 + "</p>"
    "</article></body></html>"
)


def _run(*args: str, stdin: bytes = b"") -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "warta", "extract", *args],
        check=False,
        cwd=REPO,
        input=stdin,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    return [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]


@pytest.mark.parametrize(
    ("data", "name", "plain"),
    [
        (b"Judul\nIsi berita.", "a.txt", True),
        (b"<html><body><p>Halo</p></body></html>", "page.TXT", True),  # the name decides
        (b"Judul\nIsi berita, 3 < 5 dan <nama> tetap teks.", "-", True),
        (b"Isi berita tanpa markup.", "page.html", True),
        (b"<!doctype html><title>x</title>", "-", False),
        (b"\n\n  <p>Halo</p>", "dump", False),
        (b"<!-- saved page -->\nHalo", "x.bin", False),
        (b"<?xml version='1.0'?><rss/>", "-", False),
        (b"", "-", False),  # empty input keeps the page path and its usual error
        (b"kata " * 1000 + b"<html>", "-", True),  # markup only after the sniffed head
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_plain_text_rule(data: bytes, name: str, plain: bool) -> None:
    assert is_plain_text(data, name) is plain


def test_the_worker_target_dispatches_on_the_content_type() -> None:
    text = extract_input(STORY.encode(), content_type=TEXT_PLAIN, source="s")
    assert text.provenance["mode"] == "text" and text.title is not None
    page = extract_input(PAGE.encode(), source="p")
    assert "mode" not in page.provenance and page.title == "Banjir"


def test_text_flag_walks_directories_for_text_files(tmp_path: Path) -> None:
    for name in ("b.txt", "a.TXT", "c.html", "d.jsonl", "sub/e.txt.gz"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [Path(i.source).relative_to(tmp_path).as_posix() for i in discover([str(tmp_path)])]
    assert found == ["c.html"]
    found = [
        Path(i.source).relative_to(tmp_path).as_posix()
        for i in discover([str(tmp_path)], (".txt", ".txt.gz"))
    ]
    assert found == ["a.TXT", "b.txt", "sub/e.txt.gz"]


def test_extract_text_file_end_to_end(tmp_path: Path) -> None:
    story = tmp_path / "story.dat"
    story.write_text(STORY, encoding="utf-8")
    (record,) = _run("--text", str(story), "--timeout", "0")
    assert record["provenance"]["mode"] == "text"
    assert record["section"] == "Berita Daerah"
    assert record["lead"].startswith("Ratusan rumah")
    assert record["dateline"] == {"place": "BOGOR", "outlet": "KABARNUSA.ID"}
    assert record["outlet"] == "kabarnusa.id"
    assert [r["title"] for r in record["related"]] == ["Warga Bogor Gotong Royong Bersihkan Lumpur"]
    assert [p["text"] for p in record["paragraphs"]][1:3] == [
        "Petugas mengatakan bahwa air mulai surut pada sore hari.",
        "Sebab, pintu air sudah dibuka.",
    ]


def test_text_is_detected_without_the_flag(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    text, page = _run(str(tmp_path / "story.txt"), str(tmp_path / "page.html"))
    assert text["provenance"]["mode"] == "text" and text["title"].startswith("Banjir Rendam")
    assert "mode" not in page["provenance"]
    (piped,) = _run("-", stdin=STORY.encode("utf-8"))
    assert piped["provenance"]["mode"] == "text" and piped["source"] == "-"


def test_text_flag_reads_a_directory_of_text_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text("", encoding="utf-8")
    (tmp_path / "c.html").write_text(PAGE, encoding="utf-8")
    records = _run("--text", str(tmp_path))
    assert [Path(r["source"]).name for r in records] == ["a.txt", "b.txt"]
    assert records[0]["error"] is None
    assert records[1]["error"].startswith("empty-input")


def test_seed_from_the_command_line(shared_dir: Path) -> None:
    """The issue's command: ``warta extract --text SEED --format json``."""
    seed = shared_dir / "examples" / f"{SEED}.txt"
    want = json.loads((shared_dir / "examples" / f"{SEED}.expected.json").read_text("utf-8"))
    (got,) = _run("--text", str(seed), "--format", "json")
    for name in ("section", "title", "lead", "dateline", "outlet"):
        assert got[name] == want[name], name
    assert [p["text"] for p in got["paragraphs"]] == want["paragraphs"]
    assert [r["kind"] for r in got["removed"]] == [r["kind"] for r in want["removed"]]
