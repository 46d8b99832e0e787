"""Lint, format and type checks, run as tests so that one command gates all of them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CHECKED = ["src", "tests", "benchmarks", "scripts"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        check=False,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=280,
    )


@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["ruff", "check", *CHECKED], id="ruff-check"),
        pytest.param(["ruff", "format", "--check", *CHECKED], id="ruff-format"),
        pytest.param(["mypy"], id="mypy-strict"),
    ],
)
def test_tool_passes(command: list[str]) -> None:
    done = _run(*command)
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
