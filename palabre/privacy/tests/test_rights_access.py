"""Every rights page, every role, and another service's request: only the coordination and the
administration of the service reach them; everyone else gets the 404 of a page that does not
exist, the mediator of the person's own case included, and nothing is written."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases import actions as case_actions
from palabre.cases import codes
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.privacy import rights_actions as actions
from palabre.privacy.rights import ReceivedThrough, RightsKind, RightsRequest, RightsStatus
from palabre.privacy.tests import rights_support as support
from palabre.privacy.tests.rights_support import TODAY

clock = support.clock

ALLOWED = {"admin", "coordinator"}
PEOPLE = [
    "admin",
    "coordinator",
    "mediator of her case",
    "reception",
    "board",
    "partner",
    "network_staff",
    "network admin",
]


@dataclass(frozen=True)
class View:
    name: str
    args: tuple = ()
    method: str = "get"
    query: str = ""

    def url(self, request):
        args = [request.pk if arg == "request" else arg for arg in self.args]
        return reverse(f"privacy:{self.name}", args=args) + self.query


VIEWS = [
    View("rights_list"),
    View("rights_list", query="?etat=toutes"),
    View("rights_new", query="?q=le+gall"),
    View("rights_new", method="post"),
    View("rights_detail", ("request",)),
    View("rights_step", ("request", "identite")),
    View("rights_step", ("request", "prendre-en-charge"), method="post"),
    View("rights_export", ("request", "json")),
    View("rights_export", ("request", "pdf")),
]
OBJECT_VIEWS = [view for view in VIEWS if view.args]


def _objects(organisation, coordinator):
    case = CaseFactory(organisation=organisation, by=coordinator, opened_on=dt.date(2026, 2, 2))
    mediator = MembershipFactory(organisation=organisation, role="mediator")
    case_actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    request = actions.receive_request(
        organisation=organisation,
        by=coordinator,
        kind=RightsKind.ACCESS,
        parties=[case.requester()],
        received_on=dt.date(2026, 3, 2),
        received_through=ReceivedThrough.LETTER,
        identity_method="KNOWN_ADDRESS",
    )
    return {"case": case, "request": request, "mediator": mediator}


@pytest.fixture
def objects(service, coordinator, clock):
    return _objects(service, coordinator)


@pytest.fixture
def foreign(other_service, clock):
    return _objects(other_service, MembershipFactory(organisation=other_service))


def _person(who, objects, member):
    if who == "mediator of her case":
        return objects["mediator"]
    if who == "network admin":
        network = OrganisationFactory(slug="reseau", kind="NETWORK")
        return MembershipFactory(organisation=network, role="admin")
    return member(who)


def _data(view, objects):
    if view.name == "rights_new":
        party = objects["case"].requester()
        return {"q": "le gall", "parties": [party.pk], "kind": RightsKind.RECTIFICATION,
                "received_on": TODAY.isoformat(), "received_through": "EMAIL"}  # fmt: skip
    return {}


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: f"{v.method} {v.name}{v.query} {v.args}")
def test_each_person_reaches_exactly_the_rights_pages_of_their_row(
    login, member, objects, view, who
):
    client = login(_person(who, objects, member))

    response = getattr(client, view.method)(view.url(objects["request"]), _data(view, objects))

    if who in ALLOWED:
        assert response.status_code == (302 if view.method == "post" else 200), response.content
    else:
        assert response.status_code == 404
        assert RightsRequest.objects.count() == 1
        objects["request"].refresh_from_db()
        assert objects["request"].status == RightsStatus.RECEIVED


@pytest.mark.parametrize("who", sorted(ALLOWED))
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=lambda v: f"{v.method} {v.name} {v.args}")
def test_another_services_request_answers_404_like_a_missing_one(
    login, member, objects, foreign, view, who
):
    client = login(_person(who, objects, member))

    response = getattr(client, view.method)(view.url(foreign["request"]), _data(view, foreign))

    assert response.status_code == 404
    foreign["request"].refresh_from_db()
    assert foreign["request"].status == RightsStatus.RECEIVED


def test_the_search_never_offers_another_services_people(login, coordinator, objects, foreign):
    response = login(coordinator).get(reverse("privacy:rights_new"), {"q": "le gall"})

    assert [p.case_id for p in response.context["found"]] == [objects["case"].pk]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: f"{v.method} {v.name}{v.query} {v.args}")
def test_anonymous_visitors_are_sent_to_the_login_page(client, objects, view):
    response = getattr(client, view.method)(view.url(objects["request"]), _data(view, objects))

    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_the_case_journal_says_nothing_of_a_rights_request(objects):
    case = objects["case"]

    verbs = set(case_actions.journal.entries_for(case).values_list("verb", flat=True))

    assert not {verb for verb in verbs if verb.startswith(("rights", "export", "identity"))}
    assert codes.Status(case.status) == codes.Status.NEW
