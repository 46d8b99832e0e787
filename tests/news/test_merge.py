"""Multi-page articles merged into one: given together, fetched through a callback, or
found in the same input. Pages are written here; ``fetch`` is a dictionary lookup."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping

import pytest

from warta.extract.pipeline import extract
from warta.news.merge import extract_multipage, merge_parts, merge_related_inputs
from warta.record import Article, Paragraph, Related, Removed

BASE = "https://www.tribunnews.com/regional/2024/05/02/banjir-rendam-ratusan-rumah-di-samarinda"
LEAD = (
    "TRIBUNKALTIM.CO, SAMARINDA - Banjir kembali merendam ratusan rumah warga di Samarinda "
    "setelah hujan deras mengguyur kota itu sejak Rabu malam hingga Kamis pagi."
)
BACA = "Baca juga: Warga Samarinda Diminta Waspada Cuaca Ekstrem Sepekan ke Depan"


def body_text(page: int, i: int, story: str = "banjir") -> str:
    """A distinct paragraph of more than 100 characters for ``page`` of ``story``."""
    return (
        f"Paragraf {i} halaman {page} tentang {story}: petugas gabungan dari BPBD, TNI dan "
        f"Polri terus mengevakuasi warga yang terjebak di rumah masing-masing sejak pagi, "
        f"sementara ketinggian air di titik {page}-{i} masih sekitar satu meter."
    )


def tribun_page(page: int, total: int, base: str = BASE, story: str = "banjir") -> str:
    """A Tribun-style page: the lead and a 'Baca juga' on every page, numbered page links
    and a 'Halaman selanjutnya' button."""
    paras = [f"<p>{LEAD}</p>"]
    paras += [f"<p>{body_text(page, i, story)}</p>" for i in range(1, 4)]
    paras.insert(2, f"<p><strong>{BACA}</strong></p>")
    numbers = " ".join(
        f'<a href="{base}?page={n}">{n}</a>' if n > 1 else f'<a href="{base}">1</a>'
        for n in range(1, total + 1)
    )
    nxt = (
        f'<div class="mb20"><a href="{base}?page={page + 1}">Halaman selanjutnya</a></div>'
        if page < total
        else ""
    )
    return (
        f"<html><head><title>Banjir Rendam Ratusan Rumah - Tribunnews.com</title>"
        f'<meta property="og:title" content="Banjir Rendam Ratusan Rumah ({story})">'
        f"</head><body><h1 id='arttitle'>Banjir Rendam Ratusan Rumah ({story})</h1>"
        f'<div class="side-article txt-article">{"".join(paras)}{nxt}</div>'
        f'<div class="paging">Halaman {numbers}</div></body></html>'
    )


def page_url(page: int, base: str = BASE) -> str:
    return base if page == 1 else f"{base}?page={page}"


def fetcher(pages: Mapping[str, str], calls: list[str]) -> Callable[[str], str | None]:
    """A fetch callback that serves ``pages`` and records what was asked for."""

    def fetch(url: str) -> str | None:
        calls.append(url)
        return pages.get(url)

    return fetch


def texts(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs]


def expected_body(total: int) -> list[str]:
    out = []
    for page in range(1, total + 1):
        out += [body_text(page, i) for i in range(1, 4)]
    return out


def story_paragraphs(article: Article) -> list[str]:
    """The paragraphs of the merged record that came from the pages' own bodies."""
    return [t for t in texts(article) if t.startswith("Paragraf")]


