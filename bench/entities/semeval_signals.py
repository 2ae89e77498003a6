"""Entity and time signals in every language, scored against SemEval-2022 task 8 human judgements.

Why: storyline parses French and English with spaCy models; the 8 other languages of the task
(de, es, pl, tr, ar, it, ru, zh) go through a blank pipeline, so they may get no entities and no
times at all. This bench measures, per language, whether the extracted entities and dates of two
articles agree with what annotators said about the pair: the CSV's ``Entities``, ``Geography`` and
``Time`` scores, 1 (same) .. 4 (different), correlated as their negation (higher = more alike).

Signals (each a similarity of the two texts of a pair; 0 when neither text has anything):
- ``storyline entities``: Jaccard of the sets of canonical ``entity_id`` (cross-language ids set by
  the link stage), against ``-Entities``; ``storyline places``: the same on ``loc:`` ids only,
  against ``-Geography``;
- ``storyline times``: Jaccard of the dated values (``ex.times`` values starting with a 4-digit
  year: ``2020``, ``2020-04``, ``2020-04-24``); ``storyline months``: every value cut to its month
  (or year when it has no month); both against ``-Time``. The CSV has no publication dates, so
  only dates written with their year count;
- naive baselines in the same harness: capitalised word types (``\\b[A-ZÀ-Þ]\\w+``, plus every
  non-Latin word of 3+ letters, case-folded) against ``-Entities`` and ``-Geography``; 4-digit
  years 1900-2099 found by regex against ``-Time``.

Pearson r per language-pair group (``all``, same-language pairs one by one, ``cross``) on the
split of ``bench/stories/semeval_bench.py`` (dev = sha1(pair_id) even, test = odd). ``—`` marks a
constant signal (r undefined: nothing was extracted on either side of any pair of the group).

Extraction is ``storyline.pipeline.extract_text(text, lang=..., published=None)``, cached as small
JSON files under ``~/.cache/storyline-bench/semsig/``, keyed by sha1 of the text, its language and
a fingerprint of the code and data that make entities and times (``extract/**``, the link stage's
identity files, ``normalise/``, ``pipeline.py``): a code change re-extracts, a re-run is instant.

Run: ``PYTHONPATH=src:. nice -n 10 .venv/bin/python bench/entities/semeval_signals.py --json /tmp/semsig.json``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.stories.semeval_bench import is_dev, load_rows  # noqa: E402

CACHE = Path.home() / ".cache" / "storyline-bench" / "semsig"
# What makes entities and times, relative to the storyline package: every extractor and its
# per-language data, plus the link stage's identity resolver (it sets ``entity_id``) and its data,
# the normaliser (sentences, language) and the pipeline wiring them.
FINGERPRINTED = ("extract/**/*", "link/identity.py", "link/names_places.py", "link/aliases.toml",
                 "normalise/*.py", "pipeline.py")
SAME_LANG_ORDER = ("en-en", "fr-fr", "de-de", "es-es")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
DATED = re.compile(r"^\d{4}")
MONTH = re.compile(r"^\d{4}(?:-\d\d(?!\d))?")
CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-Þ]\w")
LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


def fingerprint() -> str:
    """sha1 over the paths and bytes of the files that make entities and times."""
    import storyline

    pkg = Path(storyline.__file__).resolve().parent
    files = sorted({p for pattern in FINGERPRINTED for p in pkg.glob(pattern)
                    if p.is_file() and "__pycache__" not in p.parts})
    h = hashlib.sha1()
    for p in files:
        h.update(str(p.relative_to(pkg)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _record(text: str, lang: str) -> dict[str, list[list[str]]]:
    """What the signals need from one extraction: entity ids/labels and time values/types."""
    from storyline.pipeline import extract_text

    _, ex = extract_text(text, lang=lang, published=None)
    return {"entities": [[e.entity_id, e.label, e.text] for e in ex.entities],
            "times": [[t.value, t.type, t.text] for t in ex.times]}


def cached_records(docs: list[tuple[str, str]], fp: str) -> dict[tuple[str, str], dict]:
    """(text, lang) -> record, extracted once per (text, lang, code fingerprint)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    out: dict[tuple[str, str], dict] = {}
    fresh = 0
    for text, lang in docs:
        path = CACHE / (hashlib.sha1(f"{fp}\0{lang}\0{text}".encode()).hexdigest() + ".json")
        if path.exists():
            out[(text, lang)] = json.loads(path.read_text(encoding="utf-8"))
            continue
        rec = _record(text, lang)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        out[(text, lang)] = rec
        fresh += 1
        if fresh % 200 == 0:
            print(f"[semsig] extracted {fresh} new texts ({len(out)}/{len(docs)})", file=sys.stderr, flush=True)
    print(f"[semsig] {fresh} texts extracted, {len(docs) - fresh} from the cache", file=sys.stderr)
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    """|a & b| / |a | b|; 0 when both are empty (no evidence that the texts are alike)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def entity_ids(rec: dict, prefix: str = "") -> set[str]:
    return {eid for eid, _, _ in rec["entities"] if eid and eid.startswith(prefix)}


def dated_values(rec: dict, month: bool = False) -> set[str]:
    """Time values anchored to a written year (``XXXX-03-12`` and ``PRESENT_REF`` are not)."""
    vals = {v for v, _, _ in rec["times"] if DATED.match(v)}
    return {MONTH.match(v).group(0) for v in vals} if month else vals  # type: ignore[union-attr]


def name_words(text: str) -> set[str]:
    """Naive entity baseline: capitalised Latin words and every non-Latin word of 3+ letters."""
    out = set()
    for w in re.findall(r"\w+", text):
        if CAPITALISED.match(w) or (len(w) >= 3 and w.isalpha() and not LATIN.search(w)):
            out.add(w.casefold())
    return out


def years(text: str) -> set[str]:
    return set(YEAR.findall(text))


# (signal, gold column, similarity of two texts given their records and raw texts)
Sim = Callable[[dict, dict, str, str], float]
SIGNALS: dict[str, tuple[str, Sim]] = {
    "storyline entities": ("Entities", lambda a, b, _x, _y: jaccard(entity_ids(a), entity_ids(b))),
    "baseline names": ("Entities", lambda _a, _b, x, y: jaccard(name_words(x), name_words(y))),
    "storyline places": ("Geography", lambda a, b, _x, _y: jaccard(entity_ids(a, "loc:"), entity_ids(b, "loc:"))),
    "baseline names (geo)": ("Geography", lambda _a, _b, x, y: jaccard(name_words(x), name_words(y))),
    "storyline times": ("Time", lambda a, b, _x, _y: jaccard(dated_values(a), dated_values(b))),
    "storyline months": ("Time", lambda a, b, _x, _y: jaccard(dated_values(a, True), dated_values(b, True))),
    "baseline years": ("Time", lambda _a, _b, x, y: jaccard(years(x), years(y))),
}
TABLES = {"Entities and places": ["storyline entities", "baseline names", "storyline places", "baseline names (geo)"],
          "Times": ["storyline times", "storyline months", "baseline years"]}


def pearson(x: list[float], y: list[float]) -> float:
    """Pearson's r; NaN when either side is constant (e.g. no entities on any text of the group)."""
    from scipy.stats import pearsonr

    if len(x) < 2 or len(set(x)) < 2 or len(set(y)) < 2:
        return math.nan
    return float(pearsonr(x, y)[0])


