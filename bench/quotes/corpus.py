"""Gold corpora for quotations: PolNeAR (brat, English, read in place) and our French TimeBank set.

PolNeAR texts stay in ``../shared/data/polnear``; only offsets are read from them here.
"""

from __future__ import annotations

import glob
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from bench.common import shared_dir
from bench.quotes.score import Item

REPO = Path(__file__).resolve().parents[2]
SHARED = shared_dir()
POLNEAR = SHARED / "data" / "polnear" / "data"
FR_GOLD = REPO / "tests" / "data" / "fr_quotes"


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    lang: str
    text: str
    published: str | None
    gold: list[Item]
    kinds: list[str]


def polnear(split: str, start: int = 0, limit: int | None = None) -> list[GoldDoc]:
    """PolNeAR documents of ``split`` (train/dev), sorted by file name, ``[start:start+limit]``."""
    texts = sorted(glob.glob(str(POLNEAR / split / "text" / "*.txt")))
    texts = texts[start : start + limit] if limit else texts[start:]
    docs = []
    for path in texts:
        stem = os.path.basename(path)[:-4]
        anns = sorted(glob.glob(str(POLNEAR / split / "attributions" / f"{stem}_*.ann")))
        if not anns:
            continue
        text = Path(path).read_text(encoding="utf-8")
        gold = _brat(anns[0], text)
        m = re.search(r"_(\d{4}-\d{2}-\d{2})_", stem)
        docs.append(GoldDoc(stem, "en", text, m.group(1) if m else None, gold, ["?"] * len(gold)))
    return docs


def _brat(path: str, text: str) -> list[Item]:
    """Attributions with a content (Source optional), as polnear.py reads them."""
    spans: dict[str, tuple[str, int, int]] = {}
    rels: list[dict[str, str]] = []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            kind, *offs = parts[1].split(" ")
            try:
                spans[parts[0]] = (kind, int(offs[0]), int(offs[-1]))
            except (ValueError, IndexError):
                pass
        elif parts[0].startswith("E") and len(parts) >= 2:
            rels.append(dict(a.split(":", 1) for a in parts[1].split(" ") if ":" in a))
    out = []
    for r in rels:
        c, s = spans.get(r.get("Content", "")), spans.get(r.get("Source", ""))
        if c:
            out.append(Item((c[1], c[2]), (s[1], s[2]) if s else None, text[s[1] : s[2]] if s else ""))
    return out


def french(split: str) -> list[GoldDoc]:
    """Our hand-annotated French TimeBank attributions (tests/data/fr_quotes/<split>.json)."""
    data = json.loads((FR_GOLD / f"{split}.json").read_text(encoding="utf-8"))
    docs = []
    for d in data["documents"]:
        gold, kinds = [], []
        for a in d["attributions"]:
            sp = a["speaker"]
            gold.append(
                Item(
                    (a["content"]["start"], a["content"]["end"]),
                    (sp["start"], sp["end"]) if sp else None,
                    sp["text"] if sp else "",
                )
            )
            kinds.append(a["kind"])
        docs.append(GoldDoc(d["id"], "fr", d["text"], d["published"], gold, kinds))
    return docs
