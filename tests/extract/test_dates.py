"""Published and updated dates from small pages written here, one signal or conflict each."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from warta.extract import dates
from warta.extract.dates import read_dates
from warta.extract.datetext import DateMatch, find_dates, parse_date_value
from warta.extract.document import Page
from warta.record import Article


def _read(body: str, head: str = "", url: str | None = None, lang: str = "") -> Article:
    lang_attr = f' lang="{lang}"' if lang else ""
    html = f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>"
    article = Article()
    read_dates(Page.parse(html, url), article)
    return article


def _jsonld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def _meta(name: str, content: str) -> str:
    return f'<meta property="{name}" content="{content}">'


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def test_jsonld_article_gives_published_and_updated() -> None:
    head = _jsonld(
        datePublished="2022-09-16T10:05:00+07:00", dateModified="2022-09-16T12:30:00+07:00"
    )
    a = _read("<h1>Judul</h1>", head)
    assert _iso(a.published) == "2022-09-16T10:05:00+07:00"
    assert _iso(a.updated) == "2022-09-16T12:30:00+07:00"
    assert a.provenance["published"] == "json-ld"
    assert a.provenance["updated"] == "json-ld"


def test_jsonld_graph_and_type_lists_are_read() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Warta"},
            {"@type": ["BlogPosting"], "datePublished": "2021-03-04T05:06:07Z"},
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert _iso(_read("", head).published) == "2021-03-04T05:06:07+00:00"


def test_jsonld_wins_over_a_url_that_disagrees() -> None:
    head = _jsonld(datePublished="2022-09-16T10:05:00+07:00")
    a = _read("", head, url="https://example.id/read/2022/09/10/judul")
    assert _iso(a.published) == "2022-09-16T10:05:00+07:00"
    assert a.provenance["published"] == "json-ld"


def test_a_lone_structured_date_loses_to_byline_and_url_that_agree() -> None:
    # A JSON-LD stamped with the time the page was served, against what readers see.
    head = _jsonld(datePublished="2023-05-01T08:00:00+07:00")
    body = '<div class="read__time">Kompas.com - 16/09/2022, 10:05 WIB</div>'
    a = _read(body, head, url="https://example.id/read/2022/09/16/judul")
    assert _iso(a.published) == "2022-09-16T10:05:00+07:00"
    assert a.provenance["published"] == "byline-text"


def test_meta_tags_in_order_of_trust() -> None:
    head = _meta("article:published_time", "2016-02-16T13:01:52+0700") + _meta("date", "2016-02-20")
    a = _read("", head)
    assert _iso(a.published) == "2016-02-16T13:01:52+07:00"
    assert a.provenance["published"] == "meta:article:published_time"


def test_indonesian_cms_meta_names_and_epoch_values() -> None:
    a = _read("", '<meta name="content_PublishedDate" content="2022-09-16 10:05:00">')
    assert a.provenance["published"].startswith("meta:content_publisheddate")
    b = _read("", '<meta name="sailthru.date" content="1663297500">')
    assert _iso(b.published) == "2022-09-16T03:05:00+00:00"


def test_naive_meta_takes_the_zone_of_zoned_jsonld() -> None:
    head = _meta("article:published_time", "2022-09-16T10:05:00") + _jsonld(
        dateModified="2022-09-16T12:00:00+08:00"
    )
    a = _read("", head)
    assert _iso(a.published) == "2022-09-16T10:05:00+08:00"
    assert a.provenance["published"] == "meta:article:published_time;zone=page"
    assert _iso(a.updated) == "2022-09-16T12:00:00+08:00"


def test_naive_time_with_no_zone_on_the_page() -> None:
    head = _meta("article:published_time", "2022-09-16T10:05:00")
    by_tld = _read("", head, url="https://news.example.co.id/x")
    assert _iso(by_tld.published) == "2022-09-16T10:05:00+07:00"
    assert by_tld.provenance["published"].endswith(";zone=tld")
    by_lang = _read("", head, url="https://example.com/x", lang="id")
    assert _iso(by_lang.published) == "2022-09-16T10:05:00+07:00"
    assert by_lang.provenance["published"].endswith(";zone=lang")
    assumed = _read("", head, url="https://example.com/x", lang="en")
    assert _iso(assumed.published) == "2022-09-16T10:05:00+00:00"
    assert assumed.provenance["published"].endswith(";zone=assumed-utc")


def test_uk_outlet_gets_london_time_with_summer_offset() -> None:
    head = _meta("article:published_time", "2022-07-01T09:00:00")
    a = _read("", head, url="https://www.example.co.uk/news/x")
    assert isinstance(a.published, datetime)
    assert a.published.utcoffset() == timedelta(hours=1)


def test_visible_zone_word_repairs_a_literal_z() -> None:
    head = '<meta name="pubdate" content="2015-11-05 T10:08:58Z">'
    body = '<div class="date">Kamis, 05/11/2015 10:08 WIB</div>'
    a = _read(body, head)
    assert _iso(a.published) == "2015-11-05T10:08:58+07:00"
    assert a.provenance["published"] == "meta:pubdate;zone=visible"


def test_indonesian_zone_words_in_bylines() -> None:
    for text, expected in [
        ("Selasa, 20 Januari 2026 18:33 WIB", "2026-01-20T18:33:00+07:00"),
        ("Kamis, 15 September 2022 | 10:05 WITA", "2022-09-15T10:05:00+08:00"),
        ("Senin, 19 Juni 2023 pukul 08.00 WIT", "2023-06-19T08:00:00+09:00"),
    ]:
        a = _read(f'<div class="post-date">{text}</div>')
        assert _iso(a.published) == expected, text
        assert a.provenance["published"] == "byline-text"


def test_header_time_element_beats_sidebar_and_list_times() -> None:
    sidebar = "".join(
        f'<li><a href="/x{i}">Berita {i}</a><time datetime="2022-09-1{i}T08:00:00+07:00">'
        f"1{i} Sep</time></li>"
        for i in range(5)
    )
    body = (
        f'<aside class="sidebar"><ul>{sidebar}</ul></aside>'
        '<article><header><h1>Judul</h1><div class="byline">'
        '<time datetime="2022-09-16T10:05:00+07:00">16 Sep 2022</time></div></header>'
        "<p>Isi.</p></article>"
        f'<div class="related-posts"><ul>{sidebar}</ul></div>'
    )
    a = _read(body)
    assert _iso(a.published) == "2022-09-16T10:05:00+07:00"
    assert a.provenance["published"] == "time[datetime]"


def test_only_list_times_give_no_date() -> None:
    items = "".join(
        f'<li><time datetime="2022-09-1{i}T08:00:00+07:00">1{i} Sep</time></li>' for i in range(5)
    )
    a = _read(f"<ul>{items}</ul>")
    assert a.published is None


def test_itemprop_date_elements() -> None:
    body = (
        '<span itemprop="datePublished" content="2019-11-19T17:23:00-05:00">Nov 19</span>'
        '<span itemprop="dateModified" content="2019-11-20T09:00:00-05:00">Nov 20</span>'
    )
    a = _read(body)
    assert _iso(a.published) == "2019-11-19T17:23:00-05:00"
    assert _iso(a.updated) == "2019-11-20T09:00:00-05:00"
    assert a.provenance["published"] == "itemprop=datepublished"


def test_diperbarui_is_the_updated_time() -> None:
    body = (
        '<div class="read__time">Kompas.com - 16/09/2022, 10:05 WIB '
        "Diperbarui 16/09/2022, 12:00 WIB</div>"
    )
    a = _read(body)
    assert _iso(a.published) == "2022-09-16T10:05:00+07:00"
    assert _iso(a.updated) == "2022-09-16T12:00:00+07:00"
    assert a.provenance["updated"] == "byline-text"


def test_english_byline_with_us_zone() -> None:
    body = (
        '<p class="byline">By Jane Doe</p>'
        '<div class="timestamp">Published November 19, 2019 5:23 PM ET</div>'
        '<div class="timestamp-updated">Updated: Nov. 20, 2019 at 9:01 a.m. ET</div>'
    )
    a = _read(body, lang="en-US")
    assert _iso(a.published) == "2019-11-19T17:23:00-05:00"
    assert _iso(a.updated) == "2019-11-20T09:01:00-05:00"


def test_us_english_page_reads_numeric_dates_month_first() -> None:
    body = '<span class="date">11/05/2019</span>'
    assert _read(body, lang="en-US").published == date(2019, 11, 5)
    assert _read(body, lang="id").published == date(2019, 5, 11)


def test_date_only_byline_gives_a_date() -> None:
    a = _read('<div class="tanggal">Selasa, 16 Februari 2016</div>')
    assert type(a.published) is date
    assert a.published == date(2016, 2, 16)
    assert a.provenance["published"] == "byline-text"


def test_url_alone_gives_a_date_guess() -> None:
    a = _read("<p>Isi.</p>", url="https://example.id/read/2022/09/16/judul")
    assert a.published == date(2022, 9, 16)
    assert a.provenance["published"] == "url"
    assert a.updated is None


def test_url_day_gains_the_time_of_an_agreeing_weaker_signal() -> None:
    body = '<div class="date">16 September 2022 10:05 WIB</div>'
    a = _read(body, url="https://example.id/read/2022/09/16/judul")
    assert _iso(a.published) == "2022-09-16T10:05:00+07:00"


def test_implausible_dates_are_dropped() -> None:
    head = _jsonld(datePublished="1970-01-01T00:00:00Z")
    body = '<div class="date">16 September 2022 10:05 WIB</div>'
    assert _iso(_read(body, head).published) == "2022-09-16T10:05:00+07:00"
    future = (datetime.now().date() + timedelta(days=30)).isoformat()
    assert _read("", _jsonld(datePublished=future)).published is None


def test_updated_before_published_is_dropped() -> None:
    head = _jsonld(
        datePublished="2022-09-16T10:05:00+07:00", dateModified="2022-09-15T10:05:00+07:00"
    )
    a = _read("", head)
    assert a.published is not None
    assert a.updated is None
    assert "updated" not in a.provenance


def test_updated_equal_to_published_only_when_stated() -> None:
    same = "2022-09-16T10:05:00+07:00"
    stated = _read("", _jsonld(datePublished=same, dateModified=same))
    assert stated.updated == stated.published
    unstated = _read("", _jsonld(datePublished=same))
    assert unstated.updated is None


def test_no_date_anywhere() -> None:
    a = _read("<p>Tidak ada tanggal. Skor 2-1, harga Rp 1.000.000.</p>")
    assert a.published is None
    assert a.updated is None
    assert a.provenance == {}


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts read_dates hands the date parsers, recorded as it goes."""
    texts: list[str] = []

    def counted_text(text: str, **kw: Any) -> list[DateMatch]:
        texts.append(text)
        return find_dates(text, **kw)

    def counted_value(value: str, **kw: Any) -> tuple[datetime | date, bool] | None:
        texts.append(value)
        return parse_date_value(value, **kw)

    monkeypatch.setattr(dates, "find_dates", counted_text)
    monkeypatch.setattr(dates, "parse_date_value", counted_value)
    return texts


