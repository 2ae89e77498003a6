"""Timeline quality bench: date F1 and ROUGE of storyline's timelines against gold, beside a baseline.

Usage (from the repository root)::

    .venv/bin/python -m bench.timeline.run t17 [--topics A,B] [--json OUT]
    .venv/bin/python -m bench.timeline.run entities [--topics A,B]

For every gold timeline, the topic's timeline is built with ``max_dates`` = the gold's number of
dates (the maintainers' protocol, ``../shared/tools/t17.py``): predicted dates are the entries'
``date`` values that are whole days. Scores per gold timeline, averaged:

- date P/R/F1 exactly as t17.py computes it;
- ROUGE-1/2 F, *concat* and *alignment* (tilse's ``align_date_content_costs_many_to_one``, the
  "AR" of news-tls), with tilse's Python re-implementation of ROUGE (``rouge_computation="reimpl"``,
  no Perl); both sides lower-cased and tokenised the same way. Each predicted date's summary has
  as many sentences as the gold averages per date (as news-tls does).

Systems: ``storyline`` (``build_timeline``) and ``pubdates``, the naive baseline: the N days on
which most articles were published, each summarised by the lead sentences of that day's articles.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections import Counter
from typing import Callable

from bench.timeline import corpus
from storyline.model import Article, Extraction
from storyline.present.timeline import build_timeline, date_summary

Item = tuple[Article, Extraction]
System = Callable[..., dict[str, list[str]]]
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def mark_duplicates(items: list[Item]) -> list[Item]:
    """Set ``duplicate_of`` as ``storyline add`` does (MinHash band candidates confirmed on the
    texts, in ingestion order), so the bench scores what the CLI's timeline sees."""
    from dataclasses import replace

    from storyline.link.duplicates import band_keys, is_near_duplicate

    index: dict[tuple[int, int], list[Article]] = {}
    out = []
    for article, ex in items:
        bands = band_keys(article.text)
        seen: set[str] = set()
        candidates = [c for b in bands for c in index.get(b, ()) if not (c.id in seen or seen.add(c.id))]
        original = next((c for c in candidates if is_near_duplicate(c.text, article.text)), None)
        if original is not None:
            article = replace(article, duplicate_of=original.id)
        else:  # the store indexes originals only
            for b in bands:
                index.setdefault(b, []).append(article)
        out.append((article, ex))
    return out


def storyline_system(items: list[Item], n_dates: int, per_date: int, window=None) -> dict[str, list[str]]:
    """Day-level dates of storyline's timeline, each summarised by ``date_summary``."""
    tl = build_timeline(items, max_dates=n_dates, with_claims=False, window=window)
    by_date: dict[str, list] = {}
    for e in tl.entries:
        if _DAY.match(e.date):
            by_date.setdefault(e.date, []).append(e)
    return {d: date_summary(es, per_date) for d, es in by_date.items()}


def pubdate_system(items: list[Item], n_dates: int, per_date: int, window=None) -> dict[str, list[str]]:
    """Naive baseline: the most frequent publication days, summarised by their articles' leads."""
    counts = Counter((a.published or "")[:10] for a, _ in items if a.published
                     and (window is None or window[0].isoformat() <= a.published[:10] <= window[1].isoformat()))
    days = [d for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n_dates]]
    out: dict[str, list[str]] = {d: [] for d in days}
    for a, ex in items:
        d = (a.published or "")[:10]
        if d in out and len(out[d]) < per_date and ex.sentences:
            s = ex.sentences[0]
            out[d].append(a.text[s.start:s.end])
    return out


SYSTEMS: dict[str, System] = {"storyline": storyline_system, "pubdates": pubdate_system}


