"""Scraped payloads never become markup: the page holds them only escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from markupsafe import Markup

from warta.web.charts import bar_chart, fill_days
from warta.web.text import Highlight, blocks, highlight, safe_url

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "xlink:href"}


class _Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def hostile_page(client: TestClient) -> str:
    hits = client.get("/search.json", params={"q": "Paragraf"}).json()["hits"]
    (article_id,) = [h["id"] for h in hits if h["outlet"] == "jahat.example"]
    response = client.get(f"/article/{article_id}")
    assert response.status_code == 200
    return response.text


def test_payloads_appear_only_escaped(hostile_page: str) -> None:
    assert SCRIPT not in hostile_page and IMG not in hostile_page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_page
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile_page


def test_page_has_no_script_handler_or_unsafe_url(hostile_page: str) -> None:
    tags = _tags(hostile_page)
    assert "script" not in {tag for tag, _attrs in tags}
    for tag, attrs in tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        for name, value in attrs.items():
            if name in URL_ATTRIBUTES and value:
                assert value.startswith(("/", "?", "https://", "http://")), (tag, name, value)
    assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in tags)


def test_javascript_urls_are_dropped_not_linked(hostile_page: str) -> None:
    # The republication and original links were javascript: URLs: shown as text only.
    assert "javascript:" not in "".join(str(a.get("href")) for _t, a in _tags(hostile_page))
    assert "Baca di situs aslinya" not in hostile_page


def test_search_snippets_and_lists_are_escaped(client: TestClient) -> None:
    for path in ("/search?q=Paragraf", "/", "/outlet/jahat.example", "/entities"):
        html = client.get(path).text
        assert SCRIPT not in html and IMG not in html, path


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x.png",
        "/relative.png",
        "https:///nohost",
        "http://[::1",
        None,
        42,
    ],
)
def test_safe_url_refuses_what_is_not_http(url: object) -> None:
    assert safe_url(url) is None


def test_safe_url_keeps_http_and_https() -> None:
    assert safe_url("https://a.example/x.jpg?w=1") == "https://a.example/x.jpg?w=1"
    assert safe_url("HTTP://a.example/") == "HTTP://a.example/"


def test_highlight_escapes_every_piece() -> None:
    text = f"Awal {SCRIPT} tengah Budi akhir"
    start = text.index("Budi")
    marked = highlight(text, [Highlight(start, start + 4, "entity", '/e/"x', IMG)])
    assert isinstance(marked, Markup)
    assert SCRIPT not in marked and IMG not in marked
    assert '<a href="/e/&#34;x"><mark class="entity" title="&lt;img' in marked


def test_highlights_use_body_offsets_across_paragraphs() -> None:
    paragraphs = [
        {"kind": "paragraph", "text": "Satu Ani."},
        {"kind": "heading", "text": "Dua Ani"},
    ]
    start = len("Satu Ani.\n\nDua ")
    out = blocks(paragraphs, [Highlight(start, start + 3, "entity"), Highlight(0, 50, "x")])
    assert out[0].html == "Satu Ani."
    assert out[1].kind == "heading" and out[1].html == 'Dua <mark class="entity">Ani</mark>'


def test_overlapping_highlights_keep_the_first() -> None:
    marked = highlight("Joko Widodo", [Highlight(0, 11, "a"), Highlight(5, 11, "b")])
    assert marked.count("<mark") == 1


def test_chart_is_svg_with_escaped_labels_and_filled_days() -> None:
    chart = bar_chart([("2024-05-01", 2), ("2024-05-04", 5)], label=f"Sebutan {SCRIPT}")
    assert chart.bars == 4 and chart.total == 7
    assert chart.svg.startswith("<svg") and SCRIPT not in chart.svg
    assert fill_days([("2024-05-01", 1), ("2024-05-03", 1)])[1] == ("2024-05-02", 0)
    assert "Belum ada data" in bar_chart([], label="x").svg
