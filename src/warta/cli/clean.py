"""``warta clean``: a scraped-text dump in, the cleaned text out, with an audit of every cut.

For corpus builders. Each document of the dump goes through plain-text extraction
(:func:`warta.news.plaintext.extract_text`): datelines, 'Baca juga' inserts, bylines,
notices, image residue and the section label come out, glued paragraphs are split again,
and what remains (title, lead and body, or the body alone with ``--body-only``) is written
back. With ``--audit``, one JSON line per document says what was taken out and why, so a
cleaning can be checked and, if need be, undone.

Dumps are JSONL (the text field is cleaned in each object) or plain text (documents at
blank lines, or one per line), read by :mod:`warta.cli.dumps`. A document that cannot be
cleaned (bad JSON, no text field, an internal error) is copied through unchanged and its
audit record has an ``error``; the run goes on. Memory stays flat: one document at a time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from warta.cli.dumps import Document, Split, open_dump, read_documents
from warta.cli.streams import silence_stdout, utf8_stdout
from warta.record import Article

__all__ = ["Cleaned", "TextFormat", "audit_record", "clean", "clean_document"]


class TextFormat(StrEnum):
    """The output formats of ``warta clean``."""

    TEXT = "text"
    JSONL = "jsonl"


@dataclass(slots=True)
class Cleaned:
    """One document after cleaning: its kept paragraphs and the audit of what went."""

    paragraphs: list[str]
    article: Article
    removed: list[dict[str, str]] = field(default_factory=list)


def clean_document(text: str, *, body_only: bool = False) -> Cleaned:
    """The paragraphs of ``text`` worth keeping, and what was taken out.

    The section label always goes (it is navigation, not prose); the title and the lead
    stay unless ``body_only``. Their removal is audited with the kinds ``section``,
    ``title`` and ``lead``, next to the news layer's own kinds.
    """
    # Imported here: it loads the extraction pipeline (see warta.extract.extract).
    from warta.news.plaintext import extract_text  # noqa: PLC0415

    article = extract_text(text)
    header = [("section", article.section)]
    header += [("title", article.title), ("lead", article.lead)]
    kept: list[str] = []
    removed: list[dict[str, str]] = []
    for kind, value in header:
        if not value:
            continue
        if kind == "section" or body_only:
            removed.append({"kind": kind, "text": value})
        else:
            kept.append(value)
    kept.extend(p.text for p in article.paragraphs)
    removed.extend({"kind": r.kind, "text": r.text} for r in article.removed)
    return Cleaned(kept, article, removed)


def audit_record(source: str, line: int, cleaned: Cleaned | None, error: str | None) -> str:
    """One audit line: where the document started, what was removed, what was found."""
    record: dict[str, Any] = {"source": source, "line": line}
    if cleaned is None:
        record["error"] = error
        return json.dumps(record, ensure_ascii=False)
    article = cleaned.article.to_dict()
    record["removed"] = cleaned.removed
    record["dateline"] = article["dateline"]
    record["related"] = article["related"]
    names = ("published", "republished_from", "attributions", "authors", "editors", "images")
    for name in names:
        if article[name]:
            record[name] = article[name]
    return json.dumps(record, ensure_ascii=False)


def _joiner(original: str) -> str:
    """Paragraph separator in the dump's own convention: blank lines, lines or spaces."""
    if "\n\n" in original:
        return "\n\n"
    return "\n" if "\n" in original else " "


class _Writer:
    """Writes documents in the chosen layout: cleaned ones, or failed ones unchanged.

    Text output separates documents by a blank line and paragraphs by a line break
    (``--split blank``), or writes one document per line with paragraphs joined by a space
    (``--split line``), so that the output reads back with the same ``--split``.
    """

    def __init__(self, out: TextIO, fmt: TextFormat, split: Split) -> None:
        self.out, self.fmt, self.split = out, fmt, split
        self._texts = 0

    def write(self, source: str, doc: Document, cleaned: Cleaned | None) -> None:
        if cleaned is None:
            self._unchanged(source, doc)
        elif self.fmt is TextFormat.JSONL:
            obj = dict(doc.obj) if doc.obj is not None else {"source": f"{source}:{doc.line}"}
            obj[doc.key or "text"] = _joiner(doc.text or "").join(cleaned.paragraphs)
            self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif cleaned.paragraphs:
            self._text((" " if self.split is Split.LINE else "\n").join(cleaned.paragraphs))

    def _unchanged(self, source: str, doc: Document) -> None:
        """A document that was not cleaned, copied so that no text is lost.

        A JSONL line is copied as it came (bad JSON included), which keeps the output's
        lines in step with the input's.
        """
        if self.fmt is TextFormat.JSONL and doc.raw is not None:
            self.out.write(doc.raw + "\n")
        elif self.fmt is TextFormat.JSONL and doc.text is not None:
            obj = {"source": f"{source}:{doc.line}", "text": doc.text}
            self.out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        elif self.fmt is TextFormat.TEXT and doc.text is not None:
            self._text(doc.text)

    def _text(self, text: str) -> None:
        if self._texts and self.split is Split.BLANK:
            self.out.write("\n")
        self.out.write(text + "\n")
        self._texts += 1


