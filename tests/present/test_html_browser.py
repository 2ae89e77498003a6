"""The HTML report in a real browser: what a reader sees (visible text), not just the markup.

Needs Debian's Chromium and Playwright's Python client (never `playwright install`: no browser
download; CI installs them with
``apt-get install -y chromium`` and ``pip install playwright==1.65.2``). Skipped with a message otherwise.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from storyline.present.timeline import build_timeline, render

from tests.present.records import en_item, fr_item

CHROMIUM = os.environ.get("STORYLINE_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.65.2 to run browser tests")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (or set STORYLINE_CHROMIUM)")
    path = tmp_path_factory.mktemp("html") / "timeline.html"
    tl = build_timeline([fr_item(), en_item(published="2024-05-10", range_text="500 kilometers")],
                        title="Falcon drones for Finland")
    path.write_text(render(tl, "html"), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        pg.goto(path.as_uri())
        yield pg
        pg.screenshot(path=str(path.with_suffix(".png")), full_page=True)
        browser.close()


def test_html_browser_shows_title_and_dates_in_order(page):
    assert page.get_by_role("heading", name="Falcon drones for Finland").is_visible()
    dates = [d.strip().split("\n")[0] for d in page.locator(".date").all_inner_texts()]
    assert dates[:3] == ["January 2024", "3 March 2024", "April 2024"]


def test_html_browser_puts_sources_side_by_side_by_language(page):
    april = page.locator(".day", has_text="April 2024")
    text = april.inner_text()
    assert "2 independent sources" in text
    assert "FRANÇAIS" in text.upper() and "ENGLISH" in text.upper()
    assert april.locator(".column").count() == 2
    boxes = [c.bounding_box() for c in april.locator(".column").all()]
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2 and boxes[0]["x"] < boxes[1]["x"]  # side by side


def test_html_browser_highlights_conflicting_claims(page):
    row = page.locator("tr.conflict").first
    assert row.is_visible()
    assert "conflict" in row.inner_text().lower()
    color = row.locator("td").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert color != "rgba(0, 0, 0, 0)"


def test_html_browser_groups_quotes_by_speaker(page):
    assert page.get_by_role("heading", name="Erna Solberg").is_visible()
    assert page.get_by_text("Nous tenons nos promesses").is_visible()


def test_html_browser_marks_report_dated_entries(page):
    reported = page.locator(".day.reported").first
    assert "date of report" in reported.inner_text()
