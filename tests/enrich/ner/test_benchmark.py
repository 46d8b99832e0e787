"""Regression floor: the shipped tagger on NER UI test.01, scored like ``warta tag --conll``."""

from __future__ import annotations

from pathlib import Path

from warta.enrich.ner import load_tagger
from warta.enrich.ner.conll import tag_conll
from warta.enrich.ner.score import micro_f1, parse_conll

# Measured F1 of the shipped model (scripts/train_ner.py prints it) minus half a point.
FLOOR = 85.6


def test_nerui_test01_micro_f1_floor(shared_dir: Path) -> None:
    path = shared_dir / "data" / "ner-id" / "nerui" / "test.01.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    gold = [[tag for _, tag in s] for s in parse_conll(lines)]
    pred = [[tag for _, tag in s] for s in parse_conll(tag_conll(lines, load_tagger()))]
    assert len(gold) == 426
    f1 = micro_f1(gold, pred)[2]
    assert f1 >= FLOOR, f"NER UI test.01 micro F1 {f1:.2f} fell below {FLOOR}"
