"""Plain-text views for the terminal."""

from __future__ import annotations

import re

import click

from storyline.model import Article, Extraction


def print_article(article: Article, ex: Extraction | None, *, with_text: bool = True) -> None:
    """Metadata, then the facts extracted from the article, one line each with offsets."""
    for key in ("id", "title", "url", "source", "author", "published", "language", "origin", "duplicate_of"):
        value = getattr(article, key)
        if value:
            extra = f" ({article.language_score:.2f})" if key == "language" and article.language_score else ""
            click.echo(f"{key + ':':<14}{value}{extra}")
    if with_text:
        click.echo("\n" + article.text + "\n")
    if ex is None:
        click.echo("(not extracted)")
        return
    for e in ex.entities:
        click.echo(f"entity    {e.start:>6}-{e.end:<6} {e.label:<5} {e.text!r} -> {e.name} {e.entity_id}")
    for t in ex.times:
        click.echo(f"time      {t.start:>6}-{t.end:<6} {t.type:<8} {t.text!r} -> {t.value}")
    for q in ex.quantities:
        click.echo(f"quantity  {q.start:>6}-{q.end:<6} {q.text!r} -> {_qty(q)}")
    for qu in ex.quotes:
        who = qu.speaker_name or (qu.speaker.text if qu.speaker else "?")
        click.echo(f"quote     {qu.content.start:>6}-{qu.content.end:<6} {who} ({qu.cue_lemma}, {qu.kind}): "
                   f"{qu.content.text[:90]!r}")


def display_title(article: Article, limit: int = 90) -> str:
    """The article's title, else its opening sentence, cut at a word boundary with an ellipsis.

    Plain-text inputs have no title; their first line is often a whole paragraph, and a title cut
    mid-word (``avec une livra``) reads as a bug in every listing and report that shows it.

    >>> display_title(Article("x", "Les États-Unis ont fourni à l'Ukraine des missiles de longue portée ATACMS, "
    ...               "avec une livraison effectuée ce mois-ci. Suite.", "a.txt"), 80)
    "Les États-Unis ont fourni à l'Ukraine des missiles de longue portée ATACMS…"
    """
    text = article.title or article.text.strip().split("\n", 1)[0]
    text = " ".join(text.split())
    if not article.title:
        end = re.search(r"[.!?…](?=\s+[A-ZÀ-Ý«“\"])", text)
        text = text[: end.start() + 1] if end else text
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    cut = cut[:space] if space > limit // 2 else cut
    return cut.rstrip(" ,;:–—-") + "…"


def _qty(q) -> str:  # type: ignore[no-untyped-def]
    if q.value is not None:
        core = f"{q.value:g}"
    else:
        core = f"{q.low:g}..{q.high:g}" if q.low is not None and q.high is not None else "?"
    mods = " ".join(x for x in (q.modifier, "vague" if q.vague else "") if x)
    return f"{core} {q.unit}" + (f" [{mods}]" if mods else "")
