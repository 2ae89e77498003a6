"""HTML pages -> one RawDocument, with trafilatura (main text without navigation, ads, footers).

trafilatura runs with ``favor_precision=True``: on news pages it drops related-article lists
and comment blocks that the recall setting keeps, and a missed paragraph costs less downstream
than a "Read also" headline mistaken for a fact. Dates come from htmldate (inside trafilatura)
restricted to markup (meta tags, JSON-LD, ``<time>``) — ``extensive_search`` would scan the
body text and could take a date the article *mentions* for the date it was *published* — and
with a fixed ``max_date`` so the result never depends on the clock.

trafilatura does not report the page language; it is read from ``<html lang>``,
``Content-Language`` or ``og:locale`` here.
"""

from __future__ import annotations

import re
from typing import Any

from storyline.errors import InputError
from storyline.model import RawDocument

# htmldate discards dates after max_date; its default is today (a clock). A fixed far bound keeps
# extraction reproducible; min_date stays htmldate's default (1995-01-01).
DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False, "max_date": "2099-12-31"}

_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*$")
_LANG_XPATHS = (
    "/html/@lang", "/html/@xml:lang",
    "//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content",
    "//meta[@property='og:locale']/@content",
)


def read_html(data: bytes | str, origin: str, url: str | None = None) -> list[RawDocument]:
    """The main text and metadata of one HTML page.

    >>> page = ("<html lang='fr'><body><article><p>" + "Le Sénat a voté la loi mardi soir. " * 5
    ...         + "</p></article></body></html>")
    >>> read_html(page, "page.html")[0].language
    'fr'
    """
    doc = _extract(data, url)
    text = drop_headline((doc.text or "").strip(), doc.title) if doc is not None else ""
    if not text:
        raise InputError("no main text found in HTML")
    return [RawDocument(
        origin=origin, text=text, title=doc.title or None, url=doc.url or url,
        source=doc.sitename or doc.hostname or None, author=doc.author or None,
        published=doc.date or None, language=page_language(data),
    )]


def _extract(data: bytes | str, url: str | None) -> Any:
    """Run trafilatura; its parser errors on hostile markup become an InputError with the cause."""
    import trafilatura  # lazy: importing it takes ~0.5 s

    try:
        return trafilatura.bare_extraction(
            data, url=url, favor_precision=True, with_metadata=True, include_comments=False,
            include_tables=True, date_extraction_params=dict(DATE_PARAMS),
        )
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        # Seen on malformed or adversarial markup (lxml and htmldate internals); report, never crash.
        raise InputError(f"unparsable HTML ({type(exc).__name__}: {exc})") from None


def drop_headline(text: str, title: str | None) -> str:
    """``text`` without a first line that repeats the title.

    trafilatura keeps the page's ``<h1>`` as the first line of the main text; the title is stored
    apart, and feed and JSON texts never start with it, so every reader gives the body alone.

    >>> drop_headline("Le Rhône en crue\\nLe fleuve a débordé.", "Le Rhône en crue")
    'Le fleuve a débordé.'
    """
    first, _, rest = text.partition("\n")
    if title and rest.strip() and " ".join(first.split()).casefold() == " ".join(title.split()).casefold():
        return rest.strip()
    return text


def page_language(data: bytes | str) -> str | None:
    """The ISO 639-1/3 code the page declares about itself, or None.

    >>> page_language('<html lang="en-GB"><body></body></html>')
    'en'
    """
    from lxml import etree
    from lxml import html as lxml_html

    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        tree = lxml_html.fromstring(raw)
    except (ValueError, etree.LxmlError):  # empty or unparsable: the page declares nothing usable
        return None
    return _first_language(tree)


def _first_language(tree: Any) -> str | None:
    from lxml import etree

    for xpath in _LANG_XPATHS:
        try:
            values = tree.xpath(xpath, namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
        except etree.LxmlError:  # an XPath over a broken tree; the next source may still answer
            continue
        for value in values:
            code = language_code(str(value))
            if code:
                return code
    return None


def language_code(value: str | None) -> str | None:
    """The primary language subtag, lower-cased (``fr-FR``, ``fr_FR`` -> ``fr``); None if not a tag.

    >>> language_code("en-GB"), language_code("French")
    ('en', None)
    """
    match = _LANG.match(value.strip()) if value else None
    return match.group(1).lower() if match else None


_BLOCKS = frozenset(["p", "div", "section", "article", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
                     "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "figure", "figcaption",
                     "aside", "hr"])
_SPACE_RUN = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_RUN = re.compile(r"\n\s*\n\s*")


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept as blank lines.

    trafilatura is for whole pages: on a short fragment its boilerplate heuristics can drop the
    only paragraph, so a fragment is simply flattened.

    >>> fragment_text("<p>Le gouvernement a <b>annoncé</b>.</p><p>Deuxième &amp; dernier</p>")
    'Le gouvernement a annoncé.\\n\\nDeuxième & dernier'
    """
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, etree.LxmlError):  # nothing parsable: no text rather than raw markup
        return ""
    for node in root.xpath(".//script|.//style|.//noscript"):
        node.drop_tree()
    for node in root.iter():
        if node.tag == "br":
            node.tail = "\n" + (node.tail or "")
        elif node.tag in _BLOCKS:
            node.text = "\n\n" + (node.text or "")
            node.tail = "\n\n" + (node.tail or "")
    text = _SPACE_RUN.sub(" ", root.text_content())
    lines = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", lines).strip()
