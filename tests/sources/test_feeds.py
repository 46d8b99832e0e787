"""Feeds and sitemaps: article links out, hostile XML refused, indexes followed."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

from warta.errors import FetchError
from warta.sources import FeedSource, SourceOptions

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Berita</title><link>https://news.example.id/</link>
  <image><url>https://news.example.id/logo.png</url></image>
  <item>
    <title>Satu</title>
    <link>https://News.Example.id/berita/1?utm_source=rss#top</link>
    <pubDate>Mon, 05 Jan 2026 10:30:00 +0700</pubDate>
  </item>
  <item><title>Satu lagi</title><link>https://news.example.id/berita/1</link></item>
  <item>
    <guid isPermaLink="true">https://news.example.id/berita/2</guid>
    <dc:date>2026-01-05T11:00:00+07:00</dc:date>
  </item>
  <item><guid isPermaLink="false">tag:news,2026:3</guid><title>Tanpa tautan</title></item>
  <item><link>javascript:void(0)</link></item>
</channel>
</rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom</title>
  <link rel="self" href="https://blog.example/feed.atom"/>
  <entry>
    <title>Pos</title>
    <link rel="enclosure" href="https://blog.example/audio.mp3"/>
    <link rel="alternate" href="/2026/01/pos"/>
    <author><uri>https://blog.example/me</uri></author>
    <published>2026-01-02T08:00:00Z</published>
    <updated>2026-01-03T08:00:00Z</updated>
  </entry>
</feed>"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example.id/a</loc>
    <image:image><image:loc>https://news.example.id/a.jpg</image:loc></image:image>
    <news:news>
      <news:publication><news:name>Contoh</news:name><news:language>id</news:language>
      </news:publication>
      <news:publication_date>2026-01-05T09:00:00+07:00</news:publication_date>
      <news:title>Judul A</news:title>
    </news:news>
  </url>
  <url><loc>https://news.example.id/b</loc><lastmod>2026-01-04</lastmod></url>
</urlset>"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss><channel><item><link>&lol9;</link></item></channel></rss>"""


def _index(*locations: str) -> bytes:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locations)
    xmlns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<sitemapindex xmlns="{xmlns}">{entries}</sitemapindex>'.encode()


def _urlset(*locations: str) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locations)
    return f"<urlset>{entries}</urlset>".encode()


def test_rss_items_deduplicated_with_dates(tmp_path: Path) -> None:
    path = tmp_path / "berita.rss"
    path.write_text(RSS, encoding="utf-8")
    docs = list(FeedSource(path).documents())
    good = [d for d in docs if d.error is None]
    assert [d.url for d in good] == [
        "https://news.example.id/berita/1",
        "https://news.example.id/berita/2",
    ]
    first, second = good
    assert first.source == first.url and first.data is None
    assert first.headers == {
        "feed": str(path),
        "feed-published": "2026-01-05T10:30:00+07:00",
        "feed-title": "Satu",
    }
    assert second.headers["feed-published"] == "2026-01-05T11:00:00+07:00"
    errors = [d for d in docs if d.error]
    assert [d.source for d in errors] == [f"{path}#4", f"{path}#5"]
    assert all(d.error and d.error.startswith("bad-url: ") for d in errors)


def test_atom_alternate_link_resolved_against_the_feed_url() -> None:
    fetched: list[str] = []

    def fetch(url: str) -> bytes | None:
        fetched.append(url)
        return ATOM.encode()

    source = FeedSource("https://blog.example/feed.atom", options=SourceOptions(fetch=fetch))
    [doc] = source.documents()
    assert doc.url == "https://blog.example/2026/01/pos"
    assert doc.headers["feed-published"] == "2026-01-02T08:00:00+00:00"
    assert fetched == ["https://blog.example/feed.atom"]


def test_google_news_sitemap_gzipped(tmp_path: Path) -> None:
    path = tmp_path / "news.xml.gz"
    path.write_bytes(gzip.compress(NEWS_SITEMAP.encode()))
    a, b = FeedSource(path).documents()
    assert a.url == "https://news.example.id/a"
    assert a.headers["feed-published"] == "2026-01-05T09:00:00+07:00"
    assert a.headers["feed-title"] == "Judul A"
    assert b.url == "https://news.example.id/b"
    assert b.headers["feed-published"] == "2026-01-04T00:00:00"


def test_sitemap_index_follows_children_through_fetch(tmp_path: Path) -> None:
    site = {
        "https://s.example/sitemap-1.xml": _urlset("https://s.example/1", "https://s.example/2"),
        "https://s.example/sitemap-2.xml": _urlset("https://s.example/2", "https://s.example/3"),
    }
    path = tmp_path / "sitemap.xml"
    path.write_bytes(_index(*site, "https://s.example/missing.xml", str(path)))
    docs = list(FeedSource(path, options=SourceOptions(fetch=site.get)).documents())
    urls = [d.url for d in docs if d.error is None]
    assert urls == ["https://s.example/1", "https://s.example/2", "https://s.example/3"]
    errors = {d.source: d.error for d in docs if d.error}
    assert errors == {
        "https://s.example/missing.xml": "fetch-failed: no body",
        f"{path}#4": f"bad-url: sitemap 4 has no http(s) location: '{path}'",
    }


