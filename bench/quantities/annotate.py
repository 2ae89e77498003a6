"""Turn hand annotations into gold references with offsets.

The annotation files (``tests/data/quantities/annotations/*.txt``) list, per document, every
quantity in text order as ``surface|value|unit|modifier|low|high|vague``; ``## corpus file split``
starts a document. Each surface is located in the canonical text after the previous one, so the
annotator never counts characters, and the written JSONL keeps only offsets and short surfaces.

    python -m bench.quantities.annotate   # rewrites tests/data/quantities/{dev,test}.jsonl
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.quantities.corpus import canonical_text

DATA = Path(__file__).resolve().parents[2] / "tests" / "data" / "quantities"


def _num(s: str) -> float | None:
    return float(s) if s.strip() else None


def parse(path: Path) -> list[dict[str, Any]]:
    """The gold records of one annotation file, with offsets into the canonical texts."""
    rows: list[dict[str, Any]] = []
    corpus = file = split = ""
    text, pos = "", 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            corpus, file, split = line[3:].split()
            text, pos = canonical_text(corpus, file), 0
            continue
        if not line.strip():
            continue
        f = (line.split("|") + [""] * 7)[:7]
        start = text.find(f[0], pos)
        if start < 0:
            raise ValueError(f"{path.name}: {f[0]!r} not found in {corpus}/{file} after offset {pos}")
        pos = start + len(f[0])
        rows.append({"corpus": corpus, "file": file, "split": split, "start": start, "end": pos,
                     "text": f[0], "value": _num(f[1]), "unit": f[2], "modifier": f[3],
                     "low": _num(f[4]), "high": _num(f[5]), "vague": f[6].strip() == "1"})
    return rows


def main() -> None:
    rows = [r for p in sorted((DATA / "annotations").glob("*.txt")) for r in parse(p)]
    for split in ("dev", "test"):
        out = DATA / f"{split}.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            for r in rows:
                if r["split"] == split:
                    fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
        print(out, sum(r["split"] == split for r in rows))


if __name__ == "__main__":
    main()
