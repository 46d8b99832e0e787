"""The reader in a real browser: Debian's headless Chromium against a live server.

Pages render, links click through, filters work, and the article whose scraped fields
carry script payloads runs nothing: no dialog opens, no script element or inline event
handler reaches the DOM, and no Content-Security-Policy violation is reported (the pages
need no inline script or style). Screenshots go to the artefacts folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

TIMEOUT_MS = 10_000


@pytest.fixture
def page(chromium: Any, live_server: str) -> Iterator[Any]:
    """A fresh tab that records dialogs and CSP reports on ``page.warta_events``."""
    context = chromium.new_context(base_url=live_server, viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(TIMEOUT_MS)
    events: list[str] = []
    tab.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    tab.on(
        "console",
        lambda msg: (
            events.append(f"csp: {msg.text}") if "Content Security Policy" in msg.text else None
        ),
    )
    tab.warta_events = events
    yield tab
    context.close()


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def test_front_page_renders_and_a_link_clicks_through(page: Any, artifacts: Path) -> None:
    page.goto("/")
    assert page.locator("h1").inner_text() == "Berita terkini"
    assert page.locator("section.section-block").count() >= 4
    _shot(page, artifacts, "front")
    page.locator(".card h3 a").first.click()
    page.wait_for_url("**/article/*")
    assert page.locator("article.story h1").is_visible()
    assert page.warta_events == []


def test_article_entity_link_leads_to_the_entity_page(page: Any, artifacts: Path) -> None:
    page.goto("/search?q=inflasi")
    page.get_by_role("link", name="Sri Mulyani bahas inflasi bersama Bank Indonesia").click()
    page.wait_for_url("**/article/*")
    assert page.locator(".body mark.entity").count() == 4
    _shot(page, artifacts, "article")
    page.locator(".body a", has_text="Bank Indonesia").click()
    page.wait_for_url("**/entity/*")
    assert page.locator("svg.chart rect.bar").count() >= 1
    _shot(page, artifacts, "entity")
    assert page.warta_events == []


def test_search_with_a_filter(page: Any, artifacts: Path) -> None:
    page.goto("/search?q=anggaran")
    everything = page.locator("li.hit").count()
    page.locator("form.search-filters select[name=outlet]").select_option("suarapagi.id")
    page.locator("form.search-filters button").click()
    page.wait_for_url("**outlet=suarapagi.id**")
    hits = page.locator("li.hit")
    assert 0 < hits.count() < everything
    assert all("suarapagi.id" in text for text in hits.locator(".meta").all_inner_texts())
    _shot(page, artifacts, "search-filtered")


def test_hostile_article_executes_nothing(page: Any, artifacts: Path) -> None:
    page.goto("/search?q=Paragraf")
    page.locator("li.hit h3 a").first.click()
    page.wait_for_url("**/article/*")
    page.wait_for_load_state("load")
    assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.querySelectorAll('[onerror],[onload],[onclick]').length") == 0
    hrefs = page.evaluate("[...document.links].map(a => a.protocol)")
    assert "javascript:" not in hrefs
    _shot(page, artifacts, "hostile-article")
    assert page.warta_events == []
