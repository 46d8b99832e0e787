"""The curated public API: ``warta.__all__`` is exactly what the package exports."""

from __future__ import annotations

import importlib
import inspect
from importlib import resources

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