def groups(rows: list[dict[str, str]]) -> dict[str, list[int]]:
    """all, en-en, fr-fr, de-de, es-es, the other same-language pairs, cross (lang1 != lang2)."""
    out: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        out["all"].append(i)
        out[f"{r['lang1']}-{r['lang2']}" if r["lang1"] == r["lang2"] else "cross"].append(i)
    same = [g for g in SAME_LANG_ORDER if g in out] + sorted(g for g in out if g not in SAME_LANG_ORDER
                                                              and g not in ("all", "cross"))
    return {g: out[g] for g in same + ["cross", "all"] if g in out}


def score(rows: list[dict[str, str]], records: dict[tuple[str, str], dict]) -> list[dict[str, object]]:
    """Pearson of every signal with its negated gold column, per group and split, with n."""
    sims = {name: [fn(records[(r["text1"], r["lang1"])], records[(r["text2"], r["lang2"])], r["text1"], r["text2"])
                   for r in rows] for name, (_, fn) in SIGNALS.items()}
    out = []
    for group, idx in groups(rows).items():
        line: dict[str, object] = {"group": group}
        for split in ("dev", "test"):
            sel = [i for i in idx if is_dev(rows[i]["pair_id"]) == (split == "dev")]
            line[f"n_{split}"] = len(sel)
            for name, (gold, _) in SIGNALS.items():
                r = pearson([sims[name][i] for i in sel], [-float(rows[i][gold]) for i in sel])
                line[f"{name}|{split}"] = None if math.isnan(r) else round(r, 3)
                line[f"{name}|{split}|nonzero"] = sum(sims[name][i] > 0 for i in sel)
        out.append(line)
    return out


