"""People who belong to several organisations choose which one they act for."""

import pytest
from django.urls import reverse

from palabre.cases import access as case_access
from palabre.cases.tests.factories import CaseFactory, MembershipFactory
from palabre.organisations.middleware import SESSION_KEY

SWITCH = reverse("organisations:switch")
HEALTH = reverse("core:health")


@pytest.fixture
def two_hats(service, other_service):
    """A coordinator of the first service who also coordinates the second one."""
    first = MembershipFactory(organisation=service, role="coordinator")
    second = MembershipFactory(user=first.user, organisation=other_service, role="coordinator")
    return first, second


def _acting_as(client):
    return client.get(HEALTH).wsgi_request.membership


def test_a_person_with_two_memberships_switches_and_then_acts_for_the_other_service(
    login, two_hats, service, other_service
):
    first, second = two_hats
    ours = CaseFactory(organisation=service, by=first)
    theirs = CaseFactory(organisation=other_service, by=second)
    client = login(first)
    assert _acting_as(client) == first

    response = client.post(SWITCH, {"membership": str(second.pk), "next": HEALTH})

    assert response.status_code == 302
    assert response["Location"] == HEALTH
    assert client.session[SESSION_KEY] == str(second.pk)
    now = _acting_as(client)
    assert now == second
    assert list(case_access.cases_for(now)) == [theirs]
    assert case_access.get_case_for(now, theirs.pk) == theirs
    assert ours not in case_access.cases_for(now)


def test_switching_back_restores_the_first_membership(login, two_hats):
    first, second = two_hats
    client = login(second)

    client.post(SWITCH, {"membership": str(first.pk)})

    assert _acting_as(client) == first


def test_switching_to_a_membership_that_is_not_ones_own_answers_404(login, two_hats, service):
    first, _second = two_hats
    stranger = MembershipFactory(organisation=service, role="admin")
    client = login(first)

    response = client.post(SWITCH, {"membership": str(stranger.pk), "next": HEALTH})

    assert response.status_code == 404
    assert client.session[SESSION_KEY] == str(first.pk)
    assert _acting_as(client) == first


def test_switching_to_an_inactive_membership_answers_404(login, two_hats):
    first, second = two_hats
    second.is_active = False
    second.save()
    client = login(first)

    response = client.post(SWITCH, {"membership": str(second.pk)})

    assert response.status_code == 404
    assert _acting_as(client) == first


def test_switching_without_a_membership_answers_404(login, two_hats):
    client = login(two_hats[0])

    assert client.post(SWITCH, {}).status_code == 404


@pytest.mark.parametrize(
    "unsafe",
    [
        "https://evil.example/",
        "//evil.example/dossiers/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_an_unsafe_next_url_is_ignored(login, two_hats, unsafe):
    first, second = two_hats
    client = login(first)

    response = client.post(SWITCH, {"membership": str(second.pk), "next": unsafe})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _acting_as(client) == second


def test_switching_is_a_post_only_action(login, two_hats):
    first, second = two_hats
    client = login(first)

    response = client.get(SWITCH, {"membership": str(second.pk)})

    assert response.status_code == 405
    assert _acting_as(client) == first


def test_an_anonymous_visitor_cannot_switch(client, two_hats):
    response = client.post(SWITCH, {"membership": str(two_hats[1].pk)})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
