"""The article record against the shared contract: names, JSON shapes, round trip."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from warta.record import (
    Article,
    Attribution,
    Dateline,
    DateMention,
    Entity,
    Image,
    Paragraph,
    Quote,
    Related,
    Removed,
    Republication,
)

WITA = timezone(timedelta(hours=8))
_ROW = re.compile(r"^\|\s*`(\w+)`\s*\|")
_NAME = re.compile(r"`(\w+)`")


def _contract(shared_dir: Path) -> tuple[list[str], list[str]]:
    """The contract's table field names in order, and the enrichment field names."""
    text = (shared_dir / "contracts" / "article.md").read_text(encoding="utf-8")
    table = [m.group(1) for line in text.splitlines() if (m := _ROW.match(line))]
    paragraph = text[text.index("Enrichment adds") :].split("\n\n", 1)[0]
    return table, _NAME.findall(paragraph)


def _full_article() -> Article:
    return Article(
        source="pages/a.html",
        url="https://kabarnusa.id/a?utm_source=x",
        canonical_url="https://kabarnusa.id/a",
        outlet="kabarnusa.id",
        section="Regional",
        title="Banjir rob",
        lead="Air laut pasang.",
        authors=["Rina Kartikasari"],
        editors=["Bambang Wicaksono"],
        published=datetime(2022, 9, 16, 10, 5, tzinfo=WITA),
        updated=date(2022, 9, 17),
        language="id",
        dateline=Dateline("SEMARANG", "KABARNUSA.ID"),
        paragraphs=[Paragraph("paragraph", "Satu."), Paragraph("heading", "Dua")],
        images=[Image("https://img.example/a.jpg", "Warga", "KABARNUSA/Adi")],
        tags=["banjir"],
        related=[Related("Pompa baru", "https://kabarnusa.id/b")],
        republished_from=Republication("tribunnews.com", "Judul", "https://t.example/x"),
        attributions=[Attribution("Reuters", "mengutip")],
        removed=[Removed("advertisement", "ADVERTISEMENT")],
        provenance={"title": "h1", "published": "json-ld"},
    )


def test_field_names_are_exactly_the_contract_table(shared_dir: Path) -> None:
    table, enrichment = _contract(shared_dir)
    assert "body" in table and "error" in table
    assert list(Article().to_dict()) == table
    assert set(enrichment) == {
        "entities",
        "quotes",
        "dates_mentioned",
        "keywords",
        "summary",
        "topic",
    }


def test_enrichment_fields_appear_only_once_set(shared_dir: Path) -> None:
    table, enrichment = _contract(shared_dir)
    article = Article(entities=[], quotes=[Quote("Kami siap.", "Heru", direct=True)])
    data = article.to_dict()
    assert data["entities"] == []
    assert data["quotes"] == [
        {"text": "Kami siap.", "speaker": "Heru", "direct": True, "start": None, "end": None}
    ]
    assert "keywords" not in data and "summary" not in data
    assert set(data) <= set(table) | set(enrichment)


def test_body_is_paragraphs_joined_by_blank_lines() -> None:
    article = Article(paragraphs=[Paragraph("paragraph", "Satu."), Paragraph("quote", "Dua.")])
    assert article.body == "Satu.\n\nDua."
    assert article.to_dict()["body"] == "Satu.\n\nDua."
    assert Article().body == ""


def test_a_paragraph_language_is_written_only_once_set() -> None:
    class Note(str):
        """A str subclass, as a caller's own text type may be."""

    article = Article(
        paragraphs=[
            Paragraph("paragraph", "Satu."),
            Paragraph("quote", "Two.", language="en"),
            Paragraph("heading", Note("Tiga")),
        ]
    )
    assert article.to_dict()["paragraphs"] == [
        {"kind": "paragraph", "text": "Satu."},
        {"kind": "quote", "text": "Two.", "language": "en"},
        {"kind": "heading", "text": "Tiga"},
    ]
    assert json.loads(json.dumps(article.to_dict()))["body"] == "Satu.\n\nTwo.\n\nTiga"


def test_dates_are_iso_with_offset_and_date_only_as_day() -> None:
    data = _full_article().to_dict()
    assert data["published"] == "2022-09-16T10:05:00+08:00"
    assert data["updated"] == "2022-09-17"


def test_round_trip_through_json_is_lossless() -> None:
    article = _full_article()
    article.entities = [Entity("Semarang", "LOC", "Kota Semarang", None, 0, 8)]
    article.dates_mentioned = [DateMention("Kamis (15/9/2022)", date(2022, 9, 15))]
    article.keywords = ["rob"]
    text = json.dumps(article.to_dict(), ensure_ascii=False)
    back = Article.from_dict(json.loads(text))
    assert back == article
    assert isinstance(back.published, datetime) and back.published.utcoffset() == timedelta(hours=8)
    assert type(back.updated) is date


def test_from_dict_ignores_unknown_keys_and_splits_a_bare_body() -> None:
    back = Article.from_dict({"title": "T", "body": "Satu.\n\nDua.", "extra": 1})
    assert back.title == "T"
    assert [p.text for p in back.paragraphs] == ["Satu.", "Dua."]


@pytest.mark.parametrize("value", ["2022-09-16T02:05:00Z", "2022-09-16T10:05:00+08:00"])
def test_utc_and_offset_forms_read_as_the_same_instant(value: str) -> None:
    back = Article.from_dict({"published": value})
    assert back.published == datetime(2022, 9, 16, 2, 5, tzinfo=UTC)


def test_from_dict_names_a_sub_record_that_is_not_an_object() -> None:
    with pytest.raises(ValueError, match="paragraphs: want an object, got str"):
        Article.from_dict({"paragraphs": ["a line"]})
    with pytest.raises(ValueError, match="dateline: want an object, got str"):
        Article.from_dict({"dateline": "JAKARTA"})
