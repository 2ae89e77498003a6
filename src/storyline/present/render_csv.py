"""Timeline to CSV: one row per source sentence, so a spreadsheet can filter by date or language."""

from __future__ import annotations

import csv
import io

from storyline.present.timeline import Timeline

COLUMNS = ("date", "label", "granularity", "dated_by", "salience", "article_id", "language",
           "published", "start", "end", "time_text", "trigger", "sentence", "expected")


def render_csv(tl: Timeline) -> str:
    """Rows in timeline order; an entry with three reports gives three rows with the same date.
    ``expected`` (last, 1/0) marks a plan or forecast: every report of it came out before it."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for e in tl.entries:
        for s in e.sources:
            w.writerow((e.date, e.label, e.granularity, e.dated_by, e.salience, s.article_id, s.language,
                        s.published, s.start, s.end, s.time_text, s.trigger, " ".join(s.sentence.split()),
                        int(e.expected)))
    return buf.getvalue()
