"""Gate: the two sample reports (../shared/samples) give the analyst's timeline and claims.

French report of 2024-04-24 and English one of 2024-11-18 about ATACMS missiles: the merged
timeline must hold the dated facts an analyst would list, each at its own granularity, and the
range claims must agree. Uses the real extractors end to end, so it moves with them; general
rules only (the samples are never special-cased). Skipped when shared/ is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storyline.present.claims import find_claims
from storyline.present.timeline import build_timeline

ROOT = Path(__file__).resolve().parents[2]
from tests.shared import SHARED  # noqa: E402
SAMPLES = (("000_789a309e50bf0c45.txt", "fr", "2024-04-24"), ("004_e794fb69b7d8e685.txt", "en", "2024-11-18"))

pytestmark = pytest.mark.gate


@pytest.fixture(scope="module")
def items():
    folder = SHARED / "samples"
    if not folder.is_dir():
        pytest.skip(f"sample articles not found at {folder} (set STORYLINE_SHARED)")
    from storyline.pipeline import extract_text

    return [extract_text((folder / name).read_text(encoding="utf-8"), lang=lang, published=pub, origin=name)
            for name, lang, pub in SAMPLES]


def test_samples_gate_timeline_reads_like_an_analyst(items):
    tl = build_timeline(items)
    got = {(e.date, e.dated_by) for e in tl.entries}
    expected = {("2022-02", "text"), ("2023-10", "text"), ("2024-02", "text"), ("2024-03-12", "text"),
                ("2024-04", "text"), ("2024-11-18", "published"), ("2025-01-20", "text")}
    assert expected <= got, f"missing: {sorted(expected - got)}"
    labels = [e.label for e in tl.entries if e.dated_by == "text"]
    assert labels.index("February 2022") < labels.index("October 2023") < labels.index("April 2024")
    assert labels.index("April 2024") < labels.index("20 January 2025")


def test_samples_gate_range_claims_agree_across_languages(items):
    groups = [g for g in find_claims(items) if g.attribute == "range"]
    assert groups and groups[0].subject == "ATACMS" and groups[0].verdict == "agree"
    assert {c.language for c in groups[0].claims} == {"fr", "en"}
