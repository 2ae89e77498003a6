"""Timeline to Markdown, for a note: dated bullets with their sources, claims, quotes, reports."""

from __future__ import annotations

from typing import Sequence

from storyline.present.claims import ClaimGroup
from storyline.present.timeline import Entry, Source, Timeline, said


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _cite(s: Source) -> str:
    return f"[{s.language} {s.published or 'undated'} · {s.article_id[:8]} {s.start}-{s.end}]"


def _entry_lines(e: Entry) -> list[str]:
    mark = " _(date of report)_" if e.dated_by == "published" else " _(expected)_" if e.expected else ""
    plural = "s" if e.salience != 1 else ""
    lines = [f"- **{e.label}**{mark} — {_one_line(e.summary)} {_cite(e.sources[0])} "
             f"({e.salience} source{plural})"]
    lines += [f"  - {_one_line(s.sentence)} {_cite(s)}" for s in e.sources[1:]]
    return lines


def _claim_lines(tl: Timeline) -> list[str]:
    return ["", "## Claims", "", *claims_table(tl.claims)] if tl.claims else []


def claims_table(groups: Sequence[ClaimGroup]) -> list[str]:
    """Claims as Markdown table lines, one row per claim, groups in the order given (conflicts first)."""
    lines = ["| verdict | subject | attribute | value | time | source |",
             "| --- | --- | --- | --- | --- | --- |"]
    for g in groups:
        for c in g.claims:
            lines.append(f"| {g.verdict} | {_one_line(g.subject)} | {g.attribute} | {_one_line(c.value)} | "
                         f"{c.time} | {c.language} {c.published} · {c.article_id[:8]} {c.start}-{c.end} |")
    return lines


def _quote_lines(tl: Timeline) -> list[str]:
    lines: list[str] = []
    speaker = None
    for q in said(tl.quotes):
        if q.speaker != speaker:
            speaker = q.speaker
            role = f" ({_one_line(q.role)})" if q.role else ""
            lines += ["", f"### {_one_line(speaker)}{role}", ""]
        lines.append(f"> {_one_line(q.text)} — _{q.cue or q.kind}_ [{q.language} {q.published} · {q.article_id[:8]}]")
    return ["", "## Quotes", *lines] if lines else []


def _period(tl: Timeline) -> str:
    if not tl.window:
        return ""
    lo, hi = tl.window
    return "".join([f" from {lo}" if lo else "", f" until {hi}" if hi else ""])


def render_md(tl: Timeline) -> str:
    """A note-ready Markdown document; sources cite article id prefix and character offsets."""
    langs = ", ".join(sorted({a.language for a in tl.articles}))
    shown = len({e.date for e in tl.entries})
    lines = [f"# {tl.title or 'Timeline'}", "",
             f"{len(tl.articles)} reports ({langs}); {shown} of {tl.dates_total} dates shown{_period(tl)}.", "",
             "## Timeline", ""]
    for e in tl.entries:
        lines += _entry_lines(e)
    lines += _claim_lines(tl) + _quote_lines(tl)
    lines += ["", "## Reports", "", "| id | language | published | origin |", "| --- | --- | --- | --- |"]
    lines += [f"| {a.id[:8]} | {a.language} | {a.published} | {_one_line(a.title or a.origin)} |" for a in tl.articles]
    return "\n".join(lines) + "\n"


def render_claims_md(groups: Sequence[ClaimGroup]) -> str:
    """``storyline claims STORY`` as Markdown: the table, or a line saying there is nothing to compare."""
    if not groups:
        return "No comparable figures or statuses were found.\n"
    return "\n".join(claims_table(groups)) + "\n"
