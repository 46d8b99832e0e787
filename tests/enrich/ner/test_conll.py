"""Tagging CoNLL input and scoring the output against the input's own labels."""

from __future__ import annotations

from warta.enrich.ner import load_tagger
from warta.enrich.ner.conll import tag_conll, to_conll_label
from warta.enrich.ner.score import micro_f1, parse_conll

GOLD = """\
Wali\tO
Kota\tO
Bandung\tB-LOCATION
bertemu\tO
Anies\tB-PERSON
Baswedan\tI-PERSON
.\tO

Ia\tO
datang\tO
ke\tO
Surabaya\tB-LOCATION
"""


def test_round_trip_keeps_tokens_and_sentence_breaks() -> None:
    lines = GOLD.splitlines()
    out = list(tag_conll(lines, load_tagger()))
    assert len(out) == len(lines)
    for given, tagged in zip(lines, out, strict=True):
        assert (given == "") == (tagged == "")
        if given:
            token, tag = tagged.split("\t")
            assert token == given.split("\t")[0]
            assert tag == "O" or tag[2:] in {"PERSON", "LOCATION", "ORGANIZATION", "EVENT"}
    gold = [[tag for _, tag in s] for s in parse_conll(lines)]
    pred = [[tag for _, tag in s] for s in parse_conll(out)]
    assert micro_f1(gold, pred)[2] >= 75.0


def test_tokens_only_input_and_extra_blank_lines() -> None:
    out = list(tag_conll(["Jakarta", "", "", "ramai"], load_tagger()))
    assert out[0] == "Jakarta\tB-LOCATION"
    assert out[1:3] == ["", ""]
    assert out[3].startswith("ramai\t")


def test_label_names() -> None:
    assert to_conll_label("B-PER") == "B-PERSON"
    assert to_conll_label("I-ORG") == "I-ORGANIZATION"
    assert to_conll_label("B-LOC") == "B-LOCATION"
    assert to_conll_label("O") == "O"
