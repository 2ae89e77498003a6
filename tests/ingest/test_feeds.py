"""RSS 2.0 and Atom feeds: one document per entry, full content preferred, UTC dates."""

from __future__ import annotations

import pytest

from storyline.errors import InputError
from storyline.ingest.feeds import read_feed
from storyline.ingest.read import read_entries, read_one
from storyline.model import RawDocument, Rejection

from .conftest import FIXTURES


def test_feeds_rss_entry_uses_full_content_over_description():
    path = str(FIXTURES / "feed_rss.xml")
    first = read_entries(path)[0]
    assert first == RawDocument(
        origin=f"{path}#1",
        text="The port reopened to cargo ships on Tuesday, four days after a storm damaged two of its cranes."
             "\n\nThe harbour master said 12 vessels had been waiting offshore and that normal traffic would "
             "resume by Thursday.",
        title="Port reopens after storm damage", url="https://harbour.example/news/port-reopens",
        source="Harbour Times – Latest", author="Anna Reid", published="2024-03-05T08:30:00Z", language="en")


def test_feeds_rss_entry_without_content_falls_back_to_its_description_as_text():
    second = read_entries(str(FIXTURES / "feed_rss.xml"))[1]
    assert second.text == ("The council approved a new ferry timetable on Monday, adding three evening "
                           "crossings from April.")
    assert (second.published, second.author) == ("2024-03-04T17:00:00Z", None)


def test_feeds_entry_with_no_text_is_its_own_rejection():
    path = str(FIXTURES / "feed_rss.xml")
    assert read_entries(path)[2] == Rejection(f"{path}#3", "feed entry has no content or summary")


def test_feeds_atom_french_entries():
    path = str(FIXTURES / "feed_atom.atom")
    first, second = read_one(path)
    assert first.text == ("La route du col a rouvert mardi après-midi, trois jours après l'avalanche qui l'avait "
                          "coupée sur 200 mètres.\n\n« Les équipes ont travaillé jour et nuit », a indiqué le préfet.")
    assert (first.title, first.url, first.author, first.source, first.language) == (
        "Avalanche : la route du col rouverte", "https://gazette.example/2024/02/20/avalanche-route-col",
        "Julien Favre", "La Gazette des Alpes", "fr")
    assert first.published == "2024-02-20T15:30:00Z"  # <published> wins over <updated>, in UTC
    assert second.published == "2024-02-19T08:00:00Z"  # no <published>: <updated>
    assert second.text.startswith("Météo-France a levé lundi la vigilance orange")


def test_feeds_malformed_feed_is_rejected_with_the_parser_message():
    with pytest.raises(InputError, match=r"^malformed feed \(.*not well-formed"):
        read_one(str(FIXTURES / "feed_malformed.xml"))


def test_feeds_xml_that_is_not_a_feed_is_rejected():
    with pytest.raises(InputError, match=r"^XML is not an RSS or Atom feed$"):
        read_feed(b'<?xml version="1.0"?><catalog><book>Dune</book></catalog>', "books.xml")


def test_feeds_a_valid_feed_without_entries_is_nothing_found():
    assert read_feed(b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>', "quiet.rss") == []


def test_feeds_rss_author_email_form_keeps_the_name():
    rss = (b'<rss version="2.0"><channel><title>W</title><item><description>The vote took place.</description>'
           b"<author>desk@wire.example (Mark Ellis)</author></item></channel></rss>")
    assert read_feed(rss, "w.rss")[0].author == "Mark Ellis"


def test_feeds_undated_entry_has_no_publication_date():
    rss = (b'<rss version="2.0"><channel><title>W</title><item><description>The vote took place.</description>'
           b"<pubDate>sometime last week</pubDate></item></channel></rss>")
    [doc] = read_feed(rss, "w.rss")
    assert doc.published is None and doc.title is None and doc.url is None


def test_feeds_never_treat_the_data_as_a_file_name(tmp_path):
    secret = tmp_path / "local.xml"
    secret.write_text('<rss version="2.0"><channel><item><description>local file</description></item></channel></rss>')
    with pytest.raises(InputError):
        read_feed(str(secret).encode(), "x.xml")
