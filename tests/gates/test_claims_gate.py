"""Quality gate for claims: storyline's claims against the hand-annotated claims gold.

The gold (``tests/data/claims/{dev,test,pairs}.jsonl``) holds offsets into texts of ``../shared/data``;
floors (measured minus 3 points) and the gold's hash live in ``bench/claims/floors.json``. Skipped
when the shared data is absent (a fresh clone); CI always has it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from tests.shared import SHARED  # noqa: E402
FLOORS = json.loads((ROOT / "bench" / "claims" / "floors.json").read_text(encoding="utf-8"))
GOLD = ROOT / "tests" / "data" / "claims"

pytestmark = pytest.mark.gate


def _require_shared() -> None:
    if not (SHARED / "data" / "timeline17").is_dir():
        pytest.skip(f"shared gold data not found at {SHARED}/data (set STORYLINE_SHARED to run the claims gate)")


def test_claims_gate_gold_matches_pinned_hash():
    data = b"".join((GOLD / f"{name}.jsonl").read_bytes() for name in ("dev", "test", "pairs"))
    assert hashlib.sha256(data).hexdigest()[:16] == FLOORS["gold_sha256"], \
        "claims gold changed: re-measure and re-pin bench/claims/floors.json"


def test_claims_gate_scorer_matches_by_figure_span():
    from bench.claims.score import score_doc
    from bench.claims.systems import Predicted

    gold = [{"kind": "quantity", "claim": True, "start": 10, "end": 16, "subject": "ATACMS", "subject_start": 0,
             "subject_end": 6, "attribute": "range", "time": "2024-04-24"},
            {"kind": "quantity", "claim": False, "start": 30, "end": 35}]
    pred = [Predicted(12, 16, "quantity", "ATACMS", 0, 6, "range", "2024-04-24"),
            Predicted(30, 33, "quantity", "US", 20, 22, "count", "2024-04-24")]
    c = score_doc(pred, gold, "quantity")
    assert (c.gold, c.pred, c.tp, c.subject, c.attribute, c.time) == (1, 2, 1, 1, 1, 1)
    assert [e[0] for e in c.errors] == ["not a claim"]


def test_claims_gate_gold_offsets_still_point_at_their_surfaces():
    _require_shared()
    from bench.claims.corpus import canonical_text

    for split in ("dev", "test"):
        for line in (GOLD / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if r["kind"] == "doc":
                continue
            text = canonical_text(r["corpus"], r["file"])
            assert text[r["start"]:r["end"]] == r["text"], r
            if r.get("subject"):
                assert text[r["subject_start"]:r["subject_end"]] == r["subject"], r
    for line in (GOLD / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        for ref in (r["a"], r["b"]):
            assert canonical_text(ref["corpus"], ref["file"])[ref["start"]:ref["end"]] == ref["text"], r["id"]


@pytest.mark.parametrize("split", ["dev", "test"])
def test_claims_gate_above_floors(split):
    _require_shared()
    from bench.claims.report import headline

    got = headline(split)
    below = {m: (got[m], floor) for m, floor in FLOORS[split].items() if got[m] < floor}
    assert not below, f"claims {split}: below floor (measured, floor): {below}"
