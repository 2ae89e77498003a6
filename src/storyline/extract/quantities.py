"""quantities extractor: numbers with their value, unit and modifier.

``around 50,000 soldiers`` -> 50000 ``soldier`` approx; ``9,2 milliards d'euros`` -> 9.2e9 EUR;
``des dizaines de milliers de manifestants`` -> 20000..90000 ``manifestant`` vague.

Candidates come from one precompiled regex per language (``qty_grammar``); this module reads
their values, attaches the counted noun from the spaCy parse the pipeline already made (no
second parse), and drops what is not an amount: years, dates, clock times, durations (those are
the times extractor's), ordinals, list numbering and identifiers (``article 5``, ``F-16``).
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from text_to_num import text2num

from storyline.extract.base import Context, register
from storyline.extract.qty_grammar import Grammar, grammar, norm
from storyline.model import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

VERSION = "5"  # bump when the output changes: `storyline reextract` renews facts of other versions
# 4: milligrams (mg) as a unit of mass, not a counted noun
# 5: a number that could be a year counts the plural noun after it (``envoyé 2000 soldats``: _counts_plural)
# 3: languages without a data file read with CLDR's words (qty_cldr); "17. November" is a day
STAGE = f"quantities@{VERSION}"
_WORD_WINDOW = 100  # characters read on each side of a number for the words next to it
_DAY_LIST = re.compile(r"(?:\s*(?:,|et|and|ou|or|au|to|-|–)\s*\d{1,2}(?:er|st|nd|rd|th)?)+\s+")
_CJK_CALENDAR = frozenset("年月日号號时時分秒点點周週")
_DATE_GLUE = re.compile(r"^[/:]\d|^\.\d{2}\b(?!\d)|^h\d")


@dataclass(frozen=True)
class Amount:
    """One amount read from the regex groups: a point value or a [low, high] range."""

    low: float
    high: float
    vague: bool = False
    approx: bool = False
    scaled: bool = False  # a scale word or abbreviation (million, bn) multiplied it
    words: bool = False  # spelled out (``trois``) rather than digits
    plain_digits: str = ""  # the digits as written, to recognise years
    currency: str = ""
    scale: float = 1.0


@register("quantities", version=VERSION)
def extract_quantities(ctx: Context) -> list[Quantity]:
    """Every quantity phrase of the article, in text order.

    >>> from storyline.pipeline import extract_text
    >>> _, ex = extract_text("Kyiv a reçu 9,2 milliards d'euros d'aide.", lang="fr")
    >>> [(q.text, q.value, q.unit) for q in ex.quantities]
    [("9,2 milliards d'euros", 9200000000.0, 'EUR')]
    """
    g = grammar(ctx.lang)
    if g is None:
        return []
    text = ctx.article.text  # == doc.text, which spaCy rebuilds from the tokens on every access
    starts = [t.idx for t in ctx.doc]
    out: list[Quantity] = []
    pos = 0
    while (m := g.pattern.search(text, pos)) is not None:
        if _change_not_range(m, ctx, starts):
            # ``fell $1.125 to $13.625``: two amounts; read the first alone, then resume at the second
            m = g.pattern.match(text, m.start(), m.end("dig3") if m.group("dig3") else m.end())
            pos = m.end() if m is not None else pos + 1
        else:
            pos = m.end()
        q = _read(m, g, ctx, starts) if m is not None else None
        if q is not None:
            out.append(q)
    return _elided_units(out, text, g)


def _elided_units(found: list[Quantity], text: str, g: Grammar) -> list[Quantity]:
    """A bare number compared with the figure just before it shares its unit: ``240 cubic meters
    per second last week, down from 310`` -> 310 m3/s; ``310 mètres cubes par seconde le 10 juin,
    contre environ 600`` -> 600 m3/s. Reporters elide the unit when they give the earlier or usual
    value, which is what a claim's update compares. Only across a comparison word of the
    language's ``unit_bridges``, in the same sentence (no ``.;!?`` or line break between)."""
    out = list(found)
    for i in range(1, len(out)):
        prev, q = out[i - 1], out[i]
        if q.unit or not prev.unit or not compared_with_previous(text, prev.end, q.start, g.lang):
            continue
        if re.match(r"\s*(?:of|de|d['’]|des)\b", text[q.end:q.end + 5], re.IGNORECASE):
            continue  # ``12 of the 31 members``: a part of something else, not the figure again
        scale = _elided_scale(prev, q)
        if scale is not None:
            value = q.value * scale if q.value is not None else None
            out[i] = replace(q, unit=prev.unit, value=value,
                             low=q.low * scale if q.low is not None else None,
                             high=q.high * scale if q.high is not None else None)
    return out


