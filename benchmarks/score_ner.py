"""Score the shipped entity tagger as the issue asks: through `warta tag --conll`.

Runs the real command on a CoNLL file (default: NER UI test.01, the issue's target,
which the shipped model never trained on), reads its output back and prints entity-level
micro precision, recall and F1 (exact span and type, as conlleval counts them).

    python3 benchmarks/score_ner.py
    python3 benchmarks/score_ner.py --gold ../shared/data/ner-id/nerugm/test.02.tsv
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from common import shared_dir  # benchmarks/common.py, beside this script

from warta.enrich.ner.score import micro_f1, parse_conll


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", help="a CoNLL file (token<TAB>tag); default NER UI test.01")
    parser.add_argument("--shared", help="the shared data folder (default: ../shared)")
    args = parser.parse_args()
    gold_path = Path(args.gold or shared_dir(args.shared) / "data/ner-id/nerui/test.01.tsv")
    done = subprocess.run(
        [sys.executable, "-m", "warta", "tag", "--conll", str(gold_path)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    lines = gold_path.read_text(encoding="utf-8").splitlines()
    gold = [[tag for _, tag in sentence] for sentence in parse_conll(lines)]
    pred = [[tag for _, tag in sentence] for sentence in parse_conll(done.stdout.splitlines())]
    precision, recall, f1 = micro_f1(gold, pred)
    print(f"{gold_path}: {len(gold)} sentences")
    print(f"micro P {precision:.2f}  R {recall:.2f}  F1 {f1:.2f} (issue target: F1 >= 86)")


if __name__ == "__main__":
    main()
