"""Every view of earlier cases and merged records (docs/adr/0027), every role, and another
service's objects: who reaches what, as ``cases/access.py`` says."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases import actions
from palabre.cases.tests.earlier_support import (  # noqa: F401 (intake_day: a fixture)
    TODAY,
    intake_day,
    open_for,
)

pytestmark = pytest.mark.usefixtures("intake_day")

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]
COORDINATION = frozenset({"admin", "coordinator"})


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture
    method: str
    allowed: frozenset
    status: int  # the answer to an allowed member
    data: tuple = ()

    def url(self, objects):
        return reverse(f"cases:{self.name}", args=[objects[arg].pk for arg in self.args])

    def call(self, client, objects):
        data = {key: (objects[value].pk if value in objects else value) for key, value in self.data}
        return getattr(client, self.method)(self.url(objects), data)


VIEWS = [
    View(
        "earlier_answer",
        ("case",),
        "post",
        COORDINATION,
        302,
        (("earlier_case", "earlier"), ("answer", "NEW")),
    ),
    View("merge_choose", ("record",), "get", COORDINATION, 200),
    View("merge_confirm", ("record", "other_record"), "get", COORDINATION, 200),
    View("merge_confirm", ("record", "other_record"), "post", COORDINATION, 400),
]


def _objects(organisation, by):
    earlier = open_for(
        organisation,
        by,
        opened_on=TODAY - dt.timedelta(days=60),
        closed_on=TODAY - dt.timedelta(days=30),
    )
    case = open_for(organisation, by, opened_on=TODAY)
    return {
        "earlier": earlier,
        "case": case,
        "record": case.requester(),
        "other_record": earlier.requester(),
    }


@pytest.fixture
def objects(service, coordinator):
    return _objects(service, coordinator)


@pytest.fixture
def foreign(other_service, member):
    return _objects(other_service, member("coordinator", other_service))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.name}-{view.method}")
def test_each_role_reaches_exactly_the_views_of_its_row(login, member, objects, view, role):
    response = view.call(login(member(role)), objects)
    assert response.status_code == (view.status if role in view.allowed else 404)


@pytest.mark.parametrize("role", sorted(COORDINATION))
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.name}-{view.method}")
def test_another_service_objects_answer_404_like_missing_ones(
    login, member, objects, foreign, view, role
):
    assert view.call(login(member(role)), foreign).status_code == 404


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.name}-{view.method}")
def test_anonymous_visitors_are_sent_to_the_login_page(client, objects, view):
    response = view.call(client, objects)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_the_case_team_answers_but_does_not_merge(login, member, coordinator, objects):
    mediator = member("mediator")
    actions.assign_mediators(case=objects["case"], by=coordinator, mediators=[mediator])
    client = login(mediator)
    for view in VIEWS:
        expected = view.status if view.name == "earlier_answer" else 404
        assert view.call(client, objects).status_code == expected


def test_the_answer_only_takes_posts(login, coordinator, objects):
    url = reverse("cases:earlier_answer", args=[objects["case"].pk])
    assert login(coordinator).get(url).status_code == 405


def test_a_made_up_identifier_is_404(login, coordinator, objects):
    made_up = "00000000-0000-0000-0000-000000000000"
    client = login(coordinator)
    assert client.get(reverse("cases:merge_choose", args=[made_up])).status_code == 404
    url = reverse("cases:merge_confirm", args=[objects["record"].pk, made_up])
    assert client.get(url).status_code == 404
