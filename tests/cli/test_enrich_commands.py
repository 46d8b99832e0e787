"""``warta enrich``, ``warta tag --conll`` and ``warta extract --enrich``, run as a user
runs them: the real command in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
BODY = (
    "Presiden Joko Widodo bertemu Perdana Menteri Jepang di Tokyo pada Kamis (15/9/2022). "
    "Jokowi mengatakan bahwa kerja sama kedua negara akan diperluas.\n\n"
    '"Kami siap bekerja sama," kata Joko Widodo kepada wartawan di Tokyo.'
)


def _warta(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warta", *args],
        check=False,
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_enrich_adds_every_field() -> None:
    record = {"title": "Jokowi ke Jepang", "published": "2022-09-16", "body": BODY}
    done = _warta("enrich", "-", stdin=json.dumps(record) + "\n")
    assert done.returncode == 0, done.stderr
    (got,) = _lines(done.stdout)
    for name in ("entities", "quotes", "dates_mentioned", "keywords", "summary", "topic"):
        assert name in got, name
    people = {e["canonical"] for e in got["entities"] if e["type"] == "person"}
    assert "Joko Widodo" in people
    assert {"text": "Kamis (15/9/2022)", "date": "2022-09-15"}.items() <= {
        **got["dates_mentioned"][0]
    }.items()
    assert any(q["speaker"] == "Joko Widodo" and q["direct"] for q in got["quotes"])


def test_enrich_keeps_going_past_a_bad_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    good = json.dumps({"body": BODY})
    source.write_text(f"{good}\nnot json\n[1, 2]\n{good}\n", encoding="utf-8")
    done = _warta("enrich", str(source))
    assert done.returncode == 0, done.stderr
    got = _lines(done.stdout)
    assert len(got) == 4
    assert [bool(r.get("error")) for r in got] == [False, True, True, False]
    assert got[1]["source"] == f"{source}:2"
    assert "2 error" in done.stderr


def test_tag_conll_writes_a_tag_per_token() -> None:
    tokens = ["Presiden", "Joko", "Widodo", "tiba", "di", "Jakarta", "."]
    conll = "\n".join(f"{t}\tO" for t in tokens) + "\n\nIa\tO\npulang\tO\n"
    done = _warta("tag", "--conll", "-", stdin=conll)
    assert done.returncode == 0, done.stderr
    rows = done.stdout.split("\n")
    pairs = [r.split("\t") for r in rows if r]
    assert [p[0] for p in pairs] == [*tokens, "Ia", "pulang"]
    tags = {p[0]: p[1] for p in pairs}
    assert tags["Joko"] == "B-PERSON" and tags["Widodo"] == "I-PERSON"
    assert tags["Jakarta"] == "B-LOCATION"
    assert rows[len(tokens)] == ""  # the sentence break is kept


def test_tag_needs_conll() -> None:
    done = _warta("tag", "-", stdin="x\n")
    assert done.returncode == 2
    assert "--conll" in done.stderr


def test_extract_enrich_in_one_go(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    page.write_text(
        "<html><head><title>Jokowi ke Jepang</title></head><body><article>"
        f"<h1>Jokowi ke Jepang</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    done = _warta("extract", str(page), "--enrich")
    assert done.returncode == 0, done.stderr
    (got,) = _lines(done.stdout)
    assert got["topic"] and got["keywords"] and got["summary"]
    assert any(e["canonical"] == "Japan" for e in got["entities"])
    assert all("language" in p for p in got["paragraphs"])


def test_enrich_reports_malformed_records_and_goes_on() -> None:
    lines = [
        json.dumps({"paragraphs": ["a line, not an object"]}),
        json.dumps({"published": "kemarin", "body": BODY}),
        json.dumps({"title": ["not", "text"], "body": BODY}),
        json.dumps({"body": BODY}),
    ]
    done = _warta("enrich", "-", stdin="\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    got = _lines(done.stdout)
    assert len(got) == 4
    assert got[0]["error"] == "bad-record: paragraphs: want an object, got str"
    assert got[1]["error"].startswith("bad-record: ")
    assert got[2]["error"].startswith("enrich-failed: TypeError")
    assert got[3]["error"] is None and got[3]["entities"]
    assert "Traceback" not in done.stderr
