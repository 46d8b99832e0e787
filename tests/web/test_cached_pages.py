"""The shared pages with the cache on, as ``warta serve`` runs them: the cached answer
and page are the ones an uncached application gives, for each address, zone and page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from warta.web import WebOptions, create_app

ADDRESSES = [
    "/",
    "/?outlet=kabarnusa.id",
    "/?tz=Asia/Jayapura",
    "/search?q=inflasi",
    "/search?q=berita&per_page=2",
    "/search?q=berita&per_page=2&page=2",
    "/search?q=berita&per_page=2&page=2&tz=Asia/Makassar",
    "/search?q=berita&outlet=suarapagi.id",
    "/search?q=",
    "/search.json?q=berita&per_page=3&page=2",
    "/index.json",
]


@pytest.fixture(scope="module")
def cached(store_path: Path) -> Iterator[TestClient]:
    app = create_app(WebOptions(db=store_path, cache_seconds=60))
    with TestClient(app) as opened:
        yield opened


@pytest.mark.parametrize("address", ADDRESSES)
def test_cached_answers_are_the_uncached_ones(
    cached: TestClient, client: TestClient, address: str
) -> None:
    fresh = client.get(address)
    for _ in range(3):  # computed once, then served from the cache
        again = cached.get(address)
        assert again.status_code == fresh.status_code == 200
        assert again.headers["content-type"] == fresh.headers["content-type"]
        assert again.content == fresh.content


def test_each_page_and_zone_is_its_own_page(cached: TestClient) -> None:
    first = cached.get("/search", params={"q": "berita", "per_page": 2}).text
    second = cached.get("/search", params={"q": "berita", "per_page": 2, "page": 2}).text
    makassar = cached.get("/search", params={"q": "berita", "per_page": 2, "tz": "Asia/Makassar"})
    assert first != second and 'start="3"' in second
    assert "WITA" in makassar.text and "WITA" not in first
    assert "per_page=2" in first  # the pager keeps the address's parameters


def test_bad_queries_are_not_cached(cached: TestClient) -> None:
    for _ in range(2):
        assert cached.get("/search", params={"q": '"unclosed'}).status_code == 400
    assert cached.get("/search", params={"q": "inflasi"}).status_code == 200
