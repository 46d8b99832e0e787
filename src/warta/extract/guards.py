"""Cheap checks that reject inputs which are not pages before the parser sees them.

:func:`check_bytes` runs before decoding: empty input, input over ``max_bytes``, and
binary files (known magic numbers, or many control bytes near the start).
:func:`check_text` runs on the text: the same emptiness and size checks for text input,
and markup nested deeper than ``max_depth``. The nesting check matters because lexbor
needs ~15 s for 100,000 nested ``<div>`` (the work grows with the square of the depth:
0.03 s for 5,000, 0.8 s for 20,000, measured), and it must stay nearly free
on normal pages: a C-speed count of opening tags bounds the depth, and only a page with
more opening tags than ``max_depth`` gets the regex scan.
"""

from __future__ import annotations

import codecs
import re

from warta.errors import BinaryInput, EmptyInput, InputTooLarge, NestingTooDeep
from warta.extract.encoding import looks_utf16
from warta.extract.options import ExtractOptions

__all__ = ["check_bytes", "check_text", "valid_text"]

# The head of the input that the control-byte test reads.
SNIFF_BYTES = 4096
# The same test on text input is a backstop for binary data decoded by the caller: a
# shorter head (a regex costs ~5 ns a character) is enough to see it.
SNIFF_CHARS = 1024
# Share of control bytes (other than tab, newline, form feed, carriage return) above
# which the input is binary. 28 of the 256 byte values are such controls, so random or
# compressed data shows ~11%; text pages show ~0% (all 217 shared benchmark pages: 0).
CONTROL_SHARE = 0.05

# (offset, magic, what it is). Only signatures that cannot start a text page.
_MAGIC: tuple[tuple[int, bytes, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"),
    (0, b"GIF89a", "a GIF image"),
    (8, b"WEBP", "a WebP image"),
    (8, b"WAVE", "a WAV audio file"),
    (8, b"AVI ", "an AVI video"),
    (0, b"II*\x00", "a TIFF image"),
    (0, b"MM\x00*", "a TIFF image"),
    (0, b"%PDF-", "a PDF document"),
    (0, b"PK\x03\x04", "a zip archive (or docx/xlsx/epub)"),
    (0, b"PK\x05\x06", "an empty zip archive"),
    (0, b"\x1f\x8b", "gzip-compressed: decompress first"),
    (0, b"\x28\xb5\x2f\xfd", "zstd-compressed: decompress first"),
    (0, b"\xfd7zXZ\x00", "xz-compressed: decompress first"),
    (0, b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (0, b"Rar!\x1a\x07", "a RAR archive"),
    (4, b"ftyp", "an MP4/QuickTime/HEIF media file"),
    (0, b"\x1a\x45\xdf\xa3", "a Matroska/WebM video"),
    (0, b"OggS", "an Ogg media file"),
    (0, b"ID3\x03", "an MP3 audio file"),
    (0, b"ID3\x04", "an MP3 audio file"),
    (0, b"fLaC", "a FLAC audio file"),
    (0, b"wOFF", "a WOFF font"),
    (0, b"wOF2", "a WOFF2 font"),
    (0, b"\x7fELF", "an ELF executable"),
    (0, b"MZ\x90\x00", "a Windows executable"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 document (doc/xls/msg)"),
    (0, b"SQLite format 3\x00", "an SQLite database"),
    (0, b"\x00asm", "a WebAssembly module"),
)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE,
         codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # fmt: skip
_WIDE_BOMS = _BOMS[1:]
# Every byte that is not a control character (tab, LF, VT, FF and CR are text).
_TEXT_BYTES = bytes(range(0x09, 0x0E)) + bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100))
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A lone UTF-16 surrogate: no character, and nothing UTF-8 (the store, JSON) can write.
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_BLANK = re.compile(r"[^\s\ufeff\u200b]")

# Elements that never nest: void elements, and elements whose end tag is optional and
# which browsers close on the next sibling or when the parent closes.
_FLAT = frozenset(
    (
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("param", "source", "track", "wbr", "keygen", "image", "frame", "basefont"),
        *("p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead"),
        *("tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp"),
    )
)
# Elements whose content is text, not markup: skipped to their end tag.
_RAW_TEXT = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW_TEXT}
# Inside these, "/>" closes an element; in HTML it is ignored.
_FOREIGN = ("svg", "math")
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)([^>]*)>|<!--")


def check_bytes(data: bytes, options: ExtractOptions) -> None:
    """Raise an :class:`~warta.errors.InputError` for bytes that are no page."""
    if len(data) > options.max_bytes:
        raise InputTooLarge(_too_large(len(data), options.max_bytes, "bytes"))
    if _blank_bytes(data):
        raise EmptyInput(_empty(len(data)))
    magic = _magic(data)
    if magic:
        raise BinaryInput(f"not a page but {magic}")
    if not data.startswith(_WIDE_BOMS):
        _check_controls(data[:SNIFF_BYTES])


