"""Who reaches the settings of the public page, and who previews it before it is published:
the service's administration and coordination only. Everybody else, and another service's
coordination, gets 404, as for a page that does not exist."""

import pytest

from palabre.cases.tests.factories import MembershipFactory
from palabre.organisations.models import Role
from palabre.website.tests.conftest import page

ROLES = [role.value for role in Role]
# role → may open the settings page and preview the unpublished page
MAY_EDIT = {
    "admin": True,
    "coordinator": True,
    "mediator": False,
    "reception": False,
    "board": False,
    "partner": False,
    "network_staff": False,
}


def test_the_table_covers_every_role():
    assert set(MAY_EDIT) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_the_settings_page_follows_the_table(client, login, member, service, role):
    login(member(role))

    response = client.get("/site-public/")

    assert response.status_code == (200 if MAY_EDIT[role] else 404)


@pytest.mark.parametrize("role", ROLES)
def test_the_preview_of_an_unpublished_page_follows_the_table(client, login, member, site, role):
    site.is_published = False
    site.save()
    login(member(role))

    assert page(client, site.organisation).status_code == (200 if MAY_EDIT[role] else 404)


@pytest.mark.parametrize("role", ROLES)
def test_a_published_page_is_the_same_for_every_role(client, login, member, site, role):
    login(member(role))

    response = page(client, site.organisation)

    assert response.status_code == 200
    assert "Aperçu" not in response.text


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_settings(client, db):
    response = client.get("/site-public/")

    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/")


def test_another_services_coordination_neither_previews_nor_edits_this_page(
    client, login, site, other_service
):
    site.is_published = False
    site.save()
    login(MembershipFactory(organisation=other_service, role="coordinator"))

    assert page(client, site.organisation).status_code == 404
    response = client.get("/site-public/")
    assert response.status_code == 200
    assert response.context["organisation"] == other_service
    assert "Service Un" not in response.text


def test_a_networks_admin_has_no_service_page_to_edit(client, login, db):
    from palabre.cases.tests.factories import OrganisationFactory

    network = OrganisationFactory(slug="reseau-un", kind="NETWORK")
    login(MembershipFactory(organisation=network, role="admin"))

    assert client.get("/site-public/").status_code == 404
