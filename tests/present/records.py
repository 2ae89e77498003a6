"""Hand-built records for the present tests: two short reports of one invented story, written for
these tests in the style of the sample articles (a French report, then a later English one).

Events are built by hand so timeline and claims tests do not depend on the extractors' state.
"""

from __future__ import annotations

from storyline.model import Article, EntityMention, Event, Extraction, Quantity, Quote, Sentence, Span

FR_TEXT = (
    "La Norvège a livré à la Finlande des drones Falcon en avril. "
    "La décision avait été prise dès janvier par le ministre Erna Solberg. "
    "Les drones, prévus dans le paquet d'aide du 3 mars dernier, "
    "ont une portée pouvant atteindre jusqu'à 200 kilomètres. "
    "« Nous tenons nos promesses », a déclaré Erna Solberg."
)
EN_TEXT = (
    "Norway delivered Falcon drones to Finland in April, officials said. "
    "The Falcon drones have a range of several hundred kilometers. "
    "Finland authorised the use of the drones against targets inside Russia."
)


def find(text: str, surface: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return start, start + len(surface)


def span(text: str, surface: str, nth: int = 0) -> Span:
    return Span(*find(text, surface, nth), surface)


def sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences at '. ' boundaries: enough for these hand-written texts."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch in ".?" and (i + 1 == len(text) or text[i + 1] == " "):
            out.append(Sentence(start, i + 1))
            start = i + 2
    return tuple(out)


def event(article: Article, sentence: str, trigger: str, lemma: str, time: str = "", granularity: str = "none",
          source: str = "published", actors: tuple[str, ...] = (), places: tuple[str, ...] = (),
          time_text: str = "") -> Event:
    text = article.text
    sent = span(text, sentence)
    when = time or (article.published or "")
    return Event(article.id, sent, Span(*find(text, trigger, 0), trigger), lemma, when,
                 granularity if time else "day", "text" if time else "published",
                 span(text, time_text) if time_text else None, actors, places, (), "events@1")


def entity(article: Article, surface: str, label: str, name: str = "", nth: int = 0,
           entity_id: str = "") -> EntityMention:
    return EntityMention(article.id, *find(article.text, surface, nth), surface, label, name or surface, entity_id)


def fr_item(entity_ids: bool = True) -> tuple[Article, Extraction]:
    a = Article("fr0000000000aaaa", FR_TEXT, "fr-report.txt", title="Drones Falcon pour la Finlande",
                published="2024-05-10", language="fr")
    s = FR_TEXT.split(". ")
    ids = {"Norvège": "Q20", "Finlande": "Q33", "Falcon": "falcon"} if entity_ids else {}
    ents = (entity(a, "Norvège", "LOC", entity_id=ids.get("Norvège", "")),
            entity(a, "Finlande", "LOC", entity_id=ids.get("Finlande", "")),
            entity(a, "Falcon", "MISC", entity_id=ids.get("Falcon", "")),
            entity(a, "Erna Solberg", "PER"), entity(a, "Erna Solberg", "PER", nth=1))
    events = (
        event(a, s[0] + ".", "livré", "livrer", "2024-04", "month", "text", ("Falcon",), ("Norvège", "Finlande"),
              "avril"),
        event(a, s[1] + ".", "prise", "prendre", "2024-01", "month", "text", ("Erna Solberg",), (), "janvier"),
        event(a, s[2] + ".", "paquet", "paquet", "2024-03-03", "day", "text", (), (), "3 mars dernier"),
        event(a, s[2] + ".", "ont", "avoir"),
    )
    q = Quantity(a.id, *find(FR_TEXT, "jusqu'à 200 kilomètres"), "jusqu'à 200 kilomètres", 200.0, "km", modifier="max")
    quote = Quote(a.id, span(FR_TEXT, "Nous tenons nos promesses"), "direct", span(FR_TEXT, "Erna Solberg", 1),
                  "Erna Solberg", role="ministre", cue=span(FR_TEXT, "a déclaré"), cue_lemma="déclarer")
    return a, Extraction(a.id, sentences(FR_TEXT), ents, (), (q,), (quote,), events, ("events@1",))


def en_item(entity_ids: bool = True, published: str = "2024-09-02", range_text: str = "several hundred kilometers",
            article_id: str = "en0000000000bbbb") -> tuple[Article, Extraction]:
    text = EN_TEXT.replace("several hundred kilometers", range_text)
    a = Article(article_id, text, "en-report.txt", title="Falcon drones for Finland", published=published,
                language="en")
    s = text.split(". ")
    ids = {"Norway": "Q20", "Finland": "Q33", "Falcon": "falcon"} if entity_ids else {}
    ents = (entity(a, "Norway", "LOC", entity_id=ids.get("Norway", "")),
            entity(a, "Falcon", "MISC", entity_id=ids.get("Falcon", "")),
            entity(a, "Finland", "LOC", entity_id=ids.get("Finland", "")),
            entity(a, "Falcon", "MISC", nth=1, entity_id=ids.get("Falcon", "")),
            entity(a, "Finland", "LOC", nth=1, entity_id=ids.get("Finland", "")),
            entity(a, "Russia", "LOC"))
    events = (
        event(a, s[0] + ".", "delivered", "deliver", "2024-04", "month", "text", ("Falcon",), ("Norway", "Finland"),
              "April"),
        event(a, s[1] + ".", "have", "have"),
        event(a, s[2], "authorised", "authorise", places=("Finland", "Russia")),
    )
    if range_text.startswith("several"):
        q = Quantity(a.id, *find(text, range_text), range_text, None, "km", low=200.0, high=900.0, vague=True)
    else:
        value = float(range_text.split()[0])
        q = Quantity(a.id, *find(text, range_text), range_text, value, "km")
    return a, Extraction(a.id, sentences(text), ents, (), (q,), (), events, ("events@1",))
