"""Part B: pairs of figures from two reports of one topic, and whether storyline groups and judges them.

Gold: ``tests/data/claims/pairs.jsonl``, one pair a line: ``{id, topic, split, label, a, b}`` where
``a`` and ``b`` are ``{corpus, file, start, end, text}`` references (offsets into canonical texts)
and ``label`` is ``agree`` | ``update`` | ``conflict`` (same subject and attribute: they must be
grouped) or ``unrelated`` (they must not be).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.claims.systems import SYSTEMS, Predicted, extracted
from storyline.present.claims import Claim, ClaimGroup, _compare, compatible, find_claims  # noqa: F401

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "claims"
RELATED = ("agree", "update", "conflict")
TOLERANCE = 0.05


def load_pairs(split: str) -> list[dict[str, Any]]:
    path = DATA / "pairs.jsonl"
    if not path.exists():
        return []
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in rows if r["split"] == split]


def _claim_at(pred: list[Predicted], ref: dict[str, Any]) -> Predicted | None:
    hits = [p for p in pred if p.kind == "quantity" and p.start < ref["end"] and ref["start"] < p.end]
    return hits[0] if hits else None


def _group_of(groups: list[ClaimGroup], article_id: str, ref: dict[str, Any]) -> tuple[int, Claim] | None:
    """The claim group (index) holding the figure ``ref`` of report ``article_id``, and its claim."""
    for i, g in enumerate(groups):
        for c in g.claims:
            if c.article_id == article_id and c.kind == "quantity" and c.value_start < ref["end"] \
                    and ref["start"] < c.value_end:
                return i, c
    return None


def _storyline_verdict(groups: list[ClaimGroup], ids: tuple[str, str], refs: tuple[Any, Any]) -> str | None:
    """storyline's verdict on the pair when ``find_claims`` put both figures in one group, else None."""
    a, b = _group_of(groups, ids[0], refs[0]), _group_of(groups, ids[1], refs[1])
    if a is None or b is None or a[0] != b[0]:
        return None
    return _compare([a[1], b[1]]).verdict


def _verdict(a: Predicted, b: Predicted, dates: tuple[str, str]) -> str | None:
    """The baseline's verdict, or None when it does not group the two figures."""
    if not a.subject_key or a.subject_key != b.subject_key:
        return None
    if a.value is not None and b.value is not None and \
            abs(a.value - b.value) <= TOLERANCE * max(abs(a.value), abs(b.value)):
        return "agree"
    return "update" if dates[0] != dates[1] else "conflict"


def _desc(p: Predicted | None) -> str:
    return f"{p.subject}/{p.raw_attribute or p.attribute}/{p.time}" if p else "no claim"


def evaluate(system: str, split: str, verbose: bool = False, scope: str = "pair") -> dict[str, Any]:
    """Grouping P/R/F1 and verdict accuracy over the split's pairs.

    ``scope``: storyline's groups are ``find_claims`` over the pair's two reports (``pair``), or
    over every report the split's pairs cite in that topic at once (``topic``: closer to a real
    story, where many reports' subjects compete). The baseline's grouping is the same in both."""
    rows = load_pairs(split)
    grouped_rel = grouped = related = verdict_ok = 0
    topics: dict[str, list[Any]] = defaultdict(list)
    for r in rows:
        for s in ("a", "b"):
            item = extracted(r[s]["corpus"], r[s]["file"])
            if all(item[0].id != x[0].id for x in topics[r["topic"]]):
                topics[r["topic"]].append(item)
    topic_groups = {t: find_claims(items) for t, items in topics.items()} if system == "storyline" and \
        scope == "topic" else {}
    for r in rows:
        ia = extracted(r["a"]["corpus"], r["a"]["file"])
        ib = extracted(r["b"]["corpus"], r["b"]["file"])
        pa, pb = SYSTEMS[system]([ia, ib])
        a, b = _claim_at(pa, r["a"]), _claim_at(pb, r["b"])
        if system == "storyline":
            groups = topic_groups.get(r["topic"]) or find_claims([ia, ib])
            got = _storyline_verdict(groups, (ia[0].id, ib[0].id), (r["a"], r["b"]))
        else:
            got = _verdict(a, b, (ia[0].published or "", ib[0].published or "")) if a and b else None
        rel = r["label"] in RELATED
        related += rel
        grouped += got is not None
        grouped_rel += rel and got is not None
        verdict_ok += rel and got == r["label"]
        if verbose and (got != r["label"] and not (got is None and not rel)):
            print(f"{system} {split} {scope} pair {r['id']} gold={r['label']} got={got} "
                  f"a=[{r['a']['text']}] {_desc(a)} b=[{r['b']['text']}] {_desc(b)}", file=sys.stderr)
    p = grouped_rel / grouped if grouped else 0.0
    rr = grouped_rel / related if related else 0.0
    f = 2 * p * rr / (p + rr) if p + rr else 0.0
    return {"pairs": len(rows), "related": related, "grouped": grouped, "group_p": round(100 * p, 1),
            "group_r": round(100 * rr, 1), "group_f1": round(100 * f, 1),
            "verdict_acc": round(100 * verdict_ok / grouped_rel, 1) if grouped_rel else 0.0,
            "verdict_ok_of_related": round(100 * verdict_ok / related, 1) if related else 0.0}


def table(results: dict[str, Any]) -> str:
    lines = ["| split | system | pairs | related | grouped | grouping P / R / F1 | verdict acc (grouped) "
             "| verdict right (of related) |", "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: |"]
    for split, by_sys in results.items():
        for system, r in by_sys.items():
            lines.append(f"| {split} | {system} | {r['pairs']} | {r['related']} | {r['grouped']} | "
                         f"{r['group_p']:.1f} / {r['group_r']:.1f} / **{r['group_f1']:.1f}** | "
                         f"{r['verdict_acc']:.1f} | {r['verdict_ok_of_related']:.1f} |")
    return "\n".join(lines)
