"""Daily summaries of a timeline: which sentences stand for one date (``date_summary``).

A date's entries hold every sentence dated to it. The summary takes, in this order:

1. sentences whose date a text names before sentences dated only by their report;
2. not comment stamps (``At 16:12 29th Apr 2009 , reader wrote : ...``: a reader's post under an
   article, dated by its stamp, says nothing of the day's events);
3. sentences that open with their written-out date (with a digit), or stand under a date heading
   (``28 June 2009 Los Angeles police interview Dr Murray ...``): a writer's own dated record of
   the day, as in a chronology (``Yesterday , I ...`` opens with its date too, but is no record);
4. the sentences closest to the day's centroid (cosine of term vectors to their sum): what most
   of the day's sentences say (the centroid ranking of news-tls's DATEWISE summariser);

skipping a sentence that repeats one already chosen (word Jaccard > ``REDUNDANT``).

Tuned on the Timeline17 dev topics only (H1N1_bbc, MJ_bbc; bench/timeline/summaries.py and
README.md, session 9): alignment ROUGE-1/2 F on the protocol's dates 0.297/0.209 with the earlier
rule (text-dated entries first, then a date in the first quarter of the sentence, then salience)
-> 0.369/0.286, concat 0.435/0.230 -> 0.507/0.317; each step (bench variants, ROUGE-1): opening
dates +0.028, stamps +0.003 alone and +0.014 within the tiers, the centroid instead of salience
+0.026 to +0.034, a digit in the opening date +0.007 to +0.009. Held-out (looked at once):
alignment ROUGE-1/2 0.102/0.028 -> 0.116/0.033.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from storyline.present.timeline import Entry, Source

REDUNDANT = 0.5  # word overlap (Jaccard) above which a second sentence repeats the first
_WORD = re.compile(r"\w+")
# A reader's comment stamp: a clock time opening the sentence (after one word at most: ``At``,
# ``À``), then a short run (the date and the handle) up to a colon: ``At 2:57 pm on 02 Jun 2009 ,
# chinabuzz wrote :``. Read on the dev topics: 403 of 8,978 H1N1_bbc sentences, all stamps or
# live-blog clock headings (``1.00 pm : The electricity was back``).
_STAMP = re.compile(r"^\W*(?:\w+\s+)?\d{1,2}[:.h]\d{2}\b[^:\n]{0,60}?\s?:(?:\s|$)", re.IGNORECASE)
CONTENT_LETTERS = 4  # words of fewer letters (articles, pronouns, auxiliaries) leave the centroid


def date_summary(entries: Sequence[Entry], n: int = 1) -> list[str]:
    """The ``n`` sentences that summarise one date (see the module docstring for the order).

    >>> from storyline.present.timeline import Entry, Source
    >>> def src(text, time_text):
    ...     return Source("a1", "en", "2011-11-30", text, 0, len(text), "", "", time_text=time_text)
    >>> es = [Entry("2009-06-28", "day", "28 June 2009", "text", 2, (
    ...     src("Police said on 28 June 2009 that the doctor was questioned .", "28 June 2009"),
    ...     src("28 June 2009 Police interview the doctor for three hours .", "28 June 2009")))]
    >>> date_summary(es, 1)
    ['28 June 2009 Police interview the doctor for three hours .']
    """
    flags: dict[str, tuple[bool, bool]] = {}  # sentence -> (text-dated, opens with its date)
    for e in entries:
        for s in e.sources:
            text, opens = flags.get(s.sentence, (False, False))
            flags[s.sentence] = (text or e.dated_by == "text", opens or opens_with_date(s))
    if not flags:
        return []
    vectors = {t: _vector(t) for t in flags}
    total: Counter[str] = Counter()
    for v in vectors.values():
        total.update(v)
    centre = _normalised(total)

    def key(t: str) -> tuple:
        text, opens = flags[t]
        return (not text, is_comment_stamp(t), not opens, -_cosine(vectors[t], centre))
    out: list[str] = []
    for t in sorted(flags, key=key):
        if len(out) >= n:
            break
        if not any(redundant(t, o) for o in out):
            out.append(t)
    return out


def opens_with_date(s: Source) -> bool:
    """Whether the source's dating expression is a written-out date (with a digit, as the items of
    a chronology: not ``Yesterday , I ...``) that opens its sentence (nothing but punctuation
    before it), or a heading above the sentence dates it (the expression is not in the sentence)."""
    if not s.time_text or not re.search(r"\d", s.time_text):
        return False
    i = s.sentence.find(s.time_text)
    return i < 0 or not _WORD.search(s.sentence[:i])


def is_comment_stamp(sentence: str) -> bool:
    """Whether a sentence opens as a reader's post stamp (``At 16:12 29th Apr 2009 , X wrote :``).

    >>> is_comment_stamp("At 2:57 pm on 02 Jun 2009 , chinabuzz wrote : The government acted .")
    True
    >>> is_comment_stamp("At 10:30 , police closed the road .")
    False
    """
    return bool(_STAMP.search(sentence))


def redundant(a: str, b: str) -> bool:
    """Whether two sentences say the same (a syndicated copy, a lightly edited update)."""
    wa, wb = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    return a == b or bool(wa and wb) and len(wa & wb) / len(wa | wb) > REDUNDANT


def _vector(sentence: str) -> Counter[str]:
    words = [w for w in _WORD.findall(sentence.casefold()) if len(w) >= CONTENT_LETTERS]
    return _normalised(Counter(words))


def _normalised(v: Counter[str]) -> Counter[str]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return Counter({w: x / norm for w, x in v.items()}) if norm else Counter()


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())
