"""In-body inserts: related links, promos, ads, prompts, widgets, initials, end markers,
pagination labels and captions (NOISE.md #1, #3-#6, #11, #12, #14-#17)."""

from __future__ import annotations

import pytest

from warta.news.inserts import (
    box_item,
    classify_insert,
    cut_inline_inserts,
    cut_tail_markers,
    is_box_label,
)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Baca juga: Xi Jinping Temui Putin", "Xi Jinping Temui Putin"),
        ("Baca Juga : Hasil Penyelidikan Kebakaran", "Hasil Penyelidikan Kebakaran"),
        ("BACA JUGA: Harga Cabai Naik", "Harga Cabai Naik"),
        ("Simak juga: Banjir di Bekasi", "Banjir di Bekasi"),
        ("SIMAK JUGA : Jokowi Resmikan Tol", "Jokowi Resmikan Tol"),
        ("Lihat juga: Cara Membuat Rendang", "Cara Membuat Rendang"),
        ("Artikel terkait: Gempa Lombok", "Gempa Lombok"),
        ('Baca juga: "Judul dalam Kutip"', "Judul dalam Kutip"),
    ],
)
def test_related_link_paragraphs(text: str, title: str) -> None:
    insert = classify_insert(text)
    assert insert is not None
    assert insert.kind == "related-link"
    assert insert.title == title
    assert insert.text == text


