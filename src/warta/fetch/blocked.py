"""Recognising responses that are not the article: refusals, bot challenges, paywalls.

Such a response must end as a rejected record with the reason, never as an empty or
junk article. The markers are data, in ``blocked.toml``; this module only decides in
which order they are trusted:

1. challenge headers (``cf-mitigated: challenge``, ...), whatever the status;
2. in a small body, a challenge page's ``<title>`` or markup -> ``bot-challenge``;
3. status 401, 403, 451 -> ``forbidden``; 429 (after the retries) -> ``rate-limited``;
4. on a 2xx page, a paywall marker together with little visible text -> ``paywall``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from selectolax.lexbor import LexborHTMLParser

__all__ = ["BOT_CHALLENGE", "FORBIDDEN", "PAYWALL", "RATE_LIMITED", "classify", "visible_text"]

FORBIDDEN = "forbidden"
RATE_LIMITED = "rate-limited"
BOT_CHALLENGE = "bot-challenge"
PAYWALL = "paywall"

_FORBIDDEN_STATUS = frozenset({401, 403, 451})
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")
# Only the head of a large page is parsed for the paywall text measure: a paywalled
# page is short by definition, so a page with this much markup is measured on a part.
_PAYWALL_SCAN_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class _Markers:
    challenge_max_bytes: int
    titles: frozenset[str]
    body: tuple[bytes, ...]
    headers: tuple[tuple[str, str], ...]
    paywall_max_text: int
    paywall: tuple[bytes, ...]
    not_free: re.Pattern[bytes]


@lru_cache(maxsize=1)
def _markers() -> _Markers:
    """The marker lists of ``blocked.toml``, read once."""
    text = resources.files("warta.fetch").joinpath("blocked.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    paywall = data["paywall"]
    return _Markers(
        challenge_max_bytes=int(data["challenge_max_bytes"]),
        titles=frozenset(t.lower() for t in data["challenge_titles"]),
        body=tuple(m.lower().encode() for m in data["challenge_markers"]),
        headers=tuple((k.lower(), v.lower()) for k, v in data["challenge_headers"].items()),
        paywall_max_text=int(paywall["max_text"]),
        paywall=tuple(m.lower().encode() for m in paywall["markers"]),
        not_free=re.compile(paywall["not_free"].encode(), re.IGNORECASE),
    )


def classify(status: int, headers: Mapping[str, str], body: bytes | None) -> str | None:
    """The reason a response is blocked (see the module docstring), or None.

    ``headers`` must have lower-case names, as the fetcher's results do.
    """
    markers = _markers()
    if _challenge_header(markers, headers) or _challenge_body(markers, body or b""):
        return BOT_CHALLENGE
    if status in _FORBIDDEN_STATUS:
        return FORBIDDEN
    if status == 429:
        return RATE_LIMITED
    if 200 <= status < 300 and body and _paywalled(markers, body):
        return PAYWALL
    return None


def _challenge_header(markers: _Markers, headers: Mapping[str, str]) -> bool:
    for name, prefix in markers.headers:
        value = headers.get(name)
        if value is not None and value.strip().lower().startswith(prefix):
            return True
    return False


def _challenge_body(markers: _Markers, body: bytes) -> bool:
    if not body or len(body) > markers.challenge_max_bytes:
        return False
    lowered = body.lower()
    title = _TITLE.search(lowered)
    if title is not None:
        text = _SPACE.sub(" ", title.group(1).decode("utf-8", "replace")).strip()
        if text in markers.titles:
            return True
    return any(marker in lowered for marker in markers.body)


def _paywalled(markers: _Markers, body: bytes) -> bool:
    head = body[:_PAYWALL_SCAN_BYTES]
    lowered = head.lower()
    marked = markers.not_free.search(lowered) is not None or any(
        marker in lowered for marker in markers.paywall
    )
    return marked and len(visible_text(head)) < markers.paywall_max_text


def visible_text(html: bytes) -> str:
    """The text a reader would see: markup, scripts and styles removed, spaces collapsed."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(["script", "style", "noscript", "template", "head"])
    root = tree.body or tree.root
    if root is None:
        return ""
    return _SPACE.sub(" ", root.text(separator=" ")).strip()
