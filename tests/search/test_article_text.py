"""Which articles the search index stems: their words decide, their declaration breaks ties."""

from __future__ import annotations

import pytest

from warta.search.analyzer import Analyzer, shared_analyzer
from warta.search.article_text import analysed_text, stems_text

# Prose long enough for its function words to tell (MIN_WORDS, 40).
INDONESIAN = (
    "Menteri Keuangan membahas anggaran tahun depan dengan DPR pada Senin. Pembahasan itu "
    "akan dilanjutkan pekan depan karena masih ada pos belanja yang belum disepakati oleh "
    "kedua pihak. Menurut dia, pemerintah ingin anggaran itu disahkan sebelum akhir bulan "
    "agar program bantuan dapat berjalan."
)
ENGLISH = (
    "Tourists returning from Bermuda said on Monday that the storm had closed the airport "
    "for two days, and that the hotels on the island were running out of water and food. "
    "Officials expect flights to resume on Wednesday if the weather clears as forecast."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return shared_analyzer()


@pytest.mark.parametrize("language", [None, "en", "de"])
def test_english_prose_is_not_stemmed_unless_it_declares_indonesian(
    analyzer: Analyzer, language: str | None
) -> None:
    record = {"title": "Bermuda", "lead": None, "body": ENGLISH, "language": language}
    title, _, body = analysed_text(record, analyzer)
    # Sastrawi would read 'bermuda' as ber- + 'muda' (young).
    assert title == "bermuda"
    assert body.split()[:2] == ["tourists", "returning"]
    assert "bermuda" in body.split()


@pytest.mark.parametrize("language", [None, "en", "id", "ms"])
def test_indonesian_prose_is_stemmed_whatever_it_declares(
    analyzer: Analyzer, language: str | None
) -> None:
    """Old kompas.com pages declare English; the index still stems them."""
    record = {"title": "Pembahasan anggaran", "body": INDONESIAN, "language": language}
    title, _, body = analysed_text(record, analyzer)
    assert title == "bahas anggar"
    assert body.split()[:3] == ["menteri", "uang", "bahas"]


@pytest.mark.parametrize("language", ["id", "ms"])
def test_a_declared_indonesian_text_is_stemmed_whatever_its_words(
    analyzer: Analyzer, language: str
) -> None:
    record = {"title": "Bermuda", "body": ENGLISH, "language": language}
    title, _, body = analysed_text(record, analyzer)
    assert title == "muda"
    assert "muda" in body.split()


@pytest.mark.parametrize(
    ("language", "stemmed"), [(None, True), ("id", True), ("ms", True), ("en", False)]
)
def test_short_text_follows_its_declared_language(
    analyzer: Analyzer, language: str | None, stemmed: bool
) -> None:
    record = {"title": "Membahas", "lead": "Pertemuan", "body": "Pembahasan.", "language": language}
    expected = ("bahas", "temu", "bahas") if stemmed else ("membahas", "pertemuan", "pembahasan")
    assert analysed_text(record, analyzer) == expected


def test_without_a_body_the_title_and_lead_decide(analyzer: Analyzer) -> None:
    lead = ENGLISH.replace("Bermuda", "the islands")
    record = {"title": "Membahas", "lead": lead, "body": None, "language": None}
    title, analysed_lead, body = analysed_text(record, analyzer)
    assert (title, body) == ("membahas", "")
    assert analysed_lead.startswith("tourists returning")


def test_the_words_overrule_the_declaration_only_when_there_are_enough() -> None:
    assert stems_text("en", INDONESIAN.split()) is True
    assert stems_text(None, ENGLISH.split()) is False
    assert stems_text("id", ENGLISH.split()) is True
    assert stems_text("en", ["Membahas"]) is False
    assert stems_text(None, []) is True
    # A short Indonesian brief with one function word ("dan") is too short to judge.
    brief = (
        "Pemerintah kota membahas rencana anggaran nomor 3 bersama Dewan Rakyat di Jakarta. "
        "Rapat berlangsung hingga malam dan dihadiri para pejabat daerah."
    )
    assert stems_text(None, brief.split()) is True
