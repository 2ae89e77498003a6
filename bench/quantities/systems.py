"""The systems compared on the quantity gold, each ``(text, lang) -> list of records``.

- ``storyline``: the package's extractor through the pipeline (one spaCy parse per text);
- ``baseline``: a bare number regex plus text2num for number words, no unit, no modifier;
- ``recognizers``: Microsoft Recognizers-Text (``recognizers-text-suite==1.0.2a2``), run in the
  interpreter named by ``$STORYLINE_QTY_PEER_PYTHON`` (it needs ``emoji==0.6.0`` and must never
  be a dependency of the package), via ``bench/quantities/peer.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from storyline.model import Article

Record = dict[str, Any]
System = Callable[[list[tuple[str, str]]], list[list[Record]]]

_BASE_DIGITS = {"fr": r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?|\d+(?:,\d+)?",
                "en": r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"}
_BASE_WORDS = {
    "fr": "un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|"
          "vingt|trente|quarante|cinquante|soixante|cent|cents|mille|million|millions|milliard|milliards",
    "en": "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
          "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
          "hundred|thousand|million|billion",
}


def storyline(items: list[tuple[str, str]]) -> list[list[Record]]:
    """The package's extractor on canonical texts (already canonical: ids are recomputed)."""
    from storyline.pipeline import article_id, extract

    out = []
    for text, lang in items:
        art = Article(id=article_id(text), text=text, origin="<bench>", language=lang)
        ex = extract(art, kinds=("quantities",))
        out.append([{"start": q.start, "end": q.end, "text": q.text, "value": q.value, "unit": q.unit,
                     "low": q.low, "high": q.high, "modifier": q.modifier, "vague": q.vague}
                    for q in ex.quantities])
    return out


def baseline(items: list[tuple[str, str]]) -> list[list[Record]]:
    """Every digit run and number-word run, valued with text2num; unit always empty."""
    from text_to_num import text2num

    out = []
    for text, lang in items:
        digits = _BASE_DIGITS[lang]
        words = rf"\b(?:{_BASE_WORDS[lang]})(?:[\s-]+(?:{_BASE_WORDS[lang]}))*\b"
        recs = []
        for m in re.finditer(rf"(?<![\w.,])(?:{digits})(?![\w])|{words}", text, re.IGNORECASE):
            s = m.group()
            try:
                if s[0].isdigit():
                    value = float(s.replace(" ", "").replace(".", "").replace(",", ".")) if lang == "fr" \
                        else float(s.replace(",", ""))
                else:
                    value = float(text2num(s.lower(), lang))
            except ValueError:
                continue
            recs.append({"start": m.start(), "end": m.end(), "text": s, "value": value, "unit": "",
                         "low": None, "high": None, "modifier": "", "vague": False})
        out.append(recs)
    return out


def recognizers(items: list[tuple[str, str]]) -> list[list[Record]] | None:
    """The peer, or None (with a note on stderr) when its interpreter is not configured."""
    py = os.environ.get("STORYLINE_QTY_PEER_PYTHON")
    if not py:
        print("recognizers peer skipped: set STORYLINE_QTY_PEER_PYTHON to a python with "
              "recognizers-text-suite==1.0.2a2 and emoji==0.6.0", file=sys.stderr)
        return None
    script = Path(__file__).with_name("peer.py")
    payload = json.dumps([{"text": t, "lang": lang} for t, lang in items])
    res = subprocess.run([py, str(script)], input=payload, capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


SYSTEMS: dict[str, Callable[[list[tuple[str, str]]], list[list[Record]] | None]] = {
    "storyline": storyline, "baseline": baseline, "recognizers": recognizers,
}
