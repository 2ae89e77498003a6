"""The claim records: what ``claims.py`` reads from one report and ``claims_compare`` judges across reports.

``Claim`` is one report's assertion with its spans (its sentence, the figure or status trigger,
the subject mention it was read from); ``ClaimGroup`` is every claim about one subject's attribute
with its verdict. They were split out of ``claims.py`` in session 12, with no change of behaviour,
so that the comparison module can use them without importing the reading code (no import cycle).
``claims.py`` re-exports both: the renderers, ``bench/claims`` and the tests import them there.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Claim:
    """One report's assertion, with its source span."""

    subject: str
    subject_key: str
    attribute: str
    value: str
    low: float | None
    high: float | None
    unit: str
    time: str
    article_id: str
    language: str
    published: str
    sentence: str
    start: int
    end: int
    kind: str = "quantity"  # "quantity" | "status"
    dated: bool = False  # ``time`` was stated with the figure, not the report's date
    value_start: int = -1  # the figure's (or the status trigger's) own span in the report
    value_end: int = -1
    subject_start: int = -1  # the subject mention the claim was read from (may be another sentence)
    subject_end: int = -1


@dataclass(frozen=True, slots=True)
class ClaimGroup:
    """Every claim about one subject's attribute, and how they compare."""

    subject: str
    attribute: str
    verdict: str  # conflict | update | agree | single
    claims: tuple[Claim, ...]
    note: str = ""