def test_many_list_times_are_read_up_to_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """A list page repeats its time elements: at most the first few are parsed (the work is
    bounded; its speed is measured in benchmarks/bench_guards.py)."""
    items = "".join(
        f'<li class="item"><span class="date">Senin, 1{i % 10} Mei 2023 10:0{i % 10} WIB'
        "</span></li>"
        for i in range(300)
    )
    page = Page.parse(f"<html><body><ul>{items}</ul></body></html>")
    parsed = _count_parses(monkeypatch)
    article = Article()
    read_dates(page, article)
    assert article.published is None  # 300 dates in a list: none of them the page's own
    assert len(parsed) <= 100  # of 300 (caps: 80 time elements, 100 bylines)


def test_indonesian_byline_is_day_first_despite_an_english_lang() -> None:
    body = '<div class="date">Kamis, 05/11/2015 10:08 WIB</div>'
    a = _read(body, lang="en", url="https://example.com/x")
    assert _iso(a.published) == "2015-11-05T10:08:00+07:00"


def test_timed_byline_beats_a_site_header_today_date() -> None:
    body = (
        '<header><span class="today-date">Selasa, 23 Februari 2016</span></header>'
        '<div class="content"><div class="article-date">Senin, 15 Februari 2016 | 16:52 WIB'
        "</div></div>"
    )
    assert _iso(_read(body).published) == "2016-02-15T16:52:00+07:00"


