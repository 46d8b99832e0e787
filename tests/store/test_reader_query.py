"""The reader's query syntax, parsed to FTS5 over analysed text (no database needed)."""

from __future__ import annotations

import pytest

from warta.search.analyzer import shared_analyzer
from warta.store import BadQuery
from warta.store.search_query import MAX_TERMS, parse_query


def _parse(text: str) -> tuple[str, set[str]]:
    parsed = parse_query(text, shared_analyzer())
    return parsed.match, set(parsed.terms)


@pytest.mark.parametrize(
    ("query", "match"),
    [
        # A word stemming changes is also searched as written (for unstemmed text).
        ("membahas", '("bahas" OR "membahas")'),
        ("Banjir   Jakarta", '"banjir" AND "jakarta"'),
        ("banjir yang di jakarta", '"banjir" AND "jakarta"'),  # stop words dropped
        ('"pembahasan anggaran"', '("bahas anggar" OR "pembahasan anggaran")'),
        ('"menteri dalam negeri"', '"menteri negeri"'),  # as indexed: stop words out
        ("banjir OR longsor", '("banjir" OR "longsor")'),
        ("rob banjir OR longsor", '"rob" AND ("banjir" OR "longsor")'),
        ("banjir AND rob", '"banjir" AND "rob"'),
        ("banjir -rob", '("banjir") NOT ("rob")'),
        ("banjir -bermuda", '("banjir") NOT (("muda" OR "bermuda"))'),
        ('banjir -"air pasang" -rob', '("banjir") NOT ("air pasang" OR "rob")'),
        ("covid-19", '"covid-19"'),
        ("DPR-nya", '"dpr"'),
        ("banjir or longsor", '"banjir" AND "or" AND "longsor"'),  # only OR in capitals
        # FTS5 syntax is only text: a column filter, a prefix, NEAR, a caret.
        ("title:banjir", '"title banjir"'),
        ("banjir*", '"banjir"'),
        ("NEAR(banjir rob)", '"near banjir" AND "rob"'),
        ("^banjir", '"banjir"'),
    ],
)
def test_good_queries(query: str, match: str) -> None:
    assert _parse(query)[0] == match


def test_terms_to_highlight_leave_out_excluded_words() -> None:
    assert _parse('membahas "rapat kerja" OR anggaran -banjir')[1] == {
        "bahas",
        "rapat",
        "kerja",
        "anggar",
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "no words"),
        ("   ", "no words"),
        ("yang dan di", "no words"),
        ("!!! ???", "no words"),
        ('"banjir', "not closed"),
        ('banjir "rob', "not closed"),
        ('banjir"', "not closed"),
        ("OR banjir", "between two"),
        ("banjir OR", "between two"),
        ("banjir OR OR rob", "between two"),
        ("AND", "between two"),
        ("banjir AND", "between two"),
        ("-banjir", "only leaves words out"),
        ("-banjir -rob", "only leaves words out"),
        ("banjir - rob", "minus sign"),
        ("banjir OR -rob", "OR cannot"),
        ("-banjir OR rob", "OR cannot"),
        ("x" * 501, "longer than 500"),
        (" ".join(["kata"] * (MAX_TERMS + 1)), "at most 20"),
        ('"' + " ".join(["kata"] * (MAX_TERMS + 1)) + '"', "at most 20"),
    ],
)
def test_malformed_queries(query: str, message: str) -> None:
    with pytest.raises(BadQuery, match=message):
        _parse(query)