def date_prf(pred: set[str], gold: set[str]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _tok(sentence: str) -> str:
    return " ".join(_TOKEN.findall(sentence.lower()))


def _tilse(dates: dict[str, list[str]]):
    from tilse.data import timelines

    return timelines.Timeline({dt.date.fromisoformat(d): [_tok(s) for s in ss] for d, ss in dates.items() if ss})


def rouge_scores(pred: dict[str, list[str]], gold: dict[str, list[str]]) -> dict[str, float]:
    """concat and alignment (m:1) ROUGE-1/2 F of ``pred`` against one gold timeline."""
    from tilse.data import timelines
    from tilse.evaluation import rouge

    ev = rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
    ref = timelines.GroundTruth([_tilse(gold)])
    p = _tilse(pred)
    if not p.get_dates():
        return {k: 0.0 for k in ("concat_r1", "concat_r2", "align_r1", "align_r2")}
    concat = ev.evaluate_concat(p, ref)
    align = ev.evaluate_align_date_content_costs_many_to_one(p, ref)
    return {"concat_r1": concat["rouge_1"]["f_score"], "concat_r2": concat["rouge_2"]["f_score"],
            "align_r1": align["rouge_1"]["f_score"], "align_r2": align["rouge_2"]["f_score"]}


def gold_span(items: list[Item], gold: corpus.Gold, mode: str) -> tuple[list[Item], tuple | None]:
    """news-tls's setting (``experiments/evaluate.py``: ``get_input_time_span`` with no extension
    for Timeline17): only articles published between the gold timeline's first and last date are
    read (``mode="gold"``), and only dates in that span are ranked; ``mode="gold-dates"`` keeps
    every article and restricts the dates only (what ``storyline timeline --from --until`` does).
    The CLI protocol (``t17.py``) has no span: ``mode="none"``."""
    if mode == "none":
        return items, None
    days = sorted(gold.dates)
    window = (dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1]))
    if mode == "gold":
        items = [(a, ex) for a, ex in items if days[0] <= (a.published or "")[:10] <= days[-1]]
    return items, window


def evaluate(items: list[Item], gold: corpus.Gold, with_rouge: bool, span: str = "none") -> dict[str, dict[str, float]]:
    """Every system on one gold timeline."""
    items, window = gold_span(items, gold, span)
    n_dates = len(gold.dates)
    n_sents = sum(len(v) for v in gold.dates.values())
    per_date = max(1, round(n_sents / n_dates)) if n_sents else 1
    results = {}
    for name, system in SYSTEMS.items():
        pred = system(items, n_dates, per_date, window=window)
        p, r, f = date_prf(set(pred), set(gold.dates))
        row = {"date_p": p, "date_r": r, "date_f1": f, "pred_dates": float(len(pred))}
        if with_rouge:
            row |= rouge_scores(pred, gold.dates)
        results[name] = row
    return results


def run(corpus_name: str, topics: list[str], span: str = "none") -> list[dict]:
    rows = []
    for topic in topics:
        if corpus_name == "t17":
            docs, golds = corpus.t17_docs(topic), corpus.t17_gold(topic)
        else:
            docs, golds = corpus.ent_docs(topic), corpus.ent_gold(topic)
        items = mark_duplicates(list(corpus.extracted(corpus_name, docs)))
        dups = sum(1 for a, _ in items if a.duplicate_of)
        if dups:
            print(f"{topic}: {dups} near-duplicate articles (count as their originals)", file=sys.stderr)
        for gold in golds:
            res = evaluate(items, gold, with_rouge=corpus_name == "t17", span=span)
            rows.append({"timeline": gold.name, "articles": len(items), "gold_dates": len(gold.dates), **res})
            line = "  ".join(f"{s} F1 {r['date_f1']:.3f}" for s, r in res.items())
            print(f"{gold.name}: {len(items)} articles, {len(gold.dates)} dates: {line}", file=sys.stderr)
    return rows


def table(rows: list[dict]) -> str:
    """Markdown table of averages per system (what README.md shows)."""
    metrics = [m for m in ("date_p", "date_r", "date_f1", "concat_r1", "concat_r2", "align_r1", "align_r2")
               if rows and m in rows[0]["storyline"]]
    lines = ["| system | timelines | " + " | ".join(metrics) + " |", "|---" * (len(metrics) + 2) + "|"]
    for system in SYSTEMS:
        avg = [sum(r[system][m] for r in rows) / len(rows) for m in metrics]
        lines.append(f"| {system} | {len(rows)} | " + " | ".join(f"{v:.3f}" for v in avg) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", choices=("t17", "entities"))
    ap.add_argument("--topics", help="comma-separated topic folders (default: all)")
    ap.add_argument("--json", help="write per-timeline rows to this file")
    ap.add_argument("--span", choices=("none", "gold", "gold-dates"), default="none",
                    help="none: the CLI protocol (t17.py); gold: news-tls's setting (articles and dates "
                         "within the gold timeline's span); gold-dates: dates only")
    args = ap.parse_args(argv)
    if args.topics:
        topics = args.topics.split(",")
    elif args.corpus == "t17":
        topics = corpus.t17_topics()
    else:
        sys.exit("entities: pass --topics (collections are large; see bench/timeline/README.md)")
    rows = run(args.corpus, topics, args.span)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=1)
    print(table(rows))


if __name__ == "__main__":
    main()
