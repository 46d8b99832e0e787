"""Indonesian sentence splitting: abbreviations, initials, numbers, quotes, line breaks.

``python3 tests/enrich/test_sentences.py SHARED_DIR`` prints the time per 600 words and
the share of IndoSum paragraphs split exactly as IndoSum's own sentence segmentation.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest

from warta.enrich.sentences import sentences, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ia tinggal di Jl. Sudirman No. 5, Jakarta. Rumahnya besar.",
            ["Ia tinggal di Jl. Sudirman No. 5, Jakarta.", "Rumahnya besar."],
        ),
        (
            "Pembicara: Prof. Dr. Ir. H. Ahmad, S.H., M.Si. Ia dosen tamu.",
            ["Pembicara: Prof. Dr. Ir. H. Ahmad, S.H., M.Si.", "Ia dosen tamu."],
        ),
        (
            "Hadir pula Hj. Siti, drs. Budi, Kol. Inf. Rudi dan Brigjen. Ahmad. Acara dimulai.",
            [
                "Hadir pula Hj. Siti, drs. Budi, Kol. Inf. Rudi dan Brigjen. Ahmad.",
                "Acara dimulai.",
            ],
        ),
        (
            "Ia warga Kec. Cilandak, Kab. Bogor. Ia petani.",
            ["Ia warga Kec. Cilandak, Kab. Bogor.", "Ia petani."],
        ),
        (
            "Surat a.n. Budi dan u.p. Direktur sudah dikirim. St. Petersburg jauh.",
            ["Surat a.n. Budi dan u.p. Direktur sudah dikirim.", "St. Petersburg jauh."],
        ),
    ],
)
def test_abbreviations(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_abbreviations_that_may_end_a_sentence() -> None:
    assert sentences("Ia membeli sayur, buah, dll. untuk dijual.") == [
        "Ia membeli sayur, buah, dll. untuk dijual."
    ]
    assert sentences("Ia membeli sayur, buah, dsb. Kemudian ia pulang.") == [
        "Ia membeli sayur, buah, dsb.",
        "Kemudian ia pulang.",
    ]
    assert sentences("Saham PT Astra International Tbk. naik. Saham lain turun.") == [
        "Saham PT Astra International Tbk. naik.",
        "Saham lain turun.",
    ]
    assert sentences("Kuasa hukumnya Budi Santoso, S.H. Ia membantah.") == [
        "Kuasa hukumnya Budi Santoso, S.H.",
        "Ia membantah.",
    ]


def test_initials_and_letter_labels() -> None:
    assert sentences("Mantan Presiden Susilo B. Yudhoyono hadir. Ia tersenyum.") == [
        "Mantan Presiden Susilo B. Yudhoyono hadir.",
        "Ia tersenyum.",
    ]
    assert sentences("Indonesia masuk Grup B. Tim itu siap.") == [
        "Indonesia masuk Grup B.",
        "Tim itu siap.",
    ]


def test_numbers_money_dates_and_times() -> None:
    text = (
        "Nilainya Rp2,06 triliun atau naik 3.5 persen. Harga Rp1.250.000 per unit. "
        "Kejadian pada 15/9/2022 pukul 14.30 WIB. Polisi datang pada 2022. Lalu pergi."
    )
    assert sentences(text) == [
        "Nilainya Rp2,06 triliun atau naik 3.5 persen.",
        "Harga Rp1.250.000 per unit.",
        "Kejadian pada 15/9/2022 pukul 14.30 WIB.",
        "Polisi datang pada 2022.",
        "Lalu pergi.",
    ]
    assert sentences("1. Pertama, siapkan bahan.") == ["1. Pertama, siapkan bahan."]


def test_quotations() -> None:
    assert sentences('"Kami siap." katanya.') == ['"Kami siap." katanya.']
    assert sentences('"Kami siap," kata Budi. Ia lalu pergi.') == [
        '"Kami siap," kata Budi.',
        "Ia lalu pergi.",
    ]
    assert sentences('Ia berkata, "Kami siap." Lalu ia pergi.') == [
        'Ia berkata, "Kami siap."',
        "Lalu ia pergi.",
    ]
    assert sentences("Ia berkata, “Kami siap.” Lalu ia pergi.") == [
        "Ia berkata, “Kami siap.”",
        "Lalu ia pergi.",
    ]
    assert sentences('Ia pergi. "Saya lelah," katanya.') == ["Ia pergi.", '"Saya lelah," katanya.']


def test_question_exclamation_and_ellipsis() -> None:
    assert sentences("Benarkah? Ya! Tentu saja.") == ["Benarkah?", "Ya!", "Tentu saja."]
    assert sentences('"Siapa dia?" tanya Budi.') == ['"Siapa dia?" tanya Budi.']
    assert sentences("Entahlah... Kami tidak tahu.") == ["Entahlah...", "Kami tidak tahu."]
    assert sentences("Dia … pergi begitu saja.") == ["Dia … pergi begitu saja."]


def test_line_breaks_are_hard_boundaries() -> None:
    assert sentences("Baris satu\nBaris dua\n\n  Baris tiga.  \r\n") == [
        "Baris satu",
        "Baris dua",
        "Baris tiga.",
    ]


def test_urls_and_emails() -> None:
    text = "Baca di kompas.com dan www.x.co.id. Lalu kirim ke redaksi@kompas.com sekarang."
    assert sentences(text) == [
        "Baca di kompas.com dan www.x.co.id.",
        "Lalu kirim ke redaksi@kompas.com sekarang.",
    ]


def test_spans_are_offsets_without_surrounding_space() -> None:
    text = "  Ia datang.   Ia pergi.\n\nSelesai.  "
    spans = split_sentences(text)
    assert spans == [(2, 12), (15, 24), (26, 34)]
    assert [text[a:b] for a, b in spans] == ["Ia datang.", "Ia pergi.", "Selesai."]
    assert split_sentences("") == []
    assert split_sentences(" \n \n") == []


def _detokenize(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return re.sub(r"([(]) ", r"\1", re.sub(r" ([.,;:!?)%])", r"\1", text))


def _figures(shared: Path) -> None:  # pragma: no cover - a measuring aid
    path = shared / "data" / "indosum-dev" / "dev.01.jsonl"
    exact = total = words = 0
    articles = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            paragraphs = [
                [_detokenize(s) for s in paragraph] for paragraph in json.loads(line)["paragraphs"]
            ]
            articles.append("\n\n".join(" ".join(p) for p in paragraphs))
            for gold in paragraphs:
                total += 1
                exact += sentences(" ".join(gold)) == gold
    started = time.process_time()
    for article in articles:
        words += len(article.split())
        split_sentences(article)
    per_600 = (time.process_time() - started) / words * 600 * 1000
    print(f"IndoSum dev.01 paragraphs split as IndoSum does: {exact / total:.1%} of {total}")
    print(f"split_sentences: {per_600:.3f} ms per 600 words")


if __name__ == "__main__":  # pragma: no cover
    _figures(Path(sys.argv[1]))
