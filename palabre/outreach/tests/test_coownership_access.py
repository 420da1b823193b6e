"""Every co-ownership view, every role, and another service's co-ownership: the table of
access.py."""

import pytest
from django.urls import reverse

from palabre.core.models import JournalEntry
from palabre.outreach.models import Coownership, CoownershipContact, CoownershipReview
from palabre.outreach.tests.test_access import PEOPLE, View, _client, _person

MANAGERS = {"admin", "coordinator"}
REVIEWERS = MANAGERS | {"team mediator", "other mediator"}
READERS = REVIEWERS | {"reception"}


VIEWS = [
    View("coownership_list", (), frozenset(READERS)),
    View("coownership_create", (), frozenset(MANAGERS)),
    View("coownership_create", (), frozenset(MANAGERS), "post"),
    View("coownership_detail", ("coownership",), frozenset(READERS)),
    View("coownership_edit", ("coownership",), frozenset(MANAGERS)),
    View("coownership_edit", ("coownership",), frozenset(MANAGERS), "post"),
    View("coownership_contact_add", ("coownership",), frozenset(MANAGERS)),
    View("coownership_contact_add", ("coownership",), frozenset(MANAGERS), "post"),
    View("coownership_contact_edit", ("coownership", "contact"), frozenset(MANAGERS)),
    View("coownership_contact_edit", ("coownership", "contact"), frozenset(MANAGERS), "post"),
    View("coownership_contact_remove", ("coownership", "contact"), frozenset(MANAGERS), "post"),
    View("coownership_review", ("coownership",), frozenset(REVIEWERS)),
    View("coownership_review", ("coownership",), frozenset(REVIEWERS), "post"),
    View("coownership_cases", ("coownership",), frozenset(MANAGERS)),
    View("coownership_cases", ("coownership",), frozenset(MANAGERS), "post"),
    View("coownership_close", ("coownership",), frozenset(MANAGERS)),
    View("coownership_close", ("coownership",), frozenset(MANAGERS), "post"),
]
OBJECT_VIEWS = [view for view in VIEWS if view.args]


def _data(view, objects):
    if view.name in ("coownership_create", "coownership_edit"):
        return {
            "name": "Copropriété du Gros-Chêne",
            "address": "1 rue du Gros-Chêne",
            "commune": objects["rennes"].pk,
            "programme": "WATCH",
            "followed_since": "2026-10-01",
        }
    if view.name in ("coownership_contact_add", "coownership_contact_edit"):
        return {"name": "Yann Kerbrat", "role": "COUNCIL_MEMBER", "email": "yk@example.org"}
    if view.name == "coownership_review":
        return {"held_on": "2026-12-08", "trend": "STABLE", "difficulties": ["WORKS"]}
    if view.name == "coownership_cases":
        return {"cases": []}
    if view.name == "coownership_close":
        return {"closed_on": "2026-12-09"}
    return {}


def _state():
    return (
        Coownership.objects.count(),
        Coownership.objects.filter(followed_until__isnull=False).count(),
        CoownershipContact.objects.count(),
        CoownershipReview.objects.count(),
        JournalEntry.objects.filter(subject_kind="outreach.coownership").count(),
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_each_person_opens_exactly_the_coownership_pages_of_their_row(
    client, login, member, buildings, view, who
):
    browser = _client(client, login, who, buildings, member)
    before = _state()
    if view.method == "post":
        response = browser.post(view.url(buildings), _data(view, buildings))
    else:
        response = browser.get(view.url(buildings))
    if who == "anonymous":
        assert response.status_code == 302 and "/compte/" in response["Location"]
    elif who in view.allowed:
        assert response.status_code == (302 if view.method == "post" else 200), response
        assert "INVALID[" not in response.content.decode()
    else:
        assert response.status_code == 404
    if view.method == "post":
        assert (_state() != before) == (who in view.allowed)


@pytest.mark.parametrize("who", ["admin", "coordinator", "team mediator", "reception"])
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_another_services_coownership_answers_404_like_a_missing_one(
    login, member, buildings, foreign_buildings, view, who
):
    browser = login(_person(who, buildings, member))
    before = _state()
    response = getattr(browser, view.method)(
        view.url(foreign_buildings), _data(view, foreign_buildings)
    )
    assert response.status_code == 404
    assert _state() == before


def test_the_list_never_shows_another_services_coownerships(login, buildings, foreign_buildings):
    page = login(buildings["coordinator"]).get(reverse("outreach:coownership_list"))
    content = page.content.decode()
    assert str(buildings["coownership"].pk) in content
    assert str(foreign_buildings["coownership"].pk) not in content


def test_a_closed_follow_up_offers_resuming_to_the_coordination_only(login, member, buildings):
    from palabre.outreach import coownership_actions as verbs

    verbs.close_follow_up(coownership=buildings["coownership"], by=buildings["coordinator"])
    url = reverse("outreach:coownership_resume", args=[buildings["coownership"].pk])
    for who, status in (("coordinator", 200), ("team mediator", 404), ("reception", 404)):
        assert login(_person(who, buildings, member)).get(url).status_code == status
    edit = reverse("outreach:coownership_edit", args=[buildings["coownership"].pk])
    assert login(buildings["coordinator"]).get(edit).status_code == 404
    response = login(buildings["coordinator"]).post(url)
    assert response.status_code == 302
    buildings["coownership"].refresh_from_db()
    assert buildings["coownership"].is_followed
