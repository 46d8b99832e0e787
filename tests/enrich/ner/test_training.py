"""The training script is reproducible: same data and seed, byte-identical model files."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "train_ner.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_ner_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_training_twice_gives_identical_files(shared_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("sklearn", reason="the training script needs scikit-learn")
    script = load_script()
    data = shared_dir / "data"
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        argv = ["--quick", "--seed", "7", "--data", str(data / "ner-id")]
        argv += ["--indosum", str(data / "indosum-dev"), "--output-dir", str(out)]
        assert script.main(argv) == 0
        outputs.append(out)
    for name in ("ner.crfsuite", "ner-clusters.tsv.gz"):
        first, second = ((o / name).read_bytes() for o in outputs)
        assert first, f"{name} is empty"
        assert first == second, f"{name} differs between two runs with the same seed"
