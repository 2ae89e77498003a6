"""Build tests/data/fr_quotes/{dev,test}.json from the hand annotations in fr_annotations.py.

The annotations are written as strings; this script finds their offsets in the canonical text of
each French TimeBank document (tags stripped, entities unescaped, ``canonical()`` applied), so the
stored offsets are those the extractor sees. Documents alternate between dev and test in date order.

    .venv/bin/python bench/quotes/make_fr_gold.py ../shared/data/fr_timebank
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fr_annotations import ROWS  # noqa: E402

from storyline.normalise.text import canonical  # noqa: E402

OUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "fr_quotes"
LICENCE = (
    "French TimeBank (Est Républicain/CNRTL; annotation André Bittar), distributed under the "
    "Lesser General Public License for Linguistic Resources (LGPL-LR)"
)


def tml_text(path: Path) -> tuple[str, str]:
    """Canonical text of a .tml document and its creation date."""
    s = path.read_text(encoding="utf-8")
    body = re.search(r"<TEXT>(.*)</TEXT>", s, re.S).group(1)  # type: ignore[union-attr]
    dct = re.search(r'<DCT><TIMEX3[^>]*value="([^"]+)"', s).group(1)  # type: ignore[union-attr]
    return canonical(html.unescape(re.sub(r"<[^>]+>", "", body))), dct


def nearest(
    text: str,
    needle: str | None,
    start: int,
    end: int,
    avoid: tuple[int, int] | None = None,
    before: bool = False,
) -> dict | None:
    """The occurrence of ``needle`` (whole words) closest to [start, end), outside ``avoid``.

    ``before`` keeps only occurrences that precede ``start`` (a continued quotation's speaker).
    """
    if not needle:
        return None
    a0, a1 = avoid or (start, end)
    best = None
    for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", text):
        if (m.start() < a1 and m.end() > a0) or (before and m.end() > start):
            continue
        dist = start - m.end() if m.end() <= start else m.start() - end
        if best is None or dist < best[0]:
            best = (dist, m.start(), m.end())
    if best is None:
        raise SystemExit(f"not found near content: {needle!r}")
    return {"start": best[1], "end": best[2], "text": needle}


def build(tb_dir: Path) -> dict[str, list[dict]]:
    docs: dict[str, dict] = {}
    for doc_id, content, speaker, cue, kind in ROWS:
        if doc_id not in docs:
            text, dct = tml_text(tb_dir / f"{doc_id}.tml")
            docs[doc_id] = {"id": doc_id, "published": dct, "text": text, "attributions": []}
        text = docs[doc_id]["text"]
        i = text.find(content)
        if i < 0:
            raise SystemExit(f"{doc_id}: content not found: {content[:60]!r}")
        j = i + len(content)
        cue_span = nearest(text, cue, i, j)
        if cue_span:  # the speaker is the one nearest the cue
            speaker_span = nearest(text, speaker, cue_span["start"], cue_span["end"], avoid=(i, j))
        else:  # no cue: a continued quotation, its speaker was named before
            speaker_span = nearest(text, speaker, i, j, before=True)
        docs[doc_id]["attributions"].append(
            {
                "content": {"start": i, "end": j, "text": content},
                "kind": kind,
                "speaker": speaker_span,
                "cue": cue_span,
            }
        )
    ordered = [docs[k] for k in sorted(docs)]
    return {"dev": ordered[0::2], "test": ordered[1::2]}


def main() -> None:
    splits = build(Path(sys.argv[1]))
    OUT.mkdir(parents=True, exist_ok=True)
    for name, docs in splits.items():
        payload = {"licence": LICENCE, "split": name, "documents": docs}
        (OUT / f"{name}.json").write_text(
            json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(name, len(docs), "documents", sum(len(d["attributions"]) for d in docs), "attributions")


if __name__ == "__main__":
    main()
