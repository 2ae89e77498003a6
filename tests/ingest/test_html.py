"""HTML pages: main text without boilerplate, page metadata, and pages with nothing to read."""

from __future__ import annotations

import pytest

from storyline.errors import InputError
from storyline.ingest.html import drop_headline, fragment_text, language_code, page_language, read_html
from storyline.ingest.read import read_one

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def page_fr():
    [doc] = read_one(str(FIXTURES / "page_fr.html"))
    return doc


def test_html_keeps_the_article_paragraphs(page_fr):
    assert page_fr.text.startswith("Le trafic ferroviaire restait fortement perturbé mardi matin")  # no <h1>
    assert "au deuxième jour d'une grève lancée par plusieurs syndicats" in page_fr.text
    assert "« Nous demandons aux voyageurs de reporter leurs déplacements »" in page_fr.text
    assert page_fr.text.rstrip().endswith("Une nouvelle réunion est prévue vendredi.")


@pytest.mark.parametrize("boilerplate", ["Accueil", "Abonnez-vous", "À lire aussi", "Les prix de l'énergie",
                                         "Mentions légales", "Suivez-nous"])
def test_html_drops_navigation_related_links_and_footer(page_fr, boilerplate):
    assert boilerplate not in page_fr.text


def test_html_reads_the_page_metadata(page_fr):
    assert page_fr.title == "Grève dans les transports : le trafic reste perturbé"
    assert page_fr.author == "Claire Martin"
    assert page_fr.source == "Le Courrier du Matin"
    assert page_fr.published == "2024-03-12"
    assert page_fr.language == "fr"
    assert page_fr.url == "https://courrier.example/economie/greve-transports-trafic-perturbe"


def test_html_reads_an_htm_page_without_article_markup():
    [doc] = read_one(str(FIXTURES / "page_en.htm"))
    assert doc.text.startswith("Flood defences along the river held overnight")
    assert "Privacy" not in doc.text and "Weather" not in doc.text
    assert (doc.title, doc.author, doc.source, doc.published, doc.language) == (
        "Flood defences hold as river peaks", "Tom Ellis", "Valley Herald", "2024-01-08", "en")


def test_html_without_main_text_is_rejected():
    with pytest.raises(InputError, match=r"^no main text found in HTML$"):
        read_one(str(FIXTURES / "page_no_text.html"))


def test_html_uses_the_fetch_url_when_the_page_has_no_canonical_link():
    page = "<html><body><article><p>" + "The summit ended on Friday with a joint statement. " * 4
    page += "</p></article></body></html>"
    assert read_html(page, "x", url="https://news.example/summit")[0].url == "https://news.example/summit"


@pytest.mark.parametrize(("page", "lang"), [
    ('<html lang="fr-FR"><body></body></html>', "fr"),
    ('<html><head><meta http-equiv="Content-Language" content="en-GB"></head><body></body></html>', "en"),
    ('<html><head><meta property="og:locale" content="fr_CA"></head><body></body></html>', "fr"),
    ("<html><body><p>nothing declared</p></body></html>", None),
    ("", None),
])
def test_html_page_language_is_what_the_page_declares(page, lang):
    assert page_language(page) == lang


def test_html_language_code_keeps_the_primary_subtag():
    assert [language_code(v) for v in ("fr-FR", "EN_gb", "fra", "French", "", None)] == ["fr", "en", "fra", None,
                                                                                      None, None]


def test_html_fragment_text_keeps_paragraphs_and_drops_scripts():
    fragment = "<p>Le préfet a <b>confirmé</b>.</p><script>track()</script><p>Ligne<br>suivante &amp; fin</p>"
    assert fragment_text(fragment) == "Le préfet a confirmé.\n\nLigne\nsuivante & fin"


@pytest.mark.parametrize(("text", "title", "expected"), [
    ("Crue du Rhône\nLe fleuve a débordé.", "crue  du Rhône", "Le fleuve a débordé."),
    ("Crue du Rhône\nLe fleuve a débordé.", "Autre titre", "Crue du Rhône\nLe fleuve a débordé."),
    ("Crue du Rhône", "Crue du Rhône", "Crue du Rhône"),  # never leave nothing
    ("Crue du Rhône\nLe fleuve a débordé.", None, "Crue du Rhône\nLe fleuve a débordé."),
])
def test_html_drop_headline_removes_only_a_repeated_title(text, title, expected):
    assert drop_headline(text, title) == expected


def test_html_latin1_page_without_a_charset_declaration():
    body = "La grève des éboueurs a duré deux semaines à Marseille, selon la préfecture. " * 3
    page = f"<html lang='fr'><body><article><p>{body}</p></article></body></html>".encode("latin-1")
    assert read_html(page, "x.html")[0].text == body.strip()
