"""Topic classification: predictions on written texts, the 5-fold accuracy floor, and the
reproducibility of the training script."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from warta.enrich.topic import TopicClassifier, load_classifier, tokens

SPORT = (
    "Tim nasional sepak bola Indonesia menang 2-1 atas Malaysia dalam laga persahabatan di "
    "Stadion Gelora Bung Karno. Pelatih memuji penampilan para pemain muda yang tampil "
    "tanpa rasa takut. Gol kemenangan dicetak penyerang sayap pada menit ke-85 setelah "
    "menerima umpan silang dari bek kanan. Kemenangan ini menambah kepercayaan diri skuad "
    "menjelang turnamen Piala AFF bulan depan."
)
TECH = (
    "Perusahaan rintisan asal Bandung meluncurkan aplikasi ponsel pintar untuk membantu "
    "petani memantau harga pupuk. Aplikasi itu memakai kecerdasan buatan dan data dari "
    "ribuan pengguna. Startup tersebut baru saja mendapat pendanaan dari modal ventura dan "
    "berencana memperluas layanan ke platform digital lain serta fitur pembayaran daring."
)


def test_sport_and_technology_texts() -> None:
    classifier = load_classifier()
    assert classifier.predict(SPORT) == "olahraga"
    assert classifier.predict(TECH) == "teknologi"


def test_classes_are_indosum_categories() -> None:
    assert set(load_classifier().classes) == {
        "tajuk utama",
        "olahraga",
        "hiburan",
        "showbiz",
        "teknologi",
        "inspirasi",
    }


def test_text_without_known_words_has_no_topic() -> None:
    assert load_classifier().predict("") is None
    assert load_classifier().predict("12345 !!! 678") is None


def test_tokens_are_lower_case_words_and_pairs() -> None:
    assert tokens("Harga BBM naik 10%, kata-nya.") == [
        "harga",
        "bbm",
        "naik",
        "kata",
        "nya",
        "harga bbm",
        "bbm naik",
        "naik kata",
        "kata nya",
    ]


def test_tiny_model_applies_weights() -> None:
    model = TopicClassifier.from_dict(
        {
            "classes": ["a", "b"],
            "intercepts": [0.0, 0.1],
            "terms": ["bola", "gawai"],
            "idf": [1.0, 1.0],
            "weights": [[1.0, -1.0], [-1.0, 1.0]],
        }
    )
    assert model.predict("bola bola") == "a"
    assert model.predict("gawai") == "b"
    assert model.predict("kata lain") is None


def test_five_fold_accuracy_floor(shared_dir: Path, indosum_trainer: ModuleType) -> None:
    """The training script's own cross-validation (about 8 s here): held-out articles only."""
    trainer = indosum_trainer
    docs = trainer.load_docs(shared_dir / "data" / "indosum-dev")
    assert len(docs) == 3463
    accuracies = trainer.topic_folds(docs)
    assert len(accuracies) == 5
    assert sum(accuracies) / 5 >= 90.5  # measured 91.5; the target is 90


def test_training_is_reproducible(shared_dir: Path, indosum_trainer: ModuleType) -> None:
    trainer = indosum_trainer
    docs = trainer.load_docs(shared_dir / "data" / "indosum-dev")[:400]
    first = trainer.train_topic(docs, seed=7)
    assert first == trainer.train_topic(docs, seed=7)
