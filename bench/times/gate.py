"""Quality gate for time expressions: measured figures vs the floors pinned in floors.json.

    python -m bench.times.gate            # measure the gate subsets, compare with the floors
    python -m bench.times.gate --write    # re-pin: floors = measured - MARGIN (do it on purpose)

The gate subsets are fixed and small enough for CI (< 90 s): French TimeBank's held-out split
(every 5th file) and the first 25 files of TBAQ's held-out split. Each entry records the SHA-256
of its files, so a changed corpus is reported instead of silently moving the numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path
from typing import Any

from bench.times import corpus as C
from bench.times.report import evaluate

FLOORS = Path(__file__).with_name("floors.json")
MARGIN = 2.0  # points below the measured value: room for spaCy/platform noise, not for regressions
METRICS = ("strict_F1", "relaxed_F1", "value_F1")
SUBSETS: list[dict[str, Any]] = [
    {"corpus": "fr_timebank", "part": "test", "limit": None},
    {"corpus": "tbaq", "part": "test", "limit": 25},
]


def subset_files(entry: dict) -> list[Path]:
    return C.split(C.files(entry["corpus"]), entry["part"])[: entry["limit"]]


def corpus_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def measure(entry: dict) -> dict[str, float]:
    counts, _, _ = evaluate(entry["corpus"], entry["part"], "storyline", entry["limit"])
    table = counts.table()
    return {m: round(table[m], 1) for m in METRICS}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="re-pin the floors from this measurement")
    args = ap.parse_args(argv)
    pinned = []
    for entry in SUBSETS:
        measured = measure(entry)
        row = {**entry, "sha256": corpus_hash(subset_files(entry)), "measured": measured,
               "floors": {m: round(v - MARGIN, 1) for m, v in measured.items()}}
        pinned.append(row)
        print(json.dumps(row))
    if args.write:
        FLOORS.write_text(json.dumps(pinned, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
