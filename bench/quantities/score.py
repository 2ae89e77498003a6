"""Scoring quantities against gold: span P/R/F1 (exact and overlap) and value+unit P/R/F1.

A prediction and a gold quantity are paired one-to-one, greedily by largest overlap within a
document. Value+unit is right when the paired prediction has the gold value (or, for ranges and
vague amounts, the gold low/high) within 0.1 % and the same unit (case-insensitive).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    exact: int = 0
    overlap: int = 0
    value: int = 0
    amount: int = 0  # value right, unit ignored (peers do not name the counted noun)
    modifier: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for k in ("gold", "pred", "exact", "overlap", "value", "amount", "modifier"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        self.misses += other.misses

    def prf(self, tp: int) -> tuple[float, float, float]:
        p = tp / self.pred if self.pred else 0.0
        r = tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-3 * max(abs(a), abs(b), 1e-9)


def value_ok(pred: Record, gold: Record) -> bool:
    """Same amount (point value, or low/high bounds) and same unit."""
    if (pred.get("unit") or "").lower() != (gold.get("unit") or "").lower():
        return False
    return amount_ok(pred, gold)


def amount_ok(pred: Record, gold: Record) -> bool:
    """Same point value, or same low/high bounds."""
    if gold.get("value") is not None:
        return _close(pred.get("value"), gold["value"])
    return _close(pred.get("low"), gold.get("low")) and _close(pred.get("high"), gold.get("high"))


def _overlap(a: Record, b: Record) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def score_doc(preds: Iterable[Record], golds: Iterable[Record]) -> Counts:
    """Counts for one document; misses lists what went wrong, for reading."""
    preds, golds = list(preds), list(golds)
    c = Counts(gold=len(golds), pred=len(preds))
    pairs = sorted(((_overlap(p, g), i, j) for i, p in enumerate(preds) for j, g in enumerate(golds)
                    if _overlap(p, g) > 0), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        p, g = preds[i], golds[j]
        c.overlap += 1
        c.exact += (p["start"], p["end"]) == (g["start"], g["end"])
        ok = value_ok(p, g)
        c.value += ok
        c.amount += amount_ok(p, g)
        c.modifier += (p.get("modifier") or "") == (g.get("modifier") or "")
        if not ok:
            c.misses.append(f"WRONG {g['text']!r} gold={_show(g)} pred={p['text']!r} {_show(p)}")
    c.misses += [f"MISS  {g['text']!r} {_show(g)}" for j, g in enumerate(golds) if j not in used_g]
    c.misses += [f"EXTRA {p['text']!r} {_show(p)}" for i, p in enumerate(preds) if i not in used_p]
    return c


def _show(r: Record) -> str:
    amount = r.get("value") if r.get("value") is not None else f"{r.get('low')}..{r.get('high')}"
    return f"{amount} {r.get('unit') or '-'} {r.get('modifier') or ''}".strip()
