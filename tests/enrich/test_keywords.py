"""Keywords: stemmed, stop-word free, entity-aware, readable, with an IDF table."""

from __future__ import annotations

import pytest

from warta.enrich import keywords as keywords_module
from warta.enrich.keywords import IDF_MIN_DF, keywords, load_idf
from warta.enrich.stem import stopwords
from warta.record import Entity

TEXT = (
    "Pelatih Shin Tae-yong memanggil 28 pemain untuk pertandingan melawan Vietnam pada 2024. "
    "Shin Tae-yong mengatakan para pemain harus siap bertanding sejak menit pertama. "
    "Menurut PSSI, pertandingan itu digelar di Stadion Gelora Bung Karno. "
    "Tiket pertandingan dijual mulai pekan depan. "
    "Para suporter berharap tim bertanding habis-habisan dan menang. "
    "Shin optimistis pemain muda tampil percaya diri."
)
ENTITIES = [
    Entity("Shin Tae-yong", "person", start=8, end=21),
    Entity("Vietnam", "place"),
    Entity("Shin Tae-yong", "person"),
    Entity("PSSI", "organization", canonical="Persatuan Sepak Bola Seluruh Indonesia"),
    Entity("Stadion Gelora Bung Karno", "place"),
    Entity("Shin", "person", canonical="Shin Tae-yong"),
]


def test_entities_are_single_keywords_under_their_canonical_name() -> None:
    found = keywords(TEXT, ENTITIES, k=10)
    assert found[0] == "Shin Tae-yong"
    assert "Persatuan Sepak Bola Seluruh Indonesia" in found
    assert "Stadion Gelora Bung Karno" in found
    # The names' own words never come back as separate keywords.
    assert not {"shin", "stadion", "gelora", "karno", "pssi"} & {k.lower() for k in found}


def test_stemmed_forms_are_merged_and_shown_as_used() -> None:
    found = keywords(TEXT, ENTITIES, k=10)
    # "pertandingan" (x3) and "bertanding" (x2) are one stem, shown as the commoner word.
    assert "pertandingan" in found
    assert "bertanding" not in found
    assert "pemain" in found


def test_no_numbers_stop_words_or_duplicates() -> None:
    found = keywords(TEXT, ENTITIES, k=20)
    assert len(found) == len({k.casefold() for k in found})
    assert not any(k.replace("-", "").isdigit() for k in found)
    assert not {k for k in found if k.lower() in stopwords()}


def test_k_and_plain_text() -> None:
    assert len(keywords(TEXT, ENTITIES, k=3)) == 3
    assert keywords(TEXT, ENTITIES, k=0) == []
    assert keywords("", []) == []
    plain = keywords(TEXT, [], k=5)
    assert "pertandingan" in plain
    assert keywords(TEXT, ENTITIES) == keywords(TEXT, ENTITIES)  # deterministic


def test_idf_table_favours_rare_stems() -> None:
    idf = load_idf()
    assert idf.documents > 3000
    assert all(df >= IDF_MIN_DF for df in idf.df.values())
    assert idf.idf("tanding") < idf.idf("stetoskop")


def test_readings_remembered_across_articles_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    first = keywords(TEXT, ENTITIES, k=10)
    monkeypatch.setattr(keywords_module, "_READINGS_LIMIT", 3)
    # New words make the memory start afresh every few words; answers do not change.
    other = keywords("Petani memanen padi di sawah. Harga gabah naik tajam.", k=5)
    assert len(keywords_module._load_readings().known) <= 3
    assert keywords(TEXT, ENTITIES, k=10) == first
    assert "padi" in other
