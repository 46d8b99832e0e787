"""The tagging-time features: the fast encoded form gives crfsuite what the training form
gives it, so the shipped model tags exactly as it was trained to."""

from __future__ import annotations

from typing import Any

import pytest

from warta.enrich.deps import require
from warta.enrich.ner import features as features_module
from warta.enrich.ner import load_tagger, tokenize
from warta.enrich.ner.features import FeatureExtractor, load_lexicon
from warta.enrich.ner.tagger import CLUSTERS_PATH, MODEL_PATH, split_tokens

TEXT = (
    "Presiden Joko Widodo meresmikan Jembatan Merah Putih di Ambon, Maluku, pada Senin "
    '(4/4/2016). "Jembatan ini kebanggaan kita," kata Jokowi kepada wartawan.\n'
    "Gubernur Maluku Said Assagaff dan Menteri PUPR Basuki Hadimuljono ikut hadir.\n"
    "harga cabai di pasar naik lagi. Sementara itu PT Garuda Indonesia (Persero) Tbk. "
    "menambah penerbangan ke Kuala Lumpur dan Singapura."
)


def _sentences() -> list[list[str]]:
    return [[t.text for t in s] for s in split_tokens(TEXT, tokenize(TEXT))]


def _model() -> Any:
    crf = require("pycrfsuite").Tagger()
    crf.open(str(MODEL_PATH))
    return crf


def test_encoded_is_the_known_part_of_the_training_features_in_order() -> None:
    known = {attribute for attribute, _ in _model().info().state_features}
    full = FeatureExtractor(load_lexicon(CLUSTERS_PATH))
    features = load_tagger().features
    for words in _sentences():
        expected = [[f.encode() for f in token if f in known] for token in full.sentence(words)]
        assert features.encoded(words) == expected
        assert any(expected)


def test_tags_equal_those_of_the_full_training_features() -> None:
    # crfsuite given every feature (unknown ones included, as strings) is the reference.
    crf = _model()
    full = FeatureExtractor(load_lexicon(CLUSTERS_PATH))
    tagger = load_tagger()
    for words in _sentences():
        assert tagger.tag(words) == crf.tag(full.sentence(words))


def test_word_pairs_with_a_bar_in_a_word() -> None:
    # "L" + left + "|" + right: a word holding "|" makes the split ambiguous, and every
    # reading must still find the attribute.
    known = {"La|b|c", "Ra|b|c", "w=c", "BOS"}
    extractor = FeatureExtractor({}, known)
    assert extractor.encoded(["a|b", "c"]) == [[b"BOS", b"Ra|b|c"], [b"w=c", b"La|b|c"]]
    assert extractor.encoded(["a", "b|c"]) == [[b"BOS", b"Ra|b|c"], [b"La|b|c"]]
    assert extractor.encoded(["x", "c"]) == [[b"BOS"], [b"w=c"]]
    assert extractor.encoded([]) == []


def test_without_a_model_encoded_is_the_training_form() -> None:
    extractor = FeatureExtractor({})
    words = ["Budi", "pergi", "ke", "Bandung", "."]
    assert extractor.encoded(words) == [
        [f.encode() for f in token] for token in extractor.sentence(words)
    ]


def test_the_tagging_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    extractor = FeatureExtractor({}, {"w=budi", "w=ani", "w=dan"})
    monkeypatch.setattr(features_module, "_ENCODED_LIMIT", 2)
    first = extractor.encoded(["Budi", "dan", "Ani"])
    assert len(extractor._encoded) <= 2
    assert (
        extractor.encoded(["Budi", "dan", "Ani"]) == first == [[b"w=budi"], [b"w=dan"], [b"w=ani"]]
    )
