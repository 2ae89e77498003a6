"""Experiments on the learned cue model's features, on validation (PolNeAR train 600-839, model fitted on 0-599).

    .venv/bin/python -m bench.quotes.learned_lab                      # the shipped features
    .venv/bin/python -m bench.quotes.learned_lab --extra fp1,quote    # with candidate feature groups
    .venv/bin/python -m bench.quotes.learned_lab --dump 40            # worst-scored validation proposals

For each variant: proposal-level average precision and log loss of the validation proposals
(labelled as ``fit_cues`` labels them), then the whole extractor's content F1 / speaker accuracy
on validation at a few thresholds (unsourced 0, the shipped setting). Extra feature groups are
added by wrapping ``quotes_learned._features`` in this process only; a group that helps is then
moved into ``quotes_learned``. PolNeAR dev is never read here.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable

import numpy as np

from bench.quotes import corpus
from bench.quotes.fit_cues import SPLIT, cue_prior, evaluate, examples, fit
from bench.quotes.run import context
from storyline.extract import quotes_learned as ql
from storyline.extract.quotes_learned import Model

_FIRST = {"i", "we", "me", "us", "my", "our", "myself", "ourselves"}
_SECOND = {"you", "your"}

EXTRA: dict[str, Callable[..., list[str]]] = {}


def extra(name: str) -> Callable:
    def deco(fn: Callable) -> Callable:
        EXTRA[name] = fn
        return fn

    return deco


@extra("fp1")
def _first_person(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """The complement holds a first- or second-person pronoun (speech)."""
    words = {t.lower_ for t in comp.subtree}
    out = []
    if words & _FIRST:
        out.append(f"FP1={construction}")
    if words & _SECOND:
        out.append(f"FP2={construction}")
    return out


@extra("compverb")
def _comp_verb(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """What the complement is: a finite clause with a modal, a future, a proposition."""
    sub = list(comp.subtree)
    fin = any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in sub)
    md = any(t.tag_ == "MD" for t in sub)
    return [f"CF={construction}|{int(fin)}|{int(md)}"]


@extra("quote")
def _quote_ctx(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """The sentence holds quotation marks; the complement is (partly) quoted."""
    sent = tok.sent
    a, b = sent.start_char, sent.end_char
    in_sent = any(inside_quote[a:b])
    ca, cb = comp.left_edge.idx, comp.right_edge.idx + len(comp.right_edge.text)
    in_comp = any(inside_quote[ca:cb])
    return [f"QS={construction}|{int(in_sent)}|{int(in_comp)}"]


@extra("pos")
def _position(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """Headline / first line; the cue's place in its sentence."""
    sent = tok.sent
    first = sent.start == 0
    rel = (tok.i - sent.start) / max(1, len(sent))
    b = "0" if rel < 0.2 else "1" if rel < 0.5 else "2"
    return [f"FIRST={int(first)}", f"RP={construction}|{b}"]


