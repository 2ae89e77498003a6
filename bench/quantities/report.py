"""Quantity extraction against the hand-annotated gold, per language and split, beside peers.

    python -m bench.quantities.report                 # markdown table on stdout
    python -m bench.quantities.report --split dev -v  # also every miss, wrong value and extra
    python -m bench.quantities.report --json          # numbers as JSON (what the gate reads)
    STORYLINE_QTY_PEER_PYTHON=/tmp/qpeer/bin/python python -m bench.quantities.report

Gold: ``tests/data/quantities/{dev,test}.jsonl`` (offsets into canonical texts of files under
``../shared/data``; see ``annotate.py``). Every quantity of each chosen document is annotated, so
recall is meaningful; test documents were annotated before any system output on them was seen.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.quantities.corpus import canonical_text, lang_of
from bench.quantities.score import Counts, score_doc
from bench.quantities.systems import SYSTEMS

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "quantities"


def load_gold(split: str) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Gold records grouped by (corpus, file), in file order."""
    docs: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for line in (DATA / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        docs[(r["corpus"], r["file"])].append(r)
    return docs


def evaluate(system: str, split: str, verbose: bool = False) -> dict[str, Counts] | None:
    """Counts per language (``fr``, ``en``, ``all``) for one system on one split."""
    gold = load_gold(split)
    keys = list(gold)
    items = [(canonical_text(c, f), lang_of(c)) for c, f in keys]
    preds = SYSTEMS[system](items)
    if preds is None:
        return None
    out: dict[str, Counts] = defaultdict(Counts)
    for key, (_text, lang), pred in zip(keys, items, preds):
        c = score_doc(pred, gold[key])
        out[lang].add(c)
        out["all"].add(c)
        if verbose and c.misses:
            print(f"--- {system} {split} {key[0]}/{key[1]}", *c.misses, sep="\n  ", file=sys.stderr)
    return dict(out)


def row(c: Counts) -> dict[str, float]:
    """The headline figures of one cell (percentages, one decimal)."""
    figs: dict[str, float] = {"gold": c.gold, "pred": c.pred}
    for name, tp in (("exact", c.exact), ("overlap", c.overlap), ("value", c.value), ("amount", c.amount)):
        p, r, f = c.prf(tp)
        figs.update({f"{name}_p": p, f"{name}_r": r, f"{name}_f1": f})
    figs["modifier_acc"] = c.modifier / c.overlap if c.overlap else 0.0
    return {k: round(100 * v, 1) if k not in ("gold", "pred") else v for k, v in figs.items()}


def _cell(r: dict[str, float], name: str) -> str:
    return f"{r[name + '_p']:.1f} / {r[name + '_r']:.1f} / **{r[name + '_f1']:.1f}**"


def table(results: dict[str, dict[str, dict[str, dict[str, float]]]]) -> str:
    lines = ["| split | lang | system | gold | pred | exact P/R/F1 | overlap P/R/F1 | value+unit P/R/F1 "
             "| amount F1 | modifier acc |",
             "| --- | --- | --- | ---: | ---: | --- | --- | --- | ---: | ---: |"]
    for split, by_sys in results.items():
        for lang in ("fr", "en", "all"):
            for system, by_lang in by_sys.items():
                if lang not in by_lang:
                    continue
                r = by_lang[lang]
                lines.append(f"| {split} | {lang} | {system} | {r['gold']} | {r['pred']} | {_cell(r, 'exact')} | "
                             f"{_cell(r, 'overlap')} | {_cell(r, 'value')} | {r['amount_f1']:.1f} | "
                             f"{r['modifier_acc']:.1f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Score quantity extraction against the gold.")
    ap.add_argument("--split", choices=["dev", "test", "both"], default="both")
    ap.add_argument("--systems", default="storyline,baseline,recognizers")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print misses and extras to stderr")
    args = ap.parse_args(argv)
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    results: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for split in splits:
        results[split] = {}
        for system in args.systems.split(","):
            counts = evaluate(system, split, args.verbose)
            if counts is not None:
                results[split][system] = {lang: row(c) for lang, c in counts.items()}
    print(json.dumps(results, indent=1, sort_keys=True) if args.json else table(results))


if __name__ == "__main__":
    main()
