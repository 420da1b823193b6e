"""The demo service's public page in Chromium, as a resident finds it: at a desktop's width
(1280 px) and a phone's (375 px), with and without JavaScript. axe-core finds no serious or
critical violation, nothing overflows the phone's width, the page loads nothing from another
site, and a screenshot of each width is kept in ``var/screenshots/`` for CI to keep."""

import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.crawl.roles import SERVICE
from tests.crawl.world import frozen_clock
from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.sqlite_only

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"ordinateur": (1280, 900), "telephone": (375, 740)}


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    """The demo at the crawl's instant; the database is emptied after the test."""
    settings.MEDIA_ROOT = tmp_path
    with frozen_clock():
        call_command("seed_demo", years=1, cases_per_year=10, stdout=io.StringIO())
        yield


def _at_width(browser, base_url, width):
    w, h = WIDTHS[width]
    context = browser.new_context(locale="fr-FR", viewport={"width": w, "height": h})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    try:
        page.goto(f"{base_url}/{SERVICE}/")
        page.wait_for_load_state("load")

        expect(page).to_have_title("Cité et Médiation (démo) — médiation de voisinage · Palabre")
        expect(page.get_by_role("heading", level=1)).to_have_text("Cité et Médiation (démo)")
        for heading in ("Comment se passe une médiation", "Nos permanences", "Nous contacter"):
            expect(page.get_by_role("heading", name=heading)).to_be_visible()
        assert serious_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= w
        page.screenshot(path=SCREENSHOTS / f"page-publique-service-{width}.png", full_page=True)
        page.get_by_role("link", name="Demander une médiation").first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("médiation")
        assert serious_violations(page) == []
    finally:
        context.close()
    return {urlparse(url).netloc for url in requested if not url.startswith("data:")}


def _without_javascript(browser, base_url):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{base_url}/{SERVICE}/")
        expect(page.get_by_role("heading", name="Nos permanences")).to_be_visible()
        page.get_by_role("link", name="Prendre rendez-vous en permanence").first.click()
        expect(page).to_have_url(f"{base_url}/rendez-vous/{SERVICE}/")
    finally:
        context.close()


def test_the_demo_service_page_reads_well_on_a_desktop_a_phone_and_without_javascript(
    browser, live_server, demo
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with frozen_clock():
        for width in WIDTHS:
            hosts = _at_width(browser, live_server.url, width)
            assert hosts == {urlparse(live_server.url).netloc}, width
        _without_javascript(browser, live_server.url)
