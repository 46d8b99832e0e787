"""Whole-word name search shared by keywords and the stage's headline echoes."""

from __future__ import annotations

from warta.enrich.mentions import find_names


def test_longer_names_win_and_words_stay_whole() -> None:
    text = "Jakarta Utara banjir; Jakarta kering. Jakartanya? Di Jakarta_x tidak."
    found = find_names(text, ["Jakarta", "Jakarta Utara"])
    assert found == [("Jakarta Utara", 0, 13), ("Jakarta", 22, 29)]
    assert all(text[start:end] == name for name, start, end in found)


def test_order_given_does_not_matter() -> None:
    text = "AS dan China, lalu China dan AS."
    assert find_names(text, ["AS", "China"]) == find_names(text, ["China", "AS", "China"])
    assert [n for n, _, _ in find_names(text, ["AS", "China"])] == ["China", "China", "AS", "AS"]


def test_nothing_to_find() -> None:
    assert find_names("teks", []) == []
    assert find_names("teks", [""]) == []
