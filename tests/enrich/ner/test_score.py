"""The conlleval-style entity scorer on hand-made sequences."""

from __future__ import annotations

from pathlib import Path

import pytest

from warta.enrich.ner.score import chunks, micro_f1, read_conll


def test_chunks_follow_conlleval() -> None:
    tags = ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG", "I-ORG", "I-PER"]
    assert chunks(tags) == {(0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 7, "ORG"),
                            (7, 8, "PER")}  # fmt: skip


def test_micro_f1_counts_exact_span_and_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "O"]]
    pred = [["B-PER", "O", "O", "B-LOC"], ["B-LOC", "O"]]
    precision, recall, f1 = micro_f1(gold, pred)
    # one of three predicted entities is right (B-LOC); one of three gold ones is found
    assert precision == pytest.approx(100 / 3)
    assert recall == pytest.approx(100 / 3)
    assert f1 == pytest.approx(100 / 3)
    assert micro_f1(gold, gold) == (100.0, 100.0, 100.0)
    assert micro_f1([["O"]], [["O"]]) == (0.0, 0.0, 0.0)


def test_micro_f1_rejects_misaligned_input() -> None:
    with pytest.raises(ValueError):
        micro_f1([["O"]], [["O"], ["O"]])


def test_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "a.tsv"
    path.write_text("Budi\tB-PERSON\npergi\tO\n\nke\tO\nSolo\tB-LOCATION\n", encoding="utf-8")
    assert read_conll(path) == [
        [("Budi", "B-PERSON"), ("pergi", "O")],
        [("ke", "O"), ("Solo", "B-LOCATION")],
    ]
