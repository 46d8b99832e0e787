"""Every page and its JSON twin, in process: status, content, negotiation, errors."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from warta.web.security import CONTENT_SECURITY_POLICY

JSON = {"accept": "application/json"}


def _article_id(client: TestClient, title: str) -> int:
    """The id of the stored article with ``title`` (found through search)."""
    found = client.get("/search.json", params={"q": title.split(maxsplit=1)[0]}).json()
    ids = [hit["id"] for hit in found["hits"] if hit["title"] == title]
    assert ids, f"{title!r} not found"
    return int(ids[0])


@pytest.fixture(scope="module")
def featured_id(client: TestClient) -> int:
    return _article_id(client, "Sri Mulyani bahas inflasi bersama Bank Indonesia")


def test_front_page_lists_latest_by_section_with_filters(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1>Berita terkini</h1>" in html
    assert "Berita Ekonomi Terkini" in html
    assert 'data-filter="outlet"' in html and "?outlet=kabarnusa.id" in html


def test_front_page_filter_narrows_the_articles(client: TestClient) -> None:
    data = client.get("/index.json", params={"outlet": "suarapagi.id"}).json()
    outlets = {a["outlet"] for block in data["sections"] for a in block["articles"]}
    assert outlets == {"suarapagi.id"}
    assert data["outlet"] == "suarapagi.id"
    html = client.get("/", params={"outlet": "suarapagi.id"}).text
    assert "kabarnusa.id/" not in html.split("</section>", 1)[1]


def test_front_page_json_twin_by_accept_header(client: TestClient) -> None:
    by_header = client.get("/", headers=JSON)
    assert by_header.headers["content-type"] == "application/json"
    assert by_header.json() == client.get("/index.json").json()


def test_article_page_shows_the_record(client: TestClient, featured_id: int) -> None:
    html = client.get(f"/article/{featured_id}").text
    assert "<h1>Sri Mulyani bahas inflasi bersama Bank Indonesia</h1>" in html
    assert "KABARNUSA, JAKARTA" in html  # the dateline
    assert "Siti Aminah" in html and "Bambang Wijaya" in html  # byline
    assert "6 Mei 2024, 14.30 WIB" in html  # published, in Jakarta time
    assert "Rapat inflasi di Jakarta" in html  # image caption
    assert 'href="https://timur.id/a/1"' in html  # republication chain
    assert "dilansir dari Reuters" in html  # credited source
    assert 'href="https://kabarnusa.id/ekonomi/berita-100"' in html  # original link
    baca_juga = html.split("<h2>Baca juga</h2>")[1]
    assert "Bank Indonesia tahan suku bunga, inflasi mereda" in baca_juga
    assert "Kutipan" in html and "harga pangan mulai stabil" in html


def test_article_entities_are_highlighted_and_linked(client: TestClient, featured_id: int) -> None:
    html = client.get(f"/article/{featured_id}").text
    assert (
        '<a href="/entity/'
        in html.split('<div class="body">')[1].split("Sri Mulyani</mark>")[0][-120:]
    )
    assert 'class="entity entity-organization"' in html
    assert html.count("<mark class=") == 4


def test_article_times_follow_the_chosen_zone(client: TestClient, featured_id: int) -> None:
    html = client.get(f"/article/{featured_id}", params={"tz": "Asia/Makassar"}).text
    assert "6 Mei 2024, 15.30 WITA" in html
    assert client.get(f"/article/{featured_id}", params={"tz": "Mars/Olympus"}).status_code == 400


def test_article_json_twin(client: TestClient, featured_id: int) -> None:
    data = client.get(f"/article/{featured_id}.json").json()
    assert data["id"] == featured_id
    assert data["record"]["title"] == "Sri Mulyani bahas inflasi bersama Bank Indonesia"
    assert isinstance(data["similar"], list) and data["similar"]
    assert client.get(f"/article/{featured_id}", headers=JSON).json() == data


def test_search_page_and_twin(client: TestClient) -> None:
    html = client.get("/search", params={"q": "inflasi"}).text
    assert "Sri Mulyani bahas inflasi" in html and "<mark>" in html
    data = client.get("/search.json", params={"q": "inflasi"}).json()
    assert data["total"] >= 1 and data["hits"][0]["snippet"]
    empty = client.get("/search")
    assert empty.status_code == 200 and "Tulis kata kunci" in empty.text


def test_search_filter_by_outlet(client: TestClient) -> None:
    data = client.get("/search.json", params={"q": "anggaran", "outlet": "suarapagi.id"}).json()
    assert data["hits"] and {h["outlet"] for h in data["hits"]} == {"suarapagi.id"}


def test_entity_and_outlet_pages_and_twins(client: TestClient) -> None:
    entities = client.get("/entities.json").json()["entities"]
    (key,) = [e[0] for e in entities if e[1] == "Sri Mulyani Indrawati"]
    html = client.get(f"/entity/{key}").text
    assert '<svg class="chart"' in html and "Sri Mulyani" in html
    assert client.get(f"/entity/{key}.json").json()["key"] == key
    outlet = client.get("/outlet/kabarnusa.id")
    assert outlet.status_code == 200 and '<svg class="chart"' in outlet.text
    assert client.get("/outlet/kabarnusa.id.json").json()["domain"] == "kabarnusa.id"
    assert "Sri Mulyani" in client.get("/entities").text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/article/999999", 404),
        ("/article/999999.json", 404),
        ("/article/abc", 400),
        ("/article/99999999999999999999999", 400),
        ("/entity/tidak-ada", 404),
        ("/entity/tidak-ada.json", 404),
        ("/outlet/tidak-ada.example", 404),
        ("/tidak/ada", 404),
        ("/search?q=" + "a" * 300, 400),
        ('/search?q="tanda kutip', 400),
        ('/search.json?q="tanda kutip', 400),
        ("/search.json?q=", 400),
        ("/search?q=inflasi&page=0", 400),
        ("/search?q=inflasi&page=100000", 400),
        ("/search?q=inflasi&since=kemarin", 400),
        ("/index.json?day=2024-13-45", 400),
    ],
)
def test_bad_requests_get_a_4xx_with_a_message(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    if response.headers["content-type"].startswith("application/json"):
        assert response.json()["detail"]
    else:
        assert '<p class="message">' in response.text


def test_security_headers_on_every_response(client: TestClient, featured_id: int) -> None:
    for path in (
        "/",
        f"/article/{featured_id}.json",
        "/nope",
        "/static/warta.css",
        "/openapi.json",
    ):
        response = client.get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY


def test_only_reads_are_served(client: TestClient) -> None:
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        response = client.request(method, "/search.json?q=a")
        assert response.status_code == 405, method
        assert "content-security-policy" in response.headers


def test_openapi_describes_the_json_twins_only(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/index.json", "/search.json", "/article/{article_id}.json"):
        assert "get" in paths[path]
    assert "/entity/{key}.json" in paths and "/outlet/{domain}.json" in paths
    assert not any(not p.endswith(".json") for p in paths)


def test_per_page_is_capped(client: TestClient) -> None:
    data = client.get("/search.json", params={"q": "anggaran", "per_page": 500}).json()
    assert data["per_page"] <= 50