@dataclass(slots=True)
class _Tally:
    documents: int = 0
    removed: int = 0
    errors: int = 0

    def line(self, inputs: int) -> str:
        return (
            f"warta: {self.documents} document{'s' * (self.documents != 1)} cleaned from "
            f"{inputs} input{'s' * (inputs != 1)}: {self.removed} pieces removed, "
            f"{self.errors} error{'s' * (self.errors != 1)}"
        )


@contextmanager
def _open_out(path: Path | None, option: str) -> Iterator[TextIO | None]:
    """UTF-8 text to ``path`` (its folder created), None when there is no path."""
    if path is None:
        yield None
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise typer.BadParameter(f"cannot write {path}: {exc}", param_hint=option) from exc
    with handle:
        yield handle


class _WriteFailed(Exception):
    """Writing the output or the audit failed; kept apart from errors reading a dump."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _Run:
    """One ``warta clean`` run over its inputs: the output chosen with the first input."""

    def __init__(
        self, out: TextIO, audit: TextIO | None, fmt: TextFormat | None, options: _Options
    ) -> None:
        self.out, self.audit, self.fmt, self.options = out, audit, fmt, options
        self.tally = _Tally()
        self.writer: _Writer | None = None

    def input(self, name: str) -> None:
        """Clean one dump; a dump that cannot be read is audited and the run goes on."""
        try:
            with open_dump(name) as stream:
                self._documents(name, stream)
        except (OSError, EOFError) as exc:
            why = f"cannot read: {getattr(exc, 'strerror', None) or exc}"
            typer.echo(f"warta: {name}: {why}", err=True)
            self.tally.errors += 1
            self._audit(audit_record(name, 0, None, why))

    def _documents(self, name: str, stream: TextIO) -> None:
        opts = self.options
        kind, docs = read_documents(name, stream, split=opts.split, field=opts.field)
        if self.writer is None:
            self.writer = _Writer(self.out, self.fmt or TextFormat(kind.value), opts.split)
        for doc in docs:
            cleaned, error = self._clean(doc)
            try:
                self.writer.write(name, doc, cleaned)
                self._audit(audit_record(name, doc.line, cleaned, error))
                self.out.flush()
            except OSError as exc:  # not the dump's fault: the run cannot go on
                raise _WriteFailed(exc) from exc

    def _clean(self, doc: Document) -> tuple[Cleaned | None, str | None]:
        if doc.error is not None or doc.text is None:
            self.tally.errors += 1
            return None, doc.error
        try:
            cleaned = clean_document(doc.text, body_only=self.options.body_only)
        except Exception as exc:  # a cleaning bug must cost one document, not the run
            self.tally.errors += 1
            return None, f"internal error: {type(exc).__name__}: {exc}"
        self.tally.documents += 1
        self.tally.removed += len(cleaned.removed)
        return cleaned, None

    def _audit(self, line: str) -> None:
        if self.audit is not None:
            self.audit.write(line + "\n")


@dataclass(frozen=True, slots=True)
class _Options:
    split: Split
    field: str | None
    body_only: bool


def clean(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="Dumps to clean: JSONL (.jsonl, .ndjson, .json) or plain-text files, "
            "optionally gzipped, or - for standard input. The kind is read from the name, "
            "else from the first line ('{' starts JSONL).",
            show_default=False,
        ),
    ],
    *,
    fmt: Annotated[
        TextFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output: jsonl (each object with its text field cleaned) or text. "
            "Default: the kind of the first input.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", dir_okay=False, help="Write here, not to standard output."),
    ] = None,
    audit: Annotated[
        Path | None,
        typer.Option(
            "--audit",
            dir_okay=False,
            help="Write one JSON line per document here: its source and line, what was "
            "removed and why, the dateline, related links, and any error.",
        ),
    ] = None,
    field_name: Annotated[
        str | None,
        typer.Option(
            "--field", help="The JSONL field holding the text (default: 'text', else 'body')."
        ),
    ] = None,
    split: Annotated[
        Split,
        typer.Option(
            help="How a plain-text dump is cut into documents: at blank lines (paragraphs "
            "one per line), or one document per line."
        ),
    ] = Split.BLANK,
    body_only: Annotated[
        bool, typer.Option("--body-only", help="Drop the title and lead too, keep the body.")
    ] = False,
) -> None:
    """Clean scraped-text dumps for a corpus, with an audit of everything removed.

    Out go datelines, 'Baca juga' inserts, bylines, notices, image residue, section labels.
    Glued paragraphs are split again. Documents that cannot be cleaned are copied as is.
    """
    options = _Options(split, field_name, body_only)
    try:
        with ExitStack() as stack:
            out = stack.enter_context(_open_out(output, "--output")) or stack.enter_context(
                utf8_stdout()
            )
            audit_out = stack.enter_context(_open_out(audit, "--audit"))
            run = _Run(out, audit_out, fmt, options)
            for name in inputs:
                run.input(name)
    except _WriteFailed as failed:
        if isinstance(failed.cause, BrokenPipeError):  # the reader went away ('| head')
            silence_stdout()
            return
        typer.echo(f"warta: cannot write: {failed.cause}", err=True)
        raise typer.Exit(1) from failed
    typer.echo(run.tally.line(len(inputs)), err=True)
