"""Claims against the hand-annotated gold: within one report (Part A) and across reports (Part B).

    python -m bench.claims.report                   # markdown tables on stdout (dev and test)
    python -m bench.claims.report --split dev -v    # also every error on stderr
    python -m bench.claims.report --json            # the numbers as JSON (what the gate reads)

Part A (``tests/data/claims/{dev,test}.jsonl``): claim detection P/R/F1 by the figure's (or status
trigger's) span, then subject / attribute (status: its value) / time accuracy on the matched claims,
per kind and language. Part B
(``tests/data/claims/pairs.jsonl``): pairs of figures from two reports of one Timeline17 topic;
grouping P/R (are both figures in one group of ``find_claims`` over the two reports? ``storyline
(topic)``: over every report the split's pairs cite in the topic at once) and verdict accuracy on
grouped related pairs.
Systems: storyline and a naive baseline (``systems.py``); no peer exists offline for claims.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.claims.corpus import lang_of
from bench.claims.score import Counts, score_doc
from bench.claims.systems import SYSTEMS, extracted

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "claims"
KINDS = ("quantity", "status")


def load_gold(split: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Gold records grouped by (corpus, file), in file order."""
    docs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for line in (DATA / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        docs[(r["corpus"], r["file"])].append(r)
    return docs


def evaluate(system: str, split: str) -> dict[str, dict[str, Counts]]:
    """Counts per kind (quantity, status) and language (fr, en, all): each report on its own."""
    out: dict[str, dict[str, Counts]] = {k: defaultdict(Counts) for k in KINDS}
    for key, gold in load_gold(split).items():
        item = extracted(*key)
        pred = SYSTEMS[system]([item])[0]
        scored = [k for k in KINDS if any(g["kind"] == (k if k == "quantity" else "doc") for g in gold)]
        for kind in scored:  # figures where the quantity gold is; status where a report was marked for it
            c = score_doc(pred, gold, kind)
            c.errors = [(e, p, g, key) for e, p, g in c.errors]  # type: ignore[misc]
            out[kind][lang_of(key[0])].add(c)
            out[kind]["all"].add(c)
    return {k: dict(v) for k, v in out.items()}


def _print_errors(system: str, split: str, counts: Counts, text_of: Any) -> None:
    for name, p, g, key in counts.errors:  # type: ignore[misc]
        text = text_of(key)
        fig = f"[{text[g['start']:g['end']]}]" if g else f"[{text[p.start:p.end]}]"
        gold = f"gold subj={g.get('subject')} attr={g.get('attribute')} time={g.get('time')}" if g else ""
        got = f"pred subj={p.subject}@{p.subject_start} attr={p.raw_attribute or p.attribute} time={p.time}" \
            if p else ""
        print(f"{system} {split} {name:10} {key[1].rsplit('/', 1)[-1]}@{(g or {}).get('start', p.start if p else '')} "
              f"{fig} {gold} | {got}", file=sys.stderr)


def table_a(results: dict[str, Any]) -> str:
    lines = ["| split | kind | lang | system | gold | pred | P / R / F1 | subject acc (name) | attribute acc "
             "| time acc | stated-time R | full F1 |",
             "| --- | --- | --- | --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: |"]
    for split, by_sys in results.items():
        for kind in KINDS:
            for lang in ("fr", "en", "all"):
                for system, by_kind in by_sys.items():
                    r = by_kind.get(kind, {}).get(lang)
                    if not r or not r["gold"] and not r["pred"]:
                        continue
                    lines.append(f"| {split} | {kind} | {lang} | {system} | {r['gold']} | {r['pred']} | "
                                 f"{r['p']:.1f} / {r['r']:.1f} / **{r['f1']:.1f}** | {r['subject_acc']:.1f} "
                                 f"({r['subject_name_acc']:.1f}) | {r['attribute_acc']:.1f} | {r['time_acc']:.1f} | "
                                 f"{r['stated_time_r']:.1f} | {r['full_f1']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from bench.claims import pairs
    from bench.claims.corpus import canonical_text

    ap = argparse.ArgumentParser(description="Score storyline's claims against the claims gold.")
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both")
    ap.add_argument("--systems", default="storyline,baseline")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every error to stderr")
    args = ap.parse_args(argv)
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    part_a: dict[str, Any] = {}
    part_b: dict[str, Any] = {}
    for split in splits:
        part_a[split], part_b[split] = {}, {}
        for system in args.systems.split(","):
            counts = evaluate(system, split)
            part_a[split][system] = {k: {lang: c.row() for lang, c in by.items()} for k, by in counts.items()}
            if args.verbose:
                for kind in KINDS:
                    _print_errors(system, split, counts[kind].get("all", Counts()), lambda k: canonical_text(*k))
            part_b[split][system] = pairs.evaluate(system, split, verbose=args.verbose)
            if system == "storyline":  # its groups over every report of the topic at once
                part_b[split]["storyline (topic)"] = pairs.evaluate(system, split, args.verbose, scope="topic")
    if args.json:
        print(json.dumps({"claims": part_a, "pairs": part_b}, indent=1, sort_keys=True))
    else:
        print(table_a(part_a), "", pairs.table(part_b), sep="\n")


if __name__ == "__main__":
    main()


def headline(split: str, system: str = "storyline") -> dict[str, float]:
    """The figures the gate pins: figure claims (all languages), status claims, pairs."""
    counts = evaluate(system, split)
    q = counts["quantity"]["all"].row()
    s = counts["status"]["all"].row() if "all" in counts["status"] else {"f1": 0.0}
    from bench.claims import pairs

    b = pairs.evaluate(system, split)
    topic = pairs.evaluate(system, split, scope="topic")
    return {"claim_f1": q["f1"], "full_f1": q["full_f1"], "subject_acc": q["subject_acc"],
            "subject_name_acc": q["subject_name_acc"],
            "attribute_acc": q["attribute_acc"], "time_acc": q["time_acc"], "status_f1": s["f1"],
            "pair_group_f1": b["group_f1"], "pair_verdict_right": b["verdict_ok_of_related"],
            "pair_group_f1_topic": topic["group_f1"]}
