"""Nothing is lost: every word shown inside the article container ends in the body or in
``removed``, over the real pages of the shared data."""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import warta
from warta.extract.body import CODE_TAGS, _container_blocks
from warta.extract.document import Page
from warta.extract.encoding import decode

WORD = re.compile(r"\w+")


def _words(texts: list[str]) -> Counter[str]:
    return Counter(w.lower() for text in texts for w in WORD.findall(text))


def _container_words(html: str) -> Counter[str]:
    page = Page.parse(html)
    page.tree.strip_tags(list(CODE_TAGS))
    root = page.tree.body
    assert root is not None
    blocks, start, end = _container_blocks(root)
    return _words([line for b in blocks[start:end] for line in b.lines])


def _check(raw: bytes, name: str) -> None:
    article = warta.extract(raw)
    if not article.provenance.get("body", "").startswith("container:"):
        return  # the body came from structured data or captions, not from a container
    shown = _container_words(decode(raw).text)
    kept = _words([article.body, *(r.text for r in article.removed)])
    lost = shown - kept
    assert not lost, f"{name}: words shown in the container but neither kept nor removed: {lost}"


def _id_news_pages(shared: Path) -> list[Path]:
    cases = json.loads((shared / "data" / "id-news" / "expected.json").read_text("utf-8"))
    return [shared / "data" / "id-news" / c["page"] for c in cases if c["expected"]]


@pytest.mark.slow
def test_id_news_pages_lose_nothing(shared_dir: Path) -> None:
    for path in _id_news_pages(shared_dir):
        _check(path.read_bytes(), path.name)


@pytest.mark.slow
def test_aeb_pages_lose_nothing(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "data" / "aeb" / "html").glob("*.html.gz"))[:60]:
        _check(gzip.decompress(path.read_bytes()), path.name)
