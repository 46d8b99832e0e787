"""Authors and editors from JSON-LD, meta tags, byline elements and labelled text."""

from __future__ import annotations

from warta.extract.authors import People, read_people
from warta.extract.document import Page
from warta.extract.metascan import scan
from warta.extract.structured import article_object
from warta.extract.urls import site_keys


def _people(head: str, body: str = "", *, labels: bool = False) -> People:
    page = Page.parse(f"<html><head>{head}</head><body>{body}</body></html>", None)
    keys = site_keys(page, "example.co.id", None)
    return read_people(page, scan(page), article_object(page), keys, labels=lambda: labels)


def _ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


def test_json_ld_author_list_of_people() -> None:
    found = _people(
        _ld(
            '{"@type": "NewsArticle", "headline": "h", "author": ['
            '{"@type": "Person", "name": "Jane Roe"}, {"@type": "Person", "name": "John Doe"}]}'
        )
    )
    assert found.authors == ["Jane Roe", "John Doe"]
    assert found.author_signal == "json-ld"


def test_json_ld_author_string_and_graph_reference() -> None:
    found = _people(
        _ld(
            '{"@graph": [{"@type": "Article", "headline": "h", "author": {"@id": "#p1"}},'
            ' {"@type": "Person", "@id": "#p1", "name": "Regan Smith"}]}'
        )
    )
    assert found.authors == ["Regan Smith"]


def test_publisher_as_author_falls_through_to_meta() -> None:
    found = _people(
        _ld(
            '{"@type": "NewsArticle", "headline": "h", "author": '
            '{"@type": "Organization", "name": "Example"}}'
        )
        + '<meta property="og:site_name" content="Example">'
        + '<meta name="author" content="Budi Santoso">'
    )
    assert found.authors == ["Budi Santoso"]
    assert found.author_signal == "meta:author"


def test_meta_author_url_is_skipped() -> None:
    found = _people(
        '<meta property="article:author" content="https://www.facebook.com/example">'
        '<meta name="dc.creator" content="Jonathan Garber">'
    )
    assert found.authors == ["Jonathan Garber"]


def test_byline_element_by_x_and_y() -> None:
    found = _people("", '<article><p class="byline">By Jane Roe and John Doe</p></article>')
    assert found.authors == ["Jane Roe", "John Doe"]
    assert found.author_signal == "byline"


def test_photo_credit_with_author_class_is_not_a_byline() -> None:
    found = _people(
        "",
        '<div class="photo"><img src="a.jpg"><span class="author">KOMPAS.com/ANI</span></div>'
        '<span itemprop="author">Citra Dewi</span>',
    )
    assert found.authors == ["Citra Dewi"]


def test_itemprop_editor_and_keywords_editor() -> None:
    found = _people(
        _ld('{"@type": "NewsArticle", "headline": "h", "keywords": ["Tekno", "Editor:Iskandar"]}'),
        '<p>Editor: <span itemprop="editor">Ade Marboen</span></p>',
    )
    assert found.editors == ["Iskandar", "Ade Marboen"]


def test_labelled_credits_in_a_table() -> None:
    body = (
        "<p>Body text of the article.</p><table><tr><td>Penulis</td>"
        "<td>: Nabilla Tashandra</td></tr>\n<tr>\n<td>Editor</td>\n<td>: Bayu Galih</td></tr>"
        "</table>"
    )
    found = _people("", body, labels=True)
    assert found.authors == ["Nabilla Tashandra"]
    assert found.editors == ["Bayu Galih"]
    assert _people("", body, labels=False).authors == []


def test_penulis_editor_footer_line() -> None:
    found = _people("", "<p>Penulis: Glery Lazuardi Editor: Willy Widianto</p>", labels=True)
    assert (found.authors, found.editors) == (["Glery Lazuardi"], ["Willy Widianto"])


def test_comment_authors_are_ignored() -> None:
    found = _people(
        "", '<div class="comments"><ul><li><span class="author">Troll Person</span></li></ul></div>'
    )
    assert found.authors == []


HEADER_LD = _ld(
    '{"@type": "NewsArticle", "headline": "h", '
    '"author": {"@type": "Person", "name": "Dian Rahmawati"}}'
)


def test_editor_in_the_header_byline_beside_a_linked_writer() -> None:
    body = (
        '<article><h1>Air mulai surut</h1><div class="info"><div>Penulis: '
        '<a href="/author/dian">Dian Rahmawati</a> | Editor: Tatang Sutisna</div>'
        "<div>- Rabu, 18 November 2026 | 09:30 WIB</div></div><div><p>Isi berita.</p></div>"
        "</article>"
    )
    for labels in (True, False):
        found = _people(HEADER_LD, body, labels=labels)
        assert (found.authors, found.editors) == (["Dian Rahmawati"], ["Tatang Sutisna"])
        assert found.editor_signal == "byline:headline"
    penyunting = body.replace("Editor:", "Penyunting:")
    assert _people(HEADER_LD, penyunting).editors == ["Tatang Sutisna"]


def test_header_byline_needs_a_labelled_editor_near_the_headline() -> None:
    unlabelled = "<article><h1>Judul</h1><div>Dian Rahmawati | Tatang Sutisna</div></article>"
    assert _people(HEADER_LD, unlabelled).editors == []
    prose = "Kata editor: berita ini diperbarui. " * 12
    far = f"<article><h1>Judul</h1><div>{prose}</div><p>Editor: Tatang Sutisna</p></article>"
    assert _people(HEADER_LD, far).editors == []
    json_ld = HEADER_LD.replace("}}", '}, "editor": {"@type": "Person", "name": "Rina Sari"}}')
    header = "<article><h1>Judul</h1><div>Editor: Tatang Sutisna</div></article>"
    assert _people(json_ld, header).editors == ["Rina Sari"]
