"""Counting the documents of inputs without reading them, for a progress bar's total."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from warta.sources import DumpSource, FileSource
from warta.sources.counting import documents_to_do


def test_page_files_count_by_listing_less_those_done(tmp_path: Path) -> None:
    saved = tmp_path / "saved"
    (saved / "nested").mkdir(parents=True)
    for name in ("a.html", "b.html", "nested/c.html"):
        (saved / name).write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "d.html").write_text("<p>y</p>", encoding="utf-8")
    paths = list(FileSource(saved).paths())
    assert documents_to_do([str(saved)], set()) == 3
    assert documents_to_do([str(saved), str(tmp_path / "*.html")], {paths[0]}) == 3
    assert documents_to_do([str(tmp_path / "missing.html")], set()) == 1  # its error


def test_dumps_count_by_footer_or_line_breaks(tmp_path: Path) -> None:
    plain = tmp_path / "rows.jsonl"
    plain.write_text("\n".join(json.dumps({"html": f"<p>{n}</p>"}) for n in range(7)))
    table = tmp_path / "rows.parquet"
    pq.write_table(pa.table({"html": [f"<p>{n}</p>" for n in range(40)]}), table, row_group_size=9)
    assert DumpSource(plain).row_count() == 7  # the last line has no line break
    assert DumpSource(table).row_count() == 40
    done = {f"{plain}:1", f"{plain}:2", f"{table}:40", f"{tmp_path}/other.jsonl:1"}
    assert documents_to_do([str(plain), str(table)], done) == 7 + 40 - 3
    # What is done need only answer for a name, as a store does: it is never listed.
    assert documents_to_do([str(plain), str(table)], _Asked(done)) == 7 + 40 - 3


class _Asked:
    """Sources held, that can be asked about one by one but not listed."""

    def __init__(self, held: set[str]) -> None:
        self.held = held

    def __contains__(self, name: object) -> bool:
        return name in self.held


def test_what_cannot_be_counted_without_reading_it_has_no_count(tmp_path: Path) -> None:
    zipped = tmp_path / "rows.jsonl.gz"
    zipped.write_bytes(gzip.compress(b'{"html": "<p>x</p>"}\n'))
    (tmp_path / "rows.csv").write_text("html\n<p>x</p>\n", encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>x</p>", encoding="utf-8")
    assert DumpSource(zipped).row_count() is None
    assert DumpSource(tmp_path / "missing.parquet").row_count() is None
    for spec in ("rows.csv", "crawl.warc.gz", "feed.xml"):
        assert documents_to_do([str(tmp_path / "page.html"), str(tmp_path / spec)], set()) is None
    assert documents_to_do([f"feed:{tmp_path / 'feed.xml'}"], set()) is None


def test_urls_count_by_listing_them_without_fetching(tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    lines = ["# pagi", "https://kabar.example/1", "", "https://KABAR.example/1#atas"]
    urls.write_text("\n".join([*lines, "not a url", "https://kabar.example/2"]) + "\n")
    assert documents_to_do([str(urls)], set()) == 3  # two distinct URLs and a bad line
    assert documents_to_do([str(urls), "https://kabar.example/3"], set()) == 4
    assert documents_to_do([str(urls)], {"https://kabar.example/2"}) == 2
    # --refresh fetches listed URLs again, done or not; files done stay done.
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>", encoding="utf-8")
    done = {"https://kabar.example/2", "https://kabar.example/3", str(page)}
    assert documents_to_do([str(urls), "https://kabar.example/3", str(page)], done) == 2
    assert documents_to_do([str(urls), "https://kabar.example/3", str(page)], done, again=True) == 4


def test_counts_follow_the_names_the_sources_give(tmp_path: Path) -> None:
    """A file name that is not UTF-8 is done under its storable name; a glob that matches
    nothing is one input (its not-found record), as the run stores it."""
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "a.html").write_text("<p>a</p>", encoding="utf-8")
    with open(os.path.join(os.fsencode(saved), b"caf\xe9.html"), "wb") as out:
        out.write(b"<p>kopi</p>")
    done = {doc.source for doc in FileSource(saved).documents() if "caf" in doc.source}
    assert documents_to_do([str(saved)], done) == 1
    nothing = str(tmp_path / "none" / "*.html")
    assert documents_to_do([nothing], set()) == 1
    assert documents_to_do([nothing], {nothing}) == 0
