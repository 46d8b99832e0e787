"""Secondary-source credits to ``attributions`` (NOISE.md #22)."""

from __future__ import annotations

import pytest

from warta.news.attributions import find_attributions, merge_attributions, normalise_source
from warta.record import Attribution


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        ("Sebagaimana dilansir dari express, Putin menyapa.", "Express", "dilansir dari"),
        ("Hal itu, mengutip Reuters, terjadi Senin.", "Reuters", "mengutip"),
        ("Seperti dikutip dari CNN, Jumat (1/2/2019), ia datang.", "CNN", "dikutip dari"),
        ("Melansir Al Jazeera, pasukan mundur.", "Al Jazeera", "melansir"),
        ("Menurut laporan Bloomberg, harga naik.", "Bloomberg", "menurut laporan"),
        ("Sebagaimana diberitakan Kompas.com, ia ditahan.", "Kompas.com", "diberitakan"),
        ("Mengutip laporan Associated Press, korban bertambah.", "AP", "mengutip laporan"),
        (
            "Dikutip detikINET dari BBC, Kamis (5/11/2015), Google menyatakan.",
            "BBC",
            "dikutip dari",
        ),
        (
            "Dilansir dari laman resmi Kementerian Kesehatan, kasus turun.",
            "Kementerian Kesehatan",
            "dilansir dari",
        ),
        ("Dilansir Hindustan Times, Senin, polisi datang.", "Hindustan Times", "dilansir"),
        ("Seperti dilansir dari xinhua, ia datang.", "Xinhua", "dilansir dari"),
        ("Dilansir dari eurogamer, harga naik.", "Eurogamer", "dilansir dari"),
    ],
)
def test_credit_cues(text: str, source: str, cue: str) -> None:
    assert find_attributions(text) == [Attribution(source=source, cue=cue)]


@pytest.mark.parametrize(
    "text",
    [
        "Ia mendapat kabar itu dilansir dari sumber yang sama.",
        "Presiden, mengutip Presiden Joko Widodo, berkata tegas.",
        "Polisi mengutip keterangan tertulis saksi.",
        "Sebagaimana diberitakan sebelumnya, polisi menahan dua orang.",
        "The president said the report was accurate.",
    ],
)
def test_no_source_named(text: str) -> None:
    assert find_attributions(text) == []


def test_each_source_once() -> None:
    text = "Dilansir dari Reuters, ia datang. Mengutip Reuters, ia pergi. Melansir AFP, ia kembali."
    assert find_attributions(text) == [
        Attribution("Reuters", "dilansir dari"),
        Attribution("AFP", "melansir"),
    ]


def test_merge_keeps_existing_first() -> None:
    merged = merge_attributions([Attribution("Reuters", "mengutip")], [Attribution("reuters", "x")])
    assert merged == [Attribution("Reuters", "mengutip")]


def test_normalise_source_names() -> None:
    assert normalise_source("associated press") == "AP"
    assert normalise_source("THE GUARDIAN") == "The Guardian"
    assert normalise_source("straits") == "Straits"
    assert normalise_source("Pemerintah Kota Cekmekoy") == "Pemerintah Kota Cekmekoy"
    assert normalise_source("sumber") is None
