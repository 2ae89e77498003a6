"""A soft generic defining entity: ``dom`` weighed by how specific the story's defining entity is.

Usage: .venv/bin/python bench/stories/dom_variants.py [--db PATH] [--variants lenient,domg,...]
       [--thresholds -2.5,-2.25,-2.0] [--streams full/seq,dev2]

Each variant adds features to ``story_index.link_features`` (by wrapping it), refits the lenient
link model with ``cluster_bench.fit_link`` on the dev sample's rows plus the full-scale dev
stream's rows (as the lenient model was fitted, bench/stories/README.md (b2)/(b4)), and streams
the six DEV streams of ``full_variants.streams`` through ``StoryIndex`` with deciding late as
shipped (``late.run``). Held-out data is never read here. Features (``k`` = the story's defining
entity, the SIGNATURE entity of ``link_features``; ``share`` = its share of the index's
documents, ``df.counts[k] / df.n_docs``):
- ``domg`` = dom x share: the model may learn that naming a generic defining entity (a country
  named by most reports of the index) says less;
- ``doms`` = dom x (1 - share), replacing ``dom``;
- ``domloc`` = dom x [k is a ``loc:`` entity];
- ``domi`` = dom x min(1, (idf(k) - 1) / 2), replacing ``dom`` (0 for an entity in every
  document, 1 from idf 3 on);
- ``domwa`` .. ``domwd`` = dom x share x a hinge of the lead cosine (``LOW``): the generic
  defining entity weighs less only when the article's text is far from the story.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories import cluster_bench as cb
from bench.stories import full_bench as fb
from bench.stories import full_variants as fv
from bench.stories import late
from storyline.link import link_model as lm
from storyline.link import story_index as si

_BASE = si.link_features
# ``domw*`` = dom x share x low lead cosine: 1 at a cosine <= hi - width, 0 from hi on.
LOW = {"domwa": (0.40, 0.10), "domwb": (0.45, 0.15), "domwc": (0.60, 0.20), "domwd": (0.35, 0.10),
       "domwe": (0.30, 0.10), "domwf": (0.35, 0.05), "domwg": (0.38, 0.08), "domwh": (0.33, 0.06),
       "domwi": (0.30, 0.10, 0.2), "domwj": (0.30, 0.10, 0.1), "domwk": (0.35, 0.10, 0.2), "domwl": (0.33, 0.06, 0.2)}
# (with a third number LO: share read as a ramp from LO to 0.5 instead of as is)
LENIENT = dict(lm.LINK_WEIGHTS)


def _extra(p, story, df) -> dict[str, float]:
    out = _BASE(p, story, df)
    if "dom" not in out:
        return out
    n = max(1, len(story.members))
    sig = max(((c / n * df.idf(k), k) for k, c in story.entity_docs.items()), default=None)
    share = min(1.0, df.counts.get(sig[1], 0) / df.n_docs) if sig and df.n_docs else 0.0
    dom = out["dom"]
    out["domg"] = dom * share
    out["doms"] = dom * (1.0 - share)
    out["domloc"] = dom * (1.0 if sig and sig[1].startswith("loc:") else 0.0)
    out["domi"] = dom * min(1.0, max(0.0, (df.idf(sig[1]) - 1.0) / 2.0)) if sig else 0.0
    cos = out.get("emb")
    if cos is not None:
        for name, (hi, width, *lo) in LOW.items():
            generic = min(1.0, max(0.0, (share - lo[0]) / (0.5 - lo[0]))) if lo else share
            out[name] = dom * generic * min(1.0, max(0.0, (hi - cos) / width))
    return out


def _keys(variant: str) -> dict[str, float]:
    """Weight keys of a variant: ``lenient`` or ``+f1+f2`` (added) or ``dom=f`` (replaced)."""
    w = dict(LENIENT)
    if variant == "lenient":
        return w
    for part in variant.split("+"):
        if "=" in part:
            old, new = part.split("=")
            w = {(new if k == old else k): v for k, v in w.items()}
        elif part:
            w[part] = 0.0
    return w


def fit_added(rows, weights: dict[str, float], added: list[str], l2: float = 0.1) -> dict[str, float]:
    """Fit only the ``added`` weights, the others held at their values (their score an offset)."""
    import numpy as np

    from storyline.link.stories import model_inputs

    base = {k: v for k, v in weights.items() if k not in added}
    off = np.array([base["bias"] + sum(base.get(k, 0.0) * v for k, v in model_inputs(f).items()) for f, _ in rows])
    X = np.array([[model_inputs(f).get(k, 0.0) for k in added] for f, _ in rows])
    y = np.array([float(label) for _, label in rows])
    w = np.zeros(len(added))
    for _ in range(30):
        pr = 1 / (1 + np.exp(-(off + X @ w)))
        w -= np.linalg.solve((X.T * (pr * (1 - pr))) @ X + l2 * np.eye(len(added)), X.T @ (pr - y) + l2 * w)
    return dict(base, **{k: round(float(v), 3) for k, v in zip(added, w)})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default=fb.DEFAULT_DB)
    ap.add_argument("--variants", default="lenient,+domg,dom=doms,+domloc,dom=domi")
    ap.add_argument("--thresholds", default="-2.25")
    ap.add_argument("--streams", default="")
    ap.add_argument("--refit", action="store_true", help="refit even the lenient variant")
    ap.add_argument("--fixed", action="store_true", help="fit only the added features, the lenient "
                    "weights held (``+f`` variants); ``+f:W`` sets a weight by hand")
    args = ap.parse_args()
    si.link_features = cb.link_features = _extra
    data = fv.streams(args.db)
    rows = cb.link_rows(*data["dev"]) + cb.link_rows(*data["full/seq"])
    if args.streams:
        data = {k: v for k, v in data.items() if k in args.streams.split(",")}
    print(f"{len(rows)} rows", flush=True)
    for variant in args.variants.split(","):
        keys = _keys(variant)
        manual = {k.split(":")[0]: float(k.split(":")[1]) for k in variant.split("+") if ":" in k}
        keys = {k.split(":")[0]: v for k, v in keys.items()}
        if manual:
            fitted = dict(keys, **manual)
        elif args.fixed:
            fitted = fit_added(rows, keys, [k for k in keys if k not in LENIENT])
        else:
            fitted = keys if variant == "lenient" and not args.refit else cb.fit_link(rows, weights=keys)
        lm.LINK_WEIGHTS.clear()
        lm.LINK_WEIGHTS.update(fitted)
        print(f"{variant}: {fitted}", flush=True)
        for t in [float(x) for x in args.thresholds.split(",")]:
            params = late.params_for("lenient", "w:40,gap:180,size:3", t)
            print(f"  t {t}: {late.row(data, params)}", flush=True)
    lm.LINK_WEIGHTS.clear()
    lm.LINK_WEIGHTS.update(LENIENT)


if __name__ == "__main__":
    main()
