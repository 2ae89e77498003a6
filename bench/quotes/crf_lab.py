"""Feasibility lab (session 9): a linear-chain CRF over tokens, tagging PolNeAR Content/Source (BIO).

    .venv/bin/python -m bench.quotes.crf_lab collect      # CV system predictions + token features -> cache (~2 min)
    .venv/bin/python -m bench.quotes.crf_lab cv           # 4-fold CRF (~2.5 min a fold), scored with score.py
    .venv/bin/python -m bench.quotes.crf_lab cv --fold 0 --reuse --min-new 0.95 --drop 0.05

Needs ``python-crfsuite`` (0.9.12, a bench-only tool, not a dependency of the package). Features per
token: word, lemma, POS, tag, dependency, head lemma/POS, inside quotation marks, the lexicon's cue
lists, the cue prior of the token and its head, the nearest cue-like ancestor (its lemma, the
relation under it, depth, side), the rules' and the learned model's content/cue/source tags, and the
learned model's best proposal probability covering the token (including those below its threshold),
with a +-2 window. Each train document's system features come from the fold model that never saw it
(``cv.fold_model``), so the tagger learns the system's behaviour on unseen documents. Combinations
scored: the tagger alone, the system plus tagger contents that overlap no prediction (``min_new``:
their mean marginal), the system minus learned predictions whose mean marginal is below ``drop``,
and the rules plus the tagger in place of the learned model. Result (README, session 9): none beats
the system on CV, so nothing of this is shipped. PolNeAR dev is never read here.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time

from bench.quotes import corpus
from bench.quotes.cv import FOLDS, collect, fold_model, fold_of
from bench.quotes.parses import cache_dir
from bench.quotes.run import context
from bench.quotes.score import Item, Tally, projection, score_doc
from storyline.extract.quotes import extract_with, lang_data
from storyline.extract.quotes_marks import quoted_spans

CACHE = cache_dir() / "crf_lab.pkl"


def _bio(tok_spans, spans, label):
    """Tags for tokens (projected (a, b)) inside the projected ``spans``."""
    tags = ["O"] * len(tok_spans)
    for sa, sb in spans:
        first = True
        for i, (a, b) in enumerate(tok_spans):
            if a >= sa and b <= sb and b > a:
                tags[i] = ("B-" if first else "I-") + label
                first = False
    return tags


def _proj_span(idx, a, b):
    import bisect

    return bisect.bisect_left(idx, a), bisect.bisect_left(idx, b)


def doc_record(d, model, data):
    ctx = context(d)
    doc = ctx.doc
    text = doc.text
    pi = projection(text)
    gi = projection(d.text)
    toks = list(doc)
    tspans = [_proj_span(pi, t.idx, t.idx + len(t.text)) for t in toks]
    rules = extract_with(ctx, None)
    allq = extract_with(ctx, model)
    rule_keys = {(q.content.start, q.content.end) for q in rules}
    learned = [q for q in allq if (q.content.start, q.content.end) not in rule_keys]

    def spans(qs, part):
        out = []
        for q in qs:
            s = getattr(q, part)
            if s is not None:
                out.append(_proj_span(pi, s.start, s.end))
        return out

    sysf = {
        "rc": _bio(tspans, spans(rules, "content"), "rc"),
        "rq": _bio(tspans, spans(rules, "cue"), "rq"),
        "rs": _bio(tspans, spans(rules, "speaker"), "rs"),
        "lc": _bio(tspans, spans(learned, "content"), "lc"),
        "lq": _bio(tspans, spans(learned, "cue"), "lq"),
        "ls": _bio(tspans, spans(learned, "speaker"), "ls"),
    }
    gold_c = [_proj_span(gi, *g.content) for g in d.gold]
    gold_s = [_proj_span(gi, *g.speaker) for g in d.gold if g.speaker]
    gc = _bio(tspans, gold_c, "C")
    gs = _bio(tspans, gold_s, "S")
    gold = [c if c != "O" else s for c, s in zip(gc, gs)]
    marks = quoted_spans(text)
    inq = [any(m.start <= t.idx < m.end for m in marks) for t in toks]
    cue_verbs = set(data["cue_verbs"]) | set(data["stance_cues"]) | set(data.get("intent_verbs", []))
    cue_nouns = set(data["cue_nouns"])
    prior = model.prior
    # the learned model's beliefs below its threshold: best proposal probability covering each token
    from storyline.extract.quotes_learned import proposals
    from storyline.extract.quotes_cues import inside_mask
    import bisect

    mask = inside_mask(len(text), [(m.start, m.end) for m in marks])
    cover = [0.0] * len(toks)
    cuep = [0.0] * len(toks)
    starts_at = [0.0] * len(toks)
    by_idx = {t.idx: t.i for t in toks}
    tidx = [t.idx for t in toks]
    for p in proposals(toks, mask, prior):
        pr = model.prob(p.feats)
        cuep[p.cue.i] = max(cuep[p.cue.i], pr)
        first = by_idx.get(p.start)
        if first is not None:
            starts_at[first] = max(starts_at[first], pr)
        for j in range(bisect.bisect_left(tidx, p.start), bisect.bisect_left(tidx, p.end)):
            cover[j] = max(cover[j], pr)
    feats = []
    for i, t in enumerate(toks):
        f = {
            "w": t.lower_,
            "l": t.lemma_.lower(),
            "p": t.pos_,
            "t": t.tag_,
            "d": t.dep_,
            "hl": t.head.lemma_.lower(),
            "hp": t.head.pos_,
            "dhp": t.dep_ + "|" + t.head.pos_,
            "q": str(inq[i]),
            "pr": str(round(prior.get(t.lemma_.lower(), 0.0), 1)),
            "hpr": str(round(prior.get(t.head.lemma_.lower(), 0.0), 1)),
            "cv": str(t.lemma_.lower() in cue_verbs),
            "cn": str(t.lemma_.lower() in cue_nouns),
            "hcv": str(t.head.lemma_.lower() in cue_verbs),
        }
        # the nearest ancestor that is a cue word, and the relation under it on the path
        a, child, depth = t.head, t, 1
        while depth <= 6 and a is not child:
            if a.lemma_.lower() in cue_verbs or a.lemma_.lower() in cue_nouns or prior.get(a.lemma_.lower(), 0) >= 0.3:
                f["anc"] = child.dep_
                f["ancl"] = a.lemma_.lower()
                f["ancd"] = str(min(depth, 4))
                f["ancside"] = "R" if a.i < t.i else "L"
                break
            child, a, depth = a, a.head, depth + 1
        for k, v in sysf.items():
            f[k] = v[i]
        f["sys"] = "|".join(v[i][:1] for v in sysf.values())
        f["sentstart"] = str(t.is_sent_start)
        f["pc"] = str(round(cover[i] * 10))
        f["pq"] = str(round(cuep[i] * 10))
        f["ps"] = str(round(starts_at[i] * 10))
        feats.append(f)
    sents = [(s.start, s.end) for s in doc.sents]
    return {
        "id": d.id,
        "feats": feats,
        "gold": gold,
        "tok": [(t.idx, t.idx + len(t.text)) for t in toks],
        "sents": sents,
        "sys_items": [_item(q) for q in allq],
        "text": text,
        "gold_text": d.text,
        "gold_items": d.gold,
        "rule_keys": rule_keys,
    }


def _item(q):
    return Item(
        (q.content.start, q.content.end),
        (q.speaker.start, q.speaker.end) if q.speaker else None,
        q.speaker.text if q.speaker else "",
    )


def cmd_collect():
    t0 = time.perf_counter()
    docs = corpus.polnear("train")
    data = collect(docs)
    models = [fold_model(data, f) for f in range(FOLDS)]
    ld = lang_data("en")
    recs = []
    for k, d in enumerate(docs):
        recs.append(doc_record(d, models[fold_of(k)], ld))
        if k % 100 == 0:
            print(f"  {k} {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True)
    CACHE.write_bytes(pickle.dumps(recs))
    print(f"collected {len(recs)} in {time.perf_counter() - t0:.0f}s -> {CACHE}")


WIN = ("w", "l", "p", "rc", "lc", "q", "rq", "lq", "pc", "pq")


def xseq(feats, a, b):
    out = []
    for i in range(a, b):
        f = feats[i]
        x = {f"{k}={v}": 1.0 for k, v in f.items()}
        x["bias"] = 1.0
        for off in (-2, -1, 1, 2):
            j = i + off
            if a <= j < b:
                g = feats[j]
                for k in WIN:
                    x[f"{off}{k}={g[k]}"] = 1.0
            else:
                x[f"{off}=edge"] = 1.0
        x[f"rc|lc|d={f['rc']}|{f['lc']}|{f['d']}"] = 1.0
        x[f"anc|l={f.get('anc')}|{f.get('ancl')}"] = 1.0
        out.append(x)
    return out


def seqs(rec):
    for a, b in rec["sents"]:
        yield a, b


def _crfsuite():
    try:
        import pycrfsuite
    except ImportError as e:  # a bench tool only
        raise SystemExit("crf_lab needs python-crfsuite: pip install python-crfsuite==0.9.12") from e
    return pycrfsuite


def train_crf(recs, path, c1=0.05, c2=0.05, iters=100):
    pycrfsuite = _crfsuite()

    tr = pycrfsuite.Trainer(verbose=False)
    for r in recs:
        for a, b in seqs(r):
            tr.append(pycrfsuite.ItemSequence(xseq(r["feats"], a, b)), r["gold"][a:b])
    tr.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True})
    tr.train(str(path))


def tag_doc(tagger, rec):
    """Per token: predicted tag and marginal P(content)."""
    pycrfsuite = _crfsuite()

    tags, pc = [], []
    for a, b in seqs(rec):
        tagger.set(pycrfsuite.ItemSequence(xseq(rec["feats"], a, b)))
        y = tagger.tag()
        tags += y
        for i in range(b - a):
            pc.append(tagger.marginal("B-C", i) + tagger.marginal("I-C", i))
    return tags, pc


def spans_of(tags, toks, label):
    out, cur = [], None
    for i, t in enumerate(tags):
        if t == f"B-{label}" or (t == f"I-{label}" and cur is None):
            if cur:
                out.append(cur)
            cur = [i, i]
        elif t == f"I-{label}":
            cur[1] = i
        else:
            if cur:
                out.append(cur)
            cur = None
    if cur:
        out.append(cur)
    return [(toks[a][0], toks[b][1], a, b) for a, b in out]


def combos(rec, tags, pc, min_new=0.0, drop_learned=None):
    """Items: the system's, plus CRF contents that overlap none of them, minus learned items the CRF disbelieves."""
    toks = rec["tok"]
    base = list(rec["sys_items"])
    out = {}
    crf_c = spans_of(tags, toks, "C")
    crf_s = spans_of(tags, toks, "S")

    def tok_range(a, b):
        return [i for i, (x, y) in enumerate(toks) if x >= a and y <= b]

    def speaker_for(a, b):
        # the CRF source nearest the content, inside the same sentence window
        best = None
        for sa, sb, _, _ in crf_s:
            dist = min(abs(sa - b), abs(a - sb))
            if dist < 200 and (best is None or dist < best[0]):
                best = (dist, sa, sb)
        return (best[1], best[2]) if best else None

    new = []
    for a, b, ia, ib in crf_c:
        if any(min(b, p.content[1]) > max(a, p.content[0]) for p in base):
            continue
        conf = sum(pc[ia : ib + 1]) / (ib - ia + 1)
        if conf < min_new:
            continue
        sp = speaker_for(a, b)
        new.append(Item((a, b), sp, rec["text"][sp[0] : sp[1]] if sp else ""))
    rules_only = [p for p in base if p.content in rec["rule_keys"]]
    radd = []
    for a, b, ia, ib in crf_c:
        if any(min(b, p.content[1]) > max(a, p.content[0]) for p in rules_only):
            continue
        if sum(pc[ia : ib + 1]) / (ib - ia + 1) < min_new:
            continue
        sp = speaker_for(a, b)
        radd.append(Item((a, b), sp, rec["text"][sp[0] : sp[1]] if sp else ""))
    out["rules+crf"] = rules_only + radd
    out["crf_only"] = [Item((a, b), speaker_for(a, b), "") for a, b, _, _ in crf_c]
    out["sys+new"] = base + new
    out["sys+new sourced"] = base + [p for p in new if p.speaker is not None]
    out["sys+new 3+ tokens sourced"] = base + [
        p for p in new if p.speaker is not None and len(rec["text"][p.content[0] : p.content[1]].split()) >= 3
    ]
    if drop_learned is not None:
        kept = []
        for p in base:
            if p.content in rec["rule_keys"]:
                kept.append(p)
                continue
            ids = tok_range(*p.content)
            m = sum(pc[i] for i in ids) / len(ids) if ids else 0.0
            if m >= drop_learned:
                kept.append(p)
        out["sys-filtered"] = kept
        out["sys-filtered+new"] = kept + new
    return out


