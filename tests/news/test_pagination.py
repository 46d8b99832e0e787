"""Finding the other pages of an article: every shape the outlets use, on small pages."""

from __future__ import annotations

import pytest

from warta.extract.document import Page
from warta.news.pagination import (
    MAX_PAGE,
    Pagination,
    article_page,
    find_pagination,
    is_page_link,
    is_pagination_text,
    page_ref,
)

URL = "https://www.tribunnews.com/regional/2024/05/02/banjir-rendam-ratusan-rumah"
PR = "https://www.pikiran-rakyat.com/nasional/pr-017654321/harga-beras-turun-di-pasar-induk"


def paginate(html: str, url: str | None) -> Pagination:
    return find_pagination(Page.parse(f"<html><body>{html}</body></html>", url), url)


def test_tribun_page_parameter_and_next_button() -> None:
    found = paginate(
        '<div class="mb20"><a href="?page=2">Halaman selanjutnya</a></div>'
        f'<p>Halaman <a href="{URL}">1</a> <a href="{URL}?page=2">2</a></p>',
        URL,
    )
    assert found == Pagination(None, f"{URL}?page=2", (f"{URL}?page=2",), 1, 2)


def test_halaman_block_with_selanjutnya_on_a_middle_page() -> None:
    found = paginate(
        f'<div>Halaman: <a href="{PR}?page=1">1</a> <a href="{PR}?page=2">2</a> '
        f'<a href="{PR}?page=3">3</a> <a href="{PR}?page=3">Selanjutnya</a></div>',
        f"{PR}?page=2",
    )
    assert found.current == 2
    assert found.total == 3
    assert found.page_urls == (f"{PR}?page=1", f"{PR}?page=3")
    assert found.next_url == f"{PR}?page=3"


def test_n_dari_m_halaman_gives_position_and_total() -> None:
    found = paginate(
        f'<div class="paging"><span>2 dari 9 halaman</span> <a href="{URL}?hal=3">»</a></div>',
        f"{URL}?hal=2",
    )
    assert (found.current, found.total) == (2, 9)
    assert found.next_url == f"{URL}?hal=3"


def test_halaman_n_slash_m_gives_position_and_total() -> None:
    found = paginate(
        f'<div class="paging"><span class="total-page">Halaman 1/3</span> '
        f'<a href="{URL}?page=2">Halaman selanjutnya</a></div>',
        URL,
    )
    assert (found.current, found.total) == (1, 3)
    assert found.next_url == f"{URL}?page=2"


def test_rel_next_and_prev_link_tags() -> None:
    url = "https://www.suara.com/news/2024/05/02/120000/gempa-guncang-garut/2"
    html = (
        "<html><head>"
        '<link rel="prev" href="https://www.suara.com/news/2024/05/02/120000/gempa-guncang-garut">'
        '<link rel="next" href="/news/2024/05/02/120000/gempa-guncang-garut/3"></head>'
        "<body><p>Isi</p></body></html>"
    )
    found = find_pagination(Page.parse(html, url), url)
    stem = url.removesuffix("/2")
    assert found.next_url == f"{stem}/3"
    assert found.page_urls == (stem, f"{stem}/3")
    assert found.current == 2


def test_trailing_page_segment_links() -> None:
    url = "https://news.detik.com/berita/d-7319876/rapat-paripurna-dpr-digelar-hari-ini"
    found = paginate(
        f'<div class="detail__long-nav"><a href="{url}/2">2</a> <a href="{url}/3">3</a>'
        f'<a href="{url}/2">Next</a></div>',
        url,
    )
    assert found.page_urls == (f"{url}/2", f"{url}/3")
    assert found.next_url == f"{url}/2"
    assert (found.current, found.total) == (1, 3)


def test_all_pages_url_is_offered() -> None:
    url = "https://regional.kompas.com/read/2024/05/02/101500178/banjir-rendam-samarinda"
    found = paginate(f'<a href="{url}?page=2">2</a><a href="?page=all">Tampilkan semua</a>', url)
    assert found.all_pages_url == f"{url}?page=all"


def test_a_page_already_showing_all_pages_has_nothing_more() -> None:
    url = "https://regional.kompas.com/read/2024/05/02/101500178/banjir-rendam-samarinda"
    assert paginate(f'<a href="{url}?page=2">2</a>', f"{url}?page=all") == Pagination()


def test_page_without_pagination_is_empty() -> None:
    found = paginate(
        '<p>Sebuah berita biasa.</p><a href="/regional">Regional</a>'
        '<a href="https://www.tribunnews.com/index-news?page=2">Indeks</a>'
        '<a href="https://www.tribunnews.com/regional/2024/05/02/berita-lain?page=2">2</a>'
        '<a href="https://www.facebook.com/sharer.php?u=x&page=2">Bagikan</a>'
        '<a href="/tag/banjir">Selanjutnya</a>',
        URL,
    )
    assert found == Pagination()
    assert found.page_urls == () and found.current is None and found.total is None


