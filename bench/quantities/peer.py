"""Microsoft Recognizers-Text as the peer system; runs in its own interpreter (stdin/stdout JSON).

Reads ``[{"text", "lang"}]`` and writes one list of records per text. Currency, dimension and
percentage models go first; bare numbers fill the gaps. Units are mapped onto storyline's codes
where an obvious one exists, otherwise kept lower-cased.
"""

import json
import sys

UNITS = {"dollar": "USD", "united states dollar": "USD", "euro": "EUR", "british pound": "GBP",
         "pound": "GBP", "franc": "FRF", "french franc": "FRF", "canadian dollar": "CAD", "cent": "USD_cent",
         "kilometer": "km", "meter": "m", "centimeter": "cm", "millimeter": "mm", "mile": "mi",
         "foot": "ft", "kilogram": "kg", "gram": "g", "ton": "t", "pound (mass)": "lb", "gallon": "gal",
         "barrel": "bbl", "hectare": "ha", "square meter": "m2", "square kilometer": "km2", "liter": "l"}


def _records(text, lang):
    from recognizers_suite import (
        Culture,
        recognize_currency,
        recognize_dimension,
        recognize_number,
        recognize_percentage,
    )

    culture = Culture.French if lang == "fr" else Culture.English
    taken, out = set(), []
    for fn in (recognize_currency, recognize_dimension, recognize_percentage, recognize_number):
        for r in fn(text, culture):
            span = set(range(r.start, r.end + 1))
            if span & taken:
                continue
            taken |= span
            res = r.resolution or {}
            unit = "%" if fn is recognize_percentage else UNITS.get(str(res.get("unit", "")).lower(),
                                                                     str(res.get("unit", "")).lower())
            value = res.get("value")
            try:
                value = float(str(value).rstrip("%")) if value is not None else None
            except ValueError:
                value = None
            if unit == "USD_cent" and value is not None:
                unit, value = "USD", value / 100
            out.append({"start": r.start, "end": r.end + 1, "text": text[r.start:r.end + 1], "value": value,
                        "unit": unit, "low": None, "high": None, "modifier": "", "vague": False})
    return sorted(out, key=lambda r: r["start"])


def main():
    items = json.load(sys.stdin)
    json.dump([_records(i["text"], i["lang"]) for i in items], sys.stdout)


if __name__ == "__main__":
    main()
