"""The cached Sastrawi stemmer and the Indonesian stop-word list."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from types import ModuleType

import pytest

from warta.enrich.stem import (
    Stemmer,
    affixable,
    known_stems,
    load_stemmer,
    read_stem_table,
    sastrawi_word_stemmer,
    stopwords,
    word_runs,
)


def test_affixed_forms_share_a_stem() -> None:
    stemmer = load_stemmer()
    assert stemmer.stem("pertandingan") == stemmer.stem("bertanding") == "tanding"
    assert stemmer.stem("kemenangannya") == "menang"
    assert stemmer.stem("anak-anak") == "anak"


def test_words_with_digits_stay_whole() -> None:
    assert load_stemmer().stem("covid-19") == "covid-19"
    assert load_stemmer().stem("g20") == "g20"


def test_each_word_is_stemmed_once() -> None:
    calls: list[str] = []

    def counting(word: str) -> str:
        calls.append(word)
        return word[:3]

    stemmer = Stemmer(counting, limit=2)
    assert [stemmer.stem(w) for w in ("rumah", "rumah", "jalan", "rumah")] == ["rum"] * 2 + [
        "jal",
        "rum",
    ]
    assert calls == ["rumah", "jalan"]
    # Past the limit the cache starts afresh rather than growing.
    stemmer.stem("kota")
    stemmer.stem("rumah")
    assert calls == ["rumah", "jalan", "kota", "rumah"]


def test_stopwords_are_function_words() -> None:
    words = stopwords()
    assert {"yang", "dan", "di", "tersebut", "adalah", "mengatakan"} <= words
    assert not {"sepak", "bola", "presiden", "banjir"} & words
    assert all(w == w.lower() and w.strip() == w and not w.startswith("#") for w in words)


def test_word_runs_are_letters_and_digits_in_any_script() -> None:
    assert word_runs("rp2,06 triliun (naik_3%) ke-80!") == [
        "rp2",
        "06",
        "triliun",
        "naik",
        "3",
        "ke",
        "80",
    ]
    # Outside ASCII the same rule holds: underscores and punctuation split, letters do not.
    assert word_runs("“erdoğan” kata_dia—lagi") == ["erdoğan", "kata", "dia", "lagi"]
    assert word_runs("") == []


def _sastrawi() -> object:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory  # noqa: PLC0415

    return StemmerFactory().create_stemmer().delegatedStemmer


def test_the_shortcut_gives_sastrawis_own_stems_on_news_words(shared_dir: Path) -> None:
    """Words no affix rule can apply to skip Sastrawi; every word must still get the stem
    Sastrawi itself gives, here on a sample of a real news vocabulary."""
    folds = sorted((shared_dir / "data" / "indosum-dev").glob("dev.*.jsonl"))
    if not folds:
        pytest.skip("shared/data/indosum-dev is not here")
    types: set[str] = set()
    for line in folds[0].read_text(encoding="utf-8").splitlines()[:400]:
        for paragraph in json.loads(line)["paragraphs"]:
            types.update(w.lower() for sentence in paragraph for w in sentence)
    words = sorted(w for w in types if re.fullmatch(r"[a-z]+(?:-[a-z]+)*", w))
    sample = random.Random(7).sample(words, min(2500, len(words)))
    fast, slow = sastrawi_word_stemmer(), _sastrawi()
    assert [fast(w) for w in sample] == [slow.stem_word(w) for w in sample]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "word",
    [
        "kinerja",
        "gerigi",
        "telunjuk",
        "pengusaha",
        "dikatakan",
        "kebersamaan",
        "rasis",
        "sosialisme",
        "modernisasi",
        "bukunya",
        "apapun",
        "kaulah",
        "anak-anak",
        "trump",
        "zoom",
        "corona",
        "jokowi",
        "prabowo",
        "google",
        "gojek",
    ],
)
def test_the_shortcut_agrees_with_sastrawi_word_by_word(word: str) -> None:
    assert sastrawi_word_stemmer()(word) == _sastrawi().stem_word(word)  # type: ignore[attr-defined]


def test_the_table_of_known_stems_holds_sastrawis_own_stems() -> None:
    table = known_stems()
    assert len(table) > 20_000
    assert table["pertandingan"] == "tanding"
    sample = random.Random(3).sample(sorted(table), 400)
    plain = _sastrawi()
    assert [table[w] for w in sample] == [plain.stem_word(w) for w in sample]  # type: ignore[attr-defined]
    assert all(affixable(w) for w in sample)


def test_a_word_outside_the_table_still_goes_to_sastrawi() -> None:
    words = ["dimanfaatkannya", "menyeberangkan", "digowes"]
    assert not any(w in known_stems() for w in words)
    with_table, without = sastrawi_word_stemmer(), sastrawi_word_stemmer(table={})
    plain = _sastrawi()
    for word in words:
        assert with_table(word) == without(word) == plain.stem_word(word)  # type: ignore[attr-defined]
    assert with_table("dimanfaatkannya") == "manfaat"
    assert with_table("menyeberangkan") == "seberang"


def test_the_training_script_makes_the_table_it_reads(indosum_trainer: ModuleType) -> None:
    texts = ["Menteri membahas anggaran 2024 di DPR-nya.", "Pembahasan anggaran, kata Jokowi."]
    table = indosum_trainer.stem_table(texts)
    # Lower case, clitic cut; numbers and words no affix rule fits (kata, dpr) left out.
    assert table == {
        "anggaran": "anggar",
        "di": "di",
        "jokowi": "jokowi",
        "membahas": "bahas",
        "menteri": "menteri",
        "pembahasan": "bahas",
    }
    text = indosum_trainer.stem_lines(table)
    assert "\njokowi\n" in text and "\nmembahas\tbahas\n" in text
    assert read_stem_table(text) == table