def test_links_to_this_page_and_other_sites_are_ignored() -> None:
    found = paginate(
        f'<a href="{URL}#komentar">1</a><a href="{URL}?utm_source=wa">1</a>'
        '<a href="https://www.kompas.com/x/judul-lain?page=2">2</a>'
        '<a href="javascript:void(0)?page=2">2</a>',
        URL,
    )
    assert found == Pagination()


def test_page_numbers_are_bounded() -> None:
    links = "".join(f'<a href="?page={n}">{n}</a>' for n in range(2, 200))
    found = paginate(links, URL)
    assert len(found.page_urls) == MAX_PAGE - 1
    assert found.page_urls[-1] == f"{URL}?page={MAX_PAGE}"


def test_unknown_address_falls_back_to_canonical_and_else_is_empty() -> None:
    html = (
        f'<html><head><link rel="canonical" href="{URL}"></head>'
        '<body><a href="?page=2">2</a></body></html>'
    )
    assert find_pagination(Page.parse(html, None), None).page_urls == (f"{URL}?page=2",)
    assert paginate('<a href="?page=2">2</a>', None) == Pagination()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{URL}?page=3", 3),
        (f"{URL}?halaman=2", 2),
        (f"{URL}?hal=2&ref=wa", 2),
        (f"{URL}?page=all", None),
        (f"{URL}/4", 4),
        (URL, 1),
    ],
)
def test_page_ref_number(url: str, expected: int | None) -> None:
    ref, plain = page_ref(url), page_ref(URL.replace("https:", "http:"))
    assert ref is not None and plain is not None
    assert ref.number == expected
    # Every page of the story shares the stem, whatever the scheme; other parameters stay.
    assert (ref.stem == plain.stem) is ("ref=wa" not in url)


def test_page_ref_keeps_ids_and_home_pages_apart() -> None:
    short_id = page_ref("https://x.co.id/berita/read/7")
    assert short_id is not None and short_id.number == 1
    assert short_id != page_ref("https://x.co.id/berita/read/8")
    assert page_ref("https://x.co.id/?p=5") is None
    assert page_ref("ftp://x.co.id/a-b/2") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Halaman selanjutnya", True),
        ("Halaman: 1 2 3 Selanjutnya", True),
        ("Halaman 1 2", True),
        ("2 dari 9 halaman", True),
        ("Halaman 1/3", True),
        ("Selanjutnya »", True),
        ("Halaman depan menampilkan foto banjir di Samarinda.", False),
        ("****", False),
        ("Dia menunggu kabar selanjutnya dari polisi.", False),
    ],
)
def test_is_pagination_text(text: str, expected: bool) -> None:
    assert is_pagination_text(text) is expected


@pytest.mark.parametrize(
    ("text", "url", "rel"),
    [
        ("Halaman selanjutnya ›", f"{URL}?page=2", "next"),
        ("Halaman selanjutnya ›", "https://www.tribunnews.com/somewhere-else", None),
        ("Selanjutnya", "https://www.tribunnews.com/x", None),
        ("‹ Sebelumnya", "https://www.tribunnews.com/x", None),
        ("Next page", "https://www.tribunnews.com/x", None),
        ("2", f"{URL}?page=2", None),
        ("Baca versi lengkap", f"{URL}?page=all", None),
        ("Judul apa saja", f"{URL}/2", None),
        ("Any title", "https://www.tribunnews.com/other-story", "Prev"),
    ],
)
def test_page_links_are_navigation(text: str, url: str, rel: str | None) -> None:
    assert is_page_link(text, url, rel, page_ref(URL))


@pytest.mark.parametrize(
    ("text", "url", "base"),
    [
        ("Banjir rob rendam Semarang", "https://www.tribunnews.com/regional/2024/05/03/rob", URL),
        ("Berita lain", "https://www.tribunnews.com/regional?page=2", URL),
        ("Berita lain", f"{URL}?page=2", None),
    ],
)
def test_other_stories_are_not_page_links(text: str, url: str, base: str | None) -> None:
    assert not is_page_link(text, url, None, page_ref(base))


def test_an_article_page_is_read_from_its_fetched_address_else_its_canonical_one() -> None:
    stem = page_ref(URL)
    assert stem is not None
    assert article_page(f"{URL}?page=2", URL) == (stem.stem, 2)
    assert article_page("not an address", f"{URL}?page=3") == (stem.stem, 3)
    assert article_page(None, None) is None
    assert article_page(f"{URL}?page=all", URL) is None  # an all-pages view is no page
