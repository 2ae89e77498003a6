"""Timeline to one self-contained HTML report (inline CSS, no external assets, no script).

A reader sees the story's dates down a vertical line, each event's reports side by side by
language, quotes grouped by speaker and a claims table with conflicts highlighted. Jinja2
autoescapes everything that comes from article text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from storyline.present.timeline import Entry, QuoteRow, Timeline, said

if TYPE_CHECKING:
    from jinja2 import Environment

def language_name(code: str) -> str:
    """A language's name in itself, from CLDR (``de`` -> ``Deutsch``, ``ru`` -> ``Русский``); the
    code when CLDR does not know it. A reader of the report reads each column's language by name."""
    from babel import Locale

    if code in ("und", "mul", "zxx"):  # undetermined: CLDR would guess a likely locale (en_US)
        return code
    try:
        locale = Locale.parse(code, sep="-")
        name = locale.get_display_name(locale)
    except Exception:  # "xx" or another code CLDR lacks
        return code
    return name[:1].upper() + name[1:] if name else code


@dataclass(frozen=True, slots=True)
class _Day:
    label: str
    dated_by: str
    entries: tuple[dict[str, Any], ...]


@lru_cache(maxsize=1)
def _env() -> "Environment":
    try:
        from jinja2 import Environment, PackageLoader, select_autoescape
    except ImportError as exc:  # pragma: no cover - jinja2 is a dependency of the html format only
        raise ImportError("the html format needs Jinja2: pip install jinja2==3.1.6") from exc
    return Environment(loader=PackageLoader("storyline.present", "templates"),
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


def _parts(sentence: str, mark: str) -> tuple[str, str, str]:
    """The sentence cut around its time expression, so the template can highlight it."""
    i = sentence.find(mark) if mark else -1
    if i < 0:
        return sentence, "", ""
    return sentence[:i], mark, sentence[i + len(mark):]


def _entry_view(e: Entry) -> dict[str, Any]:
    by_lang: dict[str, list] = defaultdict(list)
    for s in e.sources:
        by_lang[s.language].append({"s": s, "parts": _parts(s.sentence, s.time_text)})
    columns = [{"lang": lang, "name": language_name(lang), "sources": srcs} for lang, srcs in by_lang.items()]
    return {"entry": e, "columns": columns}


def _days(tl: Timeline) -> list[_Day]:
    """Consecutive entries with the same date and dating form one mark on the line."""
    days: list[_Day] = []
    for e in tl.entries:
        if days and days[-1].label == e.label and days[-1].dated_by == e.dated_by:
            days[-1] = _Day(e.label, e.dated_by, (*days[-1].entries, _entry_view(e)))
        else:
            days.append(_Day(e.label, e.dated_by, (_entry_view(e),)))
    return days


def _speakers(quotes: tuple[QuoteRow, ...]) -> list[dict[str, Any]]:
    groups: dict[str, list[QuoteRow]] = {}
    for q in said(quotes):
        groups.setdefault(q.speaker, []).append(q)
    return [{"name": name, "role": next((q.role for q in qs if q.role), ""), "quotes": qs}
            for name, qs in groups.items()]


def render_html(tl: Timeline) -> str:
    """The report as one HTML string (UTF-8, no external requests)."""
    languages = sorted({a.language for a in tl.articles})
    verdicts: defaultdict[str, int] = defaultdict(int)
    for g in tl.claims:
        verdicts[g.verdict] += 1
    return _env().get_template("timeline.html").render(
        tl=tl, days=_days(tl), speakers=_speakers(tl.quotes), languages=languages,
        lang_names={lang: language_name(lang) for lang in languages}, verdicts=dict(verdicts),
        dates_shown=len({e.date for e in tl.entries}),
    )