@pytest.mark.parametrize(
    "text",
    ["Berita terkait", "Baca Selengkapnya", "Terkait #Benjamin Bukit Baca Juga Judul Satu"],
)
def test_related_labels_and_boxes_without_a_title(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None
    assert insert.kind == "related-link"
    assert insert.title is None


def test_box_labels_and_items() -> None:
    assert is_box_label("Baca Juga")
    assert is_box_label("BERITA TERKAIT:")
    assert not is_box_label("Baca juga penjelasan berikut ini tentang gempa")
    # A box heading that names its subject between the cue and the closing word.
    assert is_box_label("Simak Lifestyle Populer Lainnya")
    assert is_box_label("Baca Artikel Menarik Lainnya:")
    assert not is_box_label("Simak penjelasan lengkap tentang banjir yang melanda kota lainnya")
    assert not is_box_label("Berita lain yang terkait dengan kasus ini masih didalami polisi.")
    assert box_item("• Harga Cabai Naik") == "Harga Cabai Naik"
    assert box_item("Harga Cabai Naik") is None


def test_insert_inside_a_paragraph_is_cut_out() -> None:
    text = (
        "Wapres menyatakan itu di Jakarta. ( Baca : Jusuf Kalla ingin Golkar bersatu ) "
        "Ia lalu pulang."
    )
    rest, inserts = cut_inline_inserts(text)
    assert rest == "Wapres menyatakan itu di Jakarta. Ia lalu pulang."
    assert [(i.kind, i.text, i.title) for i in inserts] == [
        (
            "related-link",
            "( Baca : Jusuf Kalla ingin Golkar bersatu )",
            "Jusuf Kalla ingin Golkar bersatu",
        )
    ]


def test_gambas_and_inline_ad_labels_are_cut() -> None:
    text = "Polisi datang. [Gambas:Video 20detik] Warga bubar. ADVERTISEMENT Lalu sepi."
    rest, inserts = cut_inline_inserts(text)
    assert rest == "Polisi datang. Warga bubar. Lalu sepi."
    assert [(i.kind, i.text) for i in inserts] == [
        ("video-promo", "[Gambas:Video 20detik]"),
        ("advertisement", "ADVERTISEMENT"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Lihat juga Video: Detik-detik Banjir Bandang",
        "[Gambas:Video 20detik]",
        'Tonton juga video "Banjir Jakarta" di sini:',
        "Video: Penampakan Banjir",
    ],
)
def test_video_promos(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None and insert.kind == "video-promo"


@pytest.mark.parametrize(
    "text",
    [
        "ADVERTISEMENT",
        "SCROLL TO CONTINUE WITH CONTENT",
        "SCROLL TO RESUME CONTENT",
        "Advertisement",
        "Iklan",
    ],
)
def test_ad_labels(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None and insert.kind == "advertisement"


@pytest.mark.parametrize(
    "text",
    [
        "Cek berita dan artikel yg lain di Google News",
        "Simak berita lainnya di Google News",
        "Yuk ikuti WhatsApp channel Tribunnews.com",
        ">>>Ikuti Berita Lainnya di News Google SURYA.co.id",
        "Follow Tribun Kaltim di WhatsApp Channel",
        "Telusuri berita politik lainnya",
        "Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com.",
    ],
)
def test_follow_prompts(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None and insert.kind == "follow-prompt"


@pytest.mark.parametrize(
    "text", ["0 Komentar Share on Facebook", "0 SHARE 0 0 0 Mail Copy 0 KOMENTAR"]
)
def test_widget_text(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None and insert.kind == "widget"


@pytest.mark.parametrize(
    "text", ["(mea/mea)", "(kpl/pur/tch)", "(Cas/Isk)", "(FHM)", "(E-2)", "(ant)", "(*/rin)"]
)
def test_editor_initials_paragraph(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None and insert.kind == "editor-initials"


@pytest.mark.parametrize("text", ["****", "(*)", "***", "--selesai--", "(END)"])
def test_end_marker_paragraph(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None and insert.kind == "end-marker"


@pytest.mark.parametrize(
    ("text", "kept", "cut"),
    [
        (
            "Operator lain antara lain Smartfren.(Cas/Isk)",
            "Operator lain antara lain Smartfren.",
            [("editor-initials", "(Cas/Isk)")],
        ),
        (
            '"Ya gitu-gitulah," tandasnya. (FHM)',
            '"Ya gitu-gitulah," tandasnya.',
            [("editor-initials", "(FHM)")],
        ),
        (
            "Kasus itu masih diselidiki. (ant) (*)",
            "Kasus itu masih diselidiki.",
            [("editor-initials", "(ant)"), ("end-marker", "(*)")],
        ),
        ("Ia pulang ke Surabaya.****", "Ia pulang ke Surabaya.", [("end-marker", "****")]),
        ("Bersama Amerika Serikat (AS)", "Bersama Amerika Serikat (AS)", []),
        ("Ia pulang. Halaman selanjutnya", "Ia pulang.", [("pagination", "Halaman selanjutnya")]),
    ],
)
def test_tail_markers(text: str, kept: str, cut: list[tuple[str, str]]) -> None:
    rest, inserts = cut_tail_markers(text)
    assert rest == kept
    assert [(i.kind, i.text) for i in inserts] == cut


@pytest.mark.parametrize(
    "text",
    [
        "Halaman selanjutnya",
        "Halaman: 1 2 3 Selanjutnya",
        "Halaman 1 2",
        "2 dari 9 halaman",
        "Selanjutnya >",
    ],
)
def test_pagination_labels(text: str) -> None:
    insert = classify_insert(text)
    assert insert is not None and insert.kind == "pagination"


def test_labelled_caption() -> None:
    insert = classify_insert("Foto: Ilustrasi penodongan (Edi Wahyono/detikcom)")
    assert insert is not None and insert.kind == "caption"
    assert (insert.caption, insert.credit, insert.weak) == (
        "Ilustrasi penodongan",
        "Edi Wahyono/detikcom",
        False,
    )


def test_caption_known_by_its_credit_is_weak() -> None:
    insert = classify_insert(
        "Suasana sidang di Jakarta, Senin (1/2/2021). TRIBUNNEWS/Ridho Hendrikos"
    )
    assert insert is not None and insert.kind == "caption"
    assert insert.credit == "TRIBUNNEWS/Ridho Hendrikos"
    assert insert.weak


@pytest.mark.parametrize(
    "text",
    [
        "Baca buku ini setiap hari, kata dia.",
        "Berita terkait kasus ini sudah beredar sejak pekan lalu.",
        "Video itu beredar luas di media sosial sejak Senin.",
        "Ikuti aturan lalu lintas, kata polisi.",
        "Selanjutnya, polisi memeriksa dua saksi.",
        "Iklan rokok dilarang tayang di televisi pada jam anak-anak.",
        "The advertisement ran for three weeks before it was pulled.",
        "Read the full report, the minister said.",
        "Share prices fell 3 percent on Monday.",
    ],
)
def test_text_is_no_insert(text: str) -> None:
    assert classify_insert(text) is None
