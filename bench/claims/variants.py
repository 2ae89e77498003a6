"""What-if runs of the error analysis's suggested rules, on dev only: how much each would gain.

    python -m bench.claims.variants          # dev figures of storyline as is and under each variant

The variants patch ``storyline.present.claims`` in this process only (``unittest.mock``); the
package is not changed, and the lead decides what to adopt. Each is the smallest version of a
suggestion in README.md ("Suggested rule changes"):

- ``speaker``: a quoted speaker may be a subject, ranked after every non-speaker at the same
  sentence distance (a company reporting its own results is what its figures are about);
- ``labels``: LOC, GPE, PER and NORP names may be subjects, after MISC and ORG;
- ``units``: units with no attribute today (FRF, CAD, ft, mm, cm, lb, bar) get one, and
  ``killing`` is a casualty cue (``loss of`` was tried: it turns ``net loss of $5.1 million`` into casualties);
- ``fallback``: a figure with no subject within the window takes the report's most mentioned
  MISC/ORG thing (quantity claims only), so a story's figures meet under its main thing;
- ``all``: speaker, labels and units together; ``all+fallback``: the four.
"""

from __future__ import annotations

import argparse
import contextlib
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from storyline.model import EntityMention, Extraction
from storyline.present import claims as C
from storyline.present.timeline import fold

EXTRA_UNITS = {"FRF": "amount", "CAD": "amount", "ft": "distance", "mm": "distance", "cm": "distance",
               "in": "distance", "lb": "mass", "bar": "other"}
EXTRA_CUES = {"en": {"casualties": ["killing"]}, "fr": {}}  # not "loss of": "net loss of $5.1 million"
WIDE_LABELS = ("MISC", "ORG", "LOC", "GPE", "PER", "NORP")


def _sources(ex: Extraction) -> tuple[list[tuple[int, int]], set[str]]:
    spans = [(q.speaker.start, q.speaker.end) for q in ex.quotes if q.speaker is not None]
    names = {fold(q.speaker_name) for q in ex.quotes if q.speaker_name} | {
        q.speaker_entity for q in ex.quotes if q.speaker_entity}
    return spans, names


def _subject_speaker_last(ex: Extraction, things: list[EntityMention], positions: dict[int, int], sent: int,
                          window: int = 1, labels: tuple[str, ...] | None = None) -> EntityMention | None:
    """``claims._subject`` with speakers kept but ranked after non-speakers at the same distance."""
    labels = labels or C.SUBJECT_LABELS
    spans, names = _sources(ex)
    counts: dict[str, int] = defaultdict(int)
    for e in things:
        counts[fold(e.name or e.text)] += 1
    best, best_key = None, None
    for e in things:
        i = C._sentence_index(ex, e.start)
        if e.label not in labels or i is None:
            continue
        source = any(a <= e.start < b for a, b in spans) or fold(e.name or e.text) in names or \
            bool(e.entity_id and e.entity_id in names)
        dist = abs(positions.get(i, i) - positions.get(sent, sent))
        key = (dist, source, labels.index(e.label), -counts[fold(e.name or e.text)], e.start)
        if dist <= window and (best_key is None or key < best_key):
            best, best_key = e, key
    return best


_ORIGINAL_SUBJECT = C._subject


def _subject_wide(ex: Extraction, things: list[EntityMention], positions: dict[int, int], sent: int,
                  window: int = 1, labels: tuple[str, ...] | None = None) -> EntityMention | None:
    return _ORIGINAL_SUBJECT(ex, things, positions, sent, window, labels or C.SUBJECT_LABELS)


@contextlib.contextmanager
def variant(name: str) -> Iterator[None]:
    """Patch ``storyline.present.claims`` for one variant (``base``: nothing)."""
    from unittest import mock

    parts = {"all": {"speaker", "labels", "units"},
             "all+fallback": {"speaker", "labels", "units", "fallback"}}.get(name, {name} - {"base"})
    original_data = C.claim_data
    with contextlib.ExitStack() as stack:
        if "speaker" in parts:
            stack.enter_context(mock.patch.object(C, "_not_sources", lambda ex, mentions: mentions))
            stack.enter_context(mock.patch.object(C, "_subject", _subject_speaker_last))
        elif "labels" in parts:  # the default ``labels`` of ``_subject`` was bound at import
            stack.enter_context(mock.patch.object(C, "_subject", _subject_wide))
        if "labels" in parts:
            stack.enter_context(mock.patch.object(C, "SUBJECT_LABELS", WIDE_LABELS))
        if "units" in parts:
            def data(lang: str) -> dict[str, Any]:
                d = dict(original_data(lang))
                d["unit_attributes"] = {**d.get("unit_attributes", {}), **EXTRA_UNITS}
                attrs = {k: list(v) for k, v in d.get("attributes", {}).items()}
                for attr, cues in EXTRA_CUES.get(lang, {}).items():
                    attrs[attr] = attrs.get(attr, []) + cues
                d["attributes"] = attrs
                return d
            stack.enter_context(mock.patch.object(C, "claim_data", data))
        if "fallback" in parts:
            inner = C._subject
            stack.enter_context(mock.patch.object(C, "_subject", _with_fallback(inner)))
        yield


def _with_fallback(inner: Any) -> Any:
    def subject(ex: Extraction, things: list[EntityMention], positions: dict[int, int], sent: int,
                window: int = 1, labels: tuple[str, ...] | None = None) -> EntityMention | None:
        found = inner(ex, things, positions, sent, window, labels) if labels else \
            inner(ex, things, positions, sent, window)
        if found is not None or labels == ("MISC",):  # status claims keep their rule
            return found
        counts: dict[str, int] = defaultdict(int)
        for e in things:
            if e.label in ("MISC", "ORG"):
                counts[fold(e.name or e.text)] += 1
        ranked = [e for e in things if e.label in ("MISC", "ORG")]
        return max(ranked, key=lambda e: (counts[fold(e.name or e.text)], -e.start)) if ranked else None
    return subject


def main(argv: list[str] | None = None) -> None:
    from bench.claims.report import headline

    ap = argparse.ArgumentParser(description="Dev figures of storyline under each suggested rule (what-if).")
    ap.add_argument("--variants", default="base,speaker,labels,units,fallback,all,all+fallback")
    args = ap.parse_args(argv)
    keys = ["claim_f1", "full_f1", "subject_acc", "subject_name_acc", "attribute_acc", "time_acc",
            "pair_group_f1", "pair_verdict_right"]
    print("| variant | " + " | ".join(keys) + " |\n| --- |" + " ---: |" * len(keys))
    for name in args.variants.split(","):
        with variant(name):
            got = headline("dev")
        print(f"| {name} | " + " | ".join(f"{got[k]:.1f}" for k in keys) + " |")


if __name__ == "__main__":
    main()
