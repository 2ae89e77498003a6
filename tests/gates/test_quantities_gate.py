"""Quality gate for quantities: F1 on the hand-annotated gold must stay above the pinned floors.

The gold (``tests/data/quantities/{dev,test}.jsonl``) holds offsets into texts of ``../shared/data``;
floors and the gold's hash live in ``bench/quantities/floors.json``. Skipped when the shared data
is absent (a fresh clone); CI always has it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from tests.shared import SHARED  # noqa: E402
FLOORS = json.loads((ROOT / "bench" / "quantities" / "floors.json").read_text(encoding="utf-8"))
GOLD = ROOT / "tests" / "data" / "quantities"

pytestmark = pytest.mark.gate


def _require_shared() -> None:
    if not (SHARED / "data" / "fr_timebank").is_dir():
        pytest.skip(f"shared gold data not found at {SHARED}/data (set STORYLINE_SHARED to run the gate)")


def test_quantities_gate_gold_matches_pinned_hash():
    data = (GOLD / "dev.jsonl").read_bytes() + (GOLD / "test.jsonl").read_bytes()
    assert hashlib.sha256(data).hexdigest()[:16] == FLOORS["gold_sha256"], \
        "gold changed: re-measure and re-pin bench/quantities/floors.json"


def test_quantities_gate_gold_offsets_still_point_at_their_surfaces():
    _require_shared()
    from bench.quantities.corpus import canonical_text

    for split in ("dev", "test"):
        for line in (GOLD / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            assert canonical_text(r["corpus"], r["file"])[r["start"]:r["end"]] == r["text"], r


@pytest.mark.parametrize("split", ["dev", "test"])
def test_quantities_gate_f1_above_floors(split):
    _require_shared()
    from bench.quantities.report import evaluate, row

    counts = evaluate("storyline", split)
    assert counts is not None
    for lang, floors in FLOORS[split].items():
        got = row(counts[lang])
        for metric, floor in floors.items():
            assert got[metric] >= floor, f"{split}/{lang} {metric} {got[metric]} < floor {floor}"
