"""The browser of the journeys reads the same clock as the live server it visits: the suite's,
at the real instant or at the one PALABRE_TEST_NOW names (palabre/core/tests/clock.py)."""

import datetime as dt


def test_a_pages_clock_stands_where_the_suites_does(browser, live_server, suite_now):
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/compte/connexion/")
        shown = dt.datetime.fromtimestamp(page.evaluate("Date.now()") / 1000, dt.UTC)
    finally:
        context.close()
    assert abs(shown - suite_now.expected_now()) < dt.timedelta(seconds=10)
