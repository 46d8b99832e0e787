"""One test per pattern of shared/docs/NOISE.md, end to end through the public API, on
small pages and texts written here (patterns numbered as in that catalogue)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import warta
from warta.extract.document import Page
from warta.news import extract_text, find_pagination
from warta.record import Article

P1 = (
    "Pemerintah kota memutuskan membangun kembali tanggul pelabuhan sebelum musim hujan tiba, "
    "setelah dua tahun banjir rob merendam pasar ikan di pesisir utara."
)
P2 = (
    "Para insinyur mengatakan tanggul baru akan dua meter lebih tinggi dan dibangun dari batu "
    "setempat yang bisa dipasok tambang di pinggir kota dalam tiga bulan."
)
P3 = (
    "Pedagang menyambut keputusan itu tetapi meminta pasar tetap buka selama pekerjaan "
    "berlangsung, karena sebagian besar dari mereka tidak punya tempat lain untuk berjualan."
)
URL = "https://www.kabarnusa.id/regional/2025/03/11/tanggul-pelabuhan"


def page(*paragraphs: str, head: str = "", extra: str = "") -> Article:
    body = "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in paragraphs)
    html = (
        f'<html lang="id"><head><title>Tanggul | Kabar Nusa</title>{head}</head><body>'
        f'<nav><a href="/">Beranda</a> <a href="/regional">Regional</a></nav>'
        f"<h1>Tanggul pelabuhan dibangun ulang</h1><article>{body}</article>{extra}"
        "</body></html>"
    )
    return warta.extract(html.encode(), URL)


def kinds(article: Article) -> list[str]:
    return [r.kind for r in article.removed]


def texts(article: Article) -> list[str]:
    return [p.text for p in article.paragraphs]


def test_01_labelled_related_link() -> None:
    article = page(P1, "Baca juga: Banjir Rob Rendam Empat Kelurahan di Semarang Utara", P2, P3)
    assert texts(article) == [P1, P2, P3]
    assert [r.title for r in article.related] == [
        "Banjir Rob Rendam Empat Kelurahan di Semarang Utara"
    ]
    assert "related-link" in kinds(article)


def test_02_unlabelled_related_link() -> None:
    bullet = (
        '<p class="baca"><strong> &bull; <a href="/x" title="Warga Mengungsi">'
        "Warga Mengungsi ke Balai Desa</a></strong></p>"
    )
    article = page(P1, bullet, P2, P3)
    assert texts(article) == [P1, P2, P3]
    assert [(r.title, r.url) for r in article.related] == [
        ("Warga Mengungsi ke Balai Desa", "https://www.kabarnusa.id/x")
    ]


def test_03_other_read_also_forms() -> None:
    for insert in ("SIMAK JUGA : Tanggul Jebol", "Lihat juga: Tanggul Jebol", "BACA JUGA: Tanggul"):
        article = page(P1, insert, P2, P3)
        assert texts(article) == [P1, P2, P3], insert
    inline = page(f"{P1[:-1]} ( Baca : Jusuf Kalla ingin tanggul segera dibangun ).", P2, P3)
    assert "Baca" not in inline.body
    assert [r.title for r in inline.related] == ["Jusuf Kalla ingin tanggul segera dibangun"]


def test_04_related_box_after_the_body() -> None:
    article = page(P1, P2, P3, "Terkait #Tanggul Baca Juga Warga Mengungsi Banjir Meluas")
    assert texts(article) == [P1, P2, P3]
    assert "related-link" in kinds(article)


def test_05_video_promotions() -> None:
    for promo in ("[Gambas:Video 20detik]", 'Tonton juga video "Tanggul Jebol" di sini:'):
        article = page(P1, promo, P2, P3)
        assert texts(article) == [P1, P2, P3], promo
        assert "video-promo" in kinds(article)


def test_06_ad_labels_mid_body() -> None:
    article = page(P1, "ADVERTISEMENT", P2, "SCROLL TO CONTINUE WITH CONTENT", P3)
    assert texts(article) == [P1, P2, P3]
    assert kinds(article).count("advertisement") == 2


def test_07_datelines() -> None:
    article = page(f"SEMARANG, KABARNUSA.ID - {P1}", P2, P3)
    assert article.dateline is not None
    assert (article.dateline.place, article.dateline.outlet) == ("SEMARANG", "KABARNUSA.ID")
    assert texts(article)[0] == P1
    detik = page(f"<p><strong>Jakarta</strong> - {P1}</p>", P2, P3)
    assert detik.dateline is not None and detik.dateline.place == "Jakarta"


def test_08_section_label_glued_to_the_dateline() -> None:
    text = f"Berita LumajangSURYA.co.id | LUMAJANG - {P1}\n{P2}\n{P3}"
    article = extract_text(text)
    assert article.dateline is not None and article.dateline.outlet == "SURYA.co.id"
    assert article.section == "Berita Lumajang"
    assert article.paragraphs[0].text == P1


def test_09_reporter_line_before_the_dateline() -> None:
    first = f"Laporan wartawan Tribunnews.com, Fahdi Fahlevi TRIBUNNEWS.COM, JAKARTA - {P1}"
    article = page(first, P2, P3)
    assert "Fahdi Fahlevi" in article.authors
    assert texts(article)[0] == P1


def test_10_byline_footers() -> None:
    article = page(P1, P2, P3, "Penulis: Glery Lazuardi Editor: Willy Widianto")
    assert "Glery Lazuardi" in article.authors and "Willy Widianto" in article.editors
    assert texts(article) == [P1, P2, P3]
    assert "byline" in kinds(article)


def test_11_editor_initials() -> None:
    article = page(P1, P2, f"{P3} (kpl/pur/tch)")
    assert texts(article) == [P1, P2, P3]
    assert "editor-initials" in kinds(article)


def test_12_end_markers() -> None:
    article = page(P1, P2, P3, "(*)")
    assert texts(article) == [P1, P2, P3]
    assert "end-marker" in kinds(article)


def test_13_republication_notice() -> None:
    notice = (
        'Artikel ini telah tayang di Tribunnews.com dengan judul "Tanggul Pelabuhan Dibangun '
        'Ulang", https://www.tribunnews.com/regional/2025/03/11/tanggul-pelabuhan?page=2.'
    )
    article = page(P1, P2, P3, notice)
    assert article.republished_from is not None
    assert article.republished_from.outlet == "Tribunnews.com"
    assert article.republished_from.title == "Tanggul Pelabuhan Dibangun Ulang"
    assert (article.republished_from.url or "").startswith("https://www.tribunnews.com/")
    assert texts(article) == [P1, P2, P3]


def test_14_pagination_is_found() -> None:
    html = (
        f"<html><body><article><p>{P1}</p></article>"
        f'<div class="mb20"><a href="{URL}?page=2">Halaman selanjutnya</a></div></body></html>'
    )
    found = find_pagination(Page.parse(html, URL), URL)
    assert found.next_url == f"{URL}?page=2"
    article = page(P1, P2, P3, "Halaman selanjutnya")
    assert texts(article) == [P1, P2, P3]


def test_15_captions_in_the_text() -> None:
    article = page(P1, "Foto: Ilustrasi penodongan (Edi Wahyono/detikcom)", P2, P3)
    assert texts(article) == [P1, P2, P3]
    assert "caption" in kinds(article)


def test_16_follow_prompts() -> None:
    prompt = ">>>Ikuti Berita Lainnya di News Google SURYA.co.id"
    article = page(P1, P2, prompt, P3)
    assert texts(article) == [P1, P2, P3]
    assert "follow-prompt" in kinds(article)


def test_17_comment_and_share_widgets() -> None:
    article = page(P1, P2, P3, "0 SHARE 0 0 0 Mail Copy 0 KOMENTAR")
    assert texts(article) == [P1, P2, P3]


def test_18_image_address_residue() -> None:
    residue = (
        ":quality(30):format(webp):focal(0.5x0.5:0.5x0.5)/kaltim/foto/bank/originals/"
        "Tanggul-7947979.jpg)"
    )
    article = extract_text(f"TRIBUNKALTIM.CO - {P1}\n{P2}\n{P3}\n{residue}")
    assert [p.text for p in article.paragraphs] == [P1, P2, P3]
    assert "image-url-residue" in kinds(article)
    assert any("kaltim/foto/bank/originals/Tanggul-7947979.jpg" in i.url for i in article.images)


def test_19_words_joined_across_paragraph_breaks() -> None:
    article = extract_text(f"{P1} Ia menolak secara ilegal.Sebab, perusahaan itu tutup.\n{P2}")
    joined = [p.text for p in article.paragraphs]
    assert any(t.endswith("secara ilegal.") for t in joined)
    assert any(t.startswith("Sebab, perusahaan") for t in joined)


def test_20_encoding_traps() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"></head><body><article>'
        f"<p>JAKARTA,\u00a0KABARNUSA.ID\u00a0- {P1} Kafe \u201cSenja\u201d ramai.</p>"
        f"<p>{P2}</p><p>{P3}</p></article></body></html>"
    ).encode()
    article = warta.extract(html, URL)
    assert "\u201cSenja\u201d" in article.body
    assert article.dateline is not None and article.dateline.place == "JAKARTA"


def test_21_metadata_that_disagrees_with_itself() -> None:
    head = (
        '<meta property="og:title" content="Tanggul pelabuhan dibangun ulang">'
        '<meta property="article:published_time" content="2025-03-11T09:42:00+07:00">'
    )
    slug_url = "https://www.kabarnusa.id/regional/2024/01/01/judul-lama?utm_source=wa"
    html = (
        f'<html lang="id"><head>{head}<link rel="canonical" href="{slug_url}"></head><body>'
        f"<h1>Tanggul pelabuhan dibangun ulang</h1><article><p>{P1}</p><p>{P2}</p></article>"
        "</body></html>"
    )
    article = warta.extract(html.encode(), slug_url)
    assert article.title == "Tanggul pelabuhan dibangun ulang"
    assert article.published == datetime(2025, 3, 11, 9, 42, tzinfo=timezone(timedelta(hours=7)))
    assert article.provenance["published"] != "url"
    assert "utm_source" not in (article.canonical_url or "")


def test_22_secondary_source_attribution() -> None:
    article = page(f"Sebagaimana dilansir dari express, {P1}", f"Mengutip Reuters, {P2}", P3)
    assert [(a.source, a.cue) for a in article.attributions] == [
        ("Express", "dilansir dari"),
        ("Reuters", "mengutip"),
    ]


def test_23_indonesian_dates() -> None:
    text = (
        "Berita Regional\nTanggul Pelabuhan Dibangun Ulang\n"
        "Selasa, 20 Januari 2026 18:33 WIB\n"
        f"SEMARANG, KABARNUSA.ID - {P1}\n{P2}"
    )
    article = extract_text(text)
    assert article.published == datetime(2026, 1, 20, 18, 33, tzinfo=timezone(timedelta(hours=7)))
