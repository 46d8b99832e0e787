"""Bytes in, the right text out.

The cascade, strongest evidence first (the order browsers use, see the WHATWG Encoding
and HTML standards):

1. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. the ``charset`` of the HTTP ``Content-Type`` header;
3. ``<meta charset>``, ``<meta http-equiv=Content-Type content="...; charset=">`` or an
   XML declaration near the start of the page;
4. the bytes themselves: valid UTF-8 is UTF-8 (the fast path, no sniffer), UTF-8 with a
   few damaged bytes is still UTF-8, otherwise charset_normalizer guesses;
5. windows-1252, the web's legacy default.

Declarations lie in one common way: a page says iso-8859-1 (often a server default) but
its bytes are UTF-8. Valid multi-byte UTF-8 practically never happens by chance in
legacy-encoded text, so such bytes win over the label. Text that was UTF-8 decoded as
windows-1252 and encoded again ("CafÃ©") is repaired run by run when the repair is clean.
Nothing here raises on bad bytes: undecodable bytes become U+FFFD at worst.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Decoded", "decode", "looks_utf16", "repair_mojibake"]

# How far into the page to look for <meta charset> or an XML declaration. WHATWG's
# prescan reads 1024 bytes; real pages put long inline scripts or comments first, and a
# regex over 8 KiB costs a few microseconds.
PRESCAN_BYTES = 8192
# Bytes given to charset_normalizer, starting just before the first non-ASCII byte. It
# takes ~50 ms on a 460 KB page but ~3 ms on 64 KiB with the same answer (measured).
SNIFF_BYTES = 65536
# Fewer non-ASCII bytes than this in that window and charset_normalizer's guesses are a
# coin toss (it read "Café" in windows-1252 as cp1006, Urdu): use the default instead.
SNIFF_MIN_EVIDENCE = 16
# UTF-8 with damaged bytes is still UTF-8 when its valid multi-byte sequences outweigh the
# bad ones this many times (counted in continuation bytes). Legacy CJK text makes valid
# sequences by chance at ~0.2 per bad one; cp1252 text almost never.
UTF8_EVIDENCE_RATIO = 3
# Stop checking for damaged UTF-8 after this many bad sequences without enough evidence:
# it is a legacy encoding, and each bad sequence costs a Python-level step.
UTF8_GIVE_UP = 16
# A non-Latin legacy declaration (windows-1251, Shift_JIS, ...) is overruled by valid
# UTF-8 only with at least this many continuation bytes: a very short page in a
# multi-byte encoding can be valid UTF-8 by chance.
UTF8_OVERRULE_MIN = 8

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG label mappings that differ from what Python's codec lookup would do.
_WHATWG = {
    **dict.fromkeys(
        (
            "ascii",
            "us-ascii",
            "ansi_x3.4-1968",
            "iso-8859-1",
            "iso8859-1",
            "iso88591",
            "iso_8859-1",
            "iso_8859-1:1987",
            "latin1",
            "latin-1",
            "l1",
            "cp819",
            "ibm819",
            "csisolatin1",
            "iso-ir-100",
            "windows-1252",
            "x-cp1252",
            "cp1252",
        ),
        "cp1252",
    ),
    **dict.fromkeys(("iso-8859-9", "iso8859-9", "latin5", "l5", "iso-ir-148"), "cp1254"),
    **dict.fromkeys(("iso-8859-11", "tis-620", "windows-874", "dos-874"), "cp874"),
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "iso-ir-58"), "gb18030"),
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "ms_kanji", "x-sjis", "windows-31j", "ms932"),
        "cp932",
    ),
    **dict.fromkeys(("euc-kr", "ks_c_5601-1987", "korean", "windows-949"), "cp949"),
    **dict.fromkeys(("big5", "big5-hkscs", "x-x-big5", "cn-big5"), "big5hkscs"),
    "iso-8859-8-i": "iso8859-8",
}
# Codecs a page may not select: not text encodings, or a known XSS vector (UTF-7).
_REFUSED = frozenset(
    {"utf-7", "undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}
)
_UTF8 = "utf-8"
_LEGACY_DEFAULT = "cp1252"

_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
_XML_DECL = re.compile(rb"""\A\s*<\?xml\b[^>]*?encoding\s*=\s*["']([\w.:+-]+)""")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_HIGH_BYTES = bytes(range(0x80, 0x100))

