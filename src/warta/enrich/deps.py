"""Optional libraries of the enrichment extra, imported when first needed."""

from __future__ import annotations

import importlib
from types import ModuleType

from warta.errors import MissingDependency

__all__ = ["require"]

HINT = "pip install 'warta[enrich]'"


def require(module: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingDependency` with the install line."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingDependency(f"enrichment needs the {module} module: {HINT}") from exc


# The modules enrichment imports: the enrich extra's (see pyproject.toml), and Sastrawi,
# a core dependency since the store stems for search.
EXTRA_MODULES = ("pycrfsuite", "pycld2", "Sastrawi")


def check_installed() -> None:
    """Raise :class:`MissingDependency` unless every module of the extra imports."""
    for module in EXTRA_MODULES:
        require(module)
