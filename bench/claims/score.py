"""Scoring claims against the gold: one-to-one matching by the figure's span, then per-field accuracy.

A predicted claim matches a gold figure when their spans overlap (greedy, largest overlap first,
one-to-one). Detection counts a match with a figure the gold calls a claim as a true positive; a
prediction on a figure the gold calls no claim (a baseline, a hypothetical, a name) or on no gold
figure at all is a false positive. Fields are scored on true positives only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from bench.claims.systems import Predicted
from storyline.present.timeline import fold


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def match(pred: Sequence[Predicted], gold: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """(prediction index, gold index) pairs, one-to-one, by largest span overlap."""
    cands = sorted(((_overlap(p.start, p.end, g["start"], g["end"]), i, j) for i, p in enumerate(pred)
                    for j, g in enumerate(gold) if _overlap(p.start, p.end, g["start"], g["end"]) > 0),
                   reverse=True)
    used_p, used_g, out = set(), set(), []
    for _, i, j in cands:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def subject_ok(p: Predicted, g: dict[str, Any]) -> bool:
    """The brief's rule: the predicted subject mention overlaps the gold one, or both are none."""
    if g.get("subject") is None:
        return p.subject is None
    return p.subject is not None and _overlap(p.subject_start, p.subject_end, g["subject_start"], g["subject_end"]) > 0


def subject_name_ok(p: Predicted, g: dict[str, Any]) -> bool:
    """Lenient: the same name (folded; one containing the other), wherever it was mentioned."""
    if g.get("subject") is None or p.subject is None:
        return subject_ok(p, g)
    a, b = fold(p.subject), fold(g["subject"])
    return bool(a and b) and (a in b or b in a)


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    tp: int = 0
    subject: int = 0
    subject_name: int = 0
    attribute: int = 0
    time: int = 0
    full: int = 0  # matched claims with the right subject (by name) and attribute: usable as they are
    stated: int = 0  # gold claims whose time the text states
    stated_ok: int = 0
    errors: list[tuple[str, Predicted | None, dict[str, Any] | None]] = field(default_factory=list)

    def add(self, other: "Counts") -> None:
        for name in ("gold", "pred", "tp", "subject", "subject_name", "attribute", "time", "full", "stated",
                     "stated_ok"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors

    def row(self) -> dict[str, float]:
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0

        def acc(n: int) -> float:
            return n / self.tp if self.tp else 0.0

        figs = {"p": p, "r": r, "f1": f, "subject_acc": acc(self.subject), "subject_name_acc": acc(self.subject_name),
                "attribute_acc": acc(self.attribute), "time_acc": acc(self.time),
                "stated_time_r": self.stated_ok / self.stated if self.stated else 0.0}
        fp = self.full / self.pred if self.pred else 0.0
        fr = self.full / self.gold if self.gold else 0.0
        figs["full_f1"] = 2 * fp * fr / (fp + fr) if fp + fr else 0.0
        out = {k: round(100 * v, 1) for k, v in figs.items()}
        out.update(gold=self.gold, pred=self.pred, tp=self.tp)
        return out


def score_doc(pred: Sequence[Predicted], gold: Sequence[dict[str, Any]], kind: str) -> Counts:
    """Counts for one report and one claim kind (``quantity`` | ``status``)."""
    pred = [p for p in pred if p.kind == kind]
    gold = [g for g in gold if g["kind"] == kind]
    c = Counts(gold=sum(g["claim"] for g in gold), pred=len(pred))
    pairs = match(pred, gold)
    matched_g = {j for _, j in pairs}
    for i, j in pairs:
        p, g = pred[i], gold[j]
        if not g["claim"]:
            c.errors.append(("not a claim", p, g))
            continue
        c.tp += 1
        ok_s, ok_a, ok_t = subject_ok(p, g), p.attribute == g["attribute"], p.time == g["time"]
        c.subject += ok_s
        c.subject_name += subject_name_ok(p, g)
        c.attribute += ok_a
        c.time += ok_t
        c.full += subject_name_ok(p, g) and ok_a
        if g.get("stated"):
            c.stated += 1
            c.stated_ok += ok_t
        for name, ok in (("subject", ok_s), ("attribute", ok_a), ("time", ok_t)):
            if not ok:
                c.errors.append((name, p, g))
    c.errors += [("extra", pred[i], None) for i in range(len(pred)) if i not in {i for i, _ in pairs}]
    c.errors += [("missed", None, g) for j, g in enumerate(gold) if g["claim"] and j not in matched_g]
    return c
