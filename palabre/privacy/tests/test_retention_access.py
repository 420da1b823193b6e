"""Every retention page, every role, and another service's case: the coordination's, 404 for
everybody else, the login page for who is not logged in."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.privacy.retention import HoldReason, LegalHold
from palabre.privacy.tests import retention_support as support

clock = support.clock

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]
MANAGERS = frozenset({"admin", "coordinator"})


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture, or literal values
    method: str = "get"

    def url(self, objects):
        return reverse(f"retention:{self.name}", args=[objects.get(a, a) for a in self.args])


VIEWS = [
    View("schedule", ()),
    View("edit", ()),
    View("preview", ()),
    View("runs", ()),
    View("report", (2027,)),
    View("report_pdf", (2027,)),
    View("hold", ("case",)),
    View("hold_lift", ("case", "hold"), "post"),
]
CASE_VIEWS = [view for view in VIEWS if "case" in view.args]


def _objects(organisation):
    coordinator = MembershipFactory(organisation=organisation, role="coordinator")
    case = CaseFactory(organisation=organisation, by=coordinator)
    hold = LegalHold.objects.create(
        organisation=organisation,
        case=case,
        reason=HoldReason.DISPUTE,
        placed_by=coordinator.user,
        placed_at=support.READ_AT,
    )
    return {"case": case.pk, "hold": hold.pk}


@pytest.fixture
def objects(service, clock):
    return _objects(service)


@pytest.fixture
def foreign(other_service, clock):
    return _objects(other_service)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_each_role_opens_exactly_the_retention_pages_of_its_row(login, member, objects, view, role):
    client = login(member(role))
    response = getattr(client, view.method)(view.url(objects))
    if role in MANAGERS:
        assert response.status_code == (302 if view.method == "post" else 200)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_who_is_not_logged_in_is_sent_to_the_login_page(client, objects, view):
    response = getattr(client, view.method)(view.url(objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", sorted(MANAGERS))
@pytest.mark.parametrize("view", CASE_VIEWS, ids=lambda view: view.name)
def test_another_services_case_answers_404_like_a_missing_one(
    login, member, objects, foreign, view, role
):
    response = getattr(login(member(role)), view.method)(view.url(foreign))
    assert response.status_code == 404
    assert LegalHold.objects.active().count() == 2  # nothing lifted


def test_a_hold_of_another_case_of_the_service_is_404(login, coordinator, service, objects):
    other = _objects(service)
    url = reverse("retention:hold_lift", args=[objects["case"], other["hold"]])
    assert login(coordinator).post(url).status_code == 404


def test_a_year_without_a_report_is_404(login, coordinator, objects):
    assert login(coordinator).get(reverse("retention:report", args=[1999])).status_code == 404


def test_a_networks_admin_reads_the_networks_lines_and_its_staff_nothing(login, clock, db):
    network = OrganisationFactory(kind="NETWORK")
    admin = MembershipFactory(organisation=network, role="admin")
    staff = MembershipFactory(organisation=network, role="network_staff")

    page = login(admin).get(reverse("retention:schedule"))

    labels = [item["line"].key for item in page.context["lines"]]
    assert labels == ["volunteers", "network_contacts"]
    assert login(staff).get(reverse("retention:schedule")).status_code == 404