def _elided_scale(prev: Quantity, q: Quantity) -> float | None:
    """The scale word the bare number leaves out (``400 millions d'euros, contre 350`` -> 1e6), 1
    when the two are of one size, None when they cannot be the same measure (no elision)."""
    a = prev.value if prev.value is not None else prev.high
    b = q.value if q.value is not None else q.high
    if not a or not b:
        return None
    ratio = a / b
    if 0.01 <= ratio <= 100:
        return 1.0
    if ratio < 0.01:
        return None
    scale = 1000.0 ** round(math.log(ratio, 1000))
    return scale if 0.1 <= ratio / scale <= 10 else None


def compared_with_previous(text: str, prev_end: int, start: int, lang: str) -> bool:
    """Whether the figure at ``start`` is compared with the one ending at ``prev_end`` (``down
    from``, ``contre``): the same sentence, a comparison word of ``unit_bridges`` just before it.

    >>> compared_with_previous("240 m3/s, down from 310", 8, 20, "en")
    True
    """
    bridge = _bridge(lang)
    return bridge is not None and bridge.search(text[prev_end:start]) is not None


@lru_cache(maxsize=8)
def _bridge(lang: str) -> re.Pattern[str] | None:
    """The language's comparison words as one regex anchored at the end of the gap."""
    g = grammar(lang)
    words = g.data.get("unit_bridges", []) if g is not None else []
    if not words:
        return None
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^[^.;!?\n]{{0,40}}?(?<!\w)(?:{alt})\s*$", re.IGNORECASE)


def _change_not_range(m: re.Match[str], ctx: Context, starts: list[int]) -> bool:
    """``X to Y`` after a verb with a currency on both ends is a change (fell $1 to $2), not a range."""
    if not (m.group("rs") and m.group("cur3") and m.group("cur4") and m.group("rs").strip().isalpha()):
        return False
    i = _token_at(starts, m.start()) - 1
    return i >= 0 and ctx.doc[i].pos_ in ("VERB", "AUX")


def _read(m: re.Match[str], g: Grammar, ctx: Context, starts: list[int]) -> Quantity | None:
    """The quantity a regex match stands for, or None when it is a date, year, time or label."""
    text = ctx.article.text
    after = text[m.end():m.end() + 1]
    glued = after.isalnum() and (after.isascii() or not g.data.get("spaceless"))  # 的 after 610亿美元 is a word
    if glued or (after and _DATE_GLUE.match(text[m.end():m.end() + 4])):
        return None  # ordinals (1er, 5th), clock times (14h30, 10:30), dates (12/03)
    first, second = _amounts(m, g)
    if first is None or (second is None and (m.group("rs") or m.group("ro"))):
        return None
    if first.words and first.low == 1 and not (first.scaled or first.vague or first.approx) and second is None:
        return None  # the article un/une/one/a, not an amount
    if _next_to_date_word(m, g, text):
        return None
    unit, explicit = _tail_unit(m, g, first, second)
    if not unit:
        first, second, unit = _abbrev_as_unit(m, g, first, second)
        explicit = explicit or bool(unit)
    first, second = _scaled_unit(m, g, first, second)
    if second is not None:
        first, second = _align_range(first, second)
        if second.high <= first.low or (_year_like(first) and _year_like(second) and not explicit):
            return None  # a score (3-1), a date (2024-03) or years (entre 1990 et 1999), not a range
    elif _year_like(first) and not explicit and not _counts_plural(m, g, ctx, starts):
        return None  # 2024; also ``1989 sales``
    return _with_unit(m, g, ctx, starts, first, second, unit, explicit)


