"""Pages on disk: files, directory walks, globs, gzip and its failures."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from warta.sources import FileSource, SourceOptions
from warta.sources.files import walk

PAGE = b"<html><body><p>Halo dunia.</p></body></html>"


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "a" / "two.html").write_bytes(PAGE)
    (root / "a" / "one.htm").write_bytes(PAGE)
    (root / "b" / "three.html.gz").write_bytes(gzip.compress(PAGE))
    (root / "b" / "notes.pdf").write_bytes(b"%PDF-1.4")
    (root / "top.xhtml").write_bytes(PAGE)
    (root / ".hidden.html").write_bytes(PAGE)


def test_directory_walk_is_recursive_sorted_and_picks_pages(tmp_path: Path) -> None:
    _tree(tmp_path)
    docs = list(FileSource(tmp_path).documents())
    names = [os.path.relpath(d.source, tmp_path) for d in docs]
    assert names == ["a/one.htm", "a/two.html", "b/three.html.gz", "top.xhtml"]
    assert all(d.data == PAGE and d.error is None for d in docs)


def test_walk_is_lazy_one_directory_listing_at_a_time(tmp_path: Path) -> None:
    _tree(tmp_path)
    paths = walk(str(tmp_path))
    first = next(paths)
    (tmp_path / "b" / "late.html").write_bytes(PAGE)  # b/ is listed after a/ is done
    rest = list(paths)
    assert first.endswith("one.htm")
    assert any(p.endswith("late.html") for p in rest)


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "p.html").write_bytes(PAGE)
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    assert [Path(p).name for p in walk(str(tmp_path))] == ["p.html"]


def test_glob_matches_sorted_and_a_named_file_is_read_whatever_its_name(
    tmp_path: Path,
) -> None:
    _tree(tmp_path)
    pattern = str(tmp_path / "**" / "*.html*")
    names = [Path(d.source).name for d in FileSource(pattern).documents()]
    assert names == ["two.html", "three.html.gz"]
    odd = tmp_path / "page.dat"
    odd.write_bytes(PAGE)
    [doc] = FileSource(odd).documents()
    assert doc.data == PAGE and doc.source == str(odd)


def test_gzip_is_recognised_by_its_bytes_not_its_name(tmp_path: Path) -> None:
    disguised = tmp_path / "page.html"
    disguised.write_bytes(gzip.compress(PAGE))
    plain = tmp_path / "plain.html.gz"
    plain.write_bytes(PAGE)
    assert [d.data for d in FileSource(tmp_path).documents()] == [PAGE, PAGE]


def test_truncated_gzip_is_an_error_and_the_walk_goes_on(tmp_path: Path) -> None:
    whole = gzip.compress(PAGE * 200)
    (tmp_path / "a.html.gz").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "b.html").write_bytes(PAGE)
    bad, good = FileSource(tmp_path).documents()
    assert bad.error is not None and bad.error.startswith("truncated-gzip: ")
    assert bad.data is None
    assert good.error is None and good.data == PAGE


def test_corrupt_gzip_is_bad_gzip(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(PAGE * 50))
    data[20:40] = b"\xff" * 20
    (tmp_path / "c.html.gz").write_bytes(bytes(data))
    [doc] = FileSource(tmp_path).documents()
    assert doc.error is not None and doc.error.startswith("bad-gzip: ")


def test_size_cap_applies_after_decompression(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000))  # ~5 KB on disk
    big = tmp_path / "big.html"
    big.write_bytes(b"x" * 2_000)
    options = SourceOptions(max_bytes=1_000)
    docs = {Path(d.source).name: d for d in FileSource(tmp_path, options=options).documents()}
    for name in ("bomb.html.gz", "big.html"):
        error = docs[name].error
        assert error is not None and error.startswith("input-too-large: "), name


def test_missing_path_and_empty_glob_are_not_found(tmp_path: Path) -> None:
    [missing] = FileSource(tmp_path / "nope.html").documents()
    assert missing.error == "not-found: no such file or directory"
    [nothing] = FileSource(str(tmp_path / "*.html")).documents()
    assert nothing.error is not None and nothing.error.startswith("not-found: ")


def test_unreadable_path_is_an_error(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE)
    [doc] = FileSource(page / "inside.html").documents()  # a file used as a directory
    assert doc.error is not None and doc.error.startswith("unreadable: ")


def test_limit_stops_the_stream(tmp_path: Path) -> None:
    _tree(tmp_path)
    docs = list(FileSource(tmp_path, options=SourceOptions(limit=2)).documents())
    assert len(docs) == 2


def test_shared_pages_read_through_gzip(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "aeb" / "html"
    docs = list(FileSource(folder, options=SourceOptions(limit=3)).documents())
    assert len(docs) == 3
    for doc in docs:
        assert doc.error is None and isinstance(doc.data, bytes)
        assert b"<" in doc.data[:2000] and doc.source.endswith(".html.gz")


def test_a_file_name_that_is_not_utf8_gets_a_name_the_store_can_write(tmp_path: Path) -> None:
    """Linux file names are bytes; one in Latin-1 reads in Python with a lone surrogate,
    which UTF-8 (SQLite, JSON) cannot write. Its source names the byte instead, the same
    in every run, and the file is still read."""
    os.mkdir(tmp_path / "saved")
    with open(os.path.join(os.fsencode(tmp_path / "saved"), b"caf\xe9.html"), "wb") as out:
        out.write(b"<p>kopi</p>")
    first = list(FileSource(tmp_path / "saved").documents())
    again = list(FileSource(tmp_path / "saved").documents())
    assert [d.source for d in first] == [str(tmp_path / "saved" / "caf\\xe9.html")]
    assert [d.source for d in again] == [d.source for d in first]
    assert first[0].data == b"<p>kopi</p>" and first[0].error is None
    first[0].source.encode("utf-8")  # writable


def test_a_fifo_or_a_device_among_the_pages_is_rejected_not_read(tmp_path: Path) -> None:
    """Opening a FIFO waits for a writer that never comes, and a device has no end: both
    are named as no regular file, and the walk goes on to the next page."""
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "a.html").write_bytes(b"<p>berita</p>")
    os.mkfifo(saved / "b.html")
    (saved / "c.html").symlink_to("/dev/zero")
    a, b, c = FileSource(saved).documents()
    assert a.data == b"<p>berita</p>"
    assert b.error == c.error == "unreadable: not a regular file"


def test_pages_the_store_holds_come_bare_without_being_read(tmp_path: Path) -> None:
    """A resumed run reads only the pages still to do; a stored one, even one that could
    no longer be read (a FIFO here), comes as its name only."""
    for name in ("a.html", "c.html"):
        (tmp_path / name).write_text(f"<p>{name}</p>", encoding="utf-8")
    os.mkfifo(tmp_path / "b.html")  # read, it would be rejected as no regular file
    stored = {str(tmp_path / "b.html"), str(tmp_path / "c.html")}
    docs = list(FileSource(tmp_path, options=SourceOptions(stored=stored.__contains__)).documents())
    assert [(d.source, d.data, d.error) for d in docs] == [
        (str(tmp_path / "a.html"), b"<p>a.html</p>", None),
        (str(tmp_path / "b.html"), None, None),
        (str(tmp_path / "c.html"), None, None),
    ]