def test_sitemap_index_depth_and_count_limits() -> None:
    chain = {
        f"https://s.example/i{n}.xml": _index(f"https://s.example/i{n + 1}.xml") for n in range(6)
    }
    options = SourceOptions(fetch=chain.get, max_sitemap_depth=3)
    docs = list(FeedSource("https://s.example/i0.xml", options=options).documents())
    assert [(d.source, d.error) for d in docs] == [
        ("https://s.example/i4.xml", "sitemap-too-deep: over 3 levels")
    ]
    wide = {"https://s.example/top.xml": _index(*(f"https://s.example/c{n}.xml" for n in range(5)))}
    wide.update(
        {f"https://s.example/c{n}.xml": _urlset(f"https://s.example/p{n}") for n in range(5)}
    )
    options = SourceOptions(fetch=wide.get, max_sitemaps=3)
    docs = list(FeedSource("https://s.example/top.xml", options=options).documents())
    assert [d.url for d in docs if d.error is None] == [
        "https://s.example/p0",
        "https://s.example/p1",
    ]
    assert [d.error for d in docs if d.error] == ["too-many-sitemaps: over 3"] * 3


def test_a_self_listing_index_does_not_loop() -> None:
    site = {"https://s.example/i.xml": _index("https://s.example/i.xml")}
    docs = list(
        FeedSource("https://s.example/i.xml", options=SourceOptions(fetch=site.get)).documents()
    )
    assert docs == []


def test_entity_bomb_is_refused_quickly_and_the_run_goes_on(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(BOMB, encoding="utf-8")
    good = tmp_path / "good.rss"
    good.write_text(RSS, encoding="utf-8")
    started = time.perf_counter()
    [refused] = FeedSource(bomb).documents()
    assert time.perf_counter() - started < 1.0
    assert refused.source == str(bomb)
    assert refused.error is not None and refused.error.startswith("unsafe-xml: ")
    assert any(d.error is None for d in FeedSource(good).documents())


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("https://leak.example/", encoding="utf-8")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss><channel><item><link>&x;</link></item></channel></rss>",
        encoding="utf-8",
    )
    [doc] = FeedSource(path).documents()
    assert doc.error is not None and doc.error.startswith("unsafe-xml: ")


def test_broken_xml_keeps_the_entries_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_bytes(_urlset("https://s.example/1")[:-9] + b"<url><loc>https://s.example/2</lo")
    first, broken = FeedSource(path).documents()
    assert first.url == "https://s.example/1"
    assert broken.error is not None and broken.error.startswith("bad-xml: ")


def test_not_a_feed_missing_file_no_fetcher_and_too_large(tmp_path: Path) -> None:
    page = tmp_path / "page.xml"
    page.write_text("<html><body>hi</body></html>", encoding="utf-8")
    [doc] = FeedSource(page).documents()
    assert doc.error == "not-a-feed: root element <html>"
    [missing] = FeedSource(tmp_path / "none.xml").documents()
    assert missing.error is not None and missing.error.startswith("not-found: ")
    [unfetched] = FeedSource("https://s.example/feed.xml").documents()
    assert unfetched.error == "fetch-failed: no fetcher given for a feed URL"
    big = tmp_path / "big.xml"
    big.write_bytes(_urlset(*(f"https://s.example/{n}" for n in range(1_000))))
    docs = list(FeedSource(big, options=SourceOptions(max_feed_bytes=10_000)).documents())
    assert docs[-1].error is not None and docs[-1].error.startswith("input-too-large: ")


def test_a_failing_fetcher_fails_only_its_feed() -> None:
    def fetch(url: str) -> bytes | None:
        if url.endswith("bad.xml"):
            raise ConnectionError("refused")
        return _urlset("https://s.example/ok")

    index = _index("https://s.example/bad.xml", "https://s.example/good.xml")
    site = {"https://s.example/index.xml": index}
    options = SourceOptions(fetch=lambda url: site.get(url) or fetch(url))
    docs = list(FeedSource("https://s.example/index.xml", options=options).documents())
    assert [(d.source, d.error) for d in docs] == [
        ("https://s.example/bad.xml", "fetch-failed: ConnectionError: refused"),
        ("https://s.example/ok", None),
    ]


def test_a_feed_the_fetcher_could_not_get_is_rejected_with_the_fetchers_reason() -> None:
    answers = {
        "https://s.example/gone.xml": "http-404: Not Found",
        "https://s.example/secret.xml": "robots-disallowed: robots.txt disallows it",
    }

    def fetch(url: str) -> bytes:
        if url in answers:
            raise FetchError(answers[url], url=url)
        return _urlset("https://s.example/ok")

    index = _index(
        "https://s.example/gone.xml", "https://s.example/secret.xml", "https://s.example/good.xml"
    )
    site = {"https://s.example/index.xml": index}
    options = SourceOptions(fetch=lambda url: site.get(url) or fetch(url))
    docs = list(FeedSource("https://s.example/index.xml", options=options).documents())
    assert [(d.source, d.error) for d in docs] == [
        ("https://s.example/gone.xml", "http-404: Not Found"),
        ("https://s.example/secret.xml", "robots-disallowed: robots.txt disallows it"),
        ("https://s.example/ok", None),
    ]
