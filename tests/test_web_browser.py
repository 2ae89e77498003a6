"""The local web page in a real browser: paste a report, see its story appear, open its report.

Same requirements as tests/present/test_html_browser.py (Debian's Chromium, Playwright's Python
client, never a downloaded browser); skipped with a message otherwise.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from storyline.web import create_app
from tests.present.test_html_browser import ARGS, CHROMIUM

REPORT = ("Genève a inauguré lundi une nouvelle ligne de tram vers l'aéroport, a annoncé la ville. "
          "« C'est un jour important pour les usagers », a déclaré Anne Martin, conseillère d'État. "
          "Les travaux avaient commencé en mars 2022 et ont coûté 120 millions de francs.")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    uvicorn = pytest.importorskip("uvicorn")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(str(tmp_path_factory.mktemp("web") / "s.db"), embedder=None)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(100):
        if srv.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def page(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright==1.65.2 to run browser tests")
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (or set STORYLINE_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page(viewport={"width": 1200, "height": 900})
        browser.close()


def test_web_browser_add_a_report_then_read_its_story(page, server):
    page.goto(server + "/")
    assert page.get_by_text("No stories yet").is_visible()
    page.fill("textarea[name=text]", REPORT)
    page.fill("input[name=published]", "2025-09-08")
    page.fill("input[name=title]", "Genève : le tram va à l'aéroport")
    page.get_by_role("button", name="Add").click()
    page.get_by_role("status").filter(has_text="added").wait_for(timeout=60_000)
    page.wait_for_load_state()
    page.goto(server + "/")
    link = page.get_by_role("link", name="Genève : le tram va à l'aéroport")
    assert link.is_visible()
    link.click()
    assert page.get_by_role("heading", name="Genève : le tram va à l'aéroport").is_visible()
    assert page.get_by_text("Anne Martin").first.is_visible()  # quotes by speaker, in the report
    assert page.get_by_text("March 2022").first.is_visible()  # a dated timeline entry
