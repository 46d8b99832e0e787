"""Direct and reported quotes with their speakers, on person mentions built by hand."""

from __future__ import annotations

import re

from warta.enrich.quotes import find_quotes
from warta.record import Entity, Quote


def _persons(text: str, names: dict[str, str | None]) -> list[Entity]:
    """A person mention for every whole-word occurrence of each name (longest first),
    with its canonical name when given."""
    out: list[Entity] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if not any(e.start is not None and e.start <= m.start() < (e.end or 0) for e in out):
                out.append(Entity(name, "person", names[name], start=m.start(), end=m.end()))
    return out


def _quotes(text: str, names: dict[str, str | None]) -> list[Quote]:
    found = find_quotes(text, _persons(text, names))
    for q in found:
        assert text[q.start : q.end] == q.text
    return found


def _pairs(found: list[Quote]) -> list[tuple[str, str | None, bool]]:
    return [(q.text, q.speaker, q.direct) for q in found]


PUTIN = {"Putin": "Vladimir Putin", "Vladimir Putin": "Vladimir Putin", "Xi": "Xi Jinping"}


def test_seed_naming_quote_goes_to_the_subject() -> None:
    text = (
        "Dalam pertemuan itu, Putin menyebut Xi dengan sebutan sahabat. "
        'Sebagaimana dilansir dari express, Putin menyapa Presiden Cina sebagai "Teman terkasih".'
    )
    assert _pairs(_quotes(text, PUTIN)) == [("Teman terkasih", "Vladimir Putin", True)]


def test_seed_subjectless_and_named_reported_quotes() -> None:
    text = (
        'Putin menyapa Presiden Cina sebagai "Teman terkasih".\n\n'
        "Dan mengatakan kepadanya bahwa Rusia sangat menghargai posisi seimbang Cina.\n\n"
        "Xi mengatakan kepada mitranya dari Rusia bahwa Beijing bersedia bekerja sama."
    )
    assert _pairs(_quotes(text, PUTIN)) == [
        ("Teman terkasih", "Vladimir Putin", True),
        ("Rusia sangat menghargai posisi seimbang Cina", "Vladimir Putin", False),
        ("Beijing bersedia bekerja sama", "Xi Jinping", False),
    ]


def test_direct_quote_with_cue_after() -> None:
    text = "“Kami akan terus mengawal kasus ini,” kata Budi Santoso di Jakarta, Senin (19/1)."
    assert _pairs(_quotes(text, {"Budi Santoso": None})) == [
        ("Kami akan terus mengawal kasus ini", "Budi Santoso", True)
    ]


def test_direct_quote_with_title_before_the_name() -> None:
    text = '"Indonesia siap menjadi tuan rumah," ujar Menteri Luar Negeri Retno Marsudi.'
    found = _quotes(text, {"Retno Marsudi": None, "Retno": "Retno Marsudi"})
    assert _pairs(found) == [("Indonesia siap menjadi tuan rumah", "Retno Marsudi", True)]


def test_direct_quote_with_cue_before_and_colon() -> None:
    text = 'Gubernur Ahmad Lubis mengatakan: "Banjir ini yang terparah dalam sepuluh tahun."'
    assert _pairs(_quotes(text, {"Ahmad Lubis": None})) == [
        ("Banjir ini yang terparah dalam sepuluh tahun", "Ahmad Lubis", True)
    ]


def test_subject_after_the_quote() -> None:
    text = '"Stok beras aman sampai Lebaran," Siti Rahma menambahkan.'
    assert _quotes(text, {"Siti Rahma": None})[0].speaker == "Siti Rahma"


def test_nya_and_pronouns_resolve_to_the_last_speaker() -> None:
    text = (
        '"Kami sudah menyiapkan posko," kata Dedi Mulyana.\n\n'
        'Ia menambahkan, "Relawan juga sudah kami kerahkan ke desa."\n\n'
        '"Logistik cukup untuk seminggu," ujarnya.\n\n'
        "Menurutnya, bantuan dari pusat akan tiba besok pagi."
    )
    found = _quotes(text, {"Dedi Mulyana": None})
    assert [q.speaker for q in found] == ["Dedi Mulyana"] * 4
    assert [q.direct for q in found] == [True, True, True, False]


def test_pronoun_before_anyone_spoke_is_the_last_person_mentioned() -> None:
    text = "Rina Wijaya tiba di lokasi. Dia mengatakan bahwa jalan menuju desa masih tertutup."
    found = _quotes(text, {"Rina Wijaya": None})
    assert _pairs(found) == [("jalan menuju desa masih tertutup", "Rina Wijaya", False)]


def test_continued_quote_takes_the_speaker_of_the_one_before() -> None:
    text = (
        '"Harga cabai naik dua kali lipat," kata Joko Susilo. '
        '"Petani tidak bisa berbuat banyak karena hujan terus turun."'
    )
    found = _quotes(text, {"Joko Susilo": None})
    assert [q.speaker for q in found] == ["Joko Susilo", "Joko Susilo"]


def test_cue_in_the_sentence_before() -> None:
    text = 'Hendra Gunawan lalu menjelaskan alasannya. "Kami tidak punya pilihan lain lagi."'
    assert _quotes(text, {"Hendra Gunawan": None})[0].speaker == "Hendra Gunawan"


def test_reported_quotes() -> None:
    text = (
        "Menurut Andi Wijaya, pembangunan jembatan akan selesai tahun depan.\n\n"
        "Harga tiket kereta tidak akan naik selama libur, kata Sri Lestari.\n\n"
        "Bambang Tri mengatakan, pemerintah menambah kuota pupuk bersubsidi."
    )
    found = _quotes(text, {"Andi Wijaya": None, "Sri Lestari": None, "Bambang Tri": None})
    assert _pairs(found) == [
        ("pembangunan jembatan akan selesai tahun depan", "Andi Wijaya", False),
        ("Harga tiket kereta tidak akan naik selama libur", "Sri Lestari", False),
        ("pemerintah menambah kuota pupuk bersubsidi", "Bambang Tri", False),
    ]


def test_title_alone_is_no_speaker() -> None:
    text = (
        '"Kerja sama kedua negara akan terus diperkuat," kata Presiden Cina.\n\n'
        "Presiden Cina mengatakan bahwa hubungan kedua negara sangat baik."
    )
    found = _quotes(text, {})
    assert _pairs(found) == [("Kerja sama kedua negara akan terus diperkuat", None, True)]


def test_title_with_a_person_mention_right_there() -> None:
    text = '"Kerja sama akan diperkuat," kata Presiden Cina Xi Jinping.'
    assert _quotes(text, {"Xi Jinping": None})[0].speaker == "Xi Jinping"


def test_terms_in_quotes_are_not_quotes() -> None:
    text = (
        'Pemerintah meluncurkan program "Makan Bergizi Gratis" di sekolah. '
        "Dengan kata lain, anggaran naik. Kementerian menyatakan bahwa data itu valid. "
        "Pernyataan bersama yang mengatakan persahabatan itu tanpa batas dirilis."
    )
    assert _quotes(text, {}) == []


def test_speech_verbs_inside_a_quote_are_the_speakers_words() -> None:
    text = '"Saya mengatakan kepada mereka bahwa kami siap bertanding," kata Rudi Hartono.'
    found = _quotes(text, {"Rudi Hartono": None})
    assert _pairs(found) == [
        ("Saya mengatakan kepada mereka bahwa kami siap bertanding", "Rudi Hartono", True)
    ]


def test_no_text_no_quotes() -> None:
    assert find_quotes("", []) == []
    assert find_quotes("Hujan turun sejak pagi di Bogor.", []) == []