def test_three_tribun_pages_merge_in_order_without_repeats() -> None:
    calls: list[str] = []
    pages = {page_url(n): tribun_page(n, 3) for n in (2, 3)}
    article = extract_multipage(tribun_page(1, 3), BASE, fetch=fetcher(pages, calls))
    assert calls == [page_url(2), page_url(3)]
    assert story_paragraphs(article) == expected_body(3)
    folded = [" ".join(t.split()).casefold() for t in texts(article)]
    assert len(folded) == len(set(folded))
    assert sum(LEAD in t for t in texts(article)) <= 1
    assert sum("Baca juga" in t for t in texts(article)) <= 1
    assert not any("Halaman selanjutnya" in t for t in texts(article))
    # Each page's lead loses its dateline to the news layer before the pages merge.
    lead_text = LEAD.split(" - ", 1)[1]
    assert [r.kind for r in article.removed if r.text == lead_text] == ["page-repeat"]
    assert sum(r.text == BACA for r in article.removed) == 1
    assert article.provenance["pages"] == "3"
    assert article.provenance["body"].startswith("merged:3 pages")
    assert article.title is not None and "Banjir" in article.title
    assert article.url == BASE


def test_kompas_all_pages_url_is_the_only_fetch() -> None:
    base = "https://regional.kompas.com/read/2024/05/02/101500178/banjir-rendam-samarinda"
    first = tribun_page(1, 3, base).replace(
        "</body>", f'<a href="{base}?page=all">Tampilkan semua</a></body>'
    )
    whole = tribun_page(1, 1, base).replace(
        "</div>",
        "".join(f"<p>{body_text(p, i)}</p>" for p in (2, 3) for i in (1, 2, 3)) + "</div>",
        1,
    )
    calls: list[str] = []
    article = extract_multipage(first, base, fetch=fetcher({f"{base}?page=all": whole}, calls))
    assert calls == [f"{base}?page=all"]
    assert story_paragraphs(article) == expected_body(3)
    assert article.provenance["pages"] == "all"
    assert article.url == base


def test_fetch_returning_none_stops_with_a_note() -> None:
    calls: list[str] = []
    pages = {page_url(2): tribun_page(2, 4), page_url(4): tribun_page(4, 4)}
    article = extract_multipage(tribun_page(1, 4), BASE, fetch=fetcher(pages, calls))
    assert calls == [page_url(2), page_url(3)]
    assert story_paragraphs(article) == expected_body(2)
    assert "fetch returned nothing" in article.provenance["pages_stopped"]
    assert page_url(3) in article.provenance["pages_stopped"]


def test_fetch_that_raises_stops_with_a_note() -> None:
    def fetch(url: str) -> str:
        raise OSError("connection reset")

    article = extract_multipage(tribun_page(1, 3), BASE, fetch=fetch)
    assert story_paragraphs(article) == expected_body(1)
    assert "OSError: connection reset" in article.provenance["pages_stopped"]


def test_page_linking_back_to_itself_and_page_one_is_fetched_once() -> None:
    page2 = tribun_page(2, 2).replace(
        "</body>",
        f'<a href="{BASE}?page=2#komentar">2</a><a href="{BASE}?page=1">1</a>'
        f'<a href="{BASE}" rel="prev">Sebelumnya</a></body>',
    )
    calls: list[str] = []
    article = extract_multipage(tribun_page(1, 2), BASE, fetch=fetcher({page_url(2): page2}, calls))
    assert calls == [page_url(2)]
    assert story_paragraphs(article) == expected_body(2)


def test_server_answering_every_page_number_with_the_same_page_stops() -> None:
    calls: list[str] = []
    endless = {page_url(n): tribun_page(2, n + 1) for n in range(2, 40)}
    article = extract_multipage(tribun_page(1, 2), BASE, fetch=fetcher(endless, calls))
    assert len(calls) <= 3
    assert "repeats earlier pages" in article.provenance["pages_stopped"]


def test_max_pages_bounds_the_walk() -> None:
    calls: list[str] = []
    pages = {page_url(n): tribun_page(n, 8) for n in range(2, 9)}
    article = extract_multipage(tribun_page(1, 8), BASE, fetch=fetcher(pages, calls), max_pages=3)
    assert calls == [page_url(2), page_url(3)]
    assert story_paragraphs(article) == expected_body(3)
    assert article.provenance["pages_stopped"] == "max_pages=3 reached"


def test_page_without_pagination_is_extracted_as_usual() -> None:
    calls: list[str] = []
    html = tribun_page(1, 1).replace('<div class="paging">Halaman <a', "<div><a")
    article = extract_multipage(html, BASE, fetch=fetcher({}, calls))
    assert calls == []
    assert "pages" not in article.provenance
    assert texts(article) == texts(extract(html, BASE))


