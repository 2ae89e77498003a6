"""TempEval-3 style scoring of time expressions, on a whitespace-free, quote-folded projection.

Systems answer on their own text (storyline on its canonical text, HeidelTime on its input);
gold offsets refer to the TimeML text. Both are projected onto the same string -- every
non-space character, with typographic quotes and apostrophes folded -- so canonicalisation
(spaces, apostrophes) does not move a span. This is the same idea as the maintainers'
``shared/tools/timeml.py``, so the two scorers should agree.

Metrics (TempEval-3, UzZaman et al. 2013): strict and relaxed extent P/R/F1 (relaxed = any
overlap, each gold used once, an exact match preferred); value F1 and type F1 count a relaxed
match as a true positive only when the attribute is also right (P = right / system, R = right /
gold); type accuracy = right types / relaxed matches.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

QUOTES = str.maketrans({c: '"' for c in "“”«»„‟″"} | {c: "'" for c in "‘’‚‛′ʼ"})


@dataclass(frozen=True, slots=True)
class Pred:
    start: int
    end: int
    type: str
    value: str


def projection(text: str) -> list[int]:
    """For each non-space character of ``text`` (in order), its index in ``text``."""
    return [i for i, ch in enumerate(text.translate(QUOTES)) if not ch.isspace()]


def project(index: list[int], start: int, end: int) -> tuple[int, int]:
    return bisect.bisect_left(index, start), bisect.bisect_left(index, end)


@dataclass
class Counts:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    type: int = 0
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in ("gold", "system", "strict", "relaxed", "value", "type"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.extend(other.errors)

    def prf(self, tp: int) -> tuple[float, float, float]:
        p = tp / self.system if self.system else 0.0
        r = tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def table(self) -> dict[str, float]:
        """The headline figures, in percent."""
        out: dict[str, float] = {}
        for name in ("strict", "relaxed", "value", "type"):
            p, r, f = self.prf(getattr(self, name))
            out |= {f"{name}_P": 100 * p, f"{name}_R": 100 * r, f"{name}_F1": 100 * f}
        out["type_acc"] = 100 * self.type / self.relaxed if self.relaxed else 0.0
        return out


def score_doc(gold_text: str, gold: list[Pred], sys_text: str, preds: list[Pred], name: str = "") -> Counts:
    """Match ``preds`` (offsets in ``sys_text``) to ``gold`` (offsets in ``gold_text``)."""
    gi, si = projection(gold_text), projection(sys_text)
    G = [(*project(gi, g.start, g.end), g) for g in gold]
    c = Counts(gold=len(gold), system=len(preds))
    used: set[int] = set()
    for p in preds:
        a, b = project(si, p.start, p.end)
        best = None
        for k, (ga, gb, _) in enumerate(G):
            if k in used or min(b, gb) <= max(a, ga):
                continue
            if best is None or (ga, gb) == (a, b):
                best = k
        if best is None:
            c.errors.append((name, "spurious", sys_text[p.start:p.end], p.value))
            continue
        used.add(best)
        ga, gb, g = G[best]
        c.relaxed += 1
        c.strict += (a, b) == (ga, gb)
        if (a, b) != (ga, gb):
            c.errors.append((name, "extent", f"{sys_text[p.start:p.end]} | {gold_text[g.start:g.end]}", ""))
        ok = p.value.upper() == g.value.upper()
        c.value += ok
        c.type += p.type.upper() == g.type.upper()
        if not ok:
            c.errors.append((name, "value", f"{sys_text[p.start:p.end]} | {gold_text[g.start:g.end]}",
                             f"{p.value} != {g.value}"))
    for k, (_, _, g) in enumerate(G):
        if k not in used:
            c.errors.append((name, "missed", gold_text[g.start:g.end], g.value))
    return c