def _with_unit(m: re.Match[str], g: Grammar, ctx: Context, starts: list[int], first: Amount,
               second: Amount | None, unit: str, explicit: bool) -> Quantity | None:
    """Attach the counted noun when no unit was written; drop durations and label numbers."""
    end = m.end()
    if not explicit:
        noun = _counted_noun(ctx.doc, starts, end, g, first)
        if noun is not None:
            tok_end, lemma = noun
            if lemma in g.time_words or lemma in g.months:
                return None  # durations and dates belong to the times extractor
            unit, end = g.units.get(lemma, g.currencies.get(lemma, lemma)), tok_end
        elif not _bare_ok(m, g, ctx, starts, first):
            return None
    if unit == "" and first.currency:
        unit = first.currency
    mod = g.modifiers.get(norm(m.group("mod") or ""), "")
    mod = g.post_modifiers.get(norm(m.group("post") or ""), mod)
    unit, end = _rate(ctx.article.text, end, unit, g)
    return _quantity(ctx, m.start(), end, first, second, unit, mod)


def _rate(text: str, end: int, unit: str, g: Grammar) -> tuple[str, int]:
    """A figure followed by ``a day`` / ``par an`` is a rate: the unit becomes ``barrel/day`` and the
    span takes the period, so ``5,000 barrels a day`` is one figure rather than a count beside a
    recurring time (which the pipeline then drops as inside the figure). A bare number stays bare
    (``30 a day`` says too little), a percentage keeps its unit (``0,4 % par an`` is a growth
    rate already; the period is a time), and ``a year ago`` / ``a day after`` are times.

    >>> g = grammar("en")
    >>> _rate("5,000 barrels a day leaked", 13, "barrel", g)
    ('barrel/day', 19)
    >>> _rate("5,000 barrels of oil a day", 13, "barrel", g)
    ('barrel/day', 26)
    >>> _rate("$20 a year ago", 3, "USD", g)
    ('USD', 3)
    """
    pattern = _rate_pattern(g.lang)
    if not unit or "/" in unit or unit == "%" or pattern is None:
        return unit, end
    m = pattern.match(text, end)
    if m is None:
        return unit, end
    return f"{unit}/{g.data['rate_periods'][m.group('period').lower()]}", m.end()


@lru_cache(maxsize=8)
def _rate_pattern(lang: str) -> re.Pattern[str] | None:
    g = grammar(lang)
    if g is None or not g.data.get("rate_words") or not g.data.get("rate_periods"):
        return None
    words = "|".join(re.escape(w) for w in sorted(g.data["rate_words"], key=len, reverse=True))
    periods = "|".join(re.escape(w) for w in sorted(g.data["rate_periods"], key=len, reverse=True))
    after = "|".join(re.escape(w) for w in g.data.get("rate_not_before", []))
    guard = rf"(?!\s+(?:{after})(?![\w]))" if after else ""
    what = r"(?:[ \t]+(?:of|de)[ \t]+|[ \t]+d['’])[^\W\d_]+"  # barrels of oil a day, barils de brut par jour
    return re.compile(rf"(?:{what})?[ \t]+(?:{words})[ \t]+(?P<period>{periods})(?![\w'’]){guard}", re.IGNORECASE)


def _amounts(m: re.Match[str], g: Grammar) -> tuple[Amount | None, Amount | None]:
    if m.group("ro") is not None:
        return _amount(m, g, 1), _amount(m, g, 2)
    second = _amount(m, g, 4) if m.group("rs") is not None else None
    return _amount(m, g, 3), second


def _amount(m: re.Match[str], g: Grammar, n: int) -> Amount | None:
    """Read amount ``n``'s groups into a value (None when the words do not make a number)."""
    cur = g.currency_symbols.get(m.group(f"cur{n}") or "", "")
    if m.group(f"vag{n}"):
        low, high = _vague(m.group(f"vag{n}"), g)
        return Amount(low, high, vague=True, currency=cur, words=True)
    if m.group(f"apx{n}"):
        v = g.approx_counts[norm(m.group(f"apx{n}")).split()[-1]]
        return Amount(v, v, approx=True, currency=cur, words=True)
    if m.group(f"one{n}"):
        v = float(g.scales[norm(m.group(f"sco{n}"))])
        return Amount(v, v, scaled=True, currency=cur, words=True, scale=v)
    base, words = _base_value(m, g, n)
    if base is None:
        return None
    scale = 1.0
    if m.group(f"sca{n}"):
        scale = g.scale_abbrev[m.group(f"sca{n}").lower()]
    elif m.group(f"scw{n}"):
        scale = g.scales[norm(m.group(f"scw{n}"))]
    v = base * scale
    plain = "" if words or scale != 1.0 else m.group(f"dig{n}")
    return Amount(v, v, scaled=scale != 1.0, words=words, plain_digits=plain, currency=cur, scale=scale)


