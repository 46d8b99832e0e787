"""The search analyser: Sastrawi stems, stop words, word boundaries and its cache."""

from __future__ import annotations

import pytest

from warta.search.analyzer import Analyzer, load_stopwords, shared_analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return shared_analyzer()


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("membahas", "bahas"),
        ("pembahasan", "bahas"),
        ("pertemuan", "temu"),
        ("bertemu", "temu"),
        ("perekonomian", "ekonomi"),
        ("anak-anak", "anak"),
        ("Kebijakan", "bijak"),
        ("Jakarta", "jakarta"),
        ("2024", "2024"),
        ("COVID-19", "covid-19"),
    ],
)
def test_words_are_reduced_to_their_roots(analyzer: Analyzer, word: str, stem: str) -> None:
    assert analyzer.terms(word) == [stem]


def test_stop_words_and_punctuation_are_left_out(analyzer: Analyzer) -> None:
    text = "Menteri yang membahas anggaran, dan DPR-nya; (itu) tidak hadir!"
    assert analyzer.terms(text) == ["menteri", "bahas", "anggar", "dpr", "hadir"]
    assert analyzer.analyse(text) == "menteri bahas anggar dpr hadir"
    assert analyzer.terms("yang dan di ke dari") == []
    assert analyzer.terms(None) == [] and analyzer.analyse("") == ""


@pytest.mark.parametrize(
    "text",
    [
        "yang Menteri membahas (anggaran) dan",  # stop words first and last
        "yang dan, di",  # nothing but stop words
        "a/b DPR-nya,kemarin membahas",  # tokens of several terms, a clitic
        "  ruang\n\nganda\t ",  # white space of every kind
        "",
    ],
)
def test_analysed_text_is_the_terms_joined_by_single_spaces(text: str) -> None:
    analyzer = Analyzer(lambda word: word.removeprefix("mem"), frozenset({"yang", "dan", "di"}))
    expected = " ".join(analyzer.terms(text))
    for _ in range(2):  # tokens first met, then remembered
        assert analyzer.analyse(text) == expected
        assert analyzer.analyse_tokens(text.split()) == expected


def test_words_keep_their_places_in_the_original_text(analyzer: Analyzer) -> None:
    text = "Mereka membahas banjir."
    words = list(analyzer.words(text))
    assert [(text[s:e], t) for s, e, t in words] == [
        ("Mereka", None),
        ("membahas", "bahas"),
        ("banjir", "banjir"),
    ]


def test_the_stop_word_list_is_function_words_only() -> None:
    words = load_stopwords()
    assert {"yang", "dan", "di", "ke", "dari", "adalah", "tidak"} <= words
    assert not {"banjir", "presiden", "jakarta", "baru"} & words
    assert all(w == w.lower().strip() and " " not in w for w in words)


def test_each_word_is_stemmed_once_and_the_cache_is_bounded() -> None:
    calls: list[str] = []

    def stemmer(word: str) -> str:
        calls.append(word)
        return word.removeprefix("me")

    analyzer = Analyzer(stemmer, frozenset({"dan"}), cache_limit=3)
    assert analyzer.terms("menulis dan menulis Menulis") == ["nulis", "nulis", "nulis"]
    assert calls == ["menulis", "menulis"]  # once per form as written
    analyzer.terms("a b c d e")
    assert len(analyzer._cache) <= 3


def test_text_in_another_language_is_lowered_but_not_stemmed(analyzer: Analyzer) -> None:
    text = "The Minister BERTEMU reporters in Jakarta-nya"
    assert analyzer.terms(text, stem=False) == [
        "the", "minister", "bertemu", "reporters", "in", "jakarta",
    ]  # fmt: skip
    assert "temu" in analyzer.terms(text)
