"""Quality gate: extraction over the shared benchmarks must not fall below pinned floors.

The floors live in ``floors.json`` beside this file, so raising one is a reviewed one-line
change. Scores use the shared measure (``shared/eval/textmatch.py``, and the day rule of
``score_id_news.py``), imported rather than copied, so they agree with the shared scorers.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import warta

FLOORS_FILE = Path(__file__).with_name("floors.json")
FLOORS: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))


def test_floors_file_is_well_formed() -> None:
    for key in ("aeb_f1", "id_news_body_f1", "id_news_title", "id_news_date"):
        assert isinstance(FLOORS[key], float) and 0.0 <= FLOORS[key] <= 1.0, key


@pytest.mark.slow
def test_aeb_body_f1_is_at_least_the_floor(shared_dir: Path, textmatch: ModuleType) -> None:
    aeb = shared_dir / "data" / "aeb"
    truth = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    counts = []
    for key, expected in truth.items():
        html = gzip.decompress((aeb / "html" / f"{key}.html.gz").read_bytes())
        article = warta.extract(html, source=key)
        counts.append(textmatch.page_counts(expected.get("articleBody", ""), article.body))
    assert len(counts) == 181
    scores = textmatch.corpus_scores(counts)
    assert scores["f1"] >= FLOORS["aeb_f1"], f"AEB {scores} below floor {FLOORS['aeb_f1']}"


@pytest.fixture(scope="module")
def id_news(
    shared_dir: Path, textmatch: ModuleType, shared_eval: Callable[[str], ModuleType]
) -> dict[str, float]:
    """Body F1, title exact-match rate and same-day date rate over the id-news articles."""
    scorer = shared_eval("score_id_news")
    data = shared_dir / "data" / "id-news"
    cases = [
        c for c in json.loads((data / "expected.json").read_text(encoding="utf-8")) if c["expected"]
    ]
    counts, titles, days, dated = [], 0, 0, 0
    for case in cases:
        expected = case["expected"]
        article = warta.extract((data / case["page"]).read_bytes(), expected.get("url"))
        counts.append(textmatch.page_counts(expected.get("content"), article.body))
        titles += textmatch.exact(expected.get("title"), article.title)
        if expected.get("date"):
            dated += 1
            published = article.published.isoformat() if article.published else None
            truth = datetime.fromtimestamp(expected["date"] / 1000, scorer.WIB).date()
            days += scorer.day(published) == truth
    assert len(cases) == 26
    return {
        "id_news_body_f1": textmatch.corpus_scores(counts)["f1"],
        "id_news_title": titles / len(cases),
        "id_news_date": days / max(dated, 1),
    }


@pytest.mark.slow
@pytest.mark.parametrize("key", ["id_news_body_f1", "id_news_title", "id_news_date"])
def test_id_news_is_at_least_the_floor(id_news: dict[str, float], key: str) -> None:
    assert id_news[key] >= FLOORS[key], f"{key} {id_news[key]:.4f} below floor {FLOORS[key]}"