def valid_text(text: str) -> str:
    """``text`` with each lone surrogate (JSON's ``"\\ud800"`` escapes a dump may hold,
    which name no character) replaced by U+FFFD, as a decoder does with bytes that are no
    character: otherwise the record could not be written anywhere as UTF-8."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def check_text(text: str, options: ExtractOptions) -> None:
    """Raise an :class:`~warta.errors.InputError` for text no parser should get."""
    if len(text) > options.max_bytes:  # a character is at least one byte
        raise InputTooLarge(_too_large(len(text), options.max_bytes, "characters"))
    if _NOT_BLANK.search(text) is None:
        raise EmptyInput(_empty(len(text)))
    head = text[:SNIFF_CHARS]
    if _CONTROL_CHAR.search(head):
        share = len(_CONTROL_CHAR.findall(head)) / len(head)
        if share > CONTROL_SHARE:
            raise BinaryInput(f"not text: {share:.0%} of the first characters are controls")
    depth = markup_depth(text, options.max_depth)
    if depth > options.max_depth:
        raise NestingTooDeep(
            f"markup nested more than {options.max_depth:,} elements deep "
            "(ExtractOptions.max_depth); parsing it would take too long"
        )


def markup_depth(text: str, limit: int) -> int:
    """How deep the markup nests, counted up to just past ``limit``.

    Returns a cheap upper bound when that bound is within ``limit``: a page cannot nest
    deeper than its number of opening tags. Otherwise scans the tags the way a browser
    nests them: void and auto-closed elements do not nest, an end tag closes everything
    opened inside its element, a stray end tag closes nothing, and ``/>`` closes only
    inside SVG and MathML (HTML ignores it).
    """
    bound = text.count("<")  # ~70 us on a 150 KB page; no shared page is over 4,200
    if bound <= limit:
        return bound
    bound -= text.count("</") + text.count("<!")
    if bound <= limit:
        return bound
    return _scan_depth(text, limit)


def _scan_depth(text: str, limit: int) -> int:
    stack: list[str] = []
    open_count: dict[str, int] = {}
    pos = deepest = 0
    while (m := _TAG.search(text, pos)) is not None:
        pos = m.end()
        closing, name, rest = m.groups()
        if name is None:  # a comment: skip to its end
            end = text.find("-->", pos)
            pos = len(text) if end < 0 else end + 3
            continue
        name = name.lower()
        if name in _FLAT:
            continue
        if closing:
            if open_count.get(name):
                _close(stack, open_count, name)
            continue
        if rest.endswith("/") and any(open_count.get(f) for f in _FOREIGN):
            continue  # self-closed in foreign content
        if name in _RAW_END:
            end_tag = _RAW_END[name].search(text, pos)
            pos = len(text) if end_tag is None else end_tag.end()
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        deepest = max(deepest, len(stack))
        if deepest > limit:
            break
    return deepest


def _close(stack: list[str], open_count: dict[str, int], name: str) -> None:
    """Pop up to and including the innermost open ``name``."""
    while stack:
        top = stack.pop()
        open_count[top] -= 1
        if top == name:
            return


def _blank_bytes(data: bytes) -> bool:
    """Zero bytes, white space, or a byte order mark with nothing but white space after it."""
    for bom in _BOMS:
        if data.startswith(bom):
            rest = data[len(bom) :]
            return not rest.strip(b"\x00 \t\n\r\x0b\x0c" if bom in _WIDE_BOMS else None)
    return not data or data.isspace()


def _magic(data: bytes) -> str | None:
    for offset, magic, what in _MAGIC:
        if data.startswith(magic, offset):
            if offset == 8 and not data.startswith(b"RIFF"):
                continue
            return what
    return None


def _check_controls(head: bytes) -> None:
    controls = len(head.translate(None, _TEXT_BYTES))  # what is left: control bytes
    if controls > CONTROL_SHARE * len(head) and looks_utf16(head) is None:
        share = controls / len(head)
        raise BinaryInput(
            f"not text: {share:.0%} of the first {len(head):,} bytes are control bytes"
        )


def _empty(size: int) -> str:
    if size == 0:
        return "the input is empty (0 bytes)"
    return "the input holds only white space (or a byte order mark), no page"


def _too_large(size: int, limit: int, unit: str) -> str:
    return (
        f"the input is {size:,} {unit}, over the limit of {limit:,} bytes "
        "(raise ExtractOptions.max_bytes to accept it)"
    )
