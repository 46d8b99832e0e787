"""The issue's seed target: the seed article, extracted and enriched, gives the entities,
canonical names, quote and date of its expected record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from warta.enrich.stage import Enricher
from warta.news.plaintext import extract_text
from warta.record import Article

SEED = "000_51c6f78b63b93dbc"
# The expected record's entity groups are named as the record's entity types.
TYPES = {"person": "person", "place": "place", "organization": "organization"}


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> tuple[Article, dict[str, Any]]:
    folder = shared_dir / "examples"
    text = (folder / f"{SEED}.txt").read_text(encoding="utf-8")
    want = json.loads((folder / f"{SEED}.expected.json").read_text(encoding="utf-8"))
    article = Enricher().enrich(extract_text(text, source=f"{SEED}.txt"))
    return article, want


@pytest.mark.parametrize("group", sorted(TYPES))
def test_seed_entities(seed: tuple[Article, dict[str, Any]], group: str) -> None:
    article, want = seed
    assert article.entities is not None
    found = {e.text for e in article.entities if e.type == TYPES[group]}
    found |= {e.canonical for e in article.entities if e.type == TYPES[group] and e.canonical}
    assert set(want["entities"][group]) <= found


def test_seed_canonical_names(seed: tuple[Article, dict[str, Any]]) -> None:
    article, want = seed
    assert article.entities is not None
    canon = {(e.text, e.canonical) for e in article.entities}
    for surface, name in want["canonical_entities"].items():
        assert (surface, name) in canon, surface


def test_seed_quote(seed: tuple[Article, dict[str, Any]]) -> None:
    article, want = seed
    assert article.quotes is not None
    got = {(q.text, q.speaker) for q in article.quotes}
    for quote in want["quotes"]:
        assert (quote["text"], quote["speaker"]) in got


def test_seed_dates(seed: tuple[Article, dict[str, Any]]) -> None:
    article, want = seed
    assert article.dates_mentioned is not None
    got = {(d.text, str(d.date)[:10]) for d in article.dates_mentioned}
    for mention in want["dates_mentioned"]:
        assert (mention["text"], mention["date"]) in got


def test_seed_other_fields(seed: tuple[Article, dict[str, Any]]) -> None:
    """The rest of enrichment ran and found something sensible."""
    article, _ = seed
    assert article.language == "id"
    assert all(p.language in {"id", None} for p in article.paragraphs)
    assert article.keywords and any("Putin" in k for k in article.keywords)
    assert article.summary and article.summary.count(".") >= 2
    assert article.topic is not None
