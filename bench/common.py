"""Where the shared gold data lives, for every bench script (never copied into the repo)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``$STORYLINE_SHARED``, else the ``shared/`` folder beside the repository."""
    return Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared")).resolve()


def data_dir(name: str) -> Path:
    path = shared_dir() / "data" / name
    if not path.exists():
        sys.exit(f"bench: {path} not found (set STORYLINE_SHARED to the folder holding data/)")
    return path
