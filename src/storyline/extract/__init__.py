"""Extraction: entities, times, quantities, quotes -- one module each, per-language data in lang/."""
