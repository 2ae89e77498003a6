"""One attribute for a count whatever the report's language: ``count of réacteur`` = ``count of reactor``.

A count's claim attribute names its counted noun as the report wrote it (the lemma, in the report's
language), so a French and an English report of the same figure would never be compared. Two
nouns of different languages become one attribute when they are the same word up to accents and
a letter (cognates: ``département`` / ``department``), else when the multilingual Universal
Sentence Encoder (the story linker's model, ``link.embed``) puts the two words closest to each
other, each the other's best match, at ``WORD_COSINE`` (0.78) or more (``réacteur`` / ``reactor``
0.86, ``soldat`` / ``soldier`` 0.88; ``mois`` / ``year`` 0.65 stays apart). Chosen on the dev half
of ``bench/claims/nouns.py`` (FreeDict's translations as gold, 8+8 nouns a story): pairs found
P 0.80 / R 0.55 against the nearest non-translations, cognates alone R 0.21. A cognate gives
way when the encoder pairs one of its nouns elsewhere (``ministère`` is spelt like ``minister``
but is ``ministry``; same scores on that bench, which holds one translation per noun). Known
confusions left: ``étape`` / ``tape``. Without the encoder package only cognates are joined.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING, Iterable, Sequence

from storyline.link.names_places import fold

if TYPE_CHECKING:
    from storyline.present.claims_records import Claim

COGNATE_RATIO = 90  # rapidfuzz ratio of accent-folded counted nouns: département/department 95
WORD_COSINE = 0.78  # see the module docstring and bench/claims/README.md
MIN_LETTERS = 3  # two-letter words' vectors are noise (``an`` / ``hat`` 0.76)
PREFIX = "count of "


def cognates(left: Sequence[str], right: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of nouns that are the same word up to accents and a letter, each noun used once.

    >>> cognates(["département", "soldat"], ["department", "soldier"])
    [('département', 'department')]
    """
    from rapidfuzz import fuzz

    out, used = [], set()
    for a in left:
        b = next((b for b in right if b not in used and fuzz.ratio(fold(a), fold(b)) >= COGNATE_RATIO), None)
        if b is not None:
            used.add(b)
            out.append((a, b))
    return out


def match(left: Sequence[str], right: Sequence[str], cosine: float = WORD_COSINE) -> list[tuple[str, str]]:
    """Pairs of nouns (one of ``left``, one of ``right``, two languages) that name the same thing:
    cognates first, unless the encoder pairs one of the two with another word (``ministère`` is
    spelt like ``minister`` but is ``ministry`` 0.88, and ``ministre`` = ``minister`` 0.89), then
    mutual best word vectors at ``cosine`` or more among the nouns left.

    >>> sorted(match(["réacteur", "mois"], ["reactor", "year"]))
    [('réacteur', 'reactor')]
    >>> sorted(match(["ministère", "ministre"], ["minister"]))
    [('ministre', 'minister')]
    """
    by_vector = _mutual_best(left, right, cosine)
    left_to, right_to = dict(by_vector), {b: a for a, b in by_vector}
    pairs = [(a, b) for a, b in cognates(left, right) if left_to.get(a, b) == b and right_to.get(b, a) == a]
    return pairs + _mutual_best([a for a in left if a not in {p[0] for p in pairs}],
                                [b for b in right if b not in {p[1] for p in pairs}], cosine)


def _mutual_best(left: Sequence[str], right: Sequence[str], cosine: float) -> list[tuple[str, str]]:
    """Pairs whose word vectors are each the other's nearest at ``cosine`` or more (none
    without the encoder; words under ``MIN_LETTERS`` letters take no part)."""
    from storyline.link.embed import mutual_nearest

    rest_l = [a for a in left if len(a) >= MIN_LETTERS]
    rest_r = [b for b in right if len(b) >= MIN_LETTERS]
    return [(rest_l[i], rest_r[j]) for i, j in mutual_nearest(rest_l, rest_r, cosine)]


def unify_counts(claims: Iterable["Claim"]) -> list["Claim"]:
    """Counts whose counted nouns name the same thing in two languages get one attribute (the
    noun that sorts first in its group), so the two reports' figures are compared. Only across
    languages: within one, the lemma already decided, so a group never holds two nouns of one
    language. With three languages the pairs chain (``département`` = ``department`` =
    ``departamento`` through the English noun, though the French and Spanish ones are too far
    apart to match directly).

    >>> from storyline.present.claims import Claim
    >>> c = Claim("Rhône", "rhone", "count of département", "6", 6.0, 6.0, "département", "", "a", "fr", "", "", 0, 1)
    >>> [x.attribute for x in unify_counts([c, replace(c, attribute="count of department", language="en")])]
    ['count of department', 'count of department']
    """
    claims = list(claims)
    langs: dict[str, set[str]] = defaultdict(set)
    for c in claims:
        if c.attribute.startswith(PREFIX):
            langs[c.attribute[len(PREFIX):]].add(c.language)
    only: dict[str, list[str]] = defaultdict(list)  # language -> nouns stated only in it
    for noun in sorted(langs):
        if len(langs[noun]) == 1:
            only[next(iter(langs[noun]))].append(noun)
    group = {noun: noun for nouns in only.values() for noun in nouns}  # noun -> a noun of its group

    def root(noun: str) -> str:
        while group[noun] != noun:
            noun = group[noun]
        return noun

    codes = sorted(only)
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            for x, y in match(only[a], only[b]):
                rx, ry = root(x), root(y)
                in_x = {lang for n in group if root(n) == rx for lang in langs[n]}
                if rx != ry and not in_x & {lang for n in group if root(n) == ry for lang in langs[n]}:
                    keep, drop = sorted((rx, ry))
                    group[drop] = keep
    rename = {noun: root(noun) for noun in group if root(noun) != noun}
    if not rename:
        return claims
    return [replace(c, attribute=PREFIX + rename[c.attribute[len(PREFIX):]])
            if c.attribute.startswith(PREFIX) and c.attribute[len(PREFIX):] in rename else c for c in claims]