def cmd_cv(args):
    pycrfsuite = _crfsuite()

    recs = pickle.loads(CACHE.read_bytes())
    tallies: dict[str, Tally] = {}
    folds = range(FOLDS) if args.fold is None else [args.fold]
    t0 = time.perf_counter()
    for f in folds:
        train = [r for k, r in enumerate(recs) if fold_of(k) != f]
        test = [r for k, r in enumerate(recs) if fold_of(k) == f]
        path = cache_dir() / f"crf_fold{f}.crfsuite"
        if not (args.reuse and path.exists()):
            train_crf(train, path, args.c1, args.c2, args.iters)
        print(f"fold {f} trained {time.perf_counter() - t0:.0f}s", file=sys.stderr, flush=True)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        for r in test:
            tags, pc = tag_doc(tagger, r)
            for mn in args.min_new:
                for dl in args.drop:
                    for name, items in combos(r, tags, pc, mn, dl).items():
                        key = f"{name} min_new={mn} drop={dl}"
                        tallies.setdefault(key, Tally()).add(
                            score_doc(r["gold_text"], r["gold_items"], r["text"], items)
                        )
            tallies.setdefault("system", Tally()).add(
                score_doc(r["gold_text"], r["gold_items"], r["text"], r["sys_items"])
            )
    for k, t in sorted(tallies.items()):
        print(f"{k}: F1 {t.prf()[2]:.4f} {t.row()}")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd")
    ap.add_argument("--fold", type=int)
    ap.add_argument("--c1", type=float, default=0.05)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iters", type=int, default=100)
    ap.add_argument("--reuse", action="store_true")
    ap.add_argument("--min-new", type=float, nargs="+", default=[0.0, 0.5, 0.7])
    ap.add_argument("--drop", type=float, nargs="+", default=[0.2, 0.35, 0.5])
    args = ap.parse_args(argv)
    if args.cmd == "collect":
        cmd_collect()
    else:
        cmd_cv(args)


if __name__ == "__main__":
    main()
