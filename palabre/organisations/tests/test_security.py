"""A service's security policy: double authentification required for its salaried team, the
switch that blocks its logins (open sessions included), and the instance's « panic » switch."""

import pytest
from django.urls import reverse

from palabre.accounts import mfa
from palabre.accounts.tests.conftest import (
    LOGIN,
    LOGIN_CODE,
    code_for,
    enrol,
    is_logged_in,
    password_step,
)
from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from palabre.core.models import JournalEntry
from palabre.organisations import actions
from palabre.organisations.models import Role

MFA = reverse("accounts:mfa")
CASES = reverse("cases:list")


@pytest.fixture
def strict(service):
    service.mfa_required = True
    service.save()
    return service


# --- Double authentification required ----------------------------------------------------------

REQUIRED = {"admin", "coordinator", "reception", "network_staff"}


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_a_required_service_sends_its_salaried_team_to_enrolment_first(login, member, strict, role):
    client = login(member(role))

    response = client.get(CASES)

    if role in REQUIRED:
        assert response.status_code == 302
        assert response["Location"] == MFA
    else:
        assert response.get("Location") != MFA


def test_a_service_that_does_not_require_it_lets_everyone_in_with_a_password(login, member, db):
    client = login(member("reception"))

    assert client.get(CASES).status_code == 200