def _base_value(m: re.Match[str], g: Grammar, n: int) -> tuple[float | None, bool]:
    digits = m.group(f"dig{n}")
    if digits is not None:
        return _parse_digits(digits, g.decimal), False
    words = m.group(f"wrd{n}")
    if words is None:
        return None, False
    return _words_value(words, g.lang), True


def _parse_digits(s: str, decimal: str) -> float:
    """``50,000`` (en) / ``50 000``, ``50.000``, ``9,2`` (fr) as a float."""
    if decimal == ",":
        if re.fullmatch(r"\d{1,3}(?:[ .]\d{3})+(?:,\d+)?", s):
            s = s.replace(" ", "").replace(".", "")
        return float(s.replace(",", "."))
    return float(s.replace(",", ""))


def _words_value(words: str, lang: str) -> float | None:
    """``trois cents`` -> 300 with text2num; drop trailing words until it parses."""
    parts = words.split()
    while parts:
        try:
            return float(text2num(" ".join(parts).lower(), lang))
        except ValueError:
            parts = parts[:-1]
    return None


def _vague(phrase: str, g: Grammar) -> tuple[float, float]:
    """``tens of billions`` -> (2e10, 9e10): the first word gives the range, later ones scale it."""
    low = high = 1.0
    words = [w for w in re.split(r"\s+|(?<=')", norm(phrase)) if w and w not in g.connectors]
    i, first = 0, True
    while i < len(words):
        three = " ".join(words[i:i + 3])
        key = next((k for k in (three, " ".join(words[i:i + 2]), words[i]) if k in g.vague_quantifiers
                    or k in g.vague_bases or k in g.scales), words[i])
        i += len(key.split())
        if key in g.vague_quantifiers:
            lo, hi = g.vague_quantifiers[key]
            low, high = low * lo, high * hi
        elif key in g.vague_bases:
            base = g.vague_bases[key]
            low, high = (low * 2 * base, high * 9 * base) if first else (low * base, high * base)
        elif key in g.scales:
            low, high = low * g.scales[key], high * g.scales[key]
        first = first and key in g.vague_quantifiers and g.vague_quantifiers[key] == (1.0, 1.0)
    return low, high


def _tail_unit(m: re.Match[str], g: Grammar, first: Amount, second: Amount | None) -> tuple[str, bool]:
    """The unit written after the number (``km``, ``d'euros``, ``%``) and whether there was one."""
    if m.group("pct"):
        return g.percent[norm(m.group("pct"))], True
    unit = m.group("unit")
    if unit is None:
        return (first.currency or (second.currency if second else "")), bool(first.currency)
    key = norm(unit)
    if key in g.currency_scaled:  # 3,5 MF: the scale is inside the unit (see _scaled_unit)
        return g.currency_scaled[key][0], True
    if key in g.currencies:
        return g.currencies[key], True
    return g.units.get(key, key), True


def _scaled_unit(m: re.Match[str], g: Grammar, first: Amount,
                 second: Amount | None) -> tuple[Amount, Amount | None]:
    """``3,5 MF`` is 3.5 million francs: apply the scale the unit carries to both ends."""
    key = norm(m.group("unit") or "")
    if key not in g.currency_scaled:
        return first, second
    k = g.currency_scaled[key][1]
    def up(a: Amount) -> Amount:
        return replace(a, low=a.low * k, high=a.high * k, scaled=True, scale=a.scale * k)

    return up(first), (up(second) if second else None)


def _abbrev_as_unit(m: re.Match[str], g: Grammar, first: Amount,
                    second: Amount | None) -> tuple[Amount, Amount | None, str]:
    """Without a currency, ``120m`` is 120 metres, not 120 million: undo the scale, keep the unit."""
    last = second or first
    n = 4 if m.group("rs") else (2 if m.group("ro") else 3)
    abbr = (m.group(f"sca{n}") or "").lower()
    if not abbr or abbr not in g.units:
        return first, second, ""
    def undo(a: Amount) -> Amount:
        return replace(a, low=a.low / a.scale, high=a.high / a.scale, scale=1.0, scaled=False)

    if second is None:
        return undo(first), None, g.units[abbr]
    return (undo(first) if first.scale == last.scale else first), undo(second), g.units[abbr]


