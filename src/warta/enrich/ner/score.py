"""Entity-level scoring of BIO tag sequences, the way conlleval counts.

An entity is a maximal chunk of one type: it starts at ``B-X``, or at ``I-X`` that does
not continue a chunk of type ``X`` (conlleval's lenient reading of a stray ``I-``), and
ends before the next tag that is not ``I-X``. A predicted entity counts as correct only
when its start, end and type all equal a gold entity's. Precision, recall and F1 are
micro-averaged over all entities of all sentences, in percent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

__all__ = ["chunks", "micro_f1", "read_conll"]


def _split(tag: str) -> tuple[str, str]:
    if tag == "O" or "-" not in tag:
        return "O", ""
    prefix, _, kind = tag.partition("-")
    return prefix, kind


def chunks(tags: Sequence[str]) -> set[tuple[int, int, str]]:
    """The ``(start, end, type)`` entities of one sentence's tags (``end`` exclusive)."""
    found: set[tuple[int, int, str]] = set()
    if tags.count("O") == len(tags):
        return found  # most sentences name nothing
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        # "O" is most tags: read without a call to _split().
        prefix, tag_kind = ("O", "") if tag == "O" else _split(tag)
        continues = prefix == "I" and tag_kind == kind and start >= 0
        if start >= 0 and not continues:
            found.add((start, i, kind))
            start, kind = -1, ""
        if prefix in {"B", "I"} and not continues:
            start, kind = i, tag_kind
    return found


def micro_f1(
    gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]
) -> tuple[float, float, float]:
    """Micro precision, recall and F1 (percent) of ``pred`` against ``gold``.

    Both are lists of sentences, each a list of BIO tags; sentences must align.
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted")
    correct = n_gold = n_pred = 0
    for gold_tags, pred_tags in zip(gold, pred, strict=True):
        if len(gold_tags) != len(pred_tags):
            raise ValueError("a gold and a predicted sentence differ in length")
        gold_chunks, pred_chunks = chunks(gold_tags), chunks(pred_tags)
        correct += len(gold_chunks & pred_chunks)
        n_gold += len(gold_chunks)
        n_pred += len(pred_chunks)
    precision = 100.0 * correct / n_pred if n_pred else 0.0
    recall = 100.0 * correct / n_gold if n_gold else 0.0
    total = precision + recall
    f1 = 2 * precision * recall / total if total else 0.0
    return precision, recall, f1


def parse_conll(lines: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """Sentences of ``(token, tag)`` from CoNLL lines: first column token, last column tag.

    Blank lines separate sentences; a line with a single column gets the tag ``O``.
    """
    sentence: list[tuple[str, str]] = []
    for line in lines:
        columns = line.split()
        if not columns:
            if sentence:
                yield sentence
            sentence = []
            continue
        sentence.append((columns[0], columns[-1] if len(columns) > 1 else "O"))
    if sentence:
        yield sentence


def read_conll(path: Path | str) -> list[list[tuple[str, str]]]:
    """All sentences of a CoNLL file as lists of ``(token, tag)``."""
    with open(path, encoding="utf-8") as handle:
        return list(parse_conll(handle))
