"""Analyzer.analyse works a token at a time; its output is the regex split of the whole text."""

from __future__ import annotations

import random

import pytest

from warta.search.analyzer import Analyzer, shared_analyzer
from warta.search.article_text import analysed_text

TEXTS = [
    "Presiden Joko Widodo membahas anggaran 2024 di Jakarta, Senin (15/1).",
    "Anak-anak berlari-lari; DPR-nya menolak. Jakarta-lah pusatnya -- kata-kata",
    "Jum'at, don't, rock 'n' roll, l’Hôpital, ‘kutipan’ dan “kutipan ganda”.",
    "Harga naik 1.000,50 persen: covid-19, COVID-19, B-52s, 3-2, 10x, ke-3, x-ray",
    "ΟΔΟΣ ΣΟΦΟΣ Σ. Σ-Σ İSTANBUL ǅemal straße ÆØÅ ﬁnal",
    "e\u0301te\u0301 cafe\u0301 a_b __init__ snake_case foo__bar -lead trail- --x--",
    "tab\there\nnewline\u00a0nbsp\u2003em\u200bzero\u2028line\u3000ideo\x1cfs\x85nel",
    "العربية 中文字 日本語テキスト 한국어 ไทย हिन्दी ১২৩ ٣٤٥ Ⅻ ½ ²",
    "emoji 🙂 😀x x😀 ✓ok © ® ™ ₹100 #tagar @akun http://a.id/b-c?d=e_f",
    "soft\xadhyphen en–dash em—dash minus−sign ‑nb‑hyphen ‐hyphen",
    "",
    "   ",
    "yang dan di ke dari",
]
_PALETTE = "abcxyzAEIOU0189-_'’.,;:()[]\"/ \t\n\u00a0\u200bΣσςİıßéèÉ\u0301\u0307中日١٢Ⅻ½²🙂\xad–"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return shared_analyzer()


def _fresh(analyzer: Analyzer, **kwargs: int) -> Analyzer:
    """An analyser with empty caches and the shared one's stemmer and stop words."""
    return Analyzer(analyzer.stem, analyzer.stopwords, **kwargs)


def _whole(analyzer: Analyzer, text: str, stem: bool) -> str:
    """The analysed text by the word expression over the whole text at once."""
    return " ".join(analyzer.terms(text, stem=stem))


@pytest.mark.parametrize("stem", [True, False], ids=["stemmed", "plain"])
@pytest.mark.parametrize("text", TEXTS)
def test_token_analysis_equals_the_analysers_regex_split(
    analyzer: Analyzer, text: str, stem: bool
) -> None:
    fresh = _fresh(analyzer)
    expected = _whole(analyzer, text, stem)
    assert fresh.analyse(text, stem=stem) == expected
    assert fresh.analyse(text, stem=stem) == expected  # from the token cache


@pytest.mark.parametrize("stem", [True, False], ids=["stemmed", "plain"])
def test_token_analysis_on_random_text(analyzer: Analyzer, stem: bool) -> None:
    rng = random.Random(11)
    tokens = _fresh(analyzer, cache_limit=50)  # small: the caches restart too
    for _ in range(300):
        text = "".join(rng.choice(_PALETTE) for _ in range(rng.randint(0, 60)))
        assert tokens.analyse(text, stem=stem) == _whole(analyzer, text, stem), text


def test_analysed_text_is_the_analysers(analyzer: Analyzer) -> None:
    record = {"title": "Membahas", "lead": None, "body": "Pertemuan itu.", "language": "en"}
    assert analysed_text(record, analyzer) == ("membahas", "", "pertemuan")  # "itu": a stop word
    assert analysed_text(record | {"language": "id"}, analyzer) == ("bahas", "", "temu")
