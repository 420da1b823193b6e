"""Every page each person of the demo reaches passes axe-core (WCAG 2.1 A and AA) in Chromium.

The people are those of the crawl of every page (``tests/crawl/roles.py``): coordination,
mediation, accueil (once: the account with double authentification has the same pages), bureau,
the police and landlord partner accounts, the network's staff, the other service's coordination,
the demo coordinator as a board member of that other service, the night correspondents' team,
coordination and landlord, and a visitor without an account. The world is the crawl's too
(``tests/crawl/world.py``): the demo at a fixed instant, with a marker in every free text.

Each person's pages are found first with Django's test client, by following links
(``tests/crawling.py``), a few pages of each URL pattern; then Chromium opens, with the same
session, the first page found of each URL pattern, and axe-core reads it: no serious or critical
violation. A test client page takes a tenth of a second and an audited browser page close to a
second, hence one browser page per URL pattern and person (the same template with other data
rarely breaks a rule the first page keeps).

SQLite only, like the crawl: the pages and their markup are the same on PostgreSQL.
"""

import re
import time
from collections import Counter
from urllib.parse import urlparse

import pytest
from django.conf import settings

from tests.crawl.roles import PEOPLE, logged_in
from tests.crawl.walk import route_of
from tests.crawl.world import build_world, frozen_clock
from tests.crawling import crawl
from tests.e2e.conftest import serious_violations

pytestmark = pytest.mark.sqlite_only

PAGES_PER_ROUTE = 3  # pages of one URL pattern whose links the test client follows
LIMIT = 400  # pages the test client requests for one person, at most
# Downloads (PDF, spreadsheets, calendars): no page to audit, and slow to make.
DOWNLOAD = re.compile(r"\.[a-z0-9]{2,4}$|/(pdf|csv|ods|xlsx|ics)/?$")
# The account with double authentification is a second accueil: the same pages.
SAME_PAGES_AS_ANOTHER = {"accueil_mfa"}
# What each person must at least reach, so that a walk stuck on the login page fails.
AT_LEAST = {"coordination": 60, "reseau": 30, "coordination_nuit": 50, "anonyme": 3}


def pages_of(client, starts) -> dict:
    """The pages a person reaches by following links from ``starts``: the first address found
    of each URL pattern that answers an HTML page (URL pattern → address)."""
    per_route, not_pages, found = Counter(), set(), {}

    def keep(url):
        route = route_of(url)
        if DOWNLOAD.search(urlparse(url).path) or route in not_pages:
            return False
        per_route[route] += 1
        return per_route[route] <= PAGES_PER_ROUTE

    for start in starts:
        for url, response in crawl(client, start, LIMIT, keep=keep):
            if not response.get("Content-Type", "").startswith("text/html"):
                not_pages.add(route_of(url))
                response.close()  # a file answered: close it
            elif response.status_code == 200:
                landed = response.request["PATH_INFO"]
                if query := response.request.get("QUERY_STRING"):
                    landed += f"?{query}"
                found.setdefault(route_of(landed), landed)
    return found


def audit(browser, base_url, client, pages) -> dict:
    """Opens each page in Chromium with ``client``'s session and runs axe-core on it; returns
    the problems found (address → lines)."""
    context = browser.new_context(locale="fr-FR")
    if session := client.cookies.get(settings.SESSION_COOKIE_NAME):
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.value, "url": base_url}]
        )
    page = context.new_page()
    page.set_default_timeout(30000)
    problems = {}
    try:
        for url in pages.values():
            page.goto(base_url + url)
            page.wait_for_load_state("load")
            landed = page.url.removeprefix(base_url)
            if urlparse(landed).path != urlparse(url).path:
                problems[url] = [f"le navigateur arrive sur {landed}, pas sur la page"]
            elif found := serious_violations(page):
                problems[url] = found
    finally:
        context.close()
    return problems


def test_every_page_each_person_reaches_passes_axe(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo's documents
    with frozen_clock():
        started = time.monotonic()
        build_world()
        timings = [f"monde {time.monotonic() - started:.0f} s"]
        problems, reached = {}, {}
        for person in (p for p in PEOPLE if p.key not in SAME_PAGES_AS_ANOTHER):
            started = time.monotonic()
            client = logged_in(person)
            pages = pages_of(client, person.starts)
            found = time.monotonic()
            for url, lines in audit(browser, live_server.url, client, pages).items():
                problems[f"{person.key} {url}"] = lines
            reached[person.key] = len(pages)
            timings.append(
                f"{person.key} : {len(pages)} pages (recherche {found - started:.0f} s, "
                f"navigateur {time.monotonic() - found:.0f} s)"
            )
    print("\n".join(timings))
    report = "\n".join(f"{where} :\n  " + "\n  ".join(lines) for where, lines in problems.items())
    assert not problems, report
    short = {key: reached[key] for key, least in AT_LEAST.items() if reached[key] < least}
    assert not short, f"trop peu de pages atteintes : {short}"
