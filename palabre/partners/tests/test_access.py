"""Every partners view, every role, and another service's objects: the table of access.py."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.partners.tests.factories import (
    ContactFactory,
    ConventionFactory,
    DeliverableFactory,
    PartnerFactory,
    VenueFactory,
)

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]
EDITORS = {"admin", "coordinator"}
DIRECTORY = EDITORS | {"reception"}
CONVENTIONS = EDITORS | {"reception", "board"}
VENUES = DIRECTORY | {"mediator"}


@dataclass(frozen=True)
class View:
    name: str
    args: tuple  # names of objects in the ``objects`` fixture
    allowed: frozenset
    method: str = "get"

    def url(self, objects):
        return reverse(f"partners:{self.name}", args=[objects[arg].pk for arg in self.args])


VIEWS = [
    View("list", (), frozenset(DIRECTORY)),
    View("create", (), frozenset(EDITORS)),
    View("detail", ("partner",), frozenset(DIRECTORY)),
    View("edit", ("partner",), frozenset(EDITORS)),
    View("rename", ("partner",), frozenset(EDITORS)),
    View("contact_create", ("partner",), frozenset(EDITORS)),
    View("contact_edit", ("partner", "contact"), frozenset(EDITORS)),
    View("contact_deactivate", ("partner", "contact"), frozenset(EDITORS), "post"),
    View("residence_create", ("partner",), frozenset(EDITORS)),
    View("venue_list", (), frozenset(VENUES)),
    View("venue_create", (), frozenset(EDITORS)),
    View("venue_edit", ("venue",), frozenset(EDITORS)),
    View("convention_list", (), frozenset(CONVENTIONS)),
    View("convention_create", (), frozenset(EDITORS)),
    View("convention_detail", ("convention",), frozenset(CONVENTIONS)),
    View("convention_edit", ("convention",), frozenset(EDITORS)),
    View("deliverable_create", ("convention",), frozenset(EDITORS)),
    View("deliverable_done", ("convention", "deliverable"), frozenset(EDITORS)),
]
OBJECT_VIEWS = [view for view in VIEWS if view.args]


def _objects(organisation):
    partner = PartnerFactory(organisation=organisation, landlord=True)
    convention = ConventionFactory(organisation=organisation, partners=[partner])
    return {
        "partner": partner,
        "contact": ContactFactory(partner=partner),
        "venue": VenueFactory(organisation=organisation),
        "convention": convention,
        "deliverable": DeliverableFactory(convention=convention),
    }


@pytest.fixture
def objects(service):
    return _objects(service)


@pytest.fixture
def foreign(other_service):
    return _objects(other_service)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: view.name)
def test_each_role_opens_exactly_the_partners_pages_of_its_row(login, member, objects, view, role):
    client = login(member(role))
    response = getattr(client, view.method)(view.url(objects))
    if role in view.allowed:
        assert response.status_code == (302 if view.method == "post" else 200)
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", sorted(EDITORS))
@pytest.mark.parametrize("view", OBJECT_VIEWS, ids=lambda view: view.name)
def test_another_service_objects_answer_404_like_missing_ones(
    login, member, objects, foreign, view, role
):
    response = getattr(login(member(role)), view.method)(view.url(foreign))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("view", "mixed"),
    [
        (View("contact_edit", ("partner", "contact"), frozenset()), "contact"),
        (View("deliverable_done", ("convention", "deliverable"), frozenset()), "deliverable"),
    ],
    ids=["contact", "deliverable"],
)
def test_a_foreign_child_under_an_own_parent_is_404(
    login, coordinator, objects, foreign, view, mixed
):
    url = view.url({**objects, mixed: foreign[mixed]})
    assert login(coordinator).get(url).status_code == 404


def test_a_contact_of_another_partner_of_the_same_service_is_404(
    login, coordinator, service, objects
):
    elsewhere = ContactFactory(partner=PartnerFactory(organisation=service))
    url = reverse("partners:contact_edit", args=[objects["partner"].pk, elsewhere.pk])
    assert login(coordinator).get(url).status_code == 404


def test_a_made_up_identifier_is_404(login, coordinator):
    url = reverse("partners:detail", args=["00000000-0000-0000-0000-000000000000"])
    assert login(coordinator).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, objects):
    response = client.get(reverse("partners:detail", args=[objects["partner"].pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_deactivating_a_contact_answers_only_to_post(login, coordinator, objects):
    url = reverse(
        "partners:contact_deactivate", args=[objects["partner"].pk, objects["contact"].pk]
    )
    assert login(coordinator).get(url).status_code == 405
    objects["contact"].refresh_from_db()
    assert objects["contact"].is_active


def test_residences_are_offered_only_for_social_landlords(login, coordinator, service):
    association = PartnerFactory(organisation=service)
    url = reverse("partners:residence_create", args=[association.pk])
    assert login(coordinator).get(url).status_code == 404
