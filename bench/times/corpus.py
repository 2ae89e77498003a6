"""TimeML gold corpora for the time-expression bench: reading, locating, splitting.

The gold files stay in ``../shared/data`` (never copied here). A document is its creation date
(DCT), its raw text (tags stripped, whitespace kept) and its gold TIMEX3 spans in that text.

Split rule (fixed, documented in README): files sorted by name, every 5th one (index 4, 9, ...)
is held out as *test*; the rest is *dev*, the only part rules were tuned on.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HELD_OUT_EVERY = 5


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class GoldDoc:
    name: str
    dct: str  # ISO date (the DCT's day; time of day dropped)
    text: str
    timexes: tuple[Timex, ...]


from bench.common import shared_dir  # noqa: E402  (re-exported: bench.times callers use C.shared_dir)


CORPORA = {
    "fr_timebank": ("fr", "data/fr_timebank/*.tml"),
    "tbaq": ("en", "data/tempeval3/TBAQ-cleaned/*/*.tml"),
}


def files(corpus: str) -> list[Path]:
    """The corpus's .tml files in the fixed (sorted by file name) order the split relies on."""
    _, pattern = CORPORA[corpus]
    return sorted(shared_dir().glob(pattern), key=lambda p: (p.name, str(p)))


def split(paths: list[Path], part: str) -> list[Path]:
    """``dev``, ``test`` (every 5th file, held out) or ``all``."""
    if part == "all":
        return paths
    held = [p for i, p in enumerate(paths) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return held if part == "test" else [p for p in paths if p not in held]


def read(path: Path) -> GoldDoc:
    """Parse one TimeML file: text of <TEXT> with its TIMEX3 offsets."""
    root = ET.parse(path).getroot()
    dct_el = root.find("DCT/TIMEX3")
    dct = (dct_el.get("value") or "") if dct_el is not None else ""
    text_el = root.find("TEXT")
    parts: list[str] = []
    gold: list[Timex] = []
    if text_el is not None:
        _walk(text_el, parts, gold, top=True)
    return GoldDoc(path.stem, dct[:10], "".join(parts), tuple(gold))


def _walk(el: ET.Element, parts: list[str], gold: list[Timex], top: bool = False) -> None:
    if el.tag == "TIMEX3" and not top:
        start = sum(map(len, parts))
        surface = "".join(el.itertext())
        parts.append(surface)
        gold.append(Timex(start, start + len(surface), el.get("type", ""), el.get("value", "")))
    else:
        parts.append(el.text or "")
        for child in el:
            _walk(child, parts, gold)
    if not top:
        parts.append(el.tail or "")
