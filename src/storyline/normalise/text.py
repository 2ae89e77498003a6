"""One canonical text per article: every offset storyline stores refers to it.

What canonicalisation does, and why:
- Unicode NFC, so ``é`` is one code point whatever the source produced;
- line endings to ``\\n``, runs of spaces/tabs to one space, three or more newlines to a blank
  line, no leading/trailing space on a line: scraped text is full of layout whitespace;
- typographic apostrophes inside words (``l’Ukraine``, ``Ukraine’s``) to ``'``: spaCy's French
  models split elisions only on the ASCII apostrophe, and leave ``L’`` fragments as entities;
- exotic quotation marks (``„ ‟ ＂ 〝 〞``) folded to ``“ ”``; guillemets and curly quotes
  are kept, because their direction is what delimits a quotation;
- a space inserted where scraping glued a closing quote to the next word
  (``understands”estimated``) and where a dictionary check shows two words were glued
  (``Timeswhich``, see ``repair_glued``).

It is idempotent: ``canonical(canonical(t)) == canonical(t)``.
"""

from __future__ import annotations

import re
import unicodedata

_APOS = re.compile(r"(?<=\w)[’ʼ](?=\w)")
_QUOTE_FOLD = str.maketrans({"„": "“", "‟": "“", "〝": "“", "〞": "”", "＂": '"',
                             "\u00a0": " ", "\u202f": " ", "\u2009": " "})
_SPACES = re.compile(r"[ \t\f\v\u2000-\u200a\u3000]+")
# A lone UTF-16 surrogate (a JSON ``"\ud800"`` escape) is no character: it cannot be encoded as
# UTF-8 (the article id hashes the UTF-8 bytes) and the language identifier rejects it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MANY_NL = re.compile(r"\n{3,}")
_LINE_EDGE = re.compile(r" *\n *")
# A closing quote glued to a following letter: ”estimated -> ” estimated
_GLUED_CLOSE = re.compile(r"([”»])(?=[^\W\d_])")
# An opening quote glued to a preceding letter: said“ -> said “
_GLUED_OPEN = re.compile(r"(?<=[^\W\d_])([“«])")


# The glued-word repair reads English and French dictionaries: in another language it would break
# ordinary words (German ``Raketen`` -> ``Rake ten``), so it runs only for these.
GLUE_LANGUAGES = frozenset({"en", "fr"})


def scrub(value: str) -> str:
    """``value`` with each lone surrogate replaced by U+FFFD, for every field of an input (text,
    title, author...): such a string breaks UTF-8 encoding wherever it goes next (the article id,
    the language identifier, the sentence encoder, SQLite).

    >>> scrub("a " + chr(0xD800) + " b") == "a \N{REPLACEMENT CHARACTER} b"
    True
    """
    return _LONE_SURROGATE.sub("\ufffd", value)


def canonical(text: str, glued: bool = True) -> str:
    """The canonical form of ``text``; ``glued=False`` leaves glued words alone (see
    ``GLUE_LANGUAGES``: the pipeline repairs them once the language is known).

    >>> canonical("L’Ukraine  a dit “oui”estimated\\r\\n")
    "L'Ukraine a dit “oui” estimated"
    """
    t = unicodedata.normalize("NFC", scrub(text))
    t = _ZERO_WIDTH.sub("", t).replace("\r\n", "\n").replace("\r", "\n")
    t = t.translate(_QUOTE_FOLD)
    t = _APOS.sub("'", t)
    t = _GLUED_CLOSE.sub(r"\1 ", t)
    t = _GLUED_OPEN.sub(r" \1", t)
    t = _SPACES.sub(" ", t)
    t = _LINE_EDGE.sub("\n", t)
    t = _MANY_NL.sub("\n\n", t)
    if glued:
        t = repair_glued(t)
    return t.strip()


_GLUE_CANDIDATE = re.compile(r"\b([A-Z][a-z]{2,})([a-z]{3,})\b")


def repair_glued(text: str) -> str:
    """Split words glued by scraping, only where a dictionary says it is safe.

    ``Timeswhich`` is split into ``Times which`` because the whole is not a word while both halves
    are frequent words (wordfreq, English). Nothing is split when the glued form is itself a known
    word (``Washington``) or a known name, so real words are never broken.
    """
    if not _GLUE_CANDIDATE.search(text):
        return text
    return _GLUE_CANDIDATE.sub(_split_if_glued, text)


def _split_if_glued(m: re.Match[str]) -> str:
    word = m.group(0)
    from wordfreq import zipf_frequency  # imported only when a candidate exists

    if zipf_frequency(word, "en") > 1.0 or zipf_frequency(word, "fr") > 1.0:
        return word
    best: tuple[float, int] | None = None
    for i in range(3, len(word) - 2):
        left, right = word[:i], word[i:]
        # the right half must be a common function-like word, the left a known word
        zr = zipf_frequency(right, "en")
        zl = zipf_frequency(left, "en")
        if zr >= 5.0 and zl >= 3.0:
            score = min(zr, zl)
            if best is None or score > best[0]:
                best = (score, i)
    if best is None:
        return word
    return word[: best[1]] + " " + word[best[1] :]
