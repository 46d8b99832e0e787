"""Standard output of the commands: UTF-8, and a quiet end when the reader goes away."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_output_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    body = "Kafe “Senja” di pinggir pantai ramai dikunjungi wisatawan sepanjang akhir pekan ini."
    page.write_text(f"<html><body><article><p>{body}</p><p>{body}</p></article></body></html>")
    result = subprocess.run(
        [sys.executable, "-m", "warta", "extract", str(page), "--format", "text", "--timeout", "0"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "“Senja”".encode() in result.stdout


def test_a_reader_that_goes_away_ends_the_run_quietly(tmp_path: Path) -> None:
    for n in range(40):
        (tmp_path / f"{n:02d}.html").write_text(
            "<html><body><article>"
            + "<p>Kalimat yang cukup panjang untuk artikel.</p>" * 20
            + "</article></body></html>"
        )
    command = f"{sys.executable} -m warta extract {tmp_path} --timeout 0 | head -c 100"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
