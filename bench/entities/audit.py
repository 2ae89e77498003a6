"""List what the entities extractor changes in the model's output, for a human to judge.

No NER gold exists offline, so the extractor's own rules are audited instead: mentions it
*added* (places the model missed), mentions it *relabelled* (a place tagged as a person...) and
surnames it *renamed* to a full name, on PolNeAR dev (en) and French TimeBank (fr).

Run: ``.venv/bin/python bench/entities/audit.py [--n 84] > /tmp/audit.txt``
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from speed import english_texts, french_texts


def audit(lang: str, texts: list[str]) -> dict[str, list]:
    from storyline.extract import base
    from storyline.extract import entities as ents
    from storyline.extract.nlp import load
    from storyline.model import RawDocument
    from storyline.pipeline import to_article

    nlp, data = load(lang), ents.lang_data(lang)
    out: dict[str, list] = {"added": [], "relabelled": [], "renamed": []}
    for i, text in enumerate(t for t in texts if len(t.strip()) > 40):
        article = to_article(RawDocument(f"d{i}", text), lang=lang)
        doc = nlp(article.text)
        by_char = {k: e for e in doc.ents for k in range(e.start_char, e.end_char)}
        for m in ents.extract_entities(base.Context(article, doc, lang, None)):
            context = article.text[max(0, m.start - 30):m.end + 30].replace("\n", " ")
            ent = by_char.get(m.start)
            if ent is None:
                out["added"].append((m.text, m.label, context))
            elif data.label_map.get(ent.label_) != m.label:
                out["relabelled"].append((m.text, ent.label_, m.label, context))
            if m.name != m.text:
                out["renamed"].append((m.text, m.name))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=84)
    args = ap.parse_args()
    for lang, texts in (("en", english_texts(args.n)), ("fr", french_texts(args.n))):
        found = audit(lang, texts)
        print(f"## {lang}: added {len(found['added'])}")
        for row in found["added"]:
            print("  ", row)
        kinds = Counter((r[1], r[2]) for r in found["relabelled"])
        print(f"## {lang}: relabelled {len(found['relabelled'])}: {dict(kinds)}")
        for row in found["relabelled"]:
            print("  ", row)
        print(f"## {lang}: renamed {len(found['renamed'])}: {Counter(found['renamed']).most_common(40)}")


if __name__ == "__main__":
    main()
