"""Build the claims gold (``tests/data/claims/{dev,test}.jsonl``) from the hand annotations.

    python -m bench.claims.annotate          # annotations/*.txt -> dev.jsonl, test.jsonl, pairs.jsonl

Figures: ``annotations/<split>_figures.txt`` has one line per quantity of
``tests/data/quantities/<split>.jsonl`` (``key|claim|subject|attribute|time``, key =
``<file name>@<start>``); the figure's span, value and unit are the quantity gold's.
Status claims: ``annotations/<split>_status.txt`` (``=corpus|file`` opens a report, then
``trigger start|trigger|subject|status|time`` lines).
Pairs across reports: ``annotations/pairs.txt`` (see ``pairs`` in README). A subject is written as
its surface; its span is the mention nearest before the figure in the figure's gold sentence, else
the nearest after it there, else the nearest before the sentence (the guideline's "best mention").
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from bench.claims.corpus import canonical_text, published, sentence_at

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "claims"
QTY = ROOT / "tests" / "data" / "quantities"
ATTRIBUTES = ("amount", "price", "cost", "share", "count", "distance", "range", "flow", "volume", "area",
              "mass", "speed", "casualties", "troops", "other")
STATUSES = ("announce", "decide", "approve", "deliver", "authorise")


def _lines(path: Path) -> list[list[str]]:
    if not path.exists():
        return []
    return [line.split("|") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def subject_span(corpus: str, file: str, surface: str, start: int, end: int) -> tuple[int, int]:
    """Where the annotated subject surface is mentioned, relative to the figure at start..end."""
    text = canonical_text(corpus, file)
    s_lo, s_hi = sentence_at(corpus, file, start)
    hits = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text)]
    before = [h for h in hits if s_lo <= h and h + len(surface) <= start]
    inside = [h for h in hits if h < end and h + len(surface) > start]  # ``28 Groupements``
    after = [h for h in hits if end <= h < s_hi]
    earlier = [h for h in hits if h < s_lo]
    pick = next((c[i] for c, i in ((before, -1), (inside, 0), (after, 0), (earlier, -1)) if c), None)
    if pick is None:
        raise ValueError(f"{file}@{start}: subject {surface!r} not found before or in the sentence")
    return pick, pick + len(surface)


def _subject_fields(corpus: str, file: str, subject: str, start: int, end: int) -> dict[str, Any]:
    if subject == "none":
        return {"subject": None, "subject_start": -1, "subject_end": -1}
    s, e = subject_span(corpus, file, subject, start, end)
    return {"subject": subject, "subject_start": s, "subject_end": e}


def figures(split: str) -> list[dict[str, Any]]:
    quantities = [json.loads(x) for x in (QTY / f"{split}.jsonl").read_text(encoding="utf-8").splitlines()]
    notes = _lines(DATA / "annotations" / f"{split}_figures.txt")
    if len(notes) != len(quantities):
        raise ValueError(f"{split}: {len(notes)} annotations for {len(quantities)} quantities")
    out = []
    for q, note in zip(quantities, notes):
        key = f"{q['file'].rsplit('/', 1)[-1]}@{q['start']}"
        if note[0] != key:
            raise ValueError(f"{split}: annotation {note[0]} where {key} was expected")
        rec = {k: q[k] for k in ("corpus", "file", "start", "end", "text", "value", "unit")}
        rec.update(split=split, kind="quantity", claim=note[1] == "y")
        if rec["claim"]:
            _, _, subject, attribute, when = note
            if attribute not in ATTRIBUTES:
                raise ValueError(f"{key}: attribute {attribute!r} not in {ATTRIBUTES}")
            rec.update(_subject_fields(q["corpus"], q["file"], subject, q["start"], q["end"]))
            rec.update(attribute=attribute, time=published(q["corpus"], q["file"]) if when == "published" else when,
                       stated=when != "published")
        out.append(rec)
    return out


def statuses(split: str) -> list[dict[str, Any]]:
    """Status claims, and one ``{"kind": "doc"}`` marker per report annotated for them (every status
    claim of a marked report is listed, so the reports without any still count for precision)."""
    out: list[dict[str, Any]] = []
    corpus = file = ""
    for fields in _lines(DATA / "annotations" / f"{split}_status.txt"):
        if fields[0].startswith("="):
            corpus, file = fields[0][1:], fields[1]
            out.append({"corpus": corpus, "file": file, "split": split, "kind": "doc", "claim": False,
                        "start": -1, "end": -1})
            continue
        at, trigger, subject, status, when = fields
        start = int(at)
        if canonical_text(corpus, file)[start:start + len(trigger)] != trigger:
            raise ValueError(f"{file}@{at}: trigger {trigger!r} not there")
        if status not in STATUSES:
            raise ValueError(f"{file}@{at}: status {status!r} not in {STATUSES}")
        rec = {"corpus": corpus, "file": file, "start": start, "end": start + len(trigger), "text": trigger,
               "split": split, "kind": "status", "claim": True, "attribute": status, "value": status,
               "time": published(corpus, file) if when == "published" else when, "stated": when != "published"}
        rec.update(_subject_fields(corpus, file, subject, start, start + len(trigger)))
        out.append(rec)
    return out


def pairs() -> list[dict[str, Any]]:
    """Part B: ``id|split|label|file A|start|end|figure A|file B|start|end|figure B`` (Timeline17 files)."""
    out = []
    for pid, split, label, *refs in _lines(DATA / "annotations" / "pairs.txt"):
        if label not in ("agree", "update", "conflict", "unrelated"):
            raise ValueError(f"{pid}: label {label!r}")
        ends = []
        for file, start, end, figure in (refs[:4], refs[4:]):
            text = canonical_text("timeline17", file)[int(start):int(end)]
            if text != figure:
                raise ValueError(f"{pid}: {file}@{start} holds {text!r}, not {figure!r}")
            ends.append({"corpus": "timeline17", "file": file, "start": int(start), "end": int(end), "text": figure})
        if ends[0]["file"] == ends[1]["file"]:
            raise ValueError(f"{pid}: both figures in one report")
        out.append({"id": pid, "split": split, "topic": refs[0].split("_", 1)[0], "label": label,
                    "a": ends[0], "b": ends[1]})
    return out


def main() -> None:
    rows = pairs()
    with (DATA / "pairs.jsonl").open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"pairs: {len(rows)}", file=sys.stderr)
    for split in ("dev", "test"):
        recs = figures(split) + statuses(split)
        with (DATA / f"{split}.jsonl").open("w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{split}: {sum(r['claim'] for r in recs)} claims of {len(recs)} records", file=sys.stderr)


if __name__ == "__main__":
    main()
