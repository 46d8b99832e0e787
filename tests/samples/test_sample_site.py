"""The bundled sample site (``samples/site/``): every page extracts into a full record.

``samples/site/manifest.json`` (written by ``scripts/build_sample_site.py`` with the pages)
says what each page is meant to show: its outlet, address, section and publication time,
the 'Baca juga' links it inserts, the foreign sources it credits, the outlet it was
republished from and, for the multi-page article, which page it is. These tests hold
Warta's records of the pages to that.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from warta import Article, extract
from warta.extract.document import Page
from warta.news.merge import extract_multipage, merge_parts, merge_related_inputs
from warta.news.pagination import find_pagination

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "samples" / "site"
MANIFEST: list[dict[str, Any]] = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))
FILES = [entry["file"] for entry in MANIFEST]
BY_FILE = {entry["file"]: entry for entry in MANIFEST}
# Text that only page furniture carries; none of it may reach a body.
NOISE = re.compile(
    r"Baca [Jj]uga|ADVERTISEMENT|SCROLL TO|Penulis:|Editor:|Artikel ini telah|Laporan Wartawan"
    r"|\[Gambas|Halaman selanjutnya|^\(\*\)$|^\(?[a-z]{3}/[a-z]{3}\)?$",
    re.MULTILINE,
)


@pytest.fixture(scope="module")
def records() -> dict[str, Article]:
    """Every page of the site, extracted once for the module."""
    return {name: extract((SITE / name).read_bytes()) for name in FILES}


def test_pages_are_what_the_script_builds() -> None:
    """The committed pages are the generator's current output (no hand edits, no leftovers)."""
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "build_sample_site.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_site_has_the_promised_shape() -> None:
    outlets = Counter(entry["outlet"] for entry in MANIFEST)
    days = {entry["published"][:10] for entry in MANIFEST}
    offsets = {entry["published"][-6:] for entry in MANIFEST}
    assert 55 <= len(MANIFEST) <= 65
    assert len(outlets) == 4 and min(outlets.values()) >= 12
    assert len(days) >= 9
    assert offsets == {"+07:00", "+08:00", "+09:00"}
    assert {entry["section_normalised"] for entry in MANIFEST} == {
        "Internasional", "Nasional", "Ekonomi", "Olahraga", "Teknologi", "Hiburan", "Regional",
    }  # fmt: skip
    assert {entry["language"] for entry in MANIFEST} == {"id", "en"}
    assert sum(entry["republished_from"] is not None for entry in MANIFEST) >= 5
    assert sum(bool(entry["credits"]) for entry in MANIFEST) >= 2
    assert sum(bool(entry["related"]) for entry in MANIFEST) >= 40
    assert max(entry["pages"] for entry in MANIFEST) == 3


@pytest.mark.parametrize("name", FILES)
def test_page_extracts_into_a_full_record(name: str, records: dict[str, Article]) -> None:
    entry, record = BY_FILE[name], records[name]
    assert record.error is None
    assert record.title == entry["title"]
    assert record.outlet == entry["outlet"]
    assert record.canonical_url == entry["url"]
    assert record.section == entry["section"]
    assert record.authors, "no author"
    assert isinstance(record.published, datetime) and record.published.tzinfo is not None
    assert record.published == datetime.fromisoformat(entry["published"])
    assert record.published.utcoffset() == datetime.fromisoformat(entry["published"]).utcoffset()
    assert len(record.body.split()) >= 150
    assert record.language == entry["language"]


@pytest.mark.parametrize("name", FILES)
def test_page_furniture_stays_out_of_the_body(name: str, records: dict[str, Article]) -> None:
    record = records[name]
    leaks = [p.text for p in record.paragraphs if NOISE.search(p.text)]
    assert not leaks
    if BY_FILE[name]["page"] == 1:
        assert record.dateline is not None, "dateline left in the body or not found"


@pytest.mark.parametrize("name", [e["file"] for e in MANIFEST if e["republished_from"]])
def test_syndicated_copy_names_its_origin(name: str, records: dict[str, Article]) -> None:
    expected, found = BY_FILE[name]["republished_from"], records[name].republished_from
    assert found is not None
    assert found.outlet == expected["outlet"]
    assert found.title == expected["title"]
    assert found.url in (None, expected["url"])


