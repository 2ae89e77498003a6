"""The examples in every module's docstrings run, so they stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import storyline

REPO = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.walk_packages(storyline.__path__, "storyline."))
# Modules whose docstrings must show at least one runnable example (the readers and the stages).
MUST_HAVE = {f"storyline.ingest.{n}" for n in ("text", "sniff", "html", "records", "feeds", "urls", "read")} | {
    "storyline.pipeline", "storyline.extract.times", "storyline.extract.quotes", "storyline.present.timeline"}


@pytest.mark.parametrize("name", MODULES)
def test_docstrings_examples_run(name, monkeypatch):
    monkeypatch.chdir(REPO)  # examples name fixtures by repo-relative paths
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0 or name not in MUST_HAVE
