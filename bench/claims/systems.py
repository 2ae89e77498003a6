"""The systems compared on the claims gold: storyline's claims and a naive baseline.

Both read the same extraction (storyline's pipeline: one spaCy parse per report, cached as a
pickle under ``$STORYLINE_BENCH_CACHE/claims`` or ``/tmp/storyline_bench/claims``, keyed by the
article id and a hash of the package's extraction code), so they differ only in how figures
become claims:

- ``storyline``: ``storyline.present.claims.claims_of`` (subject, attribute, time as the lead wrote them);
- ``baseline``: every quantity is a claim; subject = nearest named entity (any label) before the
  figure in its sentence, else none; attribute by unit alone; time = the publication date.

No peer exists offline for claims (no packaged claim/attribute extractor for news in fr/en).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from bench.claims.corpus import published
from bench.quantities.corpus import lang_of, raw_text
from storyline.model import Article, Extraction, RawDocument
from storyline.present.claims import Claim, claims_of, known_things
from storyline.present.timeline import fold

ROOT = Path(__file__).resolve().parents[2]
Item = tuple[Article, Extraction]

# units the baseline knows (a unit it does not know is a count of that noun; no unit: other)
BASE_UNITS = {
    "amount": {"USD", "EUR", "GBP", "FRF", "CAD", "JPY", "CHF"}, "share": {"%"},
    "distance": {"km", "m", "cm", "mm", "mi", "ft", "in", "yd"}, "area": {"m2", "km2", "ha", "acre", "mi2"},
    "volume": {"bbl", "gal", "l", "hl", "m3", "ft3"}, "mass": {"t", "kg", "g", "lb"},
    "speed": {"km/h", "mph"}, "flow": {"m3/s", "ft3/s"},
}


@dataclass(frozen=True, slots=True)
class Predicted:
    """One system claim, reduced to what the gold scores."""

    start: int  # the figure's (or status trigger's) span
    end: int
    kind: str
    subject: str | None
    subject_start: int
    subject_end: int
    attribute: str  # already mapped onto the gold's closed set
    time: str
    value: float | None = None  # the figure's point value (baseline verdicts)
    subject_key: str = ""
    raw_attribute: str = ""
    claim: Claim | None = None


def _code_hash() -> str:
    src = ROOT / "src" / "storyline"
    h = hashlib.sha256()
    for path in sorted(src.rglob("*")):
        if path.suffix in (".py", ".json") and "present" not in path.parts:
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def _cache_dir() -> Path:
    base = os.environ.get("STORYLINE_BENCH_CACHE")
    return (Path(base) if base else Path("/tmp/storyline_bench")) / "claims"


@lru_cache(maxsize=512)
def extracted(corpus: str, file: str) -> Item:
    """The report as storyline reads it (with its publication date), and its extraction."""
    from storyline.pipeline import extract, to_article

    article = to_article(RawDocument(f"{corpus}/{file}", raw_text(corpus, file)), lang=lang_of(corpus),
                         published=published(corpus, file) or None)
    path = _cache_dir() / f"{article.id}-{_code_hash()}.pkl"
    if path.exists():
        return article, pickle.loads(path.read_bytes())
    ex = extract(article)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(ex))
    return article, ex


def gold_attribute(attribute: str) -> str:
    """storyline's attribute names onto the gold's closed set (``count of soldier`` -> count; what
    it measures, ``volume (collected)``, and a part's verb, ``amount paid (fund)``, are not part of the
    gold's attribute)."""
    attribute = attribute.split(" (", 1)[0]
    if attribute.startswith("count of"):
        return "count"
    if not attribute.startswith("rate in "):
        attribute = attribute.split(" ", 1)[0]
    if attribute in ("power", "temperature"):
        return "other"
    return attribute


def storyline(items: Sequence[Item]) -> list[list[Predicted]]:
    """storyline's claims of each report; subjects known across ``items`` (one story's reports)."""
    known = known_things(items)
    out = []
    for article, ex in items:
        values = {(q.start, q.end): q.value for q in ex.quantities}
        out.append([Predicted(c.value_start, c.value_end, c.kind, c.subject, c.subject_start, c.subject_end,
                              gold_attribute(c.attribute) if c.kind == "quantity" else c.value, c.time,
                              values.get((c.value_start, c.value_end)), c.subject_key, c.attribute, c)
                    for c in claims_of(article, ex, known)])
    return out


def _base_attribute(unit: str) -> str:
    for attribute, units in BASE_UNITS.items():
        if unit in units:
            return attribute
    return "count" if unit else "other"


def baseline(items: Sequence[Item]) -> list[list[Predicted]]:
    """Every quantity, with the nearest named entity before it in its sentence."""
    out = []
    for article, ex in items:
        recs = []
        for q in ex.quantities:
            sent = next((s for s in ex.sentences if s.start <= q.start < s.end), None)
            lo = sent.start if sent else 0
            before = [e for e in ex.entities if lo <= e.start and e.end <= q.start]
            e = max(before, key=lambda m: m.start) if before else None
            recs.append(Predicted(q.start, q.end, "quantity", e.text if e else None, e.start if e else -1,
                                  e.end if e else -1, _base_attribute(q.unit), (article.published or "")[:10],
                                  q.value, fold(e.text) if e else ""))
        out.append(recs)
    return out


SYSTEMS: dict[str, Any] = {"storyline": storyline, "baseline": baseline}
