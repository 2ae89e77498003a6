"""Daily-summary variants (``date_summary``) scored by ROUGE on the Timeline17 dev topics (session 9).

    .venv/bin/python -m bench.timeline.summaries [--topics H1N1_bbc,MJ_bbc]   # dev only

Two settings, both on the same extraction cache:

- **protocol**: the dates of ``build_timeline(max_dates=N)`` (as ``run.py``), each summarised by
  a variant with as many sentences as the gold averages per date; concat and alignment (m:1)
  ROUGE-1/2 F as ``run.py``;
- **gold dates**: every gold date the untruncated timeline has entries for, summarised by each
  variant, scored the same way against the gold restricted to those dates: a summary-only figure
  that no date choice moves (H1N1_bbc has 7 gold dates, MJ_bbc 37).

Variants are functions ``(entries of one date, n, context) -> sentences``; ``context`` holds the
collection's document frequencies for tf-idf centroids.
"""

from __future__ import annotations

import argparse
import math
import re
from collections import Counter
from typing import Callable

from bench.timeline import corpus
from bench.timeline.run import _DAY, mark_duplicates, rouge_scores
from storyline.present import timeline as T
from storyline.present.timeline_summary import redundant

T17_DEV = "H1N1_bbc,MJ_bbc"
_WORD = re.compile(r"\w+")


