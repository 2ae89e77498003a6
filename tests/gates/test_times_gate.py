"""Quality gate: time-expression F1 on fixed held-out TimeML subsets must not fall below the floors.

Floors live in bench/times/floors.json (re-pinned only on purpose with
``python -m bench.times.gate --write``). Skips when the gold data (../shared/data) is absent.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.shared import SHARED  # noqa: E402
FLOORS = Path(__file__).resolve().parents[2] / "bench" / "times" / "floors.json"


def _entries() -> list[dict]:
    return json.loads(FLOORS.read_text())


@pytest.mark.gate
@pytest.mark.parametrize("entry", _entries(), ids=lambda e: f"{e['corpus']}-{e['part']}")
def test_times_gate_floors(entry: dict, monkeypatch: pytest.MonkeyPatch):
    if not (SHARED / "data").is_dir():
        pytest.skip(f"gold data not found at {SHARED / 'data'} (set STORYLINE_SHARED to run the gate)")
    monkeypatch.setenv("STORYLINE_SHARED", str(SHARED))
    from bench.times.gate import corpus_hash, measure, subset_files

    files = subset_files(entry)
    assert files, f"no files for {entry['corpus']} in {SHARED}"
    assert corpus_hash(files) == entry["sha256"], "gate corpus changed: re-measure and re-pin on purpose"
    measured = measure(entry)
    below = {m: (measured[m], floor) for m, floor in entry["floors"].items() if measured[m] < floor}
    assert not below, f"{entry['corpus']}: below floor (measured, floor): {below}"