def test_merge_related_inputs_groups_shuffled_pages_of_two_stories() -> None:
    other = "https://www.tribunnews.com/bisnis/2024/05/02/harga-cabai-naik-jelang-lebaran"
    inputs = [extract(tribun_page(n, 3), page_url(n)) for n in (1, 2, 3)]
    inputs += [extract(tribun_page(n, 2, other, "cabai"), page_url(n, other)) for n in (1, 2)]
    single = extract(
        tribun_page(1, 1, "https://www.tribunnews.com/x/berita-lain"),
        "https://www.tribunnews.com/x/berita-lain",
    )
    order = [*inputs, single]
    random.Random(7).shuffle(order)
    merged = merge_related_inputs(order)
    assert len(merged) == 3
    by_url = {a.url: a for a in merged}
    assert story_paragraphs(by_url[BASE]) == expected_body(3)
    assert [p.split(":")[0] for p in story_paragraphs(by_url[other])] == [
        f"Paragraf {i} halaman {n} tentang cabai" for n in (1, 2) for i in (1, 2, 3)
    ]
    assert by_url[BASE].provenance["pages_from"] == "input"
    assert single in merged
    stories = list(dict.fromkeys((a.url or "").split("?")[0] for a in order))
    assert [a.url for a in merged] == stories


def test_merge_parts_fills_gaps_and_joins_lists_without_repeats() -> None:
    one = Article(
        url=BASE,
        title="Judul",
        paragraphs=[
            Paragraph("paragraph", "Lead  yang sama."),
            Paragraph("paragraph", BACA),
            Paragraph("paragraph", "A"),
        ],
        related=[Related("Berita lain", "https://www.tribunnews.com/x/lain")],
        removed=[Removed("related-link", "Baca juga: Berita lain")],
        provenance={"body": "container:div"},
    )
    two = Article(
        url=page_url(2),
        title="Judul halaman 2",
        section="Regional",
        paragraphs=[
            Paragraph("paragraph", "lead yang  SAMA."),
            Paragraph("paragraph", "Halaman selanjutnya"),
            Paragraph("paragraph", "B"),
            Paragraph("paragraph", BACA.upper()),
        ],
        related=[Related("Berita lain", "https://www.tribunnews.com/x/lain")],
        removed=[Removed("related-link", "Baca juga: Berita lain")],
        provenance={"section": "meta:article:section"},
    )
    broken = Article(url=page_url(3), error="not an article")
    merged = merge_parts([one, broken, two])
    assert texts(merged) == ["Lead  yang sama.", BACA, "A", "B"]
    assert merged.title == "Judul"
    assert merged.section == "Regional"
    assert merged.provenance["section"].startswith("meta:article:section")
    assert len(merged.related) == 1
    kinds = [r.kind for r in merged.removed]
    assert kinds == ["related-link", "page-repeat", "pagination", "page-repeat"]
    assert merged.provenance["pages"] == "2"
    assert "not an article" in merged.provenance["pages_skipped"]
    assert len(one.paragraphs) == 3 and len(one.removed) == 1  # inputs untouched


def test_merge_parts_of_failed_pages_only_keeps_the_error() -> None:
    merged = merge_parts([Article(error="empty page"), Article(error="too big")])
    assert merged.error == "empty page"
    assert "too big" in merged.provenance["pages_skipped"]
    with pytest.raises(ValueError, match="at least one page"):
        merge_parts([])


def test_starting_from_a_middle_page_puts_every_page_in_order() -> None:
    calls: list[str] = []
    pages = {page_url(n): tribun_page(n, 3) for n in (1, 3)}
    article = extract_multipage(tribun_page(2, 3), page_url(2), fetch=fetcher(pages, calls))
    assert calls == [page_url(1), page_url(3)]
    assert story_paragraphs(article) == expected_body(3)
    assert article.url == BASE
