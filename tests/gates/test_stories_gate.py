"""Quality gate: story linking must not fall below the floors in bench/stories/floors.json.

Two small fixed subsets (bench/stories/gate.py): SemEval-2022 task 8 held-out en/fr pairs
(Pearson with -Overall) and a small clustering stream of held-out gold stories (B-cubed F1).
Floors are re-pinned only on purpose with ``python bench/stories/gate.py --write``.
Skips when the gold data (../shared/data) is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from tests.shared import SHARED  # noqa: E402
FLOORS = ROOT / "bench" / "stories" / "floors.json"


@pytest.mark.gate
@pytest.mark.parametrize("measure", sorted(json.loads(FLOORS.read_text())["floors"]))
def test_stories_gate_floor(measure: str, monkeypatch: pytest.MonkeyPatch):
    if not (SHARED / "data").is_dir():
        pytest.skip(f"gold data not found at {SHARED / 'data'} (set STORYLINE_SHARED to run the gate)")
    monkeypatch.setenv("STORYLINE_SHARED", str(SHARED))
    from bench.stories import gate

    floor = json.loads(FLOORS.read_text())["floors"][measure]
    value = gate.MEASURES[measure]()
    assert value >= floor, f"{measure} {value:.3f} fell below its floor {floor}"
