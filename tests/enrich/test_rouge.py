"""ROUGE-1 on hand-made examples, and the lead-3 figure of IndoSum dev.01."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warta.enrich.rouge import mean_f1, normalise, rouge_1


def test_identical_and_disjoint() -> None:
    assert rouge_1("hujan turun di Bogor", "hujan turun di Bogor").f1 == 1.0
    assert rouge_1("hujan turun", "panas terik").f1 == 0.0
    assert rouge_1("", "panas terik").f1 == 0.0


def test_partial_overlap_by_hand() -> None:
    # Candidate 4 words, reference 5, overlap 3 ("harga", "beras", "naik").
    score = rouge_1("harga beras naik lagi", "harga beras naik tajam minggu")
    assert score.precision == pytest.approx(3 / 4)
    assert score.recall == pytest.approx(3 / 5)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_counts_are_clipped() -> None:
    # "kota" twice in the candidate but once in the reference: one match.
    score = rouge_1("kota kota", "kota besar")
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)


def test_case_and_punctuation_are_ignored() -> None:
    assert normalise('Wali Kota, "masing-masing" pihak.') == [
        "wali",
        "kota",
        "masing",
        "masing",
        "pihak",
    ]
    assert rouge_1(["Banjir", ",", "Jakarta", "."], "banjir jakarta").f1 == 1.0


def test_mean_is_per_document() -> None:
    pairs = [("a b", "a b"), ("c", "d")]
    assert mean_f1(pairs) == pytest.approx(50.0)
    assert mean_f1([]) == 0.0


def test_lead_three_on_dev01_matches_the_published_figure(shared_dir: Path) -> None:
    pairs = []
    path = shared_dir / "data" / "indosum-dev" / "dev.01.jsonl"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            sentences = [s for p in item["paragraphs"] for s in p]
            lead = [t for s in sentences[:3] for t in s]
            pairs.append((lead, [t for s in item["summary"] for t in s]))
    assert mean_f1(pairs) == pytest.approx(66.2, abs=0.05)
