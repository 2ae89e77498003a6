"""Time-expression bench: storyline beside a naive baseline and HeidelTime, same harness.

    python -m bench.times.report                          # storyline + dateparser, dev and test
    python -m bench.times.report --systems storyline,heideltime --part test
    python -m bench.times.report --corpus fr_timebank --part dev --errors 40   # tuning view

Prints one row per (corpus, part, system): strict / relaxed extent F1, value P/R/F1, type
accuracy, documents and seconds. ``--json`` writes the rows as JSON lines instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter

from bench.times import corpus as C
from bench.times.score import Counts, Pred, score_doc
from bench.times.systems import SYSTEMS


def evaluate(corpus: str, part: str, system: str, limit: int | None = None) -> tuple[Counts, int, float]:
    """Score ``system`` on one split of ``corpus``: (counts, documents, seconds)."""
    lang, _ = C.CORPORA[corpus]
    paths = C.split(C.files(corpus), part)[:limit]
    run = SYSTEMS[system]
    total = Counts()
    t0 = time.perf_counter()
    for path in paths:
        doc = C.read(path)
        sys_text, preds = run(doc, lang)
        gold = [Pred(g.start, g.end, g.type, g.value) for g in doc.timexes]
        total.add(score_doc(doc.text, gold, sys_text, preds, doc.name))
    return total, len(paths), time.perf_counter() - t0


def _row(corpus: str, part: str, system: str, c: Counts, n: int, secs: float) -> dict:
    t = c.table()
    return {"corpus": corpus, "part": part, "system": system, "docs": n, "gold": c.gold, "system_n": c.system,
            "strict_F1": t["strict_F1"], "relaxed_F1": t["relaxed_F1"], "value_P": t["value_P"],
            "value_R": t["value_R"], "value_F1": t["value_F1"], "type_acc": t["type_acc"], "seconds": secs}


HEADER = (f"{'corpus':12} {'part':5} {'system':10} {'docs':>4} {'gold':>5} {'sys':>5} {'strictF1':>8} "
          f"{'relaxF1':>8} {'valP':>6} {'valR':>6} {'valF1':>6} {'typeAcc':>7} {'secs':>6}")


def _line(r: dict) -> str:
    return (f"{r['corpus']:12} {r['part']:5} {r['system']:10} {r['docs']:>4} {r['gold']:>5} {r['system_n']:>5} "
            f"{r['strict_F1']:8.1f} {r['relaxed_F1']:8.1f} {r['value_P']:6.1f} {r['value_R']:6.1f} "
            f"{r['value_F1']:6.1f} {r['type_acc']:7.1f} {r['seconds']:6.1f}")


def _show_errors(c: Counts, n: int) -> None:
    kinds = Counter(e[1] for e in c.errors)
    print(f"errors: {dict(kinds)}", file=sys.stderr)
    for name, kind, surface, value in c.errors[:n]:
        print(f"  {kind:8} {name:22} {surface!r:45} {value}", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="fr_timebank,tbaq")
    ap.add_argument("--part", default="dev,test", help="dev, test, all (comma-separated)")
    ap.add_argument("--systems", default="storyline,dateparser")
    ap.add_argument("--limit", type=int, default=None, help="first N documents of each split")
    ap.add_argument("--errors", type=int, default=0, help="print N errors (to stderr)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not C.shared_dir().joinpath("data").is_dir():
        raise SystemExit(f"no gold data at {C.shared_dir()}/data (set STORYLINE_SHARED)")
    if not args.json:
        print(HEADER)
    for corpus in args.corpus.split(","):
        for part in args.part.split(","):
            for system in args.systems.split(","):
                c, n, secs = evaluate(corpus, part, system, args.limit)
                row = _row(corpus, part, system, c, n, secs)
                print(json.dumps(row) if args.json else _line(row), flush=True)
                if args.errors:
                    _show_errors(c, args.errors)


if __name__ == "__main__":
    main()
