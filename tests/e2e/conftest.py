"""Browser journeys: Playwright drives Debian's Chromium (no browser download), and axe-core
audits every page a journey visits."""

import datetime as dt
import functools
import os
import shutil
from pathlib import Path

import pytest

from palabre.core.tests.clock import suite_clock

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PALABRE_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_missing_reason():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"Chromium introuvable ({CHROMIUM}) : apt-get install chromium"
    if not AXE.exists():
        return "axe-core introuvable : npm ci"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = _browser_missing_reason()
    if reason:
        pytest.fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield TravellingBrowser(browser) if suite_clock().travelling else browser
        browser.close()


class TravellingBrowser:
    """The browser of a suite run at a chosen instant (PALABRE_TEST_NOW): each of its pages'
    clocks starts where the live server's stands, and ticks on."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.clock.install(time=dt.datetime.now(dt.UTC))
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()


# WCAG 2.1 A and AA; only the violations come back (axe-core then skips building the list of
# what passes, which halves its time on a long page).
AXE_RUN = (
    "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],"
    " resultTypes: ['violations']})"
)


@functools.cache
def _axe_source():
    return AXE.read_text()


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each."""
    page.evaluate(_axe_source())
    result = page.evaluate(AXE_RUN)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


class Audited:
    """A page wrapper that runs axe-core after every navigation it is asked to check."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.audited = []

    def goto(self, path):
        self.page.goto(self.base_url + path)
        self.audit()

    def audit(self):
        self.page.wait_for_load_state("load")
        bad = serious_violations(self.page)
        self.audited.append(self.page.url)
        assert not bad, f"axe sur {self.page.url} :\n" + "\n".join(bad)

    def follow_menu(self, menu, item):
        """Opens the top navigation's ``menu`` (a dropdown) and follows its link ``item``."""
        self.page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "button", name=menu, exact=True
        ).click()
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=item, exact=True).first.click()
        self.audit()

    def login(self, email, password="palabre-test"):
        self.goto("/compte/connexion/")
        self.page.get_by_label("Adresse e-mail").fill(email)
        self.page.get_by_label("Mot de passe").fill(password)
        self.page.get_by_role("button", name="Se connecter").click()
        self.audit()


@pytest.fixture
def audited(browser, live_server):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield Audited(page, live_server.url)
    context.close()
