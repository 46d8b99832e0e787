"""Writers that stream article records out in the CLI's formats, one record at a time.

A writer holds nothing but the stream it writes to, so memory stays flat however many
pages go through. The JSON formats carry error records like any other; the reading
formats (markdown, text) have nowhere to put them and report them on stderr instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import StrEnum
from typing import TextIO

from warta.record import Article

__all__ = ["Format", "Writer", "to_markdown", "to_text"]

# Markdown prefix of each paragraph kind of the record contract; plain paragraphs have none.
_MARKDOWN_PREFIX = {"heading": "## ", "list-item": "- ", "quote": "> "}


class Format(StrEnum):
    """The output formats of ``warta extract``."""

    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"
    TEXT = "text"


class Writer:
    """Writes records to ``out`` as they come; :meth:`close` ends the document.

    ``single`` asks the JSON format for one bare object instead of an array (the command
    had one input). ``on_error`` receives the records the format cannot show.
    """

    def __init__(
        self,
        out: TextIO,
        fmt: Format,
        *,
        single: bool = False,
        on_error: Callable[[Article], None] | None = None,
    ) -> None:
        self._out = out
        self._fmt = fmt
        self._single = single and fmt is Format.JSON
        self._on_error = on_error
        self._written = 0

    def write(self, article: Article) -> None:
        """Write one record and flush, so a reader downstream sees it at once."""
        if self._fmt in (Format.JSON, Format.JSONL):
            self._write_json(article)
        elif article.error is not None:
            if self._on_error is not None:
                self._on_error(article)
            return
        else:
            markdown = self._fmt is Format.MARKDOWN
            if self._written:
                self._out.write("\n---\n\n" if markdown else "\n")
            self._out.write(to_markdown(article) if markdown else to_text(article))
        self._written += 1
        self._out.flush()

    def close(self) -> None:
        """Finish the document (the JSON array's closing bracket) and flush."""
        if self._fmt is Format.JSON and not self._single:
            self._out.write("\n]\n" if self._written else "[]\n")
        self._out.flush()

    def _write_json(self, article: Article) -> None:
        line = json.dumps(article.to_dict(), ensure_ascii=False)
        if self._fmt is Format.JSONL or self._single:
            self._out.write(line + "\n")
        else:
            self._out.write(("[\n" if not self._written else ",\n") + line)


def to_markdown(article: Article) -> str:
    """The record as a Markdown document: title, a metadata list, then the body."""
    blocks: list[str] = []
    if article.title:
        blocks.append(f"# {article.title}")
    meta = _metadata_lines(article)
    if meta:
        blocks.append("\n".join(meta))
    previous = ""
    for paragraph in article.paragraphs:
        line = _MARKDOWN_PREFIX.get(paragraph.kind, "") + paragraph.text
        # Consecutive list items form one tight list rather than one list per item.
        if paragraph.kind == previous == "list-item":
            blocks[-1] += "\n" + line
        else:
            blocks.append(line)
        previous = paragraph.kind
    return "\n\n".join(blocks) + "\n"


def _metadata_lines(article: Article) -> list[str]:
    fields = (
        ("Outlet", article.outlet),
        ("Authors", ", ".join(article.authors) or None),
        ("Published", article.published.isoformat() if article.published else None),
        ("URL", article.url or article.canonical_url),
    )
    return [f"- {label}: {value}" for label, value in fields if value]


def to_text(article: Article) -> str:
    """The record as plain text: the title, a blank line, then the body."""
    parts = [p for p in (article.title, article.body) if p]
    return "\n\n".join(parts) + "\n"
