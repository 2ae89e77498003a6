"""The systems compared: storyline's quotes extractor and a naive baseline, on one shared parse."""

from __future__ import annotations

import re
from typing import Callable

from bench.quotes.score import Item
from storyline.extract.base import Context
from storyline.extract.quotes import extract_quotes

System = Callable[[Context], list[Item]]
_QUOTE = re.compile(r"“[^”\n]+”|«[^»\n]+»|\"[^\"\n]+\"")


def storyline(ctx: Context) -> list[Item]:
    return [
        Item(
            (q.content.start, q.content.end),
            (q.speaker.start, q.speaker.end) if q.speaker else None,
            q.speaker.text if q.speaker else "",
        )
        for q in extract_quotes(ctx)
    ]


def baseline(ctx: Context) -> list[Item]:
    """Quotation-mark regex, speaker = the nearest person entity (either side) of the quotation."""
    people = [e for e in ctx.doc.ents if e.label_ in ("PER", "PERSON")]
    out = []
    for m in _QUOTE.finditer(ctx.doc.text):
        near = min(
            people, key=lambda e: min(abs(e.start_char - m.end()), abs(m.start() - e.end_char)), default=None
        )
        sp = (near.start_char, near.end_char) if near is not None else None
        out.append(Item((m.start(), m.end()), sp, near.text if near is not None else ""))
    return out


SYSTEMS: dict[str, System] = {"storyline": storyline, "baseline": baseline}