# Mojibake: UTF-8 bytes read as windows-1252 (or latin-1) show each multi-byte character
# as a lead character (Â-ô) followed by continuation characters, which are the characters
# those two code pages give the bytes 0x80-0xBF. Five bytes are undefined in 1252 and
# show up as the C1 control of the same value.
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})
_BYTE_OF: dict[str, int] = {chr(b): b for b in range(0x80, 0x100)} | {
    bytes([b]).decode("cp1252"): b for b in range(0x80, 0x100) if b not in _CP1252_UNDEFINED
}
_CONT = "".join(re.escape(c) for c, b in _BYTE_OF.items() if b < 0xC0)
_MOJIBAKE = re.compile(
    f"(?:[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}})+"
)
_MOJIBAKE_UTF8 = re.compile(rb"\xc3[\x82-\xb4](?:\xc2|\xc5|\xc6|\xcb|\xe2[\x80-\x84])")
_C1 = re.compile("[\u0080-\u009f]")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    signal: str  # which evidence chose the encoding: "bom", "http", "meta", "sniff", ...
    # The bytes ``text`` is the exact UTF-8 of, when the page's own bytes are (valid UTF-8
    # as the page gave it, no byte order mark, nothing repaired): the HTML parser takes
    # them as they are instead of the text encoded once more (see warta.extract.document).
    utf8: bytes | None = None


def decode(data: bytes, content_type: str | None = None) -> Decoded:
    """Decode page bytes using the BOM, the HTTP header, meta tags and sniffing."""
    found = _from_bom(data) or _from_declarations(data, content_type) or _from_bytes(data)
    if found.encoding == _UTF8 and not _may_hold_mojibake(data):
        return found
    text, repaired = repair_mojibake(found.text)
    if repaired:
        return Decoded(text, found.encoding, found.signal + "+mojibake-repaired")
    return found


def _may_hold_mojibake(data: bytes) -> bool:
    """Cheap test on UTF-8 bytes: a regex over a decoded 150 KB page costs ~0.5 ms.

    Mojibake leads are U+00C2-U+00F4, C3 82-B4 in UTF-8, followed by a continuation
    character, which UTF-8 writes starting C2, C5, C6, CB or E2 80-84. Most pages hold no
    byte C3 at all (one C-speed scan, ~25 us per 150 KB); the regex runs only on the rest.
    """
    return b"\xc3" in data and _MOJIBAKE_UTF8.search(data) is not None


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8 that was decoded as windows-1252 and encoded again ("CafÃ©" -> "Café").

    Each suspect run is re-encoded to its bytes and decoded as UTF-8; a run is replaced
    only when that succeeds and gives no control characters, so genuine text such as
    "Ã" or "©" on its own is left alone. Returns the text and whether anything changed.
    """
    if text.isascii():  # the common case, one C pass
        return text, False
    repaired = _MOJIBAKE.sub(_repair_run, text)
    return repaired, repaired != text


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    try:
        fixed = bytes(_BYTE_OF[c] for c in run).decode(_UTF8)
    except UnicodeDecodeError:  # overlong or surrogate forms: not UTF-8 after all
        return run
    return run if _C1.search(fixed) else fixed


def looks_utf16(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when BOM-less bytes look like UTF-16 text, else None.

    Mostly-ASCII text in UTF-16 has a NUL in every other byte, always on the same side;
    binary data has NULs scattered on both sides.
    """
    half = len(sample) // 2
    if half < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # 40%: even CJK-heavy UTF-16 markup has most of its characters in ASCII; 5%: a NUL
    # on the other side of a code unit is U+xx00, rare in text.
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _from_bom(data: bytes) -> Decoded | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding, "bom")
            except UnicodeDecodeError:
                if encoding.startswith("utf-32"):
                    continue  # FF FE 00 00 may also be UTF-16 LE starting with a NUL
                return Decoded(data[len(bom) :].decode(encoding, "replace"), encoding, "bom")
    return None


def _from_declarations(data: bytes, content_type: str | None) -> Decoded | None:
    """Follow the HTTP header, then the page's own declaration, skipping lies."""
    if content_type and (header := _HTTP_CHARSET.search(content_type)):
        found = _declared(data, _codec_for(header.group(1), in_page=False), "http")
        if found:
            return found
    head = data[:PRESCAN_BYTES]
    for pattern, signal in ((_XML_DECL, "xml"), (_META_CHARSET, "meta")):
        if in_page := pattern.search(head):
            label = in_page.group(1).decode("ascii")
            return _declared(data, _codec_for(label, in_page=True), signal)
    return None


def _declared(data: bytes, codec: str | None, signal: str) -> Decoded | None:
    """Decode as declared, or None when the declaration is unknown or plainly wrong."""
    if codec is None:
        return None
    if codec == _UTF8:
        utf8 = _utf8(data)
        return _as_utf8(data, utf8, signal) if utf8 else None  # a UTF-8 lie: go on
    if not codec.startswith("utf-"):
        utf8 = _utf8(data)
        needed = 1 if codec == _LEGACY_DEFAULT else UTF8_OVERRULE_MIN
        if utf8 and utf8[1] >= needed:
            label = "latin1" if codec == _LEGACY_DEFAULT else codec
            return _as_utf8(data, utf8, f"sniff:declared-{label}-is-utf8")
    return Decoded(data.decode(codec, "replace"), codec, signal)