def test_the_enrolment_and_logout_pages_stay_open_before_enrolling(login, member, strict):
    client = login(member("reception"))

    assert client.get(MFA).status_code == 200
    assert client.get(reverse("accounts:session_status")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not is_logged_in(client)


def test_the_enrolment_page_says_it_is_required(login, member, strict, clock):
    content = login(member("reception")).get(MFA).content.decode()

    assert "obligatoire pour votre rôle" in content


def test_once_enrolled_the_session_goes_on_and_the_next_login_asks_a_code(
    client, member, strict, clock
):
    reception = member("reception")
    password_step(client, reception.user.email)
    assert client.get(CASES)["Location"] == MFA
    client.get(MFA)
    client.post(MFA, {"code": code_for(reception.user, clock)})

    assert client.get(CASES).status_code == 200
    client.post(reverse("accounts:logout"))
    clock.advance(30)
    assert password_step(client, reception.user.email)["Location"] == LOGIN_CODE
    client.post(LOGIN_CODE, {"code": code_for(reception.user, clock)})
    assert client.get(CASES).status_code == 200


def test_turning_it_off_where_it_is_required_sends_back_to_enrolment(login, member, strict, clock):
    coordinator = member("coordinator")
    enrol(coordinator.user, clock)
    client = login(coordinator)
    session = client.session
    session["palabre_mfa_verified"] = True
    session.save()
    assert client.get(CASES).status_code == 200

    client.post(
        reverse("accounts:mfa_disable"), {"disable-code": code_for(coordinator.user, clock)}
    )

    assert not mfa.is_enrolled(coordinator.user)
    assert client.get(CASES)["Location"] == MFA


def test_htmx_requests_are_sent_to_enrolment_by_a_full_page_redirect(login, member, strict):
    response = login(member("coordinator")).get(CASES, HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"] == MFA


def test_a_person_required_in_one_of_their_services_must_enrol_whichever_they_act_as(
    login, member, strict, other_service
):
    reception = member("reception")
    MembershipFactory(user=reception.user, organisation=other_service, role="board")

    assert login(reception).get(reverse("reports:dashboard"))["Location"] == MFA


# --- Blocking a service's logins ------------------------------------------------------------------


def _block(service, coordinator):
    actions.set_security_policy(
        organisation=service, by=coordinator, mfa_required=False, logins_blocked=True
    )


def test_blocking_ends_an_open_session_at_its_next_page(
    client, login, member, coordinator, service
):
    mediator = member("mediator")
    client = login(mediator)
    assert client.get(CASES).status_code == 200

    _block(service, coordinator)
    response = client.get(CASES)

    assert response.status_code == 403
    content = response.content.decode()
    assert "Connexions suspendues" in content
    assert "Service Un" in content
    assert "Vous avez été déconnecté·e" in content
    assert not is_logged_in(client)


def test_a_blocked_service_refuses_the_password_with_a_french_page(
    client, member, coordinator, service
):
    reception = member("reception")
    _block(service, coordinator)

    response = password_step(client, reception.user.email)

    assert response.status_code == 403
    assert "sont suspendues par la coordination du service" in response.content.decode()
    assert not is_logged_in(client)


def test_the_administration_and_coordination_stay_connected_to_lift_the_block(
    login, member, coordinator, service
):
    _block(service, coordinator)
    client = login(coordinator)

    assert client.get(CASES).status_code == 200
    response = client.post(
        reverse("organisations:security"), {"mfa_required": "", "logins_blocked": ""}
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert not service.logins_blocked


def test_a_person_of_two_services_keeps_the_one_that_is_not_blocked(
    login, member, coordinator, service, other_service
):
    mediator = member("mediator")
    elsewhere = MembershipFactory(user=mediator.user, organisation=other_service, role="mediator")
    client = login(mediator)
    _block(service, coordinator)

    response = client.get(CASES)

    assert response.status_code == 200
    assert response.context["membership"] == elsewhere
    assert [m.pk for m in response.context["memberships"]] == [elsewhere.pk]


def test_a_blocked_service_refuses_the_code_step_too(client, member, coordinator, service, clock):
    mediator = member("mediator")
    enrol(mediator.user, clock)
    password_step(client, mediator.user.email)
    _block(service, coordinator)

    response = client.post(LOGIN_CODE, {"code": code_for(mediator.user, clock)})

    assert response.status_code == 403
    assert not is_logged_in(client)


# --- The instance's « panic » switch --------------------------------------------------------------


def test_the_panic_switch_ends_every_session_but_the_superusers(login, member, settings, client):
    mediator_client = login(member("coordinator"))
    settings.PALABRE_LOGINS_BLOCKED = True

    response = mediator_client.get(CASES)

    assert response.status_code == 403
    assert "suspendues sur toute l&#x27;instance" in response.content.decode()
    assert not is_logged_in(mediator_client)


def test_the_panic_switch_refuses_logins_except_superusers(client, member, settings):
    coordinator = member("coordinator")
    admin = UserFactory(email="admin@exemple.fr", is_superuser=True, is_staff=True)
    settings.PALABRE_LOGINS_BLOCKED = True

    refused = password_step(client, coordinator.user.email)
    assert refused.status_code == 403
    assert "suspendues sur toute l&#x27;instance" in refused.content.decode()
    assert not is_logged_in(client)

    assert password_step(client, admin.email).status_code == 302
    assert is_logged_in(client)
    assert client.get("/admin/").status_code == 200


# --- The policy's verb -------------------------------------------------------------------------


def test_changing_the_policy_writes_one_journal_line(service, coordinator):
    actions.set_security_policy(
        organisation=service, by=coordinator, mfa_required=True, logins_blocked=False
    )
    actions.set_security_policy(
        organisation=service, by=coordinator, mfa_required=True, logins_blocked=False
    )

    entry = JournalEntry.objects.get(verb="security_policy_changed")
    assert "double authentification rendue obligatoire" in entry.summary
    assert entry.actor == coordinator.user


@pytest.mark.parametrize("role", ["mediator", "reception", "board", "partner", "network_staff"])
def test_only_the_administration_and_coordination_change_the_policy(service, member, role):
    with pytest.raises(actions.PolicyRefused):
        actions.set_security_policy(
            organisation=service, by=member(role), mfa_required=True, logins_blocked=True
        )
    service.refresh_from_db()
    assert not service.mfa_required and not service.logins_blocked


def test_a_coordinator_of_another_service_cannot_change_this_one(service, other_service):
    foreign = MembershipFactory(organisation=other_service, role="coordinator")

    with pytest.raises(actions.PolicyRefused):
        actions.set_security_policy(
            organisation=service, by=foreign, mfa_required=True, logins_blocked=True
        )


def test_new_organisations_do_not_require_it_nor_block_anything(db):
    organisation = OrganisationFactory()

    assert not organisation.mfa_required and not organisation.logins_blocked


def test_an_enrolled_person_whose_session_skipped_the_code_is_sent_to_log_in_again(
    login, member, strict, clock
):
    coordinator = member("coordinator")
    enrol(coordinator.user, clock)
    client = login(coordinator)  # a session opened without the code step

    response = client.get(CASES)

    assert response["Location"] == f"{LOGIN}?next={CASES}"
    assert not is_logged_in(client)
