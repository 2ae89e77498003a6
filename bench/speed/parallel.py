"""``storyline add`` serial beside ``storyline add --workers N`` on the same articles, same run.

Real articles (every k-th Timeline17 input document), written as one JSON Lines file, added by
the CLI into a fresh store each way; reports wall time, articles/s, the speed-up, and whether
the two stores hold the same articles, duplicates, extractions and stories (they must).

    python -m bench.speed.parallel [--n 120] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.speed.report import english_texts


def _add(manifest: Path, db: Path, *extra: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("storyline")), "add", str(manifest), "--db", str(db), *extra],
                   check=False, capture_output=True, env=dict(os.environ, STORYLINE_DB=str(db)))
    return time.perf_counter() - t0


def _snapshot(db: Path) -> tuple:
    con = sqlite3.connect(db)
    arts = con.execute("SELECT id, duplicate_of FROM articles ORDER BY id").fetchall()
    facts = con.execute("SELECT article_id, kind, start, end, key FROM facts "
                        "ORDER BY article_id, kind, start, end, key").fetchall()
    sizes = sorted(n for (n,) in con.execute("SELECT COUNT(*) FROM story_articles GROUP BY story_id"))
    con.close()
    return arts, facts, sizes


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    texts = english_texts(args.n)
    tmp = Path(tempfile.mkdtemp())
    manifest = tmp / "articles.jsonl"
    with manifest.open("w", encoding="utf-8") as fh:
        for i, t in enumerate(texts):
            fh.write(json.dumps({"text": t, "language": "en", "published": f"2010-{1 + i % 12:02d}-15"}) + "\n")
    serial = _add(manifest, tmp / "serial.db")
    parallel = _add(manifest, tmp / "parallel.db", "--workers", str(args.workers))
    same = _snapshot(tmp / "serial.db") == _snapshot(tmp / "parallel.db")
    words = sum(len(t.split()) for t in texts)
    print(f"| articles | words | serial s | --workers {args.workers} s | serial art/s | parallel art/s "
          f"| speed-up | same store |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {len(texts)} | {words:,} | {serial:.1f} | {parallel:.1f} | {len(texts) / serial:.2f} "
          f"| {len(texts) / parallel:.2f} | **{serial / parallel:.2f}** | {same} |")


if __name__ == "__main__":
    main()
