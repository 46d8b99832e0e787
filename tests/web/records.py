"""Articles the web tests store and read back, written for these tests.

Four outlets, several sections and days, entities with body offsets and quotes, a
republished article with a credited foreign source, and one article whose every scraped
field carries a script payload (:data:`XSS_TITLE`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from warta.record import (
    Article,
    Attribution,
    Dateline,
    Entity,
    Image,
    Paragraph,
    Quote,
    Republication,
)

WIB = timezone(timedelta(hours=7))
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
XSS_TITLE = f"Judul {SCRIPT} dan {IMG}"


def _entities(body: str, names: list[tuple[str, str, str]]) -> list[Entity]:
    """An entity per ``(text, type, canonical)`` at its first place in ``body``."""
    out = []
    for text, kind, canonical in names:
        start = body.index(text)
        out.append(Entity(text, kind, canonical, None, start, start + len(text)))
    return out


def _article(n: int, outlet: str, section: str, paragraphs: list[str], **kw: object) -> Article:
    body = "\n\n".join(paragraphs)
    people = kw.pop("people", [])
    assert isinstance(people, list)
    fields: dict[str, object] = {
        "source": f"pages/{outlet}/{n}.html",
        "url": f"https://{outlet}/{section}/berita-{n}",
        "canonical_url": f"https://{outlet}/{section}/berita-{n}",
        "outlet": outlet,
        "section": section,
        "title": f"Berita {section} nomor {n}",
        "lead": paragraphs[0][:120],
        "authors": ["Siti Aminah"],
        "editors": ["Bambang Wijaya"],
        "published": datetime(2024, 5, 1 + n % 5, 2, 30, tzinfo=UTC),
        "language": "id",
        "dateline": Dateline("JAKARTA", outlet.split(".", maxsplit=1)[0].upper()),
        "paragraphs": [Paragraph("paragraph", p) for p in paragraphs],
        "entities": _entities(body, people),
        "quotes": [],
        "topic": section,
    }
    return Article(**(fields | kw))  # type: ignore[arg-type]


def _plain(n: int, outlet: str, section: str) -> Article:
    text = [
        f"Pemerintah kota membahas rencana anggaran nomor {n} bersama Dewan Rakyat di Jakarta.",
        "Rapat berlangsung hingga malam dan dihadiri para pejabat daerah.",
    ]
    people = [("Jakarta", "place", "Jakarta")]
    return _article(n, outlet, section, text, people=people)


def featured() -> Article:
    """The article the tests open: entities, a quote, images, republication, a credit."""
    text = [
        "Menteri Keuangan Sri Mulyani membahas inflasi bersama Bank Indonesia di Jakarta.",
        "Sri Mulyani mengatakan harga pangan mulai stabil, dilansir dari Reuters.",
        "Pertemuan dilanjutkan pekan depan di Surabaya.",
    ]
    body = "\n\n".join(text)
    quote_text = "harga pangan mulai stabil"
    start = body.index(quote_text)
    return _article(
        100,
        "kabarnusa.id",
        "ekonomi",
        text,
        title="Sri Mulyani bahas inflasi bersama Bank Indonesia",
        published=datetime(2024, 5, 6, 14, 30, tzinfo=WIB),
        updated=datetime(2024, 5, 6, 16, 0, tzinfo=WIB),
        people=[
            ("Sri Mulyani", "person", "Sri Mulyani Indrawati"),
            ("Bank Indonesia", "organization", "Bank Indonesia"),
            ("Jakarta", "place", "Jakarta"),
            ("Surabaya", "place", "Surabaya"),
        ],
        quotes=[Quote(quote_text, "Sri Mulyani Indrawati", False, start, start + len(quote_text))],
        images=[
            Image("https://img.kabarnusa.id/foto/inflasi.jpg", "Rapat inflasi di Jakarta", "Dok"),
            Image(JS_URL, "Gambar palsu", None),
        ],
        republished_from=Republication("Harian Timur", "Inflasi mereda", "https://timur.id/a/1"),
        attributions=[Attribution("Reuters", "dilansir dari")],
    )


def follow_up() -> Article:
    """A later article on the same story, for 'Baca juga'."""
    text = [
        "Bank Indonesia menahan suku bunga karena inflasi dan harga pangan mulai stabil.",
        "Sri Mulyani menyambut keputusan Bank Indonesia tersebut di Jakarta.",
    ]
    return _article(
        101,
        "suarapagi.id",
        "ekonomi",
        text,
        title="Bank Indonesia tahan suku bunga, inflasi mereda",
        published=datetime(2024, 5, 7, 9, 0, tzinfo=WIB),
        people=[
            ("Bank Indonesia", "organization", "Bank Indonesia"),
            ("Sri Mulyani", "person", "Sri Mulyani Indrawati"),
        ],
    )


def hostile() -> Article:
    """Every scraped field a page could fill, holding a payload."""
    text = [f"Paragraf pertama {SCRIPT} lalu {IMG}.", f"Tautan {JS_URL} di badan berita."]
    body = "\n\n".join(text)
    return _article(
        200,
        "jahat.example",
        "nasional",
        text,
        title=XSS_TITLE,
        lead=f"Lead {IMG}",
        url=JS_URL,
        canonical_url=JS_URL,
        authors=[f"Penulis {SCRIPT}"],
        editors=[IMG],
        dateline=Dateline(SCRIPT, IMG),
        images=[Image(JS_URL, f"Keterangan {SCRIPT}", IMG), Image("data:text/html,x", "data")],
        republished_from=Republication(IMG, SCRIPT, JS_URL),
        attributions=[Attribution(SCRIPT, IMG)],
        tags=[SCRIPT],
        entities=[Entity(SCRIPT, "person", IMG, None, body.index(SCRIPT), body.index(SCRIPT) + 25)],
        quotes=[Quote(SCRIPT, IMG, True)],
    )


def sample_articles() -> list[Article]:
    """Twenty plain articles over four outlets and sections, plus the three above."""
    outlets = ["kabarnusa.id", "warta-timur.co.id", "suarapagi.id", "berita-dunia.id"]
    sections = ["nasional", "internasional", "ekonomi", "olahraga"]
    plain = [_plain(n, outlets[n % 4], sections[n // 5 % 4]) for n in range(20)]
    return [*plain, featured(), follow_up(), hostile()]
