"""Input discovery and capped reading for the command line."""

from __future__ import annotations

import gzip
import io
import os
from pathlib import Path

import pytest

from warta.cli.inputs import STDIN, Input, discover, is_page_name, read_input
from warta.errors import BadGzip, InputError, InputTooLarge, TruncatedGzip

PAGE = b"<html><body><p>Halo dunia.</p></body></html>"


def _tree(root: Path) -> None:
    for rel in [
        "b.html",
        "a.htm",
        "sub/c.xhtml",
        "sub/deeper/d.html.gz",
        "notes.txt",
        ".hidden.html",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PAGE)
    (root / ".git").mkdir()
    (root / ".git" / "e.html").write_bytes(PAGE)


def test_directories_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = [
        Path(item.source).relative_to(tmp_path).as_posix() for item in discover([str(tmp_path)])
    ]
    assert found == ["a.htm", "b.html", "sub/c.xhtml", "sub/deeper/d.html.gz"]


def test_discovery_is_lazy(tmp_path: Path) -> None:
    _tree(tmp_path)
    items = discover([str(tmp_path), "never-looked-at"])
    assert next(items).source.endswith("a.htm")


def test_named_files_are_read_whatever_their_name_and_missing_ones_are_reported(
    tmp_path: Path,
) -> None:
    named = tmp_path / "page.txt"
    named.write_bytes(PAGE)
    items = list(discover([str(named), str(tmp_path / "missing.html"), STDIN]))
    assert items[0] == Input(str(named))
    assert items[1].problem == "no such file or directory"
    assert items[2] == Input(STDIN)


def test_page_names() -> None:
    assert is_page_name("A.HTML") and is_page_name("x.htm.gz") and is_page_name("y.xhtml")
    assert not is_page_name("x.json") and not is_page_name("x.gz")


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(PAGE)
    os.symlink(tmp_path, tmp_path / "loop")
    assert [item.source for item in discover([str(tmp_path)])] == [str(tmp_path / "a.html")]


def test_gzip_is_decompressed_by_content_not_only_by_name(tmp_path: Path) -> None:
    sneaky = tmp_path / "page.html"
    sneaky.write_bytes(gzip.compress(PAGE))
    assert read_input(Input(str(sneaky)), 10_000, io.BytesIO()) == PAGE


def test_stdin_is_read_and_gunzipped() -> None:
    assert read_input(Input(STDIN), 10_000, io.BytesIO(PAGE)) == PAGE
    assert read_input(Input(STDIN), 10_000, io.BytesIO(gzip.compress(PAGE))) == PAGE


def test_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 1_000_000))
    assert bomb.stat().st_size < 10_000
    with pytest.raises(InputTooLarge):
        read_input(Input(str(bomb)), 10_000, io.BytesIO())


def test_plain_file_over_the_cap_is_too_large(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_bytes(b"x" * 2_000)
    with pytest.raises(InputTooLarge):
        read_input(Input(str(big)), 1_000, io.BytesIO())
    assert read_input(Input(str(big)), 2_000, io.BytesIO()) == b"x" * 2_000


def _damaged(data: bytes) -> bytes:
    """``data`` with two bytes in its middle flipped."""
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0xFF
    damaged[len(data) // 2 + 1] ^= 0xFF
    return bytes(damaged)


@pytest.mark.parametrize(
    ("content", "error", "says"),
    [
        (gzip.compress(PAGE * 20)[:60], TruncatedGzip, "truncated-gzip"),
        (_damaged(gzip.compress(PAGE * 20)), BadGzip, "bad-gzip: corrupt gzip data"),
    ],
)
def test_broken_gzip_is_an_input_error_with_its_reason(
    tmp_path: Path, content: bytes, error: type[InputError], says: str
) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(content)
    with pytest.raises(error, match=says) as caught:
        read_input(Input(str(path)), 10_000, io.BytesIO())
    assert caught.value.source == str(path)


def test_the_bytes_decide_whether_an_input_is_gzip_not_its_name(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(PAGE)  # saved already unzipped
    (tmp_path / "page.html").write_bytes(gzip.compress(PAGE))
    for name in ("page.html.gz", "page.html"):
        assert read_input(Input(str(tmp_path / name)), 10_000, io.BytesIO()) == PAGE


def test_unreadable_inputs_raise_input_errors_with_the_source(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.html", tmp_path / "dangling.html")
    (item,) = discover([str(tmp_path)])
    with pytest.raises(InputError, match="cannot read") as caught:
        read_input(item, 10_000, io.BytesIO())
    assert caught.value.source == str(tmp_path / "dangling.html")
    with pytest.raises(InputError, match="no such file"):
        read_input(Input("x.html", problem="no such file or directory"), 10, io.BytesIO())


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_permission_denied_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "secret.html"
    path.write_bytes(PAGE)
    path.chmod(0)
    with pytest.raises(InputError, match="Permission denied"):
        read_input(Input(str(path)), 10_000, io.BytesIO())


def test_missing_standard_input_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no standard input"):
        read_input(Input(STDIN), 10_000, None)