def test_only_copies_claim_an_origin(records: dict[str, Article]) -> None:
    claimed = {name for name, record in records.items() if record.republished_from}
    assert claimed == {e["file"] for e in MANIFEST if e["republished_from"]}


@pytest.mark.parametrize("name", [e["file"] for e in MANIFEST if e["related"]])
def test_baca_juga_inserts_land_in_related(name: str, records: dict[str, Article]) -> None:
    record = records[name]
    related = {(r.title, r.url) for r in record.related}
    for link in BY_FILE[name]["related"]:
        assert (link["title"], link["url"]) in related
        assert link["title"] not in record.body


def test_foreign_credits_land_in_attributions(records: dict[str, Article]) -> None:
    for entry in MANIFEST:
        sources = {a.source for a in records[entry["file"]].attributions}
        assert sources == set(entry["credits"]), entry["file"]


def multipage_files() -> list[str]:
    pages = [e for e in MANIFEST if e["pages"] > 1]
    return [e["file"] for e in sorted(pages, key=lambda e: e["page"])]


def test_multipage_article_pages_are_linked() -> None:
    first = multipage_files()[0]
    url = BY_FILE[first]["url"]
    found = find_pagination(Page.parse((SITE / first).read_text(encoding="utf-8"), url), url)
    assert found.current == 1 and found.total == 3
    assert found.next_url == BY_FILE[multipage_files()[1]]["url"]
    assert list(found.page_urls) == [BY_FILE[f]["url"] for f in multipage_files()[1:]]


def assert_whole_story(merged: Article, parts: list[Article]) -> None:
    texts = [p.text for p in merged.paragraphs]
    assert len(texts) == len(set(texts)), "a paragraph repeats in the merged body"
    assert texts == [p.text for part in parts for p in part.paragraphs]
    assert merged.provenance["pages"] == "3"
    assert merged.editors and merged.dateline is not None


def test_multipage_article_merges(records: dict[str, Article]) -> None:
    parts = [records[name] for name in multipage_files()]
    assert_whole_story(merge_parts(parts), parts)
    merged = merge_related_inputs([parts[2], parts[0], parts[1]])
    assert len(merged) == 1
    assert_whole_story(merged[0], parts)


def test_multipage_article_is_fetched_page_by_page(records: dict[str, Article]) -> None:
    pages = {BY_FILE[f]["url"]: (SITE / f).read_bytes() for f in multipage_files()}
    first = BY_FILE[multipage_files()[0]]["url"]
    merged = extract_multipage(pages[first], first, fetch=pages.get)
    assert_whole_story(merged, [records[name] for name in multipage_files()])


def test_next_page_button_is_not_a_related_link(records: dict[str, Article]) -> None:
    for name in multipage_files():
        assert not [r for r in records[name].related if "Halaman" in (r.title or "")]


@pytest.mark.parametrize(
    "name", ["Citarum", "Kebunara", "Phinisi FC", "Xi Jinping", "Sekar Ayuningtyas"]
)
def test_continuing_stories_span_several_days(name: str, records: dict[str, Article]) -> None:
    """Entity pages need coverage over time: each running story is told on 3+ days."""
    days = {BY_FILE[f]["published"][:10] for f, r in records.items() if name in r.body}
    outlets = {BY_FILE[f]["outlet"] for f, r in records.items() if name in r.body}
    assert len(days) >= 3 and len(outlets) >= 2


def test_cli_extracts_the_whole_site(tmp_path: Path) -> None:
    out = tmp_path / "site.jsonl"
    command = [sys.executable, "-m", "warta", "extract", str(SITE), "--format", "jsonl"]
    run = subprocess.run(
        [*command, "--no-progress", "--output", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(MANIFEST)
    assert all(row["error"] is None and row["title"] for row in rows)


def test_section_labels_normalise() -> None:
    """Every outlet label maps to the reader's section the manifest names for it."""
    sections = pytest.importorskip("warta.news.sections")
    for entry in MANIFEST:
        found = sections.normalise_section(entry["section"], entry["url"])
        assert found == entry["section_normalised"], (entry["outlet"], entry["section"])
