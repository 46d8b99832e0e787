"""The enrichment stage: which fields it fills, and what it leaves alone."""

from __future__ import annotations

from datetime import date

from warta.enrich.stage import Enricher, EnrichOptions, _merged, _one_type_per_name
from warta.record import Article, Entity, Paragraph, Related

PARAGRAPHS = [
    "Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Tiongkok di Beijing "
    "pada Selasa (20/1). Kedua menteri membahas perdagangan dan keamanan kawasan.",
    "Retno mengatakan bahwa Indonesia ingin memperluas ekspor ke China tahun depan.",
    '"Hubungan kita sangat penting bagi kawasan," ujar Retno di Beijing.',
]


def _article() -> Article:
    return Article(
        title="Retno Temui Menlu Tiongkok di Beijing",
        published=date(2026, 1, 21),
        paragraphs=[Paragraph("paragraph", p) for p in PARAGRAPHS],
        related=[Related("Ekspor Indonesia ke AS Naik", None)],
    )


def test_enrich_fills_every_field() -> None:
    article = Enricher().enrich(_article())
    assert article.language == "id"
    assert [p.language for p in article.paragraphs] == ["id", "id", "id"]
    assert article.entities and article.quotes is not None
    assert article.keywords and article.summary and article.topic
    data = article.to_dict()
    assert data["paragraphs"][0]["language"] == "id"


def test_entities_span_fields_and_link_across_them() -> None:
    article = Enricher().enrich(_article())
    assert article.entities is not None
    by_field = {(e.field, e.text) for e in article.entities}
    assert ("title", "Tiongkok") in by_field and ("body", "Beijing") in by_field
    assert ("related", "AS") in by_field
    china = {e.canonical for e in article.entities if e.text in {"Tiongkok", "China"}}
    assert china == {"China"}
    body = article.body
    for entity in article.entities:
        if entity.field == "body":
            assert body[entity.start : entity.end] == entity.text


def test_dates_resolve_against_the_publication_date() -> None:
    article = Enricher().enrich(_article())
    assert article.dates_mentioned is not None
    got = {(d.text, str(d.date)[:10]) for d in article.dates_mentioned}
    assert ("Selasa (20/1)", "2026-01-20") in got


def test_quote_speaker_is_linked_to_the_full_name() -> None:
    article = Enricher().enrich(_article())
    assert article.quotes is not None
    direct = [q for q in article.quotes if q.direct]
    assert direct and direct[0].speaker == "Retno Marsudi"


def test_error_records_pass_untouched() -> None:
    enricher = Enricher()
    article = enricher.enrich(Article(source="x", error="empty-input: nothing"))
    assert article.entities is None and article.topic is None
    assert enricher.counts["skipped-error"] == 1


def test_empty_body_means_ran_and_found_nothing() -> None:
    enricher = Enricher()
    article = enricher.enrich(Article(source="x"))
    assert article.entities == [] and article.quotes == [] and article.dates_mentioned == []
    assert article.summary is None
    assert enricher.counts["no-body"] == 1


def test_options_switch_steps_off() -> None:
    options = EnrichOptions(entities=False, quotes=False, keywords=0, summary_sentences=0)
    article = Enricher(options).enrich(_article())
    assert article.entities is None and article.quotes is None
    assert article.keywords is None and article.summary is None
    assert article.topic is not None and article.dates_mentioned is not None


def test_streaming_form() -> None:
    out = list(Enricher()([_article(), _article()]))
    assert len(out) == 2 and all(a.topic for a in out)


def test_one_name_gets_one_type_in_an_article() -> None:
    found = [
        Entity("Shenzhen", "place", canonical="Shenzhen"),
        Entity("Shenzhen", "organization", canonical="Shenzhen"),
        Entity("Shenzhen", "place", canonical="Shenzhen"),
        Entity("Beijing", "organization", canonical="Beijing", id="Q956"),
        Entity("Beijing", "place", canonical="Beijing", id="Q956"),
    ]
    _one_type_per_name(found)
    assert [e.type for e in found[:3]] == ["place"] * 3
    assert [e.type for e in found[3:]] == ["organization", "place"]  # the table decided


def test_merged_adds_only_mentions_that_overlap_none_of_the_first() -> None:
    first = [
        Entity("Joko Widodo", "person", start=20, end=31),
        Entity("Bank Indonesia", "organization", start=0, end=14),
    ]
    second = [
        Entity("Indonesia", "place", start=5, end=14),
        Entity("AS", "place", start=40, end=42),
        Entity("Widodo", "person", start=25, end=31),
        Entity("Dili", "place", start=14, end=20),  # touches both, overlaps neither
    ]
    merged = _merged(first, second, "lead")
    assert [(e.text, e.start) for e in merged] == [
        ("Bank Indonesia", 0),
        ("Dili", 14),
        ("Joko Widodo", 20),
        ("AS", 40),
    ]
    assert {e.field for e in merged} == {"lead"}
