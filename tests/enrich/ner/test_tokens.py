"""The tokenizer: corpus-style tokens and exact character offsets."""

from __future__ import annotations

from warta.enrich.ner import tokenize


def texts(text: str) -> list[str]:
    return [token.text for token in tokenize(text)]


def test_offsets_point_back_into_the_text() -> None:
    text = 'Menurut  Dr. Budi, "harga naik Rp2,06 triliun."\nIa pulang ke Bogor.'
    tokens = tokenize(text)
    assert tokens
    for token in tokens:
        assert text[token.start : token.end] == token.text
    assert [t.start for t in tokens] == sorted(t.start for t in tokens)


def test_hyphenated_names_split_but_ordinals_stay() -> None:
    assert texts("Hubungan Rusia-China kini yang ke-80.") == [
        "Hubungan", "Rusia", "-", "China", "kini", "yang", "ke-80", ".",
    ]  # fmt: skip


def test_numbers_money_and_dates_stay_whole() -> None:
    assert texts("Kamis (15/9/2022) pukul 14.30 WIB, Rp2,06 naik 3,5%.") == [
        "Kamis", "(", "15/9/2022", ")", "pukul", "14.30", "WIB", ",", "Rp2,06", "naik",
        "3,5%", ".",
    ]  # fmt: skip


def test_abbreviations_keep_their_stop_and_sentence_stops_do_not() -> None:
    assert texts("Ia tinggal di Jl. Melati No. 7 bersama H. Salim dll.") == [
        "Ia", "tinggal", "di", "Jl.", "Melati", "No.", "7", "bersama", "H.", "Salim", "dll.",
    ]  # fmt: skip
    assert texts("Ia datang.") == ["Ia", "datang", "."]


def test_quotes_and_possessive_nya() -> None:
    assert texts('"Rumahnya jauh," katanya.') == [
        '"', "Rumahnya", "jauh", ",", '"', "katanya", ".",
    ]  # fmt: skip
    assert texts("“Baik”") == ["“", "Baik", "”"]


def test_urls_give_back_trailing_punctuation() -> None:
    assert texts("Baca di https://contoh.id/berita/1. Lalu") == [
        "Baca", "di", "https://contoh.id/berita/1", ".", "Lalu",
    ]  # fmt: skip


def test_abbreviations_next_to_urls_emails_and_brackets() -> None:
    assert texts("Lihat www.contoh.co.id/a, lalu Prof. Ani.") == [
        "Lihat", "www.contoh.co.id/a", ",", "lalu", "Prof.", "Ani", ".",
    ]  # fmt: skip
    assert texts("Kata Dr.Budi di Jl. (H. Ali) dll.") == [
        "Kata", "Dr.", "Budi", "di", "Jl.", "(", "H.", "Ali", ")", "dll.",
    ]  # fmt: skip
    assert texts("x@y.id dan dr. z") == ["x@y.id", "dan", "dr.", "z"]
