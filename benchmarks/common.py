"""What the benchmark scripts share: where the third-party data lives."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shared_dir(given: str | None) -> Path:
    """``--shared``, else ``$WARTA_SHARED``, else ``../shared`` beside the repository;
    the script stops with a clear message when the data is not there."""
    path = Path(given or os.environ.get("WARTA_SHARED") or REPO.parent / "shared")
    if not (path / "data").is_dir() or not (path / "eval" / "textmatch.py").is_file():
        sys.exit(f"shared data not found at {path}; pass --shared or set WARTA_SHARED")
    return path
