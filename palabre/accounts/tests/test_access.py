"""Who reaches the double-authentification, session and service-security pages: table-driven
over every role and an anonymous visitor, and a foreign service's coordination."""

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import MembershipFactory
from palabre.organisations.models import Role

ROLES = [role.value for role in Role]
WHO = [*ROLES, "anonymous"]
LOGIN = reverse("accounts:login")

# page → (method, url, data, answer for a signed-in person by role; anonymous: see below).
PAGES = {
    "mfa": ("get", reverse("accounts:mfa"), {}),
    "mfa regenerate": ("post", reverse("accounts:mfa_regenerate"), {"regenerate-code": "1"}),
    "mfa disable": ("post", reverse("accounts:mfa_disable"), {"disable-code": "1"}),
    "session status": ("get", reverse("accounts:session_status"), {}),
    "session stay": ("post", reverse("accounts:session_stay"), {"next": "/"}),
    "login code": ("get", reverse("accounts:login_code"), {}),
    "service security": ("get", reverse("organisations:security"), {}),
}
MANAGERS = {"admin", "coordinator"}


def expected(page, who):
    """Status code (and Location for a redirect) each person gets."""
    if who == "anonymous":
        if page == "session status":
            return 200, None
        if page == "login code":
            return 302, LOGIN
        return 302, LOGIN + "?next=" + PAGES[page][1]
    if page == "service security":
        return (200, None) if who in MANAGERS else (404, None)
    if page == "session stay":
        return 302, "/"
    if page == "login code":
        return 302, reverse("home")  # already signed in, no password step waiting
    return 200, None


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("page", PAGES)
def test_each_person_reaches_what_the_table_says(client, login, service, page, who):
    if who != "anonymous":
        client = login(MembershipFactory(organisation=service, role=who))
    method, url, data = PAGES[page]

    response = getattr(client, method)(url, data)

    status, location = expected(page, who)
    assert response.status_code == status, (page, who)
    if location is not None:
        assert response["Location"] == location
    if response.status_code == 200 and "text/html" in response["Content-Type"]:
        assert "INVALID[" not in response.content.decode()


def test_a_foreign_coordination_sees_and_changes_only_its_own_service(
    login, service, other_service
):
    MembershipFactory(organisation=service, role="reception", user__last_name="Marqueurici")
    foreign = MembershipFactory(organisation=other_service, role="coordinator")
    client = login(foreign)

    page = client.get(reverse("organisations:security")).content.decode()
    client.post(reverse("organisations:security"), {"mfa_required": "on"})

    assert "Service Deux" in page
    assert "Marqueurici" not in page and "Service Un" not in page
    service.refresh_from_db()
    other_service.refresh_from_db()
    assert not service.mfa_required
    assert other_service.mfa_required


def test_the_security_page_lists_the_salaried_team_and_who_has_enrolled(
    login, service, coordinator, member, clock
):
    from palabre.accounts.tests.conftest import enrol

    reception = member("reception")
    member("mediator")
    enrol(reception.user, clock)

    content = login(coordinator).get(reverse("organisations:security")).content.decode()

    assert str(reception.user) in content
    assert content.count(">pas encore activée<") == 1  # the coordinator; not the mediator
    assert "Double authentification obligatoire pour l&#x27;équipe salariée" in content
    assert "Bloquer les connexions" in content
