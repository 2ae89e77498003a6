"""Near-duplicate reports (syndicated copies, lightly edited reposts).

MinHash over 3-word shingles (datasketch) gives band keys that the store indexes, so finding
candidates costs a few index look-ups whatever the store's size; ``rapidfuzz`` then confirms a
candidate on the texts themselves. Tuned on the shared notes' measurements (packages.md):
3-word shingles catch light edits that 5-word ones miss; ``fuzz.ratio`` scores near-duplicates
66-99 and unrelated news at most 51, so 70 sits in the gap on the side of precision.
"""

from __future__ import annotations

import re
import struct

NUM_PERM = 128
BANDS, ROWS = 16, 8  # LSH threshold ~ (1/16)^(1/8) ~ 0.71 Jaccard
CONFIRM_RATIO = 70.0
_WORD = re.compile(r"\w+")


def band_keys(text: str) -> list[tuple[int, int]]:
    """(band, key) pairs of the text's MinHash signature; [] for texts too short to shingle."""
    from datasketch import MinHash

    words = _WORD.findall(text.casefold())
    if len(words) < 3:
        return []
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([" ".join(words[i:i + 3]).encode("utf-8") for i in range(len(words) - 2)])
    hv = mh.hashvalues
    keys = []
    for b in range(BANDS):
        chunk = hv[b * ROWS:(b + 1) * ROWS].astype("<u8").tobytes()
        # 8 signed bytes fit SQLite's INTEGER; hash() is salted per process, so use the bytes
        keys.append((b, struct.unpack("<q", _fold(chunk))[0]))
    return keys


def _fold(chunk: bytes) -> bytes:
    import hashlib

    return hashlib.blake2b(chunk, digest_size=8).digest()


def is_near_duplicate(a: str, b: str) -> bool:
    """Whether two texts are copies of one report (confirmation of an LSH candidate)."""
    from rapidfuzz import fuzz

    shorter, longer = sorted((len(a), len(b)))
    if longer and shorter / longer < 0.5:
        return False
    return fuzz.ratio(a, b) >= CONFIRM_RATIO
