"""What-if runs on dev only: storyline's figures with one of its claim rules switched off.

    python -m bench.claims.variants          # dev figures of storyline as is and without each rule

The variants patch ``storyline.present.claims`` (and ``claims_compare``, where the comparison across
reports has lived since session 12) in this process only (``unittest.mock``); the package is not
changed. Each switches off one rule of the 2026-11-24 second round (README.md),
so that what each brings can be re-measured on dev after later changes:

- ``subject-keyed``: every claim keyed by its subject, as before the round (a source or a nearby
  name keeps two reports' figures of one tracked quantity apart);
- ``no-scale``: groups are not split where values jump more than ``SCALE_GAP`` times;
- ``no-cue-units``: a cue names the attribute whatever the unit (``the range of the oil spill``
  in barrels a day is a range).

and each rule of the third round (README.md, "Third round"):

- ``no-measured``: oil collected is not kept apart from oil leaking (``MEASURED_APART`` empty);
- ``no-main``: the pool of unkeyed claims does not join the story's main thing (and a pooled
  group is shown under its most named subject);
- ``no-stated-of``: a count of people with no named country gives no claim (as before);
- ``no-nouns``: a money or percentage figure's noun (fund, loss) is not part of its attribute.

(The first round's variants, speaker / labels / units / fallback, were adopted or dropped; their
figures stay in README.md.)
"""

from __future__ import annotations

import argparse
import contextlib
from collections import defaultdict
from collections.abc import Iterator

from storyline.present import claims as C
from storyline.present import claims_compare as CC


def _subject_keyed(rated: list[tuple[C.Claim, bool]], main: str = "") -> list[tuple[list[C.Claim], set[str]]]:
    groups: dict[tuple[str, str], list[C.Claim]] = defaultdict(list)
    for c, _ in rated:
        groups[(c.subject_key, c.attribute)].append(c)
    return [(g, {k}) for (k, _), g in groups.items()]


@contextlib.contextmanager
def variant(name: str) -> Iterator[None]:
    """Patch ``storyline.present.claims`` (or ``claims_compare``) for one variant (``base``: nothing)."""
    from unittest import mock

    with contextlib.ExitStack() as stack:
        if name == "subject-keyed":
            stack.enter_context(mock.patch.object(C, "_groups", _subject_keyed))
        elif name == "no-scale":
            stack.enter_context(mock.patch.object(CC, "SCALE_GAP", float("inf")))
        elif name == "no-cue-units":
            stack.enter_context(mock.patch.object(C, "CUE_UNITS", {}))
        elif name == "no-measured":
            stack.enter_context(mock.patch.object(C, "MEASURED_APART", ()))
        elif name == "no-main":
            stack.enter_context(mock.patch.object(C, "_main_thing_of", lambda named: ""))
        elif name == "no-stated-of":
            stack.enter_context(mock.patch.object(C, "_stated_of", lambda *args: None))
        elif name == "no-nouns":
            real = C.claim_data
            stack.enter_context(mock.patch.object(
                C, "claim_data", lambda lang: {k: v for k, v in real(lang).items() if k != "measured_nouns"}))
        elif name != "base":
            raise SystemExit(f"unknown variant {name!r}: base, subject-keyed, no-scale, no-cue-units, "
                             "no-measured, no-main, no-stated-of, no-nouns")
        yield


def main(argv: list[str] | None = None) -> None:
    from bench.claims.report import headline

    ap = argparse.ArgumentParser(description="Dev figures of storyline with one claim rule switched off.")
    ap.add_argument("--variants", default="base,subject-keyed,no-scale,no-cue-units,no-measured,no-main,no-stated-of,"
                                          "no-nouns")
    args = ap.parse_args(argv)
    keys = ["claim_f1", "full_f1", "subject_acc", "subject_name_acc", "attribute_acc", "time_acc",
            "pair_group_f1", "pair_group_f1_topic", "pair_verdict_right"]
    print("| variant | " + " | ".join(keys) + " |\n| --- |" + " ---: |" * len(keys))
    for name in args.variants.split(","):
        with variant(name):
            got = headline("dev")
        print(f"| {name} | " + " | ".join(f"{got[k]:.1f}" for k in keys) + " |")


if __name__ == "__main__":
    main()
