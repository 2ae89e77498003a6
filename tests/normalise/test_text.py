from hypothesis import given, strategies as st

from storyline.normalise.text import canonical, repair_glued


def test_text_canonical_folds_apostrophes_inside_words():
    assert canonical("L’Ukraine et d’autres") == "L'Ukraine et d'autres"


def test_text_canonical_keeps_directional_quotes():
    assert canonical("« oui » et “non”") == "« oui » et “non”"


def test_text_canonical_separates_glued_closing_quote():
    assert canonical("language that Putin understands”estimated the head") == \
        "language that Putin understands” estimated the head"


def test_text_canonical_normalises_whitespace_and_line_endings():
    assert canonical("  a\u00a0 b \r\n\r\n\r\n\r\nc\t d  ") == "a b\n\nc d"


def test_text_canonical_is_nfc():
    assert canonical("e\u0301tats") == "\u00e9tats"


def test_text_repair_splits_scraping_glue_only_when_safe():
    assert repair_glued("the New York Timeswhich cites") == "the New York Times which cites"
    # real words and names are never split
    assert repair_glued("Washington and Kingsbridge and Thompson") == "Washington and Kingsbridge and Thompson"


@given(st.text())
def test_text_canonical_is_idempotent(text):
    once = canonical(text)
    assert canonical(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_text_canonical_never_raises(text):
    assert isinstance(canonical(text), str)
