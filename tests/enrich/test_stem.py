"""The cached Sastrawi stemmer and the Indonesian stop-word list."""

from __future__ import annotations

from warta.enrich.stem import Stemmer, load_stemmer, stopwords, word_runs


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

    class Counting:
        def stem_word(self, word: str) -> str:
            calls.append(word)
            return word[:3]

    stemmer = Stemmer(Counting(), limit=2)
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
