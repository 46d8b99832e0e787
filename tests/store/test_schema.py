"""The schema as data and the pure row rules: keys, content hashes, rejections."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime

import pytest

from warta.record import Article, Paragraph, Related, Removed
from warta.store.schema import (
    HASHED_FIELDS,
    MIGRATIONS,
    NO_TEXT_REASON,
    Migration,
    PreparedRow,
    article_key,
    content_hash,
    pending,
    prepare_row,
    ready_to_store,
    record_json,
    rejection,
)


def _article(**fields: object) -> Article:
    base: dict[str, object] = {
        "source": "pages/a.html",
        "url": "https://news.example.id/a?utm=x",
        "canonical_url": "https://news.example.id/a",
        "title": "Banjir di Jakarta",
        "published": datetime(2024, 1, 2, 3, 4, tzinfo=UTC),
        "paragraphs": [Paragraph("paragraph", "Hujan deras sejak pagi.")],
    }
    return Article(**(base | fields))  # type: ignore[arg-type]


def test_migrations_are_numbered_from_one_without_gaps() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.name and (m.statements or m.backfill) for m in MIGRATIONS)


def test_every_migration_statement_runs_on_a_fresh_database() -> None:
    conn = sqlite3.connect(":memory:")
    try:
        for migration in MIGRATIONS:
            for statement in migration.statements:
                conn.execute(statement)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert {"articles", "article_versions", "inputs", "rejected", "articles_stem"} <= names
    # Migration 4 drops the unstemmed index of migration 2, with its view and triggers.
    assert not {n for n in names if n.startswith("articles_fts") or n == "article_text"}


def test_pending_skips_applied_and_sorts_by_version() -> None:
    done = {m.version for m in MIGRATIONS}
    extra = Migration(version=len(MIGRATIONS) + 7, name="later", statements=("SELECT 1",))
    early = Migration(version=len(MIGRATIONS) + 1, name="earlier", statements=("SELECT 1",))
    todo = pending(done, [*MIGRATIONS, extra, early])
    assert [m.version for m in todo] == [early.version, extra.version]
    assert pending(done, MIGRATIONS) == []
    assert [m.version for m in pending(set(), MIGRATIONS)] == sorted(done)


def test_key_prefers_canonical_then_url_then_source() -> None:
    assert article_key(_article(), "s") == "https://news.example.id/a"
    assert article_key(_article(canonical_url=None), "s") == "https://news.example.id/a?utm=x"
    assert article_key(_article(canonical_url=None, url=None), "dump.jsonl:7") == "dump.jsonl:7"


def test_hash_ignores_how_the_page_was_found() -> None:
    one = _article().to_dict()
    other = _article(
        source="crawl.warc.gz@1234",
        url="https://m.news.example.id/a",
        provenance={"title": "h1"},
        related=[Related("Baca juga", "https://news.example.id/b")],
        removed=[Removed("advertisement", "Iklan")],
    ).to_dict()
    assert content_hash(one) == content_hash(other)
    assert len(content_hash(one)) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Banjir surut di Jakarta"},
        {"paragraphs": [Paragraph("paragraph", "Hujan deras sejak malam.")]},
        {"authors": ["Budi"]},
        {"published": datetime(2024, 1, 2, 5, 0, tzinfo=UTC)},
    ],
)
def test_hash_changes_with_the_content(change: dict[str, object]) -> None:
    assert content_hash(_article().to_dict()) != content_hash(_article(**change).to_dict())


def test_the_hash_leaves_out_the_languages_enrichment_decides() -> None:
    plain = _article().to_dict()
    detected = _article(
        language="id", paragraphs=[Paragraph("paragraph", "Hujan deras sejak pagi.", "id")]
    ).to_dict()
    assert content_hash(plain) == content_hash(detected)
    reworded = _article(paragraphs=[Paragraph("paragraph", "Hujan deras sejak malam.", "id")])
    assert content_hash(reworded.to_dict()) != content_hash(detected)


def _canonical_hash(record: dict[str, object]) -> str:
    """The hash as defined: sha256 of json's sorted, compact, UTF-8 form of the fields,
    paragraphs without their languages."""
    content = {name: record.get(name) for name in HASHED_FIELDS}
    paragraphs = content.get("paragraphs")
    assert isinstance(paragraphs, list)
    content["paragraphs"] = [{k: v for k, v in p.items() if k != "language"} for p in paragraphs]
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Every code point outside the surrogates, in chunks: quotes, backslashes, control
# characters (escaped), DEL, non-ASCII scripts, U+2028 and astral characters.
_ALL_TEXT = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


@pytest.mark.parametrize("start", range(0, len(_ALL_TEXT), 65_536))
def test_the_hash_is_that_of_the_canonical_json_for_any_text(start: int) -> None:
    text = _ALL_TEXT[start : start + 65_536]
    record = _article(title=text, tags=[text[:50], "b", "a"], authors=[]).to_dict()
    record["outlet"] = {"z": [1, -(2**63), None, True], "\u00e9": text[-9:]}  # nesting
    assert content_hash(record) == _canonical_hash(record)


def test_what_orjson_refuses_is_hashed_and_stored_as_json_writes_it() -> None:
    record = _article().to_dict() | {"section": 2**80}  # past 64 bits
    assert content_hash(record) == _canonical_hash(record)
    assert json.loads(record_json(record)) == record


def test_the_stored_record_json_reads_back_as_the_record() -> None:
    record = _article(title='Kata "kutip" \\ dan\nbaris\u2028 — é 🙂').to_dict()
    assert json.loads(record_json(record)) == record


def test_rejection_reason_is_the_error_prefix() -> None:
    message = "timeout: extraction took over 30 s (source=a.html)"
    assert rejection(_article(error=message)) == ("timeout", message)
    assert rejection(_article(error="something odd happened")) == (
        "error",
        "something odd happened",
    )
    assert rejection(_article()) is None


def test_a_page_without_text_is_rejected_not_stored_empty() -> None:
    reason, message = rejection(_article(paragraphs=[])) or ("", "")
    assert reason == NO_TEXT_REASON
    assert message
    assert rejection(_article(paragraphs=[Paragraph("paragraph", "  ")])) is not None


def test_prepare_row_serialises_once_and_fails_on_unserialisable_records() -> None:
    row = prepare_row("pages/a.html", _article())
    assert row.key == "https://news.example.id/a"
    assert '"Banjir di Jakarta"' in row.text
    assert row.digest == content_hash(row.record)
    with pytest.raises(TypeError):
        prepare_row("x", _article(provenance={"title": object()}))


def test_a_worker_prepares_the_row_with_its_search_text() -> None:
    row = ready_to_store("pages/a.html", _article(language="id"))
    assert isinstance(row, PreparedRow)
    assert row.source == "pages/a.html"
    assert row.digest == content_hash(row.record)
    assert row.analysed is not None
    title, _lead, body = row.analysed
    assert title == "banjir jakarta"  # 'di' is a stop word
    assert "deras" in body.split()


def test_what_the_store_keeps_as_rejected_goes_back_as_the_article() -> None:
    failed = _article(error="not-html: image/png")
    assert ready_to_store("x", failed) is failed
    empty = _article(paragraphs=[])
    assert ready_to_store("x", empty) is empty
    # A record JSON refuses goes back whole: the store records why it cannot keep it.
    unserialisable = _article(provenance={"title": object()})
    assert ready_to_store("x", unserialisable) is unserialisable


def test_only_indonesian_or_unknown_language_text_is_stemmed_for_search() -> None:
    text = [Paragraph("paragraph", "Menteri membahas anggaran; the minister was meeting.")]
    for language, stemmed in (("id", True), ("ms", True), (None, True), ("en", False)):
        row = ready_to_store("x", _article(language=language, paragraphs=text))
        assert isinstance(row, PreparedRow) and row.analysed is not None
        words = row.analysed[2].split()
        assert ("bahas" in words) is stemmed, language
        assert ("membahas" in words) is not stemmed, language
