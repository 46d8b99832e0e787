"""Choosing a source from one argument, and reading through the chosen source."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.sources import (
    DumpSource,
    FeedSource,
    FileSource,
    GlobSource,
    SourceOptions,
    UrlFileSource,
    UrlSource,
    WarcSource,
    open_source,
)
from warta.sources.open import input_key

PAGE = b"<html><body><p>Halo.</p></body></html>"


@pytest.mark.parametrize(
    ("spec", "kind"),
    [
        ("crawl.warc.gz", WarcSource),
        ("CRAWL.WARC", WarcSource),
        ("old.arc.gz", WarcSource),
        ("old.arc", WarcSource),
        ("dump.jsonl", DumpSource),
        ("dump.jsonl.gz", DumpSource),
        ("dump.ndjson", DumpSource),
        ("dump.csv", DumpSource),
        ("dump.parquet", DumpSource),
        ("sitemap.xml", FeedSource),
        ("sitemap.xml.gz", FeedSource),
        ("news.rss", FeedSource),
        ("blog.atom", FeedSource),
        ("list.txt", UrlFileSource),
        ("list.urls", UrlFileSource),
        ("page.html", FileSource),
        ("page.html.gz", FileSource),
        ("odd-name", FileSource),
        ("feed:https://blog.example/feed/", FeedSource),
        ("feed:local/feed.php", FeedSource),
        ("sitemap:https://s.example/sitemap_index", FeedSource),
        ("urls:outlets.list", UrlFileSource),
        ("https://s.example/sitemap.xml?page=2", FeedSource),
        ("https://s.example/rss.atom", FeedSource),
        ("https://news.example.id/berita/1", UrlSource),
        ("HTTP://news.example.id/feed/", UrlSource),
        ("pages/*.html", GlobSource),
        ("crawl/**/*.warc.gz", GlobSource),
    ],
)
def test_the_rule(spec: str, kind: type) -> None:
    assert isinstance(open_source(spec, options=SourceOptions()), kind)


def test_prefix_is_stripped_and_options_passed_on() -> None:
    options = SourceOptions(limit=3)
    source = open_source("feed:https://blog.example/feed/", options=options)
    assert isinstance(source, FeedSource)
    assert source.location == "https://blog.example/feed/" and source.options is options


def test_directory_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    assert isinstance(open_source(str(tmp_path)), FileSource)
    [doc] = open_source(str(tmp_path)).documents()
    assert doc.data == PAGE
    [missing] = open_source(str(tmp_path / "gone.warc.gz")).documents()
    assert missing.error is not None and missing.error.startswith("not-found: ")


def _warc(path: Path, urls: list[str]) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url in urls:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(PAGE), http_headers=http
            )
            writer.write_record(record)
            record.raw_stream.close()


def test_glob_opens_each_match_by_its_kind_in_sorted_order(tmp_path: Path) -> None:
    _warc(tmp_path / "b.warc.gz", ["https://b.example/1", "https://b.example/2"])
    _warc(tmp_path / "a.warc.gz", ["https://a.example/1"])
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(json.dumps({"html": "<p>x</p>"}).encode()))
    docs = list(open_source(str(tmp_path / "*.*.gz")).documents())
    assert [d.url for d in docs] == [
        "https://a.example/1",
        "https://b.example/1",
        "https://b.example/2",
        None,
    ]
    assert docs[-1].source == f"{tmp_path / 'c.jsonl.gz'}:1"
    assert all(d.error is None for d in docs)
    limited = open_source(str(tmp_path / "*.gz"), options=SourceOptions(limit=2)).documents()
    assert len(list(limited)) == 2


def test_a_glob_without_matches_is_one_error(tmp_path: Path) -> None:
    [doc] = open_source(str(tmp_path / "*.warc")).documents()
    assert doc.error == "not-found: no file matches the pattern"


def test_a_url_and_a_url_list(tmp_path: Path) -> None:
    [doc] = open_source("https://News.example.id/berita/1#x").documents()
    assert doc.url == "https://news.example.id/berita/1" and doc.data is None
    listing = tmp_path / "list.txt"
    listing.write_text("https://a.example/1\nhttps://a.example/2\n", encoding="utf-8")
    assert [d.url for d in open_source(str(listing)).documents()] == [
        "https://a.example/1",
        "https://a.example/2",
    ]


def test_a_remote_feed_goes_through_the_fetcher() -> None:
    rss = b"<rss><channel><item><link>/b/1</link></item></channel></rss>"
    site = {"https://s.example/feed.php": rss}
    source = open_source("feed:https://s.example/feed.php", options=SourceOptions(fetch=site.get))
    assert [d.url for d in source.documents()] == ["https://s.example/b/1"]


def test_input_key_names_what_is_read_whatever_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    here = [input_key(s) for s in ("pages", "urls:list.txt", "FEED:maps/news.xml")]
    assert here == [
        str(tmp_path / "pages"),
        f"urls:{tmp_path / 'list.txt'}",
        f"feed:{tmp_path / 'maps' / 'news.xml'}",
    ]
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert input_key(f"urls:{tmp_path / 'list.txt'}") == here[1]  # absolute: the same
    assert input_key("urls:list.txt") != here[1]  # another list.txt
    for remote in ("https://kabar.example/rss", "sitemap:https://kabar.example/s.xml"):
        assert input_key(remote) == remote
    assert input_key("feed:urls:x") == f"feed:{tmp_path / 'sub' / 'urls:x'}"  # one prefix
