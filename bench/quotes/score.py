"""Scoring quotation extraction the way the maintainers' ``polnear.py`` does, in our own code.

Spans are compared on a whitespace-free, quote-folded projection of the texts, so canonical-text
changes (spaces, apostrophes) do not move offsets. A predicted content matches the unused gold
content it overlaps most, when the overlap is at least ``threshold`` of the longer span; ``exact``
requires identical projected spans. Speaker accuracy counts, among matched contents whose gold has
a speaker, those whose predicted speaker mention overlaps the gold speaker span (or has the same
text).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

QUOTES = str.maketrans({c: '"' for c in "“”«»„‟″"} | {c: "'" for c in "‘’‚‛′"})


@dataclass(frozen=True, slots=True)
class Item:
    """One attribution: content offsets, speaker offsets (or None) and the speaker's text."""

    content: tuple[int, int]
    speaker: tuple[int, int] | None = None
    speaker_text: str = ""


@dataclass
class Tally:
    gold: int = 0
    system: int = 0
    matched: int = 0
    exact: int = 0
    with_speaker: int = 0
    speaker_ok: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [gold, matched]

    def add(self, other: "Tally") -> None:
        for k in ("gold", "system", "matched", "exact", "with_speaker", "speaker_ok"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        for kind, (g, m) in other.by_kind.items():
            cur = self.by_kind.setdefault(kind, [0, 0])
            cur[0] += g
            cur[1] += m

    def prf(self, exact: bool = False) -> tuple[float, float, float]:
        hit = self.exact if exact else self.matched
        p = hit / self.system if self.system else 0.0
        r = hit / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def speaker_acc(self) -> float:
        return self.speaker_ok / self.with_speaker if self.with_speaker else 0.0

    def row(self) -> dict[str, float]:
        p, r, f = self.prf()
        _, _, fe = self.prf(exact=True)
        return {
            "P": round(p, 3),
            "R": round(r, 3),
            "F1": round(f, 3),
            "F1_exact": round(fe, 3),
            "speaker_acc": round(self.speaker_acc, 3),
            "gold": self.gold,
            "system": self.system,
        }


def projection(text: str) -> list[int]:
    """Original index of every non-space character of the quote-folded text."""
    return [i for i, ch in enumerate(text.translate(QUOTES)) if not ch.isspace()]


def proj(idx: list[int], start: int, end: int) -> tuple[int, int]:
    return bisect.bisect_left(idx, start), bisect.bisect_left(idx, end)


def greedy_match(pred: list[tuple[int, int]], gold: list[tuple[int, int]], threshold: float = 0.3) -> dict[int, int]:
    """Gold index -> prediction index, matched as polnear.py does: greedily, in prediction order,
    each prediction takes the still unmatched gold span it overlaps most, when the overlap is at
    least ``threshold`` of the longer of the two. The scorer and every error lab share it, so an
    error lab's "matched" is the scorer's."""
    used: dict[int, int] = {}
    for j, (pa, pb) in enumerate(pred):
        best, best_ov = None, 0.0
        for k, (ga, gb) in enumerate(gold):
            if k in used:
                continue
            ov = max(0, min(pb, gb) - max(pa, ga)) / max(pb - pa, gb - ga, 1)
            if ov >= threshold and ov > best_ov:
                best, best_ov = k, ov
        if best is not None:
            used[best] = j
    return used


def score_doc(
    gold_text: str,
    gold: list[Item],
    sys_text: str,
    pred: list[Item],
    threshold: float = 0.3,
    kinds: list[str] | None = None,
) -> Tally:
    """Match ``pred`` against ``gold`` in one document (greedy, in prediction order, like polnear.py)."""
    gi, pi = projection(gold_text), projection(sys_text)
    G = [(proj(gi, *g.content), proj(gi, *g.speaker) if g.speaker else None, g.speaker_text) for g in gold]
    t = Tally(gold=len(G), system=len(pred))
    for kind in kinds or []:
        t.by_kind.setdefault(kind, [0, 0])[0] += 1
    contents = [proj(pi, *p.content) for p in pred]
    for best, j in greedy_match(contents, [g[0] for g in G], threshold).items():
        p, (pa, pb) = pred[j], contents[j]
        t.matched += 1
        (ga, gb), gs, gst = G[best]
        t.exact += (pa, pb) == (ga, gb)
        if kinds:
            t.by_kind[kinds[best]][1] += 1
        if gs is not None:
            t.with_speaker += 1
            t.speaker_ok += _speaker_ok(p, pi, gs, gst)
    return t


def _speaker_ok(p: Item, pi: list[int], gs: tuple[int, int], gst: str) -> bool:
    if p.speaker is not None:
        sa, sb = proj(pi, *p.speaker)
        if min(sb, gs[1]) > max(sa, gs[0]):
            return True
    return bool(p.speaker_text and gst and p.speaker_text.strip().lower() == gst.strip().lower())
