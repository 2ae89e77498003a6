"""Quality gate for quotations: content F1 (0.3 overlap) and speaker accuracy must not fall below
the floors in bench/quotes/floors.json.

English runs on the first PolNeAR dev documents, read in place from ../shared (skipped with a
message when that folder is absent, as in a fresh clone); French runs on our hand-annotated
French TimeBank set in tests/data/fr_quotes (in the repository, always available).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
from tests.shared import SHARED  # noqa: E402
FLOORS = json.loads((REPO / "bench" / "quotes" / "floors.json").read_text(encoding="utf-8"))
sys.path.insert(0, str(REPO))


def _check(corpus: str, rows: dict) -> None:
    floor = FLOORS["floors"][corpus]
    got = rows["storyline"]
    assert got["F1"] >= floor["F1"], f"{corpus}: content F1 {got['F1']} < floor {floor['F1']}"
    assert (
        got["speaker_acc"] >= floor["speaker_acc"]
    ), f"{corpus}: speaker acc {got['speaker_acc']} < {floor['speaker_acc']}"
    assert got["F1"] > rows["baseline"]["F1"], f"{corpus}: no better than the quotation-mark baseline"


@pytest.mark.gate
def test_quotes_gate_polnear_dev_subset() -> None:
    if not (SHARED / "data" / "polnear" / "data" / "dev").is_dir():
        pytest.skip(f"PolNeAR not found under {SHARED}/data/polnear (set STORYLINE_SHARED); gate skipped")
    from bench.quotes.run import evaluate

    n = FLOORS["polnear_dev_docs"]
    _check("polnear-dev", evaluate("polnear-dev", 0, n))


@pytest.mark.gate
@pytest.mark.parametrize("split", ["fr-dev", "fr-test"])
def test_quotes_gate_french(split: str) -> None:
    from bench.quotes.run import evaluate

    gold = REPO / "tests" / "data" / "fr_quotes" / f"{split.split('-')[1]}.json"
    digest = hashlib.sha256(gold.read_bytes()).hexdigest()[:16]
    assert (
        digest == FLOORS["fr_gold_sha256"][split]
    ), f"{gold.name} changed: re-measure and update floors.json"
    _check(split, evaluate(split))
