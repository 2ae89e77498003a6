"""Tests for the title-case headline readings of the quotes extractor (``quotes_headline``)."""

from __future__ import annotations

from storyline.extract.quotes import lang_data
from storyline.extract.quotes_headline import cue_form, reparsed, third_person
from storyline.model import Quote
from storyline.pipeline import extract_text


def only(text: str, lang: str, contains: str) -> Quote:
    _, ex = extract_text(text, lang=lang, published="2024-04-24")
    found = [q for q in ex.quotes if contains in q.content.text]
    assert len(found) == 1, [q.content.text for q in ex.quotes]
    return found[0]


def test_quotes_headline_cue_en() -> None:
    q = only("Conservative Icon Morton Blackwell Endorses Ted Cruz\n\nThe endorsement came on Monday.", "en", "Cruz")
    assert (q.content.text, q.cue_lemma, q.speaker_name) == ("Ted Cruz", "endorse", "Morton Blackwell")


def test_quotes_title_case_headline_is_parsed_in_sentence_case_en() -> None:
    # a title-case first line parses as a run of names; parsed again with its function words and
    # cue verbs in lower case, `Accuses` is a verb and `Rival Campaign` its subject
    body = "\nThe row went on at the town hall on Monday."
    q = only("Rival Campaign Accuses Senator Of Lying About Farm Subsidies." + body, "en", "Subsidies")
    assert (q.cue_lemma, q.content.text, q.speaker.text if q.speaker else None) == (
        "accuse",
        "Senator Of Lying About Farm Subsidies",
        "Rival Campaign",
    )
    text = "Council Leader Defends Budget Cuts On Monday." + body
    q = only(text, "en", "Budget")
    assert (q.speaker.text if q.speaker else None, q.content.text) == ("Council Leader", "Budget Cuts")
    assert text[q.content.start : q.content.end] == q.content.text


def test_quotes_headline_reparse_keeps_words_and_offsets_en() -> None:
    from storyline.extract.nlp import load

    data = lang_data("en")
    text = "Mayor Says The Fares Will Not Rise.\nShe spoke on Monday."
    doc = load("en")(text)
    out = reparsed(doc, "en", data)
    assert out is not doc and out.text == text and [t.idx for t in out] == [t.idx for t in doc]
    assert [t.pos_ for t in out][:3] == ["PROPN", "VERB", "DET"]
    plain = load("en")("The mayor says fares will not rise.\nShe spoke on Monday.")
    assert reparsed(plain, "en", data) is plain  # not title case: the parse stays


def test_quotes_headline_cue_forms_en() -> None:
    # the inflections lower-cased before the line is parsed again; other words keep their capital
    data = lang_data("en")
    assert data is not None
    words = ("says", "said", "announced", "slamming", "denies", "told", "senator", "budget")
    assert [w for w in words if cue_form(w, data)] == ["says", "said", "announced", "slamming", "denies", "told"]
    assert third_person(["say", "deny", "push"]) == {"says": "say", "denies": "deny", "pushes": "push"}


def test_headline_reparse_cuts_a_name_running_into_the_body():
    """A title-case first line whose name runs on past the line break (``The Man⏎Who Fell to
    Earth``): the line's new parse ends the name, the body's rest of it is no entity, and the
    article is still extracted (it raised spaCy's E093, I without B, for every stage after)."""
    from storyline.pipeline import extract_text

    text = ("David Bowie in The Man\nWho Fell to Earth Thanks for suggesting your criminal records ( see what I "
            "did there ? )\nThe film was shot in New Mexico in 1975, the director said on Monday.")
    _, ex = extract_text(text, lang="en", published="2006-01-20")
    assert {"David Bowie", "New Mexico"} <= {e.text for e in ex.entities}