def _align_range(first: Amount, second: Amount) -> tuple[Amount, Amount]:
    """``10 à 20 milliards`` scales both ends; a currency on either end applies to both."""
    cur = first.currency or second.currency
    if not first.scaled and second.scaled and not first.vague:
        first = replace(first, low=first.low * second.scale, high=first.high * second.scale, scaled=True)
    return replace(first, currency=cur), replace(second, currency=cur)


def _quantity(ctx: Context, start: int, end: int, first: Amount, second: Amount | None,
              unit: str, mod: str) -> Quantity:
    text = ctx.article.text
    while end > start and text[end - 1] in " \n":
        end -= 1
    low: float | None
    high: float | None
    value: float | None
    if second is not None:
        low, high, value, mod = first.low, second.high, None, mod or "range"
    elif first.vague:
        low, high, value = first.low, first.high, None
    else:
        low = high = None
        value = first.low
        mod = mod or ("approx" if first.approx else "")
    vague = first.vague or (second.vague if second else False)
    return Quantity(article_id=ctx.article.id, start=start, end=end, text=text[start:end], value=value,
                    unit=unit, low=low, high=high, modifier=mod, vague=vague, stage=STAGE)


def _token_at(starts: list[int], pos: int) -> int:
    """Index of the first token starting at or after ``pos``."""
    return bisect.bisect_left(starts, pos)


def _counted_noun(doc: Doc, starts: list[int], end: int, g: Grammar,
                  first: Amount) -> tuple[int, str] | None:
    """The noun being counted right after the number (``50,000 [US] soldiers``): (end, lemma)."""
    i = _token_at(starts, end)
    if i >= len(doc) or doc[i].idx - end > 1:
        return None
    tok: Token = doc[i]
    if tok.text == "-" and tok.idx == end and i + 1 < len(doc) and _wordlike(doc[i + 1]):
        t = doc[i + 1]  # a 32-vessel flotilla, a ten-point lead
        return (t.idx + len(t.text), t.lemma_.lower()) if t.pos_ == "NOUN" else None
    if norm(tok.text) in g.connectors:
        if not (first.vague or first.scaled or first.approx):
            return None
        i += 1
    for j in range(i, min(i + 4, len(doc))):
        t = doc[j]
        if not _wordlike(t):
            return None
        if t.pos_ == "NOUN" and not (t.dep_ == "compound" and g.lang == "en"):
            return t.idx + len(t.text), t.lemma_.lower()
        if not _premodifier(t, g.lang):
            return None
    return None


def _wordlike(t: Token) -> bool:
    return bool(re.fullmatch(r"[^\W\d_]+(?:[-.][^\W\d_]+)*\.?", t.text))


def _premodifier(t: Token, lang: str) -> bool:
    """Words allowed between a number and its noun: adjectives, participles, English compounds."""
    if lang == "fr":
        return t.pos_ == "ADJ" and not t.text[0].isupper()
    return t.pos_ in ("ADJ", "PROPN") or t.tag_ in ("VBG", "VBN") or t.dep_ == "compound"


def _bare_ok(m: re.Match[str], g: Grammar, ctx: Context, starts: list[int], first: Amount) -> bool:
    """Whether a number with no unit and no counted noun is still an amount worth keeping."""
    if first.vague or first.approx or first.scaled or first.currency:
        return True
    if first.words:
        return False  # ``deux`` alone is too often part of a name or an idiom
    text = ctx.article.text
    # Only the words around the number are read: slicing and searching the whole text before it,
    # for each number, made a page of 30,000 bare numbers take 35 s (quadratic).
    j = m.start()
    while j > 0 and text[j - 1].isspace():
        j -= 1
    if (j == 0 or "\n" in text[j:m.start()]) and text[m.end():m.end() + 1] in (".", ")"):
        return False  # list numbering: the number begins a line
    words_before = text[max(0, j - _WORD_WINDOW):j].rsplit(None, 1)
    prev = re.split(r"['’]", words_before[-1].lower())[-1] if words_before else ""
    words_after = text[m.end():m.end() + _WORD_WINDOW].split(None, 1)
    nxt = words_after[0].lower().strip(",.;:)") if words_after else ""
    if prev.strip("(") in g.reference_words or nxt in g.time_words or prev in g.time_words:
        return False  # ``article 5``, ``15 h 30``, ``les années 60``
    if _after_name(ctx, starts, m.start()):
        return False  # ``Boeing 747``, ``AMX 10``
    return not _in_date_entity(ctx, m.start(), m.end())


