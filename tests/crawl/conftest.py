"""The crawl of every page, done once per test session and shared by ``test_every_page.py`` and
``test_replay.py``.

The ``crawl`` fixture loads the world (``world.build_world``) into the test database, walks the
site as each person of ``roles.PEOPLE``, saves every HTML page for the Nu Html Checker and runs
it once, replays each person's pages as every other person, then deletes the world: the rows
are committed while it works (the walks need them across requests) and gone before any other
test runs, whatever order the tests come in. The tests only read what it gathered. Only the
parts that the selected tests read are done (no checker, no replay when their tests are not
selected).
"""

import time
from dataclasses import dataclass, field

import pytest
from django.apps import apps

from tests.crawl import htmlcheck, replay
from tests.crawl.roles import PEOPLE, logged_in
from tests.crawl.walk import Walker
from tests.crawl.world import build_world, delete_world, frozen_clock

PAGES_PER_PERSON = 300
# Rows a GET adds by design, and why: reading is recorded, and a document's issue is a fact.
WRITTEN_BY_READING = {
    "privacy.AccessRecord": "each read of personal data is written to the access log (adr/0017)",
    "core.JournalEntry": "a letter or an attestation printed is written to the case's journal",
    "privacy.NoticeGiven": "the invitation letter carries the notice: printing it gives it (R6)",
    "cases.Invitation": "the invitation letter carries the party's own link, drawn when printed",
    "accounts.TotpDevice": "the double authentification page draws the key the app will scan",
}

_done = []  # the crawl of this session, for the terminal summary


@dataclass
class Crawl:
    world: object
    walks: dict
    clients: dict = field(default_factory=dict)
    html_errors: list | None = None
    html_missing: str | None = None
    replayed: list | None = None
    rows_changed: dict = field(default_factory=dict)
    left_behind: dict = field(default_factory=dict)  # rows the world left once deleted
    seconds: dict = field(default_factory=dict)


def _row_counts(everything=False) -> dict:
    """Rows per model: Palabre's, or every installed app's (sessions, django-axes, tasks…)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if everything or model.__module__.startswith("palabre.")
    }


def _wanted(session) -> set:
    return {item.path.name for item in session.items if item.path.parent.name == "crawl"}


@pytest.fixture(scope="session")
def crawl(request, django_db_setup, django_db_blocker, tmp_path_factory) -> Crawl:
    wanted = _wanted(request.session)
    pages = tmp_path_factory.mktemp("crawl-pages")
    with django_db_blocker.unblock(), frozen_clock():
        empty = _row_counts(everything=True)
        result = Crawl(world=None, walks={})
        try:
            started = time.monotonic()
            world = result.world = build_world()
            result.seconds["world"] = time.monotonic() - started
            _walk_everyone(result, pages)
            if "test_every_page.py" in wanted:
                _check_html(result, pages)
            if "test_replay.py" in wanted:
                started = time.monotonic()
                result.replayed = replay.replay_all(result.walks, result.clients, world, PEOPLE)
                result.seconds["replay"] = time.monotonic() - started
        finally:
            delete_world(sessions=[c.session.session_key for c in result.clients.values()])
            result.left_behind = {
                label: count - empty[label]
                for label, count in _row_counts(everything=True).items()
                if count != empty[label]
            }
    _done.append(result)
    return result


def _walk_everyone(result, pages):
    before = _row_counts()
    started = time.monotonic()
    for person in PEOPLE:
        client = logged_in(person)
        walker = Walker(
            client,
            role=person.key,
            find_markers=result.world.find,
            save_to=pages,
            limit=PAGES_PER_PERSON,
        )
        result.walks[person.key] = walker.run(person.starts)
        result.clients[person.key] = client
    result.seconds["walks"] = time.monotonic() - started
    after = _row_counts()
    result.rows_changed = {
        label: after[label] - before[label]
        for label in before
        if after[label] < before[label]
        or (after[label] > before[label] and label not in WRITTEN_BY_READING)
    }


def _check_html(result, pages):
    result.html_missing = htmlcheck.missing()
    if result.html_missing:
        return
    started = time.monotonic()
    result.html_errors = htmlcheck.errors_in(pages)
    result.seconds["html"] = time.monotonic() - started


def pytest_terminal_summary(terminalreporter):
    for result in _done:
        timings = ", ".join(f"{part} {seconds:.0f} s" for part, seconds in result.seconds.items())
        terminalreporter.write_line(f"crawl: {timings}")
        for key, walk in result.walks.items():
            followed = sum(fetch.followed for fetch in walk.fetched.values())
            terminalreporter.write_line(
                f"  {key}: {len(walk.fetched)} addresses ({len(walk.pages)} HTML pages, links "
                f"of {followed} followed) in {walk.seconds:.0f} s"
            )
        if result.replayed is not None:
            terminalreporter.write_line(f"  replay: {len(result.replayed)} requests")