@extra("subj")
def _subj(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """Finer subject classes: a person named entity, a role noun (with a person prior?), a plural noun."""
    if subject is None:
        return []
    out = [f"STAG={construction}|{subject.tag_}"]
    if subject.ent_type_:
        out.append(f"SENT={subject.ent_type_}|{construction}")
    return out


@extra("conj")
def _conj(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """Conjunctions: lemma x tag, construction x tag, lemma x marker."""
    lemma = tok.lemma_.lower()
    mark = next((m.lower_ for m in comp.children if m.dep_ in ("mark", "aux") and m.i < comp.i), "-")
    return [f"CT={construction}|{tok.tag_}", f"LM={lemma}|{mark}"]


@extra("obj")
def _obj(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """An object's kind: a person/org entity, a pronoun, a determiner (the/a/his), its head tag."""
    if construction != "v:obj" and not construction.startswith(("v:prep", "n:prep", "a:prep")):
        return []
    det = next((c.lower_ for c in comp.children if c.dep_ in ("det", "poss")), "-")
    ent = comp.ent_type_ or "-"
    return [f"OE={construction}|{ent}", f"OD={construction}|{det}", f"OT={construction}|{comp.tag_}"]


@extra("head")
def _head(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """The governing word of the cue (``tried to``, ``decision to``) with the lemma."""
    lemma = tok.lemma_.lower()
    h = tok.head
    return [f"LHD={lemma}|{tok.dep_}|{h.pos_}"]


@extra("left")
def _left(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """The word before the cue (``to``, ``has``, ``who``, ``the``) with the construction."""
    prev = tok.doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    return [f"W1={prev}", f"CW1={construction}|{prev}"]


@extra("sent")
def _sent(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """Another verb of the sentence is a speech verb (said, told, according)."""
    speech = {"say", "tell", "accord", "add", "write", "ask", "argue", "claim", "note", "report"}
    other = [t for t in tok.sent if t.i != tok.i and t.lemma_.lower() in speech]
    if not other:
        return ["SS=0"]
    inside = any(comp.left_edge.i <= t.i <= comp.right_edge.i for t in other)
    before = any(t.i < tok.i for t in other)
    return [f"SS=1|{int(inside)}|{int(before)}", f"CSS={construction}|{int(inside)}"]


@extra("docpos")
def _docpos(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
    """Where the cue lies in the report: share of the text before it, and characters before it (fatigue?)."""
    n = len(tok.doc.text)
    rel = min(4, int(5 * tok.idx / max(1, n)))
    ab = next((k for k, hi in enumerate((1500, 4000, 8000, 15000)) if tok.idx < hi), 4)
    return [f"DR={rel}", f"DA={ab}"]


# Conjunctions of the final features (after the cue priors are added): name -> prefixes joined.
POST: dict[str, list[tuple[str, ...]]] = {
    "pn": [("P", "N"), ("C", "P", "N")],
    "ppn": [("PP", "N")],
    "ps": [("P", "S"), ("PP", "S")],
    "pq": [("P", "Q")],
    "cpp": [("C", "PP")],
}


def _post(feats: list[str], conj: list[tuple[str, ...]]) -> list[str]:
    val: dict[str, str] = {}
    for f in feats:
        k, _, v = f.partition("=")
        val.setdefault(k, v)
    out = list(feats)
    for keys in conj:
        if all(k in val for k in keys):
            out.append("&".join(keys) + "=" + "|".join(val[k] for k in keys))
    return out


def install(groups: list[str]) -> None:
    post = [c for g in groups if g in POST for c in POST[g]]
    groups = [g for g in groups if g not in POST]
    if post:
        import bench.quotes.fit_cues as fc
        import storyline.extract.quotes as q

        base_prop = ql.proposals

        def proposals(*a: Any, **k: Any) -> Any:
            for p in base_prop(*a, **k):
                p.feats = _post(p.feats, post)
                yield p

        fc.proposals = q.proposals = proposals
    base = ql._features

    def features(tok: Any, construction: str, comp: Any, subject: Any, inside_quote: Any) -> list[str]:
        feats = base(tok, construction, comp, subject, inside_quote)
        for g in groups:
            feats += EXTRA[g](tok, construction, comp, subject, inside_quote)
        return feats

    ql._features = features


def ap_and_loss(y: list[int], p: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-p)
    ys = np.array(y)[order]
    hits = np.cumsum(ys)
    prec = hits / np.arange(1, len(ys) + 1)
    ap = float((prec * ys).sum() / max(1, ys.sum()))
    pc = np.clip(p, 1e-6, 1 - 1e-6)
    yy = np.array(y)
    loss = float(-(yy * np.log(pc) + (1 - yy) * np.log(1 - pc)).mean())
    return ap, loss


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--extra", default="", help="comma-separated feature groups: " + ", ".join(EXTRA))
    ap.add_argument("--C", type=float, default=0.3)
    ap.add_argument("--thresholds", default="0.35,0.4,0.45")
    ap.add_argument("--unsourced", type=float, default=0.0)
    ap.add_argument("--no-eval", action="store_true", help="proposal-level figures only")
    ap.add_argument("--xfold", action="store_true", help="fit on train 240-839, evaluate on 0-239 (second check)")
    ap.add_argument("--dump", type=int, default=0, help="print the N highest-scored negative validation proposals")
    args = ap.parse_args(argv)
    groups = [g for g in args.extra.split(",") if g]
    install(groups)
    t0 = time.perf_counter()
    docs = corpus.polnear("train")
    fit_docs, val_docs = (docs[240:], docs[:240]) if args.xfold else (docs[:SPLIT], docs[SPLIT:])
    prior = cue_prior(fit_docs)
    X, y, di = examples(docs, prior)
    in_fit = (lambda d: d >= 240) if args.xfold else (lambda d: d < SPLIT)
    tr = [k for k, d in enumerate(di) if in_fit(d)]
    va = [k for k, d in enumerate(di) if not in_fit(d)]
    weights, bias = fit([X[k] for k in tr], [y[k] for k in tr], args.C)
    model = Model(weights, bias, 0.4, prior, args.unsourced)
    p = np.array([model.prob(X[k]) for k in va])
    a, loss = ap_and_loss([y[k] for k in va], p)
    print(
        f"extra={args.extra or '-'} C={args.C}: proposals {len(va)} val AP {a:.4f} loss {loss:.4f} "
        f"({time.perf_counter() - t0:.0f} s)",
        flush=True,
    )
    if args.dump:
        neg = sorted((pp, k) for pp, k in zip(p, va) if not y[k])[::-1][: args.dump]
        for pp, k in neg:
            top = sorted(((weights.get(f, 0.0), f) for f in X[k]), reverse=True)[:6]
            print(f"{pp:.2f} " + " ".join(f"{f}:{w:+.2f}" for w, f in top))
    if args.no_eval:
        return
    val_ctx = [context(d) for d in val_docs]
    for th in (float(t) for t in args.thresholds.split(",")):
        t = evaluate(val_ctx, val_docs, Model(weights, bias, th, prior, args.unsourced))
        pr, rc, f1 = t.prf()
        print(
            f"  threshold={th} unsourced={args.unsourced}: F1 {f1:.4f} P {pr:.4f} R {rc:.4f} "
            f"speaker {t.speaker_acc:.4f} matched {t.matched} system {t.system}",
            flush=True,
        )
    print(f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
