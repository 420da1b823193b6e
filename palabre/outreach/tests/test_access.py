"""Every outreach view, every role, and another service's action: the table of access.py."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.core.models import JournalEntry
from palabre.outreach.models import OutreachAction, OutreachPhoto
from palabre.outreach.tests import world

MANAGERS = {"admin", "coordinator"}
TEAM = MANAGERS | {"team mediator"}
READERS = TEAM | {"other mediator", "reception"}
PEOPLE = [
    "admin",
    "coordinator",
    "team mediator",
    "other mediator",
    "reception",
    "board",
    "partner",
    "network_staff",
    "anonymous",
]


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture
    allowed: frozenset
    method: str = "get"

    def url(self, objects):
        return reverse(f"outreach:{self.name}", args=[objects[arg].pk for arg in self.args])


VIEWS = [
    View("list", (), frozenset(READERS)),
    View("calendar", (), frozenset(READERS)),
    View("create", (), frozenset(MANAGERS)),
    View("create", (), frozenset(MANAGERS), "post"),
    View("detail", ("held",), frozenset(READERS)),
    View("edit", ("planned",), frozenset(MANAGERS)),
    View("edit", ("planned",), frozenset(MANAGERS), "post"),
    View("results", ("held",), frozenset(TEAM)),
    View("results", ("held",), frozenset(TEAM), "post"),
    View("cancel", ("planned",), frozenset(MANAGERS)),
    View("cancel", ("planned",), frozenset(MANAGERS), "post"),
    View("photo_add", ("held",), frozenset(TEAM)),
    View("photo_add", ("held",), frozenset(TEAM), "post"),
    View("photo", ("held", "private_photo"), frozenset(READERS)),
    View("photo_consent", ("held", "private_photo"), frozenset(TEAM), "post"),
    View("photo_remove", ("held", "private_photo"), frozenset(TEAM), "post"),
]
OBJECT_VIEWS = [view for view in VIEWS if view.args]


def _person(who, objects, member):
    if who == "team mediator":
        return objects["teammate"]
    if who == "other mediator":
        return member("mediator")
    if who == "network_staff":
        from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory

        network = OrganisationFactory(kind="NETWORK")
        return MembershipFactory(organisation=network, role="network_staff")
    return member(who)


def _client(client, login, who, objects, member):
    if who == "anonymous":
        return client
    return login(_person(who, objects, member))


def _data(view, objects):
    if view.name in ("create", "edit"):
        return {
            "kind": "MARKET",
            "title": "Marché des Lices",
            "day": "2026-12-19",
            "starts": "09:00",
            "ends": "12:00",
            "place_name": "Marché",
            "commune": objects["rennes"].pk,
        }
    if view.name == "results":
        return {"people_informed": "12", "hours": "4", "topics": ["NOISE"]}
    if view.name == "photo_add":
        return {"photo": world.png(), "caption": "Stand"}
    return {}


def _state():
    return (
        OutreachAction.objects.count(),
        JournalEntry.objects.filter(subject_kind="outreach.outreachaction").count(),
        OutreachPhoto.objects.count(),
        OutreachPhoto.objects.filter(consent_recorded_at__isnull=False).count(),
    )


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_each_person_opens_exactly_the_outreach_pages_of_their_row(
    client, login, member, objects, view, who
):
    browser = _client(client, login, who, objects, member)
    before = _state()
    if view.method == "post":
        response = browser.post(view.url(objects), _data(view, objects))
    else:
        response = browser.get(view.url(objects))
    if who == "anonymous":
        assert response.status_code == 302 and "/compte/" in response["Location"]
    elif who in view.allowed:
        assert response.status_code == (302 if view.method == "post" else 200), response
        if response["Content-Type"].startswith("text/html"):
            assert "INVALID[" not in response.content.decode()
    else:
        assert response.status_code == 404
    if view.method == "post":
        changed = _state() != before
        assert changed == (who in view.allowed)


@pytest.mark.parametrize("who", ["admin", "coordinator", "team mediator", "reception"])
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_another_services_action_answers_404_like_a_missing_one(
    login, member, objects, foreign, view, who
):
    browser = login(_person(who, objects, member))
    before = _state()
    response = getattr(browser, view.method)(view.url(foreign), _data(view, foreign))
    assert response.status_code == 404
    assert _state() == before


def test_the_list_and_calendar_never_show_another_services_actions(login, objects, foreign):
    browser = login(objects["coordinator"])
    for name, query in (("list", {"quand": "passees"}), ("list", {}), ("calendar", {})):
        page = browser.get(reverse(f"outreach:{name}"), query).content.decode()
        assert str(foreign["held"].pk) not in page and str(foreign["planned"].pk) not in page
    page = browser.get(reverse("outreach:list"), {"quand": "passees"}).content.decode()
    assert str(objects["held"].pk) in page


def test_linked_cases_show_only_to_whoever_opens_them(login, member, objects):
    reference = objects["case"].reference
    url = reverse("outreach:detail", args=[objects["held"].pk])
    assert reference in login(objects["coordinator"]).get(url).content.decode()
    assert reference in login(member("reception")).get(url).content.decode()
    assert reference not in login(objects["teammate"]).get(url).content.decode()
