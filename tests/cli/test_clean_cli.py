"""``warta clean``: dumps in, cleaned text and an audit out."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from warta.cli.clean import clean_document
from warta.cli.main import app

REPO = Path(__file__).resolve().parents[2]
DOC_A = "\n".join(
    [
        "Berita Daerah",
        "Banjir Rendam Ratusan Rumah di Bogor",
        "Ratusan rumah terendam setelah hujan deras mengguyur kota sejak pagi hari.",
        "KABARNUSA.ID, BOGOR - Hujan deras membuat sungai meluap.",
        "Baca juga: Warga Bogor Gotong Royong Bersihkan Lumpur",
        "Petugas mengatakan air mulai surut.Sebab, pintu air sudah dibuka.",
    ]
)
DOC_B = "Harga cabai naik di pasar.\n:quality(30)/bogor/foto/bank/originals/cabai.jpg)"
CLEAN_A = [
    "Banjir Rendam Ratusan Rumah di Bogor",
    "Ratusan rumah terendam setelah hujan deras mengguyur kota sejak pagi hari.",
    "Hujan deras membuat sungai meluap.",
    "Petugas mengatakan air mulai surut.",
    "Sebab, pintu air sudah dibuka.",
]


def _clean(tmp_path: Path, *args: str) -> tuple[str, list[dict[str, Any]]]:
    out, audit = tmp_path / "out", tmp_path / "audit.jsonl"
    result = CliRunner().invoke(app, ["clean", *args, "-o", str(out), "--audit", str(audit)])
    assert result.exit_code == 0, result.output
    lines = audit.read_text(encoding="utf-8").splitlines()
    return out.read_text(encoding="utf-8"), [json.loads(line) for line in lines]


def _kinds(record: dict[str, Any]) -> list[str]:
    return [r["kind"] for r in record["removed"]]


def test_clean_document_keeps_title_and_lead_and_audits_the_rest() -> None:
    cleaned = clean_document(DOC_A)
    assert cleaned.paragraphs == CLEAN_A
    assert [r["kind"] for r in cleaned.removed] == ["section", "dateline", "related-link"]
    body_only = clean_document(DOC_A, body_only=True)
    assert body_only.paragraphs == CLEAN_A[2:]
    assert [r["kind"] for r in body_only.removed][:3] == ["section", "title", "lead"]


def test_text_dump_with_blank_line_separated_documents(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text(f"{DOC_A}\n\n\n{DOC_B}\n", encoding="utf-8")
    out, audit = _clean(tmp_path, str(dump))
    assert out == "\n".join(CLEAN_A) + "\n\nHarga cabai naik di pasar.\n"
    assert [(r["source"], r["line"]) for r in audit] == [(str(dump), 1), (str(dump), 9)]
    assert _kinds(audit[0]) == ["section", "dateline", "related-link"]
    assert audit[0]["dateline"] == {"place": "BOGOR", "outlet": "KABARNUSA.ID"}
    assert audit[0]["related"] == [
        {"title": "Warga Bogor Gotong Royong Bersihkan Lumpur", "url": None}
    ]
    assert _kinds(audit[1]) == ["image-url-residue"]
    assert audit[1]["images"][0]["url"] == "bogor/foto/bank/originals/cabai.jpg"


def test_text_dump_with_one_document_per_line(tmp_path: Path) -> None:
    dump = tmp_path / "lines.txt"
    dump.write_text("Pasar ramai.Sebab, harga turun.\n\nTRIBUNNEWS.COM - Presiden tiba di Bogor.\n")
    out, audit = _clean(tmp_path, str(dump), "--split", "line")
    assert out == "Pasar ramai. Sebab, harga turun.\nPresiden tiba di Bogor.\n"
    assert [r["line"] for r in audit] == [1, 3]
    assert _kinds(audit[1]) == ["dateline"]


def test_jsonl_dump_cleans_the_field_and_copies_bad_lines(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    rows = [
        json.dumps({"id": 1, "text": DOC_A}),
        "{not json",
        json.dumps({"id": 3, "content": "tanpa teks"}),
        "",
        json.dumps([1, 2]),
        json.dumps({"id": 6, "body": "Ada dua.Paragraf di sini.\n\nDan ketiga."}),
    ]
    dump.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, audit = _clean(tmp_path, str(dump))
    lines = out.splitlines()
    assert json.loads(lines[0]) == {"id": 1, "text": "\n".join(CLEAN_A)}
    assert lines[1:4] == [rows[1], rows[2], rows[4]]
    assert json.loads(lines[4]) == {"id": 6, "body": "Ada dua.\n\nParagraf di sini.\n\nDan ketiga."}
    assert [r["line"] for r in audit] == [1, 2, 3, 5, 6]
    assert audit[1]["error"].startswith("invalid JSON")
    assert audit[2]["error"] == "no string field 'text' or 'body'"
    assert audit[3]["error"] == "not a JSON object"
    assert "error" not in audit[0] and "error" not in audit[4]


def test_field_option_and_format_switch(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"content": DOC_A, "text": "lain"}) + "\n", encoding="utf-8")
    out, _ = _clean(tmp_path, str(dump), "--field", "content", "--format", "text")
    assert out == "\n".join(CLEAN_A) + "\n"
    text_dump = tmp_path / "dump.txt"
    text_dump.write_text(DOC_B, encoding="utf-8")
    out, _ = _clean(tmp_path, str(text_dump), "--format", "jsonl", "--body-only")
    assert json.loads(out) == {"source": f"{text_dump}:1", "text": "Harga cabai naik di pasar."}


def test_gzip_and_missing_inputs(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress((json.dumps({"text": DOC_B}) + "\n").encode()))
    out, audit = _clean(tmp_path, str(tmp_path / "missing.jsonl"), str(dump))
    assert json.loads(out) == {"text": "Harga cabai naik di pasar."}
    assert audit[0]["line"] == 0 and "cannot read" in audit[0]["error"]
    assert _kinds(audit[1]) == ["image-url-residue"]


def test_stdin_to_stdout_streams(tmp_path: Path) -> None:
    docs = "\n\n".join(f"Dokumen {i} berisi teks.Berikutnya kalimat lain." for i in range(500))
    done = subprocess.run(
        [sys.executable, "-m", "warta", "clean", "-"],
        check=False,
        cwd=REPO,
        input=docs.encode(),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode().split("\n\n")
    assert len(out) == 500
    assert out[7] == "Dokumen 7 berisi teks.\nBerikutnya kalimat lain."
    assert "500 documents cleaned from 1 input" in done.stderr.decode()


def test_clean_has_help() -> None:
    shown = CliRunner().invoke(app, ["clean", "--help"])
    assert shown.exit_code == 0
    for option in ("--format", "--output", "--audit", "--field", "--split"):
        assert option in shown.output
