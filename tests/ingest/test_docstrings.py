"""The examples in the ingest modules' docstrings run, so they stay true."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

MODULES = ["text", "sniff", "html", "records", "feeds", "urls", "read"]
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", MODULES)
def test_docstrings_examples_run(name, monkeypatch):
    monkeypatch.chdir(REPO)  # examples name fixtures by repo-relative paths
    module = importlib.import_module(f"storyline.ingest.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