def test_deeply_nested_date_elements_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    depth = 5000
    html = '<div class="meta date">' * depth + "Senin, 19/06/2015 14:30" + "</div>" * depth
    page = Page.parse(f"<html><body>{html}</body></html>", "https://example.id/x")
    parsed = _count_parses(monkeypatch)
    article = Article()
    read_dates(page, article)
    assert _iso(article.published) == "2015-06-19T14:30:00+07:00"
    # Each of 5,000 nested elements holds the date: only the capped few are parsed, each
    # a short text (a container's whole text is no byline).
    assert 0 < len(parsed) <= 100
    assert max(len(text) for text in parsed) <= 250


def test_date_right_after_the_headline_is_a_last_resort() -> None:
    body = (
        '<div id="main"><h1>Brandon Salim Makin Dekat Dengan Sivia</h1>'
        '<div><span class="x-when">Kamis, 05 November 2015 11:52</span> | Brandon</div>'
        "<p>Isi berita yang panjang.</p></div>"
    )
    a = _read(body, url="https://example.co.id/berita/judul-82f43b.html")
    assert _iso(a.published) == "2015-11-05T11:52:00+07:00"
    assert a.provenance["published"] == "after-headline;zone=tld"


def test_webpage_jsonld_is_a_weaker_fallback() -> None:
    page_ld = json.dumps({"@type": "WebPage", "datePublished": "2022-09-01T00:00:00Z"})
    head = f'<script type="application/ld+json">{page_ld}</script>' + _meta(
        "article:published_time", "2022-09-16T10:05:00+07:00"
    )
    assert _iso(_read("", head).published) == "2022-09-16T10:05:00+07:00"
    assert _iso(_read("", head[: head.index("<meta")]).published) == "2022-09-01T00:00:00+00:00"