def _as_utf8(data: bytes, utf8: tuple[str, int, int], signal: str) -> Decoded:
    """``data`` read as UTF-8 (:func:`_utf8`); with its bytes when they had no bad one."""
    text, _, bad = utf8
    return Decoded(text, _UTF8, signal, utf8=data if bad == 0 else None)


def _from_bytes(data: bytes) -> Decoded:
    """No usable declaration: read the bytes themselves."""
    utf16 = looks_utf16(data[:4096])
    if utf16:
        return Decoded(data.decode(utf16, "replace"), utf16, "sniff:utf16-nul-pattern")
    utf8 = _utf8(data)
    if utf8:
        return _as_utf8(data, utf8, "utf8-valid" if utf8[2] == 0 else "sniff:mostly-utf8")
    sniffed = _sniff(data)
    if sniffed:
        return Decoded(data.decode(sniffed, "replace"), sniffed, "sniff")
    return Decoded(data.decode(_LEGACY_DEFAULT, "replace"), _LEGACY_DEFAULT, "fallback")


def _utf8(data: bytes) -> tuple[str, int, int] | None:
    """``(text, evidence, bad)`` when the bytes are UTF-8, possibly with a few bad bytes.

    ``evidence`` counts continuation bytes of valid multi-byte sequences (bytes minus
    characters), ``bad`` the invalid sequences. A lone invalid byte is read as
    windows-1252, the usual source of stray bytes in a UTF-8 page (a legacy database
    field pasted into a UTF-8 template); a broken multi-byte sequence becomes U+FFFD.
    """
    try:
        text = data.decode(_UTF8)  # the common path: one C call
        return text, len(data) - len(text), 0
    except UnicodeDecodeError:
        pass
    view = memoryview(data)
    parts: list[str] = []
    pos = evidence = bad = 0
    while pos < len(data):
        part, used, broken = _valid_prefix(view[pos:])
        parts.append(part)
        evidence += used - len(part)
        pos += used
        if broken:
            parts.append(
                broken.decode(_LEGACY_DEFAULT, "replace") if len(broken) == 1 else "\ufffd"
            )
            pos += len(broken)
            bad += 1
            if bad >= UTF8_GIVE_UP and evidence < UTF8_EVIDENCE_RATIO * bad:
                return None
    if evidence < UTF8_EVIDENCE_RATIO * bad:
        return None
    return "".join(parts), evidence, bad


def _valid_prefix(view: memoryview) -> tuple[str, int, bytes]:
    """The longest valid UTF-8 prefix: its text, its length, and the invalid bytes after it."""
    try:
        text, used = codecs.utf_8_decode(view, "strict", True)
        return text, used, b""
    except UnicodeDecodeError as exc:
        text, used = codecs.utf_8_decode(view[: exc.start], "strict", True)
        return text, used, bytes(view[exc.start : exc.end])


def _sniff(data: bytes) -> str | None:
    """charset_normalizer's guess on a window of the page that holds non-ASCII bytes.

    None (use the default) when the window has too few non-ASCII bytes for a guess. On a
    tie it prefers windows-1252: for Western text several single-byte code pages score the
    same, and 1252 is by far the most common on the web.
    """
    from charset_normalizer import from_bytes  # noqa: PLC0415  (16 ms to import, rarely used)

    first = _NON_ASCII.search(data)
    start = max(0, first.start() - 1024) if first else 0
    window = data[start : start + SNIFF_BYTES]
    if len(window) - len(window.translate(None, _HIGH_BYTES)) < SNIFF_MIN_EVIDENCE:
        return None
    matches = from_bytes(window)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if match.encoding == _LEGACY_DEFAULT and (
            match.chaos <= best.chaos and match.coherence >= best.coherence
        ):
            return _LEGACY_DEFAULT
    return _codec_for(best.encoding, in_page=False)


@lru_cache(maxsize=256)
def _codec_for(label: str, *, in_page: bool) -> str | None:
    """The Python codec for an encoding label, or None for a label to ignore.

    ``in_page``: a page cannot declare itself UTF-16/32 from inside (the declaration
    would be unreadable), so WHATWG reads such a declaration as UTF-8.
    """
    key = label.strip().strip("\"'").lower()
    if key in _WHATWG:
        return _WHATWG[key]
    try:
        info = codecs.lookup(key)
    except LookupError:
        return None
    name = info.name
    if name in _REFUSED or not getattr(info, "_is_text_encoding", True):
        return None
    if name.startswith("utf-8"):
        return _UTF8
    if in_page and name.startswith(("utf-16", "utf-32")):
        return _UTF8
    return name
