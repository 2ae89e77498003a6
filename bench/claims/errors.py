"""Group storyline's claim errors on a split by cause, with counts and examples (the lead's to-do list).

    python -m bench.claims.errors --split dev          # markdown: causes, counts, 3 examples each

Causes are assigned by rules over the gold, the extraction and the claim (first rule that fits),
so the counts are reproducible; they were checked by reading the dev examples. Use dev only:
test is held out.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from typing import Any

from bench.claims.corpus import sentence_at
from bench.claims.pairs import _claim_at, _storyline_verdict, load_pairs
from bench.claims.report import load_gold
from bench.claims.score import _overlap, match, subject_name_ok, subject_ok
from bench.claims.systems import Predicted, extracted, storyline
from storyline.model import Extraction
from storyline.present.claims import SUBJECT_LABELS, find_claims
from storyline.present.timeline import fold

MEASURE_UNITS = {"FRF", "MF", "CAD", "ft", "mm", "cm", "in", "bar", "lb", "magnitude", "point"}
BASELINE_CUE = re.compile(r"\b(from|compared with|contre|par rapport|estimate of|above|below)\b", re.I)
HYPOTHETICAL = re.compile(r"\b(could|would|might|if|pourrai\w*|coûterai\w*|si)\b", re.I)


def _entity_at(ex: Extraction, start: int, end: int) -> Any:
    hits = [e for e in ex.entities if _overlap(e.start, e.end, start, end)]
    return hits[0] if hits else None


def _is_source(ex: Extraction, name: str, start: int, end: int) -> bool:
    spans = [(q.speaker.start, q.speaker.end) for q in ex.quotes if q.speaker is not None]
    names = {fold(q.speaker_name) for q in ex.quotes if q.speaker_name}
    key = fold(name)
    return any(_overlap(a, b, start, end) for a, b in spans) or \
        any(key and (key in n or n in key) for n in names if n)


def _missed_cause(g: dict[str, Any], ex: Extraction) -> str:
    if g["kind"] == "status":
        ev = [e for e in ex.events if _overlap(e.trigger.start, e.trigger.end, g["start"], g["end"])]
        if not ev:
            return "status: trigger not extracted as an event"
        ent = _entity_at(ex, g["subject_start"], g["subject_end"]) if g.get("subject") else None
        if ent is None or ent.label != "MISC":
            return f"status: subject not a MISC name ({ent.label if ent else 'no entity'})"
        return "status: other"
    if not any(_overlap(q.start, q.end, g["start"], g["end"]) for q in ex.quantities):
        return "figure not extracted as a quantity"
    if g.get("subject") is None:
        return "unnamed subject (gold none): storyline drops the claim"
    if _is_source(ex, g["subject"], g["subject_start"], g["subject_end"]):
        return "subject is the report's source/speaker (excluded as a subject)"
    ent = _entity_at(ex, g["subject_start"], g["subject_end"])
    if ent is None:
        return "subject not recognised as a named entity"
    if ent.label not in SUBJECT_LABELS:
        return f"subject tagged {ent.label} by NER, not MISC/ORG"
    q = next(q for q in ex.quantities if _overlap(q.start, q.end, g["start"], g["end"]))
    if not q.unit:
        return "bare number without unit or cue: no attribute"
    return "other (dropped as a baseline, or subject outside the sentence window)"


def _subject_cause(p: Predicted, g: dict[str, Any], ex: Extraction) -> str:
    if subject_name_ok(p, g):
        return "same name, another mention (right entity)"
    if g.get("subject") is None:
        return "unnamed subject (gold none): a nearby name is taken"
    if _is_source(ex, g["subject"], g["subject_start"], g["subject_end"]):
        return "gold subject is the report's source/speaker (excluded): another name is taken"
    ent = _entity_at(ex, g["subject_start"], g["subject_end"])
    if ent is not None and ent.label not in SUBJECT_LABELS:
        return f"gold subject tagged {ent.label} (not MISC/ORG): another name is taken"
    s_lo, s_hi = sentence_at(g["corpus"], g["file"], g["start"])
    if not s_lo <= p.subject_start < s_hi:
        return "subject taken from a neighbouring sentence"
    return "wrong name in the same sentence (NER span or nearest-name choice)"


def _attribute_cause(p: Predicted, g: dict[str, Any]) -> str:
    raw = p.raw_attribute
    if raw.startswith("count of ") and raw[9:] in MEASURE_UNITS | {"FRF", "USD", "EUR"}:
        return f"unit not mapped to an attribute (count of {raw[9:]})"
    if g["attribute"] == "price":
        return "price (stock or unit price) has no attribute: taken as amount"
    if g["attribute"] in ("casualties", "troops") and raw.startswith("count of"):
        return "people count whose cue word is missed (killing, injured, hommes...)"
    if raw in ("cost", "range", "troops", "casualties"):
        return "cue word elsewhere in the sentence names the attribute"
    return "other"


def _time_cause(p: Predicted, g: dict[str, Any]) -> str:
    if g.get("stated") and p.claim is not None and not p.claim.dated:
        return "stated time missed (quarter, fiscal year, yesterday, a date before the figure)"
    if p.claim is not None and p.claim.dated and not g.get("stated"):
        return "a date from another clause attached to the figure"
    return "wrong stated time"


def _extra_cause(p: Predicted, g: dict[str, Any] | None, text: str) -> str:
    if g is None and p.kind == "status":
        return "extra status claim: no status event in the gold (a capability, an idiom)"
    if g is None:
        return "extra: figure not in the quantity gold"
    s_lo, _ = sentence_at(g["corpus"], g["file"], g["start"])
    parts = re.split(r"[,;:]", text[max(s_lo, p.start - 120):p.start])
    # ``from $22 million, or $1.03 a share``: the per-share figure goes with its baseline
    clause = parts[-1] if not parts[-1].strip().startswith("or ") else " ".join(parts[-2:])
    if BASELINE_CUE.search(clause):
        return "not a claim: comparison baseline kept"
    s_lo, s_hi = sentence_at(g["corpus"], g["file"], g["start"])
    if HYPOTHETICAL.search(text[s_lo:s_hi]):
        return "not a claim: hypothetical / conditional figure kept"
    if re.search(r"\b(de|of)\s*$", text[max(0, g["start"] - 20):g["start"]]) and \
            re.match(r"(plus|moins|more|less) ", g["text"]):
        return "not a claim: a class defined by a figure (villes de plus de 100.000 habitants)"
    return "not a claim: other (part of a name or format)"


def causes(split: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for key, gold in load_gold(split).items():
        article, ex = extracted(*key)
        text = article.text
        pred = storyline([(article, ex)])[0]
        for kind in ("quantity", "status"):
            if not any(g["kind"] == (kind if kind == "quantity" else "doc") for g in gold):
                continue
            gk = [g for g in gold if g["kind"] == kind]
            pk = [p for p in pred if p.kind == kind]
            pairs = match(pk, gk)
            used_p, used_g = {i for i, _ in pairs}, {j for _, j in pairs}
            ex_name = f"{key[1].rsplit('/', 1)[-1]}@"
            for i, j in pairs:
                p, g = pk[i], gk[j]
                fig = f"{ex_name}{g['start']} [{g['text']}]"
                if not g["claim"]:
                    out[_extra_cause(p, g, text)].append(f"{fig} -> {p.subject}/{p.raw_attribute}")
                    continue
                if not subject_ok(p, g):
                    out["subject: " + _subject_cause(p, g, ex)].append(
                        f"{fig} gold {g.get('subject')} -> {p.subject}")
                if p.attribute != g["attribute"]:
                    out["attribute: " + _attribute_cause(p, g)].append(
                        f"{fig} gold {g['attribute']} -> {p.raw_attribute}")
                if p.time != g["time"]:
                    out["time: " + _time_cause(p, g)].append(f"{fig} gold {g['time']} -> {p.time}")
            for j, g in enumerate(gk):
                if g["claim"] and j not in used_g:
                    out["missed: " + _missed_cause(g, ex)].append(
                        f"{ex_name}{g['start']} [{g['text']}] gold {g.get('subject')}")
            for i, p in enumerate(pk):
                if i not in used_p:
                    out[_extra_cause(p, None, text)].append(
                        f"{ex_name}{p.start} [{text[p.start:p.end]}] -> {p.subject}")
    return out


def pair_causes(split: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in load_pairs(split):
        items = [extracted(r[s]["corpus"], r[s]["file"]) for s in ("a", "b")]
        preds = storyline(items)
        claims = [_claim_at(p, r[s]) for p, s in zip(preds, ("a", "b"))]
        tag = f"{r['id']} [{r['a']['text']}] / [{r['b']['text']}] ({r['label']})"
        related = r["label"] != "unrelated"
        if any(c is None for c in claims):
            for c, s, (_, ex) in zip(claims, ("a", "b"), items):
                if c is None:
                    g = r[s]
                    src = [q for q in ex.quotes if q.content.start <= g["start"] < q.content.end and q.speaker_name]
                    why = ("figure in reported speech: its speaker is excluded and no other MISC/ORG name is near"
                           if src else "no MISC/ORG name within a sentence of the figure")
                    if not any(_overlap(q.start, q.end, g["start"], g["end"]) for q in ex.quantities):
                        why = "figure not extracted as a quantity"
                    out[f"pair: no claim for a figure ({why})"].append(tag)
            continue
        a, b = claims
        assert a is not None and b is not None and a.claim is not None and b.claim is not None
        same = _storyline_verdict(find_claims(items), (items[0][0].id, items[1][0].id), (r["a"], r["b"])) is not None
        if related and not same:
            kind = ("different attributes" if a.claim.attribute != b.claim.attribute else
                    "different subjects, each keyed or pooled apart" if a.subject_key != b.subject_key else
                    "values more than SCALE_GAP apart")
            out[f"pair: related figures not grouped ({kind})"].append(
                f"{tag}: {a.subject}/{a.raw_attribute} vs {b.subject}/{b.raw_attribute}")
        elif not related and same:
            out["pair: unrelated figures grouped (same attribute, subjects do not contradict)"].append(
                f"{tag}: {a.subject}/{a.raw_attribute} vs {b.subject}/{b.raw_attribute}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="storyline's claim errors on a split, grouped by cause.")
    ap.add_argument("--split", choices=["dev", "test"], default="dev")
    ap.add_argument("--examples", type=int, default=3)
    args = ap.parse_args(argv)
    for title, groups in (("Part A (one report)", causes(args.split)), ("Part B (pairs)", pair_causes(args.split))):
        print(f"### {title}, {args.split}\n\n| cause | count | examples |\n| --- | ---: | --- |")
        for cause, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"| {cause} | {len(items)} | {'; '.join(items[:args.examples])} |")
        print()


if __name__ == "__main__":
    main()