def coverage(docs: Iterable[tuple[str, str]], records: dict[tuple[str, str], dict]) -> list[dict[str, object]]:
    """Per language, over distinct texts: share with >= 1 entity mention, entity id, dated time."""
    by_lang: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for text, lang in docs:
        by_lang[lang].append((text, records[(text, lang)]))
    out = []
    for lang in sorted(by_lang, key=lambda k: (-len(by_lang[k]), k)):
        items = by_lang[lang]
        n = len(items)

        def share(pred: Callable[[str, dict], bool], items: list[tuple[str, dict]] = items) -> float:
            return round(sum(pred(t, r) for t, r in items) / len(items), 3)

        out.append({"lang": lang, "texts": n,
                    "entity": share(lambda _t, r: bool(r["entities"])),
                    "entity_id": share(lambda _t, r: bool(entity_ids(r))),
                    "loc_id": share(lambda _t, r: bool(entity_ids(r, "loc:"))),
                    "time": share(lambda _t, r: bool(r["times"])),
                    "dated_time": share(lambda _t, r: bool(dated_values(r))),
                    "regex_year": share(lambda t, _r: bool(years(t)))})
    return out


def _cell(v: object) -> str:
    return "—" if v is None else f"{v:.3f}"


def markdown(lines: list[dict[str, object]], cov: list[dict[str, object]]) -> str:
    md = []
    for title, names in TABLES.items():
        head = ["group", "n dev", "n test"] + [f"{n} vs -{SIGNALS[n][0]} {sp}" for n in names for sp in ("dev", "test")]
        md += [f"**{title}** (Pearson r)", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for ln in lines:
            cells = [str(ln["group"]), str(ln["n_dev"]), str(ln["n_test"])]
            cells += [_cell(ln[f"{n}|{sp}"]) for n in names for sp in ("dev", "test")]
            md.append("| " + " | ".join(cells) + " |")
        md.append("")
    names = list(SIGNALS)
    md += ["**Pairs where the signal is not 0** (dev / test): how much evidence each r rests on", "",
           "| group | " + " | ".join(names) + " |", "|" + "---|" * (len(names) + 1)]
    md += ["| " + " | ".join([str(ln["group"])] + [f"{ln[f'{n}|dev|nonzero']} / {ln[f'{n}|test|nonzero']}"
                                                    for n in names]) + " |" for ln in lines]
    md.append("")
    keys = ("entity", "entity_id", "loc_id", "time", "dated_time", "regex_year")
    md += ["**Coverage** (share of distinct texts with at least one)", "",
           "| lang | texts | " + " | ".join(keys) + " |", "|" + "---|" * (len(keys) + 2)]
    md += ["| " + " | ".join([str(c["lang"]), str(c["texts"])] + [f"{c[k]:.3f}" for k in keys]) + " |" for c in cov]
    return "\n".join(md)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", type=Path, help="write the figures here as JSON")
    ap.add_argument("--limit", type=int, help="first N pairs only (a quick look; figures are not comparable)")
    args = ap.parse_args(argv)
    t0 = time.time()
    rows = load_rows(args.limit)
    docs = list(dict.fromkeys((r[f"text{i}"], r[f"lang{i}"]) for r in rows for i in (1, 2)))
    fp = fingerprint()
    records = cached_records(docs, fp)
    lines, cov = score(rows, records), coverage(docs, records)
    print(markdown(lines, cov))
    wall = round(time.time() - t0, 1)
    print(f"\n{len(rows)} pairs, {len(docs)} distinct texts, code fingerprint {fp[:12]}, {wall} s", file=sys.stderr)
    if args.json:
        doc = {"pairs": len(rows), "texts": len(docs), "fingerprint": fp, "wall_s": wall,
               "signals": {n: f"-{g}" for n, (g, _) in SIGNALS.items()}, "pearson": lines, "coverage": cov}
        args.json.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
