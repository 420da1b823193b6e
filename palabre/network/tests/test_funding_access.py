"""Who reaches the funding pages: table-driven over the roles, a foreign network's call, and
another member's application (a member never sees the others' applications or amounts)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import MembershipFactory
from palabre.network import actions_funding
from palabre.network.tests.funding_support import (
    TODAY,
    make_funder,
    publish,
)
from palabre.network.tests.members_support import make_network

STAFF_ONLY = ["create", "funders", "funder", "edit"]
MEMBER_ONLY = ["apply", "result"]
BOTH = ["list", "call"]


def _urls(world):
    call, funder = world["call"], world["funder"]
    return {
        "list": reverse("network:funding"),
        "call": reverse("network:funding_call", args=[call.pk]),
        "create": reverse("network:funding_call_create"),
        "edit": reverse("network:funding_call_edit", args=[call.pk]),
        "funders": reverse("network:funders"),
        "funder": reverse("network:funder", args=[funder.pk]),
        "apply": reverse("network:funding_apply", args=[call.pk]),
        "result": reverse("network:funding_result", args=[call.pk]),
    }


def _who(world, name):
    network, service = world["network"], world["service"]
    return {
        "network_staff": lambda: world["staff"],
        "network_admin": lambda: MembershipFactory(organisation=network, role="admin"),
        "network_coordinator": lambda: MembershipFactory(organisation=network, role="coordinator"),
        "network_board": lambda: MembershipFactory(organisation=network, role="board"),
        "member_coordinator": lambda: world["coordinator"],
        "member_admin": lambda: MembershipFactory(organisation=service, role="admin"),
        "member_mediator": lambda: MembershipFactory(organisation=service, role="mediator"),
        "member_reception": lambda: MembershipFactory(organisation=service, role="reception"),
        "member_board": lambda: MembershipFactory(organisation=service, role="board"),
        "member_partner": lambda: MembershipFactory(organisation=service, role="partner"),
        "member_network_staff": lambda: MembershipFactory(
            organisation=service, role="network_staff"
        ),
    }[name]()


# role → the pages that answer 200 (every other one answers 404).
TABLE = [
    ("network_staff", BOTH + STAFF_ONLY),
    ("network_admin", BOTH + STAFF_ONLY),
    ("network_coordinator", []),
    ("network_board", []),
    ("member_coordinator", BOTH + ["apply"]),
    ("member_admin", BOTH + ["apply"]),
    ("member_mediator", []),
    ("member_reception", []),
    ("member_board", []),
    ("member_partner", []),
    ("member_network_staff", []),
]


@pytest.mark.parametrize(("who", "allowed"), TABLE)
def test_each_role_reaches_only_its_funding_pages(who, allowed, funding_world, login):
    client = login(_who(funding_world, who))
    for name, url in _urls(funding_world).items():
        expected = 200 if name in allowed else 404
        assert client.get(url).status_code == expected, (who, name)


@pytest.mark.parametrize("who", ["network_staff", "member_coordinator"])
def test_the_navbar_shows_financements_to_staff_and_coordination_only(who, funding_world, login):
    client = login(_who(funding_world, who))
    assert (
        'href="/reseau/financements/"' in client.get(reverse("home"), follow=True).content.decode()
    )


@pytest.mark.parametrize("who", ["member_mediator", "member_board", "member_partner"])
def test_the_navbar_hides_financements_from_the_others(who, funding_world, login):
    client = login(_who(funding_world, who))
    assert "/reseau/financements/" not in client.get(reverse("home"), follow=True).content.decode()


def test_anonymous_people_are_sent_to_the_login_page(funding_world, client):
    for url in _urls(funding_world).values():
        response = client.get(url)
        assert response.status_code == 302 and "/connexion/" in response["Location"], url
    post = client.post(reverse("network:funding_interest", args=[funding_world["call"].pk]))
    assert post.status_code == 302
    assert not funding_world["call"].applications.exists()


def test_a_foreign_networks_call_answers_404_to_staff_and_members(funding_world, login):
    foreign, foreign_staff = make_network(slug="autre", name="Autre réseau")
    foreign_call = publish(foreign, make_funder(foreign), title="Appel étranger")
    for who in (funding_world["staff"], funding_world["coordinator"]):
        client = login(who)
        for name in ("funding_call", "funding_call_edit", "funding_apply", "funding_result"):
            assert client.get(reverse(f"network:{name}", args=[foreign_call.pk])).status_code == 404
        assert (
            client.post(reverse("network:funding_interest", args=[foreign_call.pk])).status_code
            == 404
        )
        assert "Appel étranger" not in client.get(reverse("network:funding")).content.decode()
    assert not foreign_call.applications.exists()
    # And the foreign staff do not reach ours.
    client = login(foreign_staff)
    assert (
        client.get(reverse("network:funding_call", args=[funding_world["call"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("network:funder", args=[funding_world["funder"].pk])).status_code == 404
    )


def test_a_member_never_sees_another_members_application_or_amount(funding_world, login):
    world = funding_world
    call = world["call"]
    actions_funding.record_application(
        call=call, member=world["other_member"], by=None, applied_on=TODAY - dt.timedelta(days=2)
    )
    application = call.applications.get()
    actions_funding.record_result(
        application=application,
        by=None,
        result="OBTAINED",
        result_on=TODAY,
        amount=Decimal("17345"),
    )
    client = login(world["coordinator"])
    for url in (reverse("network:funding"), reverse("network:funding_call", args=[call.pk])):
        page = client.get(url).content.decode()
        assert "Médiation de Lille" not in page and "17\xa0345" not in page
        assert "17345" not in page and "17 345" not in page
    # Its result page answers 404: the member has no application of its own on this call.
    assert client.get(reverse("network:funding_result", args=[call.pk])).status_code == 404
    assert (
        client.post(
            reverse("network:funding_result", args=[call.pk]),
            {"result": "REFUSED", "result_on": TODAY.isoformat()},
        ).status_code
        == 404
    )
    application.refresh_from_db()
    assert application.stage == "OBTAINED"
    # The network sees it.
    staff_page = login(world["staff"]).get(reverse("network:funding_call", args=[call.pk]))
    assert "Médiation de Lille" in staff_page.content.decode()


def test_a_closed_call_the_member_never_followed_is_out_of_its_reach(funding_world, login):
    world = funding_world
    closed = publish(world["network"], world["funder"], title="Appel clos", status="CLOSED")
    client = login(world["coordinator"])
    assert client.get(reverse("network:funding_call", args=[closed.pk])).status_code == 404
    assert "Appel clos" not in client.get(reverse("network:funding") + "?tous=1").content.decode()
