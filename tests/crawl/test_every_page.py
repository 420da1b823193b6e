"""Every page of the demo, as each of its people reaches it by following links.

The demo, with a marker in every free text (``world.py``, ``markers.py``), is walked by each
person of ``roles.PEOPLE`` — coordination, mediation, accueil (with and without double
authentification), bureau, each partner account, the network's staff, the other service's
coordination, the demo coordinator as a board member of that other service, the night
correspondents' team, coordination and landlord, and a visitor without an account — breadth-first
from the home page, up to 300 pages each (``walk.py``). On every page: no server error; every
link shown answers for the person it is shown to; no marker the person may not read. Then the
Nu Html Checker reads every page once.

SQLite only: the walk reads every page of the application as the app's own tests do on both
databases, and the database adds nothing here that those do not check (the same views, queries
and permissions run on PostgreSQL in each app's access tests); it would double minutes of CI
for no new question.
"""

from collections import defaultdict

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string

from tests.crawl.roles import PEOPLE
from tests.crawl.walk import REFUSAL

# django_db: the test database is set up for the crawl, which works in it before these tests.
pytestmark = [pytest.mark.sqlite_only, pytest.mark.django_db]
KEYS = [person.key for person in PEOPLE]

# What each walk must at least reach (a marked field of each kind the person may read), so that
# a walk that stops at the home page, or markers planted where nobody looks, fail here.
MUST_SEE = {
    "coordination": {
        "cases.PrivateNote.text",
        "cases.Case.suspension_reason",
        "cases.Party.last_name",
        "referrals.Referral.requester_last_name",
        "permanences.Appointment.last_name",
        "privacy.RightsRequest.details",
        "privacy.SafetyReport.content",
    },
    "mediation": {"cases.PrivateNote.text", "cases.Party.last_name"},
    "accueil": {"cases.Party.last_name", "referrals.Referral.requester_last_name"},
    "accueil_mfa": {"cases.Party.last_name"},
    "bureau": {"partners.Convention.purpose"},
    "police": {"referrals.Referral.requester_last_name"},
    "bailleur": {"referrals.Referral.requester_last_name"},
    "reseau": {"network.MemberContact.last_name", "network.Finding.text"},
    "autre_service": {"cases.PrivateNote.text"},
    "correspondant": {"field.Intervention.note"},
    "coordination_nuit": {"field.ShiftReport.summary", "field.SeriousEvent.description"},
    "bailleur_nuit": {"field.TechnicalSignal.description"},
}


@pytest.mark.parametrize("person", KEYS)
def test_no_page_answers_with_a_server_error(crawl, person):
    failed = [
        (fetch.url, fetch.final_status, fetch.error)
        for fetch in crawl.walks[person].fetched.values()
        if fetch.status >= 500 or fetch.final_status >= 500
    ]
    assert not failed


@pytest.mark.parametrize("person", KEYS)
def test_every_link_shown_answers_for_the_person_it_is_shown_to(crawl, person):
    assert not crawl.walks[person].dead_links()


def test_a_refusal_is_recognised_on_the_page_a_link_brings_back_to():
    """The walk counts a link that only brings its person back with an error message as dead:
    it must recognise that message as the messages component writes it, and only that one."""
    said = {
        level: render_to_string("components/messages.html", {"messages": [Message(level, "…")]})
        for level in (constants.ERROR, constants.WARNING, constants.SUCCESS, constants.INFO)
    }
    assert [level for level, page in said.items() if REFUSAL.search(page)] == [constants.ERROR]


@pytest.mark.parametrize("person", KEYS)
def test_markers_reach_only_the_people_allowed_to_read_them(crawl, person):
    world = crawl.world
    out_of_place = defaultdict(set)  # (field, URL pattern) → pages
    for fetch in crawl.walks[person].fetched.values():
        for marker in world.out_of_place(person, fetch.markers):
            found = world.markers.get(marker)
            out_of_place[(found.field if found else f"inconnu {marker}", fetch.route)].add(
                fetch.url
            )
    assert not {key: sorted(urls)[:3] for key, urls in out_of_place.items()}


@pytest.mark.parametrize("person", sorted(MUST_SEE))
def test_each_walk_reaches_what_its_person_may_read(crawl, person):
    world = crawl.world
    seen = {
        world.markers[marker].field
        for fetch in crawl.walks[person].fetched.values()
        for marker in fetch.markers
        if marker in world.markers
    }
    assert MUST_SEE[person] <= seen


def test_the_visitor_reaches_the_public_pages_and_nothing_else(crawl):
    walk = crawl.walks["anonyme"]
    routes = {fetch.route for fetch in walk.fetched.values() if fetch.final_status == 200}
    assert "rdv:rendez-vous/<slug:slug>/seance/<uuid:occurrence_id>/" in routes
    assert "referrals:orientations/demande/<slug:slug>/" in routes
    assert "website:<slug:slug>/" in routes
    assert "website:<slug:slug>/membres/" in routes
    assert all(not fetch.markers for fetch in walk.fetched.values())


def test_following_every_link_changes_no_data(crawl):
    """GET changes nothing (each action is a POST behind its form), so the walks need not skip
    links that would change data; only the records that reading makes by design are added
    (``conftest.WRITTEN_BY_READING``: the access log, a printed letter's traces), and nothing
    is ever removed."""
    assert crawl.rows_changed == {}


def test_the_world_leaves_nothing_behind(crawl):
    """The crawl's rows are gone before any other test runs."""
    assert crawl.left_behind == {}


def test_every_page_is_valid_html(crawl):
    assert crawl.html_missing is None, crawl.html_missing
    pages = sum(len(walk.pages) for walk in crawl.walks.values())
    assert pages > 1000
    found = [
        f"{error['url'].rsplit('/', 1)[-1]}:{error.get('lastLine')} {error['message']} "
        f"« {error.get('extract', '')} »"
        for error in crawl.html_errors
    ]
    assert not found, "\n".join(found[:30])
