"""Title-case headlines: the first line of an English report, written in title case, read as a sentence.

The small English model reads ``Senator Says He Will Veto The Bill`` as one long name, so the
rules find no cue in it. Two things help (both English only, lexicon setting ``headline_cues``):

* :func:`reparsed`: the line is parsed again with its function words and cue verbs in lower case
  (the same characters, so the same offsets), and that parse replaces the line's in a copy of the
  document the rules read (session 7: validation content F1 +0.0008, first lines matched 61 -> 69
  of 131 gold contents);
* :func:`headline_cue`: a present-tense cue verb in such a line (``X Endorses Y``) splits it into
  source, cue and content (session 2), whatever the parse.

``quotes.extract_with`` calls both; :func:`third_person` gives the ``says`` -> ``say`` forms they share.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from storyline.extract.base import doc_text
from storyline.extract.nlp import load as load_nlp
from storyline.extract.quotes_base import Candidate, _strip_final

if TYPE_CHECKING:
    from spacy.tokens import Doc

# A first line longer than this is no headline (PolNeAR train's longest title-case one: 141).
HEADLINE_CHARS = 300
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# past tenses of cue verbs that the -ed rule of cue_form misses
_IRREGULAR_PAST = frozenset(
    "said told wrote spoke thought felt knew saw heard found made gave took sought held".split()
)


def third_person(lemmas: Iterable[str]) -> dict[str, str]:
    """``says`` -> ``say``, ``praises`` -> ``praise``, ``denies`` -> ``deny`` (English headlines).

    >>> third_person(["say", "deny", "praise", "push"])
    {'says': 'say', 'denies': 'deny', 'praises': 'praise', 'pushes': 'push'}
    """
    out: dict[str, str] = {}
    for lemma in lemmas:
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            out[lemma[:-1] + "ies"] = lemma
        elif lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
            out[lemma + "es"] = lemma
        else:
            out[lemma + "s"] = lemma
    return out


def cue_form(word: str, data: dict[str, Any]) -> bool:
    """``says``, ``said``, ``announced``, ``slamming``: an inflection of a cue verb of the lexicon
    ``data`` (``quotes.lang_data``)."""
    cues = data["_cue_set"]
    if word in cues or word in data["_third_person"] or word in data["_forms"] or word in _IRREGULAR_PAST:
        return True
    for end in ("ed", "ing"):
        if word.endswith(end):
            stem = word[: -len(end)]
            if stem in cues or stem + "e" in cues or (stem[-1:] == stem[-2:-1] and stem[:-1] in cues):
                return True
            if end == "ed" and stem.endswith("i") and stem[:-1] + "y" in cues:
                return True
    return False


def reparsed(doc: Any, lang: str, data: dict[str, Any]) -> Any:
    """``doc`` with its first line parsed again in sentence case, when that line is in title case.

    ``Senator Says He Will Veto The Bill`` parses as one long name; the line is parsed again with
    its function words and cue verbs in lower case (``Senator says he will veto the bill``, the
    same length, so offsets hold), and that parse, with the original words, replaces the line's.
    The same ``doc`` comes back when there is nothing to do (``headline_cues`` off, no title case,
    or the two parses tokenise the line differently).
    """
    text = doc_text(doc)
    end = text.find("\n")
    if not 0 < end <= HEADLINE_CHARS or not data.get("headline_cues"):
        return doc
    line = text[:end]
    nlp = load_nlp(lang)
    stop = nlp.Defaults.stop_words
    chars = list(line)
    words = list(_WORD.finditer(line))
    if len(words) < 3 or sum(w.group()[0].isupper() for w in words) < 0.75 * len(words):
        return doc
    changed = False
    for w in words[1:]:
        s = w.group()
        low = s.lower()
        if s[0].isupper() and s[1:] == low[1:] and (low in stop or cue_form(low, data)):
            chars[w.start()] = low[0]
            changed = True
    if not changed:
        return doc
    return _with_line_parse(doc, nlp("".join(chars)), end) or doc


def _with_line_parse(doc: Any, line_doc: Any, end: int) -> Any:
    """A copy of ``doc`` whose tokens before offset ``end`` carry the annotations of ``line_doc`` (a
    parse of the same characters, some in another case); None when the two tokenise differently.
    Arrays, not tokens: rebuilding the document token by token cost more than parsing the line."""
    import numpy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, MORPH, POS, TAG

    n = len(line_doc)
    if line_doc.vocab is not doc.vocab or len(doc) < n or (n < len(doc) and doc[n].idx < end):
        return None  # (another vocab would not know the line's lemma, tag and morph hashes)
    if (line_doc.to_array([IDX, LENGTH]) != doc.to_array([IDX, LENGTH])[:n]).any():
        return None
    attrs = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]
    rows = doc.to_array(attrs)
    rows[:n] = line_doc.to_array(attrs)
    heads = rows[n:, 4].astype("int64")  # relative offsets; a word of the body hung on the line
    cross = heads + numpy.arange(n, len(doc)) < n  # heads its own tree now
    rows[n:, 4][cross] = 0
    rows[n:, 5][cross] = doc.vocab.strings["ROOT"]
    # A name that ran from the line into the body (``The Man⏎Who Fell to Earth``) is cut where the
    # line's parse ends it: the body's rest of it is no entity (an I after an O is no valid tag
    # sequence, and every later ``doc.ents`` would raise).
    if n and rows[n - 1, 6] not in (1, 3):  # ENT_IOB codes: 0 unset, 1 I, 2 O, 3 B
        i = n
        while i < len(doc) and rows[i, 6] == 1:
            rows[i, 6], rows[i, 7] = 2, 0
            i += 1
    out = doc.copy()
    out.from_array(attrs, rows)
    return out


def headline_cue(doc: "Doc", data: dict[str, Any]) -> Iterator[Candidate]:
    """``Conservative Icon Morton Blackwell Endorses Ted Cruz.``: a headline (the first line, in
    title case, which the parser reads poorly) with a cue verb in the present tense: the words
    before it are the source, the words after it the content. English only (lexicon setting
    ``headline_cues``)."""
    text = doc_text(doc)
    end = text.find("\n")
    end = len(text) if end < 0 else end
    words = [t for t in doc if t.idx < end]
    if not data.get("headline_cues") or not 3 <= len(words) <= 25:
        return
    forms = data["_third_person"]
    for k, t in enumerate(words[1:-1], start=1):
        lemma = forms.get(t.lower_)
        if not lemma or not t.text[0].isupper():
            continue
        before = words[:k]
        if not any(w.pos_ == "PROPN" or w.ent_type_ for w in before) or any(w.text in (":", ",") for w in before[-1:]):
            return
        b = _strip_final(text, t.idx + len(t.text), end)
        a = next((w.idx for w in words[k + 1 :] if not w.is_space), b)
        if b - a >= 3:
            yield Candidate(a, b, before[-1], t.idx, t.idx + len(t.text), lemma, (0, end))
        return
