"""The demo network's public site in Chromium, as a visitor finds it: at a desktop's width
(1280 px) and a phone's (375 px), and without JavaScript. On every page axe-core finds no
serious or critical violation, nothing overflows the phone's width and nothing is fetched from
another site (the map of regions is Palabre's own SVG); a screenshot of each page at each width
is kept in ``var/screenshots/``."""

import io
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from palabre.demo.reset import delete_demo
from tests.crawl.roles import NETWORK
from tests.crawl.world import frozen_clock
from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.sqlite_only

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDTHS = {"ordinateur": (1280, 900), "telephone": (375, 740)}
PAGES = [
    ("Le réseau", "accueil"),
    ("Membres", "membres"),
    ("Formations", "formations"),
    ("Rencontres", "rencontres"),
    ("Chiffres", "chiffres"),
]


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with frozen_clock():
        call_command("seed_demo", years=1, cases_per_year=10, stdout=io.StringIO())
        yield
        delete_demo()


def checked(page, width, name):
    page.wait_for_load_state("load")
    assert serious_violations(page) == [], page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    page.screenshot(path=SCREENSHOTS / f"site-reseau-{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_demo_network_site_reads_well_at_desktop_and_phone_widths(
    browser, live_server, demo, width
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    w, h = WIDTHS[width]
    context = browser.new_context(locale="fr-FR", viewport={"width": w, "height": h})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    nav = page.get_by_role("navigation", name="Pages du réseau")
    try:
        page.goto(f"{live_server.url}/{NETWORK}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Réseau des villes (démo)")
        expect(page.get_by_role("heading", name="Ce que nous faisons")).to_be_visible()
        for link, name in PAGES:
            if name != "accueil":
                with page.expect_navigation():
                    nav.get_by_role("link", name=link, exact=True).click()
            expect(page).to_have_title(
                f"{page.get_by_role('heading', level=1).inner_text()} · Palabre"
            )
            checked(page, w, f"{name}-{width}")

        page.goto(f"{live_server.url}/{NETWORK}/membres/")
        map_ = page.get_by_role("group", name="Carte des régions et nombre de structures membres")
        expect(map_).to_be_visible()
        with page.expect_navigation():
            map_.get_by_role("link", name="Bretagne").click()
        expect(page).to_have_url(f"{live_server.url}/{NETWORK}/membres/?region=BRE#liste")
        expect(page.get_by_label("Région", exact=True)).to_have_value("BRE")
        checked(page, w, f"membres-bretagne-{width}")
    finally:
        context.close()
    hosts = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {urlparse(live_server.url).netloc}


def test_the_directory_filters_without_javascript(browser, live_server, demo):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/{NETWORK}/membres/")
        everyone = page.locator("#liste li").count()
        page.get_by_label("Phase").select_option(label="Pérenne")
        page.get_by_role("button", name="Filtrer").click()
        expect(page).to_have_url(
            f"{live_server.url}/{NETWORK}/membres/?region=&type=&domaine=&phase=PERMANENT"
        )
        shown = page.locator("#liste li").count()
        assert 0 < shown < everyone
        expect(page.locator("#liste")).not_to_contain_text("En création")
    finally:
        context.close()
