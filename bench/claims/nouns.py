"""Counted nouns across languages: which French and English nouns name the same thing?

    apt-get install dict-freedict-fra-eng dict-freedict-eng-fra     # the gold (Debian, GPL)
    .venv/bin/python -m bench.claims.nouns [--split dev|test] [--grid]

Why: a count's claim attribute names its counted noun in the report's language (``count of
réacteur``, ``count of reactor``), and two reports' figures are compared only when the attributes
are one (``present/claims_nouns.py``). The matcher is scored here on the job it does in a story:
given the French and the English counted nouns of one story, which pairs are translations?

Gold: FreeDict's French-English and English-French dictionaries (Debian packages, read in place
under ``/usr/share/dictd``; nothing is copied into the repository). Vocabulary: the French nouns
(spaCy lemmas, POS NOUN) of French TimeBank and the English nouns of TempEval-3's TBAQ that the
dictionaries know, i.e. the nouns of news reports. A pair is a translation when either dictionary
gives one for the other, up to case and accents.

Stories are simulated: each has 8 French and 8 English nouns drawn at random (seeded), 4 of the
French nouns with one of their translations among the English ones. The other English nouns are
drawn at random (``random``) or are the nearest non-translations of the other 4 French nouns by
the encoder's own cosine (``hard``: the worst case for the storyline matcher, and closer to a
story's nouns, which are related: soldiers, troops, casualties). Scored: pairwise precision,
recall and F1 of the pairs the matcher joins, over 400 stories. Split: by a hash of the French
noun, even = dev (every threshold is chosen there), odd = test.

Systems: ``none`` (no pair joined), ``cognate`` (the rule before: rapidfuzz ratio of the
accent-folded nouns >= 90), ``storyline`` (the shipped matcher: cognates, then multilingual USE
word vectors, mutual best above ``WORD_COSINE``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import re
from functools import lru_cache
from pathlib import Path

from bench.common import shared_dir
from storyline.link.names_places import fold
from storyline.present import claims_nouns

DICTD = Path("/usr/share/dictd")
_HEAD = re.compile(r"^(\S[^/<]*?) /[^/]*/ <n\b[^>]*>$")


def _entries(name: str) -> list[tuple[str, list[str]]]:
    path = DICTD / f"freedict-{name}.dict.dz"
    if not path.exists():
        raise SystemExit(f"{path}: missing; apt-get install dict-freedict-fra-eng dict-freedict-eng-fra")
    lines = gzip.open(path, "rt", encoding="utf-8").read().split("\n")
    out = []
    for i, line in enumerate(lines[:-1]):
        m = _HEAD.match(line)
        if m and " " not in m.group(1).strip():
            words = [re.sub(r"^\d+\.\s*", "", w).strip() for w in lines[i + 1].split(",")]
            out.append((m.group(1).strip(), [w for w in words if w and " " not in w]))
    return out


@lru_cache(maxsize=1)
def translations() -> dict[str, set[str]]:
    """French noun (folded) -> English nouns (folded), from both dictionaries."""
    pairs: dict[str, set[str]] = {}
    for fr, ens in _entries("fra-eng"):
        for en in ens:
            pairs.setdefault(fold(fr), set()).add(fold(en))
    for en, frs in _entries("eng-fra"):
        for fr in frs:
            pairs.setdefault(fold(fr), set()).add(fold(en))
    return pairs


def _nouns(paths: list[Path], lang: str) -> set[str]:
    from storyline.extract.nlp import load

    nlp = load(lang)
    nouns: set[str] = set()
    for path in paths:
        text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8", errors="replace"))
        nouns.update(fold(t.lemma_) for t in nlp(text[:100_000]) if t.pos_ == "NOUN" and t.is_alpha and len(t) > 2)
    return nouns


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[str], list[str]]:
    data = shared_dir() / "data"
    fr = _nouns(sorted((data / "fr_timebank").glob("*.tml")), "fr")
    en = _nouns(sorted((data / "tempeval3" / "TBAQ-cleaned").glob("*/*.tml")), "en")
    table = translations()
    english_known = {e for es in table.values() for e in es}
    fr_known = sorted(f for f in fr if f in table and table[f] & en)
    return fr_known, sorted(en & english_known)


def split_of(noun: str) -> str:
    return "dev" if int(hashlib.sha1(noun.encode()).hexdigest(), 16) % 2 == 0 else "test"


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, list[str]]:
    """French noun -> English nouns of the vocabulary that are NOT its translations, nearest first
    by the encoder's word cosine (the hardest distractors for the storyline matcher)."""
    import numpy as np

    fr_all, en_all = vocabulary()
    table = translations()
    from storyline.link.embed import phrase_vector

    vf = np.stack([phrase_vector(f) for f in fr_all])
    ve = np.stack([phrase_vector(e) for e in en_all])
    sims = vf @ ve.T
    return {f: [en_all[j] for j in np.argsort(-sims[i])[:20] if en_all[j] not in table[f]][:5]
            for i, f in enumerate(fr_all)}


def stories(split: str, hard: bool = False, n: int = 400, size: int = 8,
            seed: int = 13) -> list[tuple[list[str], list[str]]]:
    fr_all, en_all = vocabulary()
    table = translations()
    fr_split = [f for f in fr_all if split_of(f) == split]
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        french = rng.sample(fr_split, size)
        english: list[str] = []
        for f in french[: size // 2]:
            choices = sorted(table[f] & set(en_all) - set(english))
            if choices:
                english.append(rng.choice(choices))
        if hard:  # the nearest non-translation of each other French noun
            for f in french[size // 2:]:
                e = next((e for e in _neighbours()[f] if e not in english), None)
                if e is not None:
                    english.append(e)
        while len(english) < size:
            e = rng.choice(en_all)
            if e not in english:
                english.append(e)
        out.append((french, english))
    return out


def score(split: str, matcher, hard: bool = False) -> tuple[float, float, float, int]:
    table = translations()
    tp = fp = fn = 0
    for french, english in stories(split, hard):
        gold = {(f, e) for f in french for e in english if e in table.get(f, ())}
        pred = set(matcher(french, english))
        tp += len(pred & gold)
        fp += len(pred - gold)
        fn += len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, tp + fn


def systems(cosine: float | None = None) -> dict:
    def none(fr, en):
        return []

    def cognate(fr, en):
        return claims_nouns.cognates(fr, en)

    def shipped(fr, en):
        return claims_nouns.match(fr, en, **({"cosine": cosine} if cosine is not None else {}))

    return {"none": none, "cognate": cognate, "storyline": shipped}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=("dev", "test"))
    ap.add_argument("--grid", action="store_true", help="storyline at several word-cosine bars (dev)")
    args = ap.parse_args()
    fr, en = vocabulary()
    print(f"vocabulary: {len(fr)} French nouns with an English translation in it, {len(en)} English nouns")
    print("| split | distractors | system | P | R | F1 | gold pairs |\n|---|---|---|---|---|---|---|")
    for hard in (False, True):
        kind = "hard" if hard else "random"
        for name, fn in systems().items():
            p, r, f, g = score(args.split, fn, hard)
            print(f"| {args.split} | {kind} | {name} | {p:.3f} | {r:.3f} | {f:.3f} | {g} |")
        if args.grid:
            for c in (0.6, 0.65, 0.7, 0.72, 0.75, 0.78, 0.8, 0.85):
                p, r, f, g = score(args.split, systems(c)["storyline"], hard)
                print(f"| {args.split} | {kind} | storyline, cosine {c} | {p:.3f} | {r:.3f} | {f:.3f} | {g} |")


if __name__ == "__main__":
    main()