def _next_to_date_word(m: re.Match[str], g: Grammar, text: str) -> bool:
    """``12 mars``, ``March 12``, ``lundi 3``, German ``17. November``, Spanish ``17 de noviembre``:
    a day of the month, not an amount."""
    if g.data.get("spaceless") and text[m.end():m.end() + 1] in _CJK_CALENDAR:
        return True  # 2024年11月17日, 3时: a date or a clock time written without spaces
    before = text[max(0, m.start() - 20):m.start()].split()
    after = text[m.end():m.end() + 20].removeprefix(".").split()
    prev = before[-1].lower().strip("(") if before else ""
    nxt = after[0].lower().strip(",.;:)") if after else ""
    if nxt in g.months or _word_after(text, _DAY_LIST.match(text, m.end())) in g.months:
        return True  # ``12 mars``, and ``les 6 et 13 avril``: a list of days
    if nxt in g.connectors and len(after) > 1 and after[1].lower().strip(",.;:)") in g.months:
        return True  # Spanish, Portuguese ``17 de noviembre``
    return (prev in g.months or prev in g.weekdays) and not m.group("unit") and not m.group("pct")


def _after_name(ctx: Context, starts: list[int], start: int) -> bool:
    """A bare number right after a proper noun or an acronym is a model or a label."""
    k = _token_at(starts, start)
    if k == 0:
        return False
    prev = ctx.doc[k - 1]
    if prev.idx + len(prev.text) + len(prev.whitespace_) != start:
        return False  # punctuation or a line break in between
    return prev.pos_ == "PROPN" or (prev.text.isupper() and prev.is_alpha and len(prev.text) > 1)


def _word_after(text: str, m: re.Match[str] | None) -> str:
    after = text[m.end():m.end() + 20].split() if m else []
    return after[0].lower().strip(",.;:)") if after else ""


_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")


def _year_like(a: Amount) -> bool:
    return bool(_YEAR.fullmatch(a.plain_digits or ""))


def _counts_plural(m: re.Match[str], g: Grammar, ctx: Context, starts: list[int]) -> bool:
    """Whether a number that could be a year counts the plural noun after it, in a language
    whose quantities.json has ``year_prepositions`` (French: ``envoyé 2000 soldats``, ``environ
    1500 policiers``). A year stands after one of those words (``depuis 2000``), a month, a
    determiner or possessive (``les 2000 élus`` stays a year), an adjective or noun, or a year
    (``entre 1990 et 2000``), and before a singular noun. English writes years before nouns
    (``2020 campaigns``) and counts with a separator (``2,000 soldiers``), so it keeps the year;
    so does a language without a tagger (``2000 Soldaten``)."""
    doc = ctx.doc
    if "year_prepositions" not in g.data or not doc.has_annotation("TAG") or m.group("unit") or m.group("pct"):
        return False  # English premodifies nouns with years (``2020 campaigns``) and writes 2,000
    i = _token_at(starts, m.end())  # the token after the number (a modifier may open the match)
    if not 0 < i < len(doc) or doc[i].idx - m.end() > 1 or doc[i - 1].idx + len(doc[i - 1].text) != m.end():
        return False
    number, noun = doc[i - 1], doc[i]
    if noun.pos_ != "NOUN" or "Plur" not in noun.morph.get("Number", []):
        return False  # (a time word counted, ``2000 jours``, is dropped by _with_unit as any duration)
    k = number.i
    before = doc[max(number.sent.start, k - 3):k]
    if any(_YEAR.fullmatch(t.text) for t in before):
        return False  # between 1990 and 2000
    p = doc[k - 1] if k > number.sent.start else None
    return p is None or p.is_punct or not (
        p.pos_ in ("DET", "ADJ", "NOUN", "PROPN") or "Poss=Yes" in p.morph
        or p.lower_ in g.months or p.lower_ in g.data["year_prepositions"])


def _in_date_entity(ctx: Context, start: int, end: int) -> bool:
    """English models tag DATE/TIME/ORDINAL entities: a bare number inside one is not an amount."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    return any(t.ent_type_ in ("DATE", "TIME", "ORDINAL") for t in span)
