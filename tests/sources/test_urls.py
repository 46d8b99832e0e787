"""URL lists: normalised, deduplicated, bad lines reported by location."""

from __future__ import annotations

from pathlib import Path

from warta.sources import SourceOptions, UrlFileSource, UrlSource


def test_urls_given_directly_are_normalised_and_deduplicated() -> None:
    given = [
        "HTTPS://News.Example.ID:443/berita/1?utm_source=x#atas",
        "https://news.example.id/berita/1",
        "ftp://files.example/x",
        "https://news.example.id/berita/2",
    ]
    docs = list(UrlSource(given).documents())
    assert [(d.source, d.url, d.data, d.error) for d in docs] == [
        ("https://news.example.id/berita/1", "https://news.example.id/berita/1", None, None),
        (
            "ftp://files.example/x",
            None,
            None,
            "bad-url: not an http(s) URL: 'ftp://files.example/x'",
        ),
        ("https://news.example.id/berita/2", "https://news.example.id/berita/2", None, None),
    ]


def test_url_file_skips_comments_and_blanks_and_locates_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "list.urls"
    path.write_text(
        "# outlets to fetch\n"
        "\n"
        "https://a.example/1\n"
        "   https://a.example/2   \n"
        "not a url\n"
        "https://a.example/1#again\n"
        "https://a.example/3",  # no newline at the end
        encoding="utf-8",
    )
    docs = list(UrlFileSource(path).documents())
    assert [d.url for d in docs if d.error is None] == [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/3",
    ]
    [bad] = [d for d in docs if d.error]
    assert bad.source == f"{path}:5" and bad.error == "bad-url: not an http(s) URL: 'not a url'"


def test_an_overlong_line_is_one_error_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("https://a.example/" + "x" * 200_000 + "\nhttps://a.example/ok\n")
    bad, good = UrlFileSource(path).documents()
    assert bad.source == f"{path}:1" and bad.error is not None
    assert bad.error.startswith("bad-url: ") and len(bad.error) < 300
    assert good.url == "https://a.example/ok"


def test_missing_file_and_limit(tmp_path: Path) -> None:
    [missing] = UrlFileSource(tmp_path / "none.txt").documents()
    assert missing.error is not None and missing.error.startswith("not-found: ")
    many = (f"https://a.example/{n}" for n in range(10_000))
    assert len(list(UrlSource(many, options=SourceOptions(limit=5)).documents())) == 5
