"""The curated public API: ``warta.__all__`` is exactly what the package exports."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from importlib import resources

import pytest

import warta


def _public_names() -> set[str]:
    return {
        name
        for name, value in vars(warta).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }


def test_all_lists_exactly_the_public_names() -> None:
    assert sorted(warta.__all__) == sorted(_public_names())
    assert len(warta.__all__) == len(set(warta.__all__))


def test_every_public_name_imports_and_is_warta_code() -> None:
    module = importlib.import_module("warta")
    for name in warta.__all__:
        value = getattr(module, name)
        assert getattr(value, "__module__", "").startswith("warta."), name


def test_extract_and_article_are_the_documented_entry_points() -> None:
    article = warta.extract("<html><body><p>Halo.</p></body></html>")
    assert isinstance(article, warta.Article)
    assert isinstance(article.to_dict(), dict)


def test_package_ships_py_typed() -> None:
    assert resources.files("warta").joinpath("py.typed").is_file()


def test_version_is_a_string() -> None:
    assert isinstance(warta.__version__, str) and warta.__version__


def test_every_name_of_the_news_layer_resolves_to_its_module() -> None:
    news = importlib.import_module("warta.news")
    for name in news.__all__:
        value = getattr(news, name)
        assert value.__module__.startswith("warta.news."), name
    with pytest.raises(AttributeError):
        news.not_a_name  # noqa: B018


@pytest.mark.parametrize(
    "module", ["warta", "warta.cli.main", "warta.store", "warta.runners.partitioned"]
)
def test_what_never_extracts_does_not_load_the_pipeline(module: str) -> None:
    # A fresh interpreter: this one has imported everything already. The ingest
    # supervisor, `warta --help` and store readers start faster without the pipeline and
    # the public suffix list, which load on the first extraction, and without the
    # enrichment stage (0.03 s), which loads with the command that enriches.
    heavy = ("warta.extract.pipeline", "publicsuffixlist", "warta.enrich.stage")
    probe = f"import sys, {module}; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert warta.extract(b"<html><body><p>Teks berita yang cukup panjang.</p></body></html>")
