"""How far a partitioned run has read its input: the pieces of real WARC files, and the
shares a real run reports as its workers take them."""

from __future__ import annotations

import gzip
import os
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from warta.runners.local import RunOptions
from warta.runners.partition_worker import PartitionJob
from warta.runners.partitioned import run_partitioned
from warta.runners.progress import PieceProgress
from warta.sources import SourceOptions

PARA = "Paragraf {i} berita {n}: hujan deras sejak pagi membuat sungai di tengah kota meluap."


def write_warc(path: Path, count: int) -> None:
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(count):
            body = "".join(f"<p>{PARA.format(i=i, n=n)}</p>" for i in range(5))
            html = f"<html><body><h1>Berita {n}</h1><article>{body}</article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                f"https://kabar.example/{n}",
                "response",
                payload=BytesIO(html.encode()),
                http_headers=headers,
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload into a temporary file


def job(specs: list[Path], workers: int = 2) -> PartitionJob:
    return PartitionJob(
        specs=tuple(str(spec) for spec in specs),
        db="unused.db",
        index=0,
        count=workers,
        options=RunOptions(workers=workers),
        source_options=SourceOptions(),
    )


def test_the_pieces_of_warc_files_cover_their_bytes(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", 30)
    write_warc(tmp_path / "b.warc.gz", 10)
    progress = PieceProgress.plan(job([tmp_path / "*.warc.gz"]))
    assert progress is not None
    sizes = sum(os.path.getsize(tmp_path / name) for name in ("a.warc.gz", "b.warc.gz"))
    assert progress.total == sizes and len(progress.sizes) > 2


def test_gzipped_dumps_read_whole_count_their_bytes(tmp_path: Path) -> None:
    for n in range(8):  # PIECES_PER_WORKER a worker: each dump read whole by one worker
        (tmp_path / f"{n}.jsonl.gz").write_bytes(gzip.compress(b'{"html": "<p>a</p>"}\n' * n))
    dumps = sorted(tmp_path.glob("*.jsonl.gz"))
    progress = PieceProgress.plan(job(dumps))
    assert progress is not None
    assert progress.sizes == [os.path.getsize(path) for path in dumps]
    assert PieceProgress.plan(job(dumps, workers=3)) is None  # too few: shared by row


def test_inputs_shared_out_by_document_give_no_estimate(tmp_path: Path) -> None:
    write_warc(tmp_path / "a.warc.gz", 10)
    (tmp_path / "page.html").write_text("<p>halaman</p>", encoding="utf-8")
    whole = tmp_path / "whole.warc.gz"  # gzipped as one stream: cannot be cut
    whole.write_bytes(gzip.compress(gzip.decompress((tmp_path / "a.warc.gz").read_bytes())))
    assert PieceProgress.plan(job([tmp_path / "a.warc.gz", tmp_path / "page.html"])) is None
    assert PieceProgress.plan(job([whole])) is None
    assert PieceProgress.plan(job([tmp_path / "missing.warc.gz"])) is None


def test_pieces_count_when_finished_and_half_while_read() -> None:
    progress = PieceProgress([100, 100, 200, 100])
    assert progress.fraction() == 0
    progress.taken(0, 0)
    progress.taken(1, 1)
    assert progress.fraction() == pytest.approx(100 / 500)  # two halves
    progress.taken(0, 2)  # worker 0 finished piece 0
    assert progress.fraction() == pytest.approx((100 + 50 + 100) / 500)
    progress.taken(1, 4)  # past the last piece: none left for worker 1
    progress.finished(1)
    assert progress.fraction() == pytest.approx((200 + 100) / 500)
    progress.taken(0, 3)
    progress.finished(0)
    assert progress.fraction() == 1.0


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_reports_its_share_read_growing_to_the_whole(tmp_path: Path, workers: int) -> None:
    write_warc(tmp_path / "crawl.warc.gz", 60)
    shares: list[float] = []
    summary = run_partitioned(
        [str(tmp_path / "crawl.warc.gz")],
        tmp_path / "w.db",
        RunOptions(workers=workers),
        on_progress=shares.append,
    )
    assert summary.outcomes == {"ok": 60}
    assert len(shares) > 4 and shares == sorted(shares)
    assert shares[-1] == 1.0 and 0 < shares[0] < 1


def test_pieces_stored_whole_before_leave_the_input() -> None:
    progress = PieceProgress([100, 100, 200, 100])
    progress.taken(0, 0)
    progress.passed(0, 0)  # stored whole by an earlier run: passed over unread
    progress.taken(0, 1)
    progress.finished(0)
    assert progress.fraction() == pytest.approx(100 / 400)
    for piece in (2, 3):
        progress.taken(0, piece)
        progress.passed(0, piece)
    assert progress.fraction() == 1.0
    progress.passed(1, 1)  # every piece passed over: the whole was read
    assert progress.total == 0 and progress.fraction() == 1.0


def test_a_run_with_every_piece_stored_before_reports_the_whole_read(tmp_path: Path) -> None:
    """A second run over a WARC stored whole passes every piece over unread, leaving
    nothing to read: the share it reports still ends at the whole."""
    write_warc(tmp_path / "crawl.warc.gz", 40)
    specs, db = [str(tmp_path / "crawl.warc.gz")], tmp_path / "w.db"
    run_partitioned(specs, db, RunOptions(workers=2))
    shares: list[float] = []
    summary = run_partitioned(specs, db, RunOptions(workers=2), on_progress=shares.append)
    assert summary.processed == 0 and summary.skipped == 40
    assert shares and shares[-1] == 1.0
