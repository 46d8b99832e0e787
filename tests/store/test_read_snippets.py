"""Highlighted snippets: the words as written, the best window, and the shortcut that only
analyses candidate words giving exactly what analysing every word gives."""

from __future__ import annotations

import random

import pytest

from warta.search.analyzer import WORD, Analyzer, shared_analyzer
from warta.store.read_models import SnippetPiece
from warta.store.read_snippets import ELLIPSIS, SCAN_CHARS, Highlighter, snippet


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return shared_analyzer()


def _terms(analyzer: Analyzer, text: str) -> frozenset[str]:
    return frozenset(analyzer.terms(text))


def _reference_words(
    scanned: str, terms: frozenset[str], analyzer: Analyzer, width: int
) -> list[tuple[int, int, bool]]:
    """Every word analysed, up to 2 x width words past the first match."""
    words: list[tuple[int, int, bool]] = []
    stop = -1
    for match in WORD.finditer(scanned):
        term = analyzer.term(match.group())
        words.append((match.start(), match.end(), term is not None and term in terms))
        if words[-1][2] and stop < 0:
            stop = len(words) + 2 * width
        if len(words) == stop:
            break
    return words


def _reference_start(flags: list[bool], width: int) -> int:
    """The earliest window with the most matches, moved back to keep 4 words before its
    first match."""
    if len(flags) <= width:
        return 0
    counts = [sum(flags[s : s + width]) for s in range(len(flags) - width + 1)]
    if not max(counts):
        return 0
    best = counts.index(max(counts))
    matched = next(i for i in range(best, best + width) if flags[i])
    return max(0, min(best, matched - 4))


def _reference(
    text: str | None, terms: frozenset[str], analyzer: Analyzer, width: int
) -> tuple[list[SnippetPiece], int]:
    """The rule written plainly, analysing every word."""
    if not text:
        return [], 0
    scanned = text[:SCAN_CHARS]
    words = _reference_words(scanned, terms, analyzer, width)
    if not words:
        return [(scanned[:200], False)], 0
    first = _reference_start([w[2] for w in words], width)
    window = words[first : first + width]
    start, end = window[0][0], window[-1][1]
    pieces: list[SnippetPiece] = [(ELLIPSIS + " ", False)] if first else []
    pos = start
    for s, e, m in window:
        if m:
            pieces += [(scanned[pos:s], False), (scanned[s:e], True)]
            pos = e
    pieces.append((scanned[pos:end], False))
    if end < len(text.rstrip()):
        pieces.append((" " + ELLIPSIS, False))
    merged: list[SnippetPiece] = []
    for piece, m in pieces:
        if merged and merged[-1][1] == m:
            merged[-1] = (merged[-1][0] + piece, m)
        else:
            merged.append((piece, m))
    return [p for p in merged if p[0]], sum(w[2] for w in window)


def test_marks_the_words_as_written(analyzer: Analyzer) -> None:
    text = "Kemarin DPR membahas anggaran. Pembahasan berlanjut, kata Ketua DPR-nya."
    pieces, matched = snippet(text, _terms(analyzer, "bahas"), analyzer)
    assert [t for t, m in pieces if m] == ["membahas", "Pembahasan"]
    assert matched == 2 and "".join(t for t, _ in pieces) == text[:-1] + " " + ELLIPSIS


def test_window_and_ellipses(analyzer: Analyzer) -> None:
    text = " ".join(["kata"] * 50 + ["banjir"] + ["lain"] * 50)
    pieces, matched = snippet(text, _terms(analyzer, "banjir"), analyzer, width=10)
    assert matched == 1 and ("banjir", True) in pieces
    assert pieces[0][0].startswith(ELLIPSIS + " ") and pieces[-1][0].endswith(" " + ELLIPSIS)
    assert len(WORD.findall("".join(t for t, _ in pieces))) == 10


def test_no_match_gives_the_start(analyzer: Analyzer) -> None:
    pieces, matched = snippet("Satu dua tiga.", _terms(analyzer, "banjir"), analyzer)
    assert (pieces, matched) == ([("Satu dua tiga " + ELLIPSIS, False)], 0)
    assert snippet("", _terms(analyzer, "banjir"), analyzer) == ([], 0)
    assert snippet("!!! ???", _terms(analyzer, "banjir"), analyzer) == ([("!!! ???", False)], 0)


# Affixed forms, recoded first letters (menulis: tulis), hyphens, clitics, digits, case
# mappings that change lengths (İ), stop words.
WORDS = [
    *("membahas", "pembahasan", "bahas", "dibahas", "anggaran", "menganggarkan", "banjir"),
    *("Banjir-banjir", "bandang", "menulis", "tulisan", "penulis", "menyapu", "sapu"),
    *("memukul", "pukulan", "mengirim", "kiriman", "pertemuan", "bertemu", "DPR-nya"),
    *("Jakarta-lah", "covid-19", "2024", "anak-anak", "a-b", "x-ray", "İstanbul", "ÇAĞ"),
    *("Straße", "yang", "dan", "di", "pemerintah", "kebijakan", "pemilihan", "umum"),
    *("menteri", "keuangan", "uang", "harga", "beras"),
]
GLUE = (" ", " ", " ", ", ", ". ", "\n\n", " - ", "--", "“", "” ", "(", ") ", "_", "/")


def _random_text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(GLUE) for _ in range(words))


def test_candidate_shortcut_matches_analysing_every_word(analyzer: Analyzer) -> None:
    rng = random.Random(6)
    queries = ["bahas", "banjir", "tulis", "sapu pukul kirim", "temu", "covid-19", "a", "x"]
    queries += ["uang menteri", "pilih umum", "anak", "istanbul", "2024", "dpr"]
    texts = [_random_text(rng, n) for n in (0, 1, 3, 10, 40, 120, 400)] * 6
    texts.append(_random_text(rng, 4000))  # past SCAN_CHARS
    for query in queries:
        terms = _terms(analyzer, query)
        for width in (32, 5, 1):
            highlighter = Highlighter(terms, analyzer, width=width)
            for text in texts:
                assert highlighter.snippet(text) == _reference(text, terms, analyzer, width), (
                    query,
                    width,
                    text[:80],
                )


def test_first_matching_takes_the_body_else_the_lead_that_matches(analyzer: Analyzer) -> None:
    highlighter = Highlighter(_terms(analyzer, "banjir"), analyzer)
    body, lead = "Harga cabai naik di pasar.", "Banjir merendam kota."
    assert any(hit for _, hit in highlighter.first_matching((lead, body)))
    from_lead = highlighter.first_matching((body, lead))
    assert ("Banjir", True) in from_lead
    # Neither matches: the body's opening words; not a string (a NULL column): skipped.
    assert "".join(p for p, _ in highlighter.first_matching((None, body))).startswith("Harga")
    assert highlighter.first_matching((None, None)) == []