class Context:
    """Document frequencies of words over a collection's reports (for tf-idf)."""

    def __init__(self, items):
        self.n = 0
        self.df: Counter[str] = Counter()
        for article, _ in items:
            if article.duplicate_of:
                continue
            self.n += 1
            self.df.update(set(_WORD.findall(article.text.casefold())))

    def vec(self, text: str) -> dict[str, float]:
        tf = Counter(_WORD.findall(text.casefold()))
        v = {w: (1 + math.log(c)) * math.log((self.n + 1) / (self.df.get(w, 0) + 0.5)) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


Summariser = Callable[[list, int, Context], list[str]]


EARLY = 0.25  # the session-8 rule: a date in the first quarter of its sentence is what it is about


def date_position(s) -> float:
    """Where the dating expression starts in its sentence, 0 (first word, or a heading above the
    sentence) to 1 (absent or last); the session-8 rule's key."""
    if not s.time_text:
        return 1.0
    i = s.sentence.find(s.time_text)
    return i / max(1, len(s.sentence)) if i >= 0 else 0.0


def session8(entries, n, ctx) -> list[str]:
    """The rule shipped until session 8: text-dated entries first, then entries whose date comes
    early in the sentence, then the most salient, each entry's sources by date position."""
    key = lambda e: (e.dated_by != "text", min(map(date_position, e.sources)) > EARLY,  # noqa: E731
                     -e.salience, e.sources[0].published)
    ranked = [s.sentence for e in sorted(entries, key=key) for s in sorted(e.sources, key=date_position)]
    return _pick(ranked, n)


def shipped(entries, n, ctx) -> list[str]:
    return T.date_summary(entries, n)


def _sources(entries, text_only: bool = False):
    return [(e, s) for e in entries for s in e.sources if e.dated_by == "text" or not text_only]


def _pick(ranked: list[str], n: int) -> list[str]:
    out: list[str] = []
    for s in ranked:
        if len(out) < n and not any(redundant(s, o) for o in out):
            out.append(s)
    return out


def centroid(text_first: bool, early: float | None, quote_pen: float, stamp_pen: float,
             min_words: int = 0, max_words: int = 10_000, centre_text: bool = False, salience: float = 0.0,
             begins: float = 0.0, begins_words: int = 0) -> Summariser:
    """Rank the date's sentences by cosine of tf-idf to the centroid of its (distinct) sentences
    (news-tls DATEWISE's summariser), text-dated first when ``text_first``; plus ``early`` when
    the date opens the sentence; minus ``quote_pen`` for a quotation, ``stamp_pen`` for a comment
    stamp (a date then a clock time and a colon within the first words)."""
    def fn(entries, n, ctx) -> list[str]:
        srcs = _sources(entries)
        uniq = {}
        for e, s in srcs:
            uniq.setdefault(s.sentence, (e, s))
        if not uniq:
            return []
        vecs = {t: ctx.vec(t) for t in uniq}
        cen: Counter[str] = Counter()
        for t, v in vecs.items():
            if not centre_text or uniq[t][0].dated_by == "text" or all(e.dated_by != "text" for e in entries):
                cen.update(v)
        norm = math.sqrt(sum(x * x for x in cen.values())) or 1.0
        cen_n = {w: x / norm for w, x in cen.items()}

        def score(t: str) -> tuple:
            e, s = uniq[t]
            words = len(_WORD.findall(t))
            sc = _cos(vecs[t], cen_n)
            if early is not None and date_position(s) <= EARLY:
                sc += early
            if begins and words_before(s) <= begins_words:
                sc += begins
            if salience:
                sc += salience * math.log1p(e.salience)
            if quote_pen and is_quote(t):
                sc -= quote_pen
            if stamp_pen and is_stamp(t):
                sc -= stamp_pen
            if not min_words <= words <= max_words:
                sc -= 1.0
            return ((e.dated_by != "text") if text_first else False, -sc)
        return _pick(sorted(uniq, key=score), n)
    return fn


def words_before(s) -> int:
    """Words before the dating expression in its sentence (0 when a heading above it dates it)."""
    i = s.sentence.find(s.time_text) if s.time_text else -2
    return 0 if i == -1 else 99 if i == -2 else len(_WORD.findall(s.sentence[:i]))


def tiers(stamp_first: bool, early: bool, local: bool = False, plain_tf: bool = False,
          stamps: bool = True, cos: bool = True, digit: bool = False) -> Summariser:
    """Lexicographic: text-dated first, comment stamps last, sentences that open with their date
    (or sit under a date heading) first, [date early], then cosine to the day's tf-idf centroid
    (idf over the collection's reports; ``local``: over the day's sentences; ``plain_tf``: none)."""
    def fn(entries, n, ctx) -> list[str]:
        uniq = {}
        for e, s in _sources(entries):
            uniq.setdefault(s.sentence, (e, s))
        if not uniq:
            return []
        c = ctx
        if local or plain_tf:
            c = Context([])
            c.n = len(uniq)
            c.df = Counter() if plain_tf else Counter(w for t in uniq for w in set(_WORD.findall(t.casefold())))
            if plain_tf:
                c.n = 0
        vecs = {t: (c.vec(t) if not plain_tf else _tf(t)) for t in uniq}
        cen: Counter[str] = Counter()
        for v in vecs.values():
            cen.update(v)
        norm = math.sqrt(sum(x * x for x in cen.values())) or 1.0
        cen_n = {w: x / norm for w, x in cen.items()}

        def key(t: str) -> tuple:
            e, s = uniq[t]
            opens = words_before(s) == 0 and (not digit or bool(re.search(r"\d", s.time_text)))
            st = stamps and is_stamp(t)
            first = (st, not opens) if stamp_first else (not opens, st)
            return (e.dated_by != "text", *first, (date_position(s) > EARLY) if early else False,
                    -_cos(vecs[t], cen_n) if cos else (-e.salience, date_position(s), s.published))
        return _pick(sorted(uniq, key=key), n)
    return fn


def _tf(t: str) -> dict[str, float]:
    tf = Counter(w for w in _WORD.findall(t.casefold()) if len(w) > 3)
    norm = math.sqrt(sum(x * x for x in tf.values())) or 1.0
    return {w: x / norm for w, x in tf.items()}


_QUOTE = re.compile(r"``|''|\"|“|”|«|»")
_STAMP = re.compile(r"^\W*(?:at\s+)?\d{1,2}[:.]\d{2}", re.IGNORECASE)


def is_quote(t: str) -> bool:
    return bool(_QUOTE.search(t))


def is_stamp(t: str) -> bool:
    return bool(_STAMP.search(t)) and ":" in t[:80].split(" ", 3)[-1] or " wrote :" in t[:120]


def shipped_filtered(quote: bool, stamp: bool) -> Summariser:
    """The shipped order with quotations / comment stamps moved after the others."""
    def fn(entries, n, ctx) -> list[str]:
        key = lambda e: (e.dated_by != "text", min(map(date_position, e.sources)) > EARLY,  # noqa: E731
                         -e.salience, e.sources[0].published)
        ranked = [s.sentence for e in sorted(entries, key=key) for s in sorted(e.sources, key=date_position)]
        bad = lambda t: (quote and is_quote(t)) or (stamp and is_stamp(t))  # noqa: E731
        return _pick([t for t in ranked if not bad(t)] + [t for t in ranked if bad(t)], n)
    return fn


VARIANTS: dict[str, Summariser] = {
    "session 8 rule": session8,
    "shipped": shipped,
    "shipped, stamps last": shipped_filtered(False, True),
    "shipped, quotes+stamps last": shipped_filtered(True, True),
    "centroid": centroid(False, None, 0, 0),
    "centroid text-first": centroid(True, None, 0, 0),
    "centroid text-first early+0.1": centroid(True, 0.1, 0, 0),
    "centroid text-first early+0.2": centroid(True, 0.2, 0, 0),
    "centroid text-first stamps-1": centroid(True, None, 0, 1.0),
    "centroid text-first early+0.1 stamps-1": centroid(True, 0.1, 0, 1.0),
    "centroid text-first early+0.1 stamps-1 quotes-0.1": centroid(True, 0.1, 0.1, 1.0),
    "centroid text-first early+0.1 stamps-1 quotes-0.2": centroid(True, 0.1, 0.2, 1.0),
    "centroid text-first early+0.1 stamps-1 8-60 words": centroid(True, 0.1, 0, 1.0, 8, 60),
    "centroid early+0.1 stamps-1": centroid(False, 0.1, 0, 1.0),
    "centroid text-first early+0.05 stamps-1": centroid(True, 0.05, 0, 1.0),
    "centroid text-first early+0.1 stamps-1 centre on text": centroid(True, 0.1, 0, 1.0, centre_text=True),
    "centroid text-first early+0.1 stamps-1 salience 0.05": centroid(True, 0.1, 0, 1.0, salience=0.05),
    "centroid text-first early+0.1 stamps-1 salience 0.1": centroid(True, 0.1, 0, 1.0, salience=0.1),
    "centroid text-first early+0.1 begins+0.1 stamps-1": centroid(True, 0.1, 0, 1.0, begins=0.1),
    "centroid text-first begins+0.1 stamps-1": centroid(True, None, 0, 1.0, begins=0.1),
    "centroid text-first early+0.1 stamps-1 5+ words": centroid(True, 0.1, 0, 1.0, 5),
}
VARIANTS |= {"tiers stamp,opens,cos": tiers(True, False), "tiers opens,stamp,cos": tiers(False, False),
             "tiers stamp,opens,early,cos": tiers(True, True),
             "tiers stamp,opens,cos local idf": tiers(True, False, local=True),
             "tiers stamp,opens,cos tf (words > 3 letters)": tiers(True, False, plain_tf=True),
             "tiers stamp,opens (with a digit),cos tf": tiers(True, False, plain_tf=True, digit=True),
             "tiers opens,cos tf (no stamp tier)": tiers(True, False, plain_tf=True, stamps=False),
             "tiers stamp,opens,salience (no centroid)": tiers(True, False, cos=False),
             "tiers opens,salience (no centroid, no stamp tier)": tiers(True, False, cos=False, stamps=False)}
for _b in (0.1, 0.2, 0.3):
    for _k in (0, 1, 2):
        for _e in (None, 0.05, 0.1):
            for _s in (0.0, 0.05):
                VARIANTS[f"grid begins+{_b} within {_k} words early+{_e} salience {_s}"] = centroid(
                    True, _e, 0, 1.0, salience=_s, begins=_b, begins_words=_k)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--topics", default=T17_DEV)
    ap.add_argument("--only", default="", help="variant names separated by ;")
    args = ap.parse_args()
    names = [v for v in args.only.split(";") if v] or list(VARIANTS)
    data = []
    for topic in args.topics.split(","):
        items = mark_duplicates(list(corpus.extracted("t17", corpus.t17_docs(topic))))
        ctx = Context(items)
        full = T.build_timeline(items, with_claims=False)
        for gold in corpus.t17_gold(topic):
            n_dates = len(gold.dates)
            per = max(1, round(sum(len(v) for v in gold.dates.values()) / n_dates))
            cut = T.build_timeline(items, max_dates=n_dates, with_claims=False)
            data.append((gold, per, ctx, _by_date(cut.entries), _by_date(full.entries)))
    for name in names:
        fn = VARIANTS[name]
        rows = {"protocol": [], "gold dates": []}
        for gold, per, ctx, cut, full in data:
            pred = {d: fn(es, per, ctx) for d, es in cut.items()}
            rows["protocol"].append(rouge_scores(pred, gold.dates))
            oracle = {d: fn(full[d], per, ctx) for d in gold.dates if d in full}
            rows["gold dates"].append(rouge_scores(oracle, {d: gold.dates[d] for d in oracle}))
        parts = []
        for setting, rs in rows.items():
            mean = {k: sum(r[k] for r in rs) / len(rs) for k in rs[0]}
            per_t = " ".join(f"{r['align_r1']:.3f}" for r in rs)
            parts.append(f"{setting}: align {mean['align_r1']:.3f}/{mean['align_r2']:.3f} concat "
                         f"{mean['concat_r1']:.3f}/{mean['concat_r2']:.3f} (align R-1 per timeline {per_t})")
        print(f"{name:55s} " + " | ".join(parts), flush=True)


def _by_date(entries) -> dict[str, list]:
    out: dict[str, list] = {}
    for e in entries:
        if _DAY.match(e.date):
            out.setdefault(e.date, []).append(e)
    return out


if __name__ == "__main__":
    main()
