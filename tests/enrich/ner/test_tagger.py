"""The shipped tagger on sentences written for these tests."""

from __future__ import annotations

from warta.enrich.ner import load_tagger, tokenize
from warta.enrich.ner.tagger import split_tokens
from warta.record import Entity


def found(text: str) -> set[tuple[str, str]]:
    return {(e.text, e.type) for e in load_tagger().entities(text)}


def test_load_tagger_is_cached() -> None:
    assert load_tagger() is load_tagger()


def test_persons_places_and_organisations() -> None:
    text = (
        "Presiden Joko Widodo meresmikan jembatan baru di Kabupaten Sleman, Yogyakarta, "
        "pada Senin pagi. Menteri Keuangan Sri Mulyani mengatakan Bank Indonesia "
        "akan menahan suku bunga."
    )
    entities = found(text)
    assert ("Joko Widodo", "person") in entities
    assert ("Sri Mulyani", "person") in entities
    assert ("Yogyakarta", "place") in entities
    assert ("Bank Indonesia", "organization") in entities


def test_offsets_and_types_of_entities() -> None:
    text = 'Gubernur Jawa Tengah Ganjar Pranowo tiba di Semarang.\n"Kami siap," ujar Ganjar.'
    entities = load_tagger().entities(text)
    assert entities
    for entity in entities:
        assert isinstance(entity, Entity)
        assert entity.start is not None and entity.end is not None
        assert text[entity.start : entity.end] == entity.text
        assert entity.type in {"person", "place", "organization", "event"}
    assert ("Semarang", "place") in {(e.text, e.type) for e in entities}
    assert any(e.type == "person" and "Ganjar" in e.text for e in entities)


def test_tag_gives_one_bio_tag_per_token() -> None:
    tokens = [t.text for t in tokenize("Kemarin Partai Golkar menggelar rapat di Jakarta.")]
    tags = load_tagger().tag(tokens)
    assert len(tags) == len(tokens)
    assert tags[tokens.index("Jakarta")] == "B-LOC"
    assert tags[tokens.index("Partai")] == "B-ORG"
    assert load_tagger().tag([]) == []
    assert load_tagger().entities("") == []


def _words(sentence: str) -> list[str]:
    return sentence.split(" ")


def test_sentences_without_a_capital_are_left_out() -> None:
    features = load_tagger().features
    assert features.plainly_common(_words("harga cabai naik lagi di pasar ."))
    assert features.plainly_common(_words("Namun harga cabai naik lagi di pasar ."))
    assert not features.plainly_common(_words("Namun harga cabai di Bandung naik ."))
    assert not features.plainly_common(_words("Jokowi meninjau pasar pagi ini ."))
    assert load_tagger().tag(_words("namun harga cabai naik lagi .")) == ["O"] * 6


def test_sentences_end_at_stops_closing_marks_and_line_breaks() -> None:
    text = 'Ia pergi. "Ya." katanya\nBaru saja! (Oke.) Lalu...\n\n Akhir'
    assert [[t.text for t in s] for s in split_tokens(text, tokenize(text))] == [
        ["Ia", "pergi", ".", '"'],
        ["Ya", ".", '"'],
        ["katanya"],
        ["Baru", "saja", "!"],
        ["(", "Oke", ".", ")"],
        ["Lalu", "..."],
        ["Akhir"],
    ]
