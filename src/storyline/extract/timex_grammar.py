"""The time-expression grammar of one language, compiled once from ``lang/<code>/times*.json``.

A grammar is a lexicon (month names, units, deictic words... each mapping a surface to a meaning)
and an ordered list of rules. A rule is a regular expression written with ``{macro}`` slots that
expand to the alternation of one lexicon table, and named groups (``day``, ``month``, ``unit``,
``past_mod``...) that tell the resolver what each matched piece means. Keeping the words and
patterns in data lets a language be added without touching the resolver, as spaCy does with
``lang/<code>/``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

_MACRO = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled pattern: ``kind`` is date, time, duration, set or ref; ``order`` breaks ties."""

    name: str
    kind: str
    regex: re.Pattern[str]
    order: int


@dataclass(frozen=True, slots=True)
class Grammar:
    """A language's rules plus its lexicon with lower-cased keys (lookups are case-insensitive)."""

    lang: str
    rules: tuple[Rule, ...]
    lexicon: dict[str, dict[str, Any]]
    ref_type: str
    options: dict[str, Any]

    def meaning(self, table: str, surface: str) -> Any:
        """The lexicon value of ``surface`` in ``table`` (None when absent), spacing-insensitive."""
        return self.lexicon.get(table, {}).get(_key(surface))


def _key(surface: str) -> str:
    return " ".join(surface.lower().replace("’", "'").split())


def _alternation(words: list[str], case_sensitive: bool) -> str:
    # Longest first, so "dix-huit" wins over "dix" and "Sept." over "Sept".
    body = "|".join(_word_regex(w) for w in sorted(words, key=len, reverse=True))
    return f"(?-i:{body})" if case_sensitive else f"(?:{body})"


def _word_regex(word: str) -> str:
    # Any run of spaces in a lexicon entry matches any whitespace run in the text.
    return r"\s+".join(re.escape(part) for part in word.split())


def _expand(pattern: str, data: dict[str, Any]) -> str:
    lexicon, sensitive = data["lexicon"], set(data.get("case_sensitive", []))

    def slot(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in lexicon:
            raise ValueError(f"unknown macro {{{name}}}; valid: {', '.join(sorted(lexicon))}")
        return _alternation(list(lexicon[name]), name in sensitive)

    return _MACRO.sub(slot, pattern)


def _read(lang: str) -> list[dict[str, Any]]:
    folder = resources.files("storyline.extract") / "lang" / lang
    if not folder.is_dir():
        return []
    names = sorted(p.name for p in folder.iterdir() if p.name.startswith("times") and p.name.endswith(".json"))
    return [json.loads((folder / n).read_text(encoding="utf-8")) for n in names]


def _merge(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """Later files (``times_extra.json``) add lexicon entries and rules to ``times.json``."""
    merged: dict[str, Any] = {"lexicon": {}, "rules": [], "case_sensitive": [], "ref_type": "DATE", "options": {}}
    for part in parts:
        for table, entries in part.get("lexicon", {}).items():
            merged["lexicon"].setdefault(table, {}).update(entries)
        merged["rules"].extend(part.get("rules", []))
        merged["case_sensitive"].extend(part.get("case_sensitive", []))
        merged["ref_type"] = part.get("ref_type", merged["ref_type"])
        merged["options"].update(part.get("options", {}))
    return merged


@lru_cache(maxsize=16)
def grammar(lang: str) -> Grammar:
    """The compiled grammar for ``lang`` (empty for a language without data), built once."""
    data = _merge(_read(lang))
    rules = []
    for order, spec in enumerate(data["rules"]):
        body = _expand(spec["pattern"], data)
        regex = re.compile(rf"(?<![\w]){'(?:'}{body})(?![\w])", re.IGNORECASE)
        rules.append(Rule(spec["name"], spec["kind"], regex, order))
    lexicon = {t: {_key(k): v for k, v in entries.items()} for t, entries in data["lexicon"].items()}
    return Grammar(lang, tuple(rules), lexicon, data["ref_type"], data["options"])
