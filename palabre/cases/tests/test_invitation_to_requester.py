"""The team sends the requester the link to book from the case page (docs/adr/0026): a case opened
at intake, before the requester's first interview is fixed. The case's team only; another service's
case is a 404; every refusal says why in French and sends nothing."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.invitations import Delivery, Invitation
from palabre.cases.tests.factories import CaseFactory, MembershipFactory
from palabre.cases.tests.test_access_invitations import (  # noqa: F401 (clock: autouse)
    PEOPLE,
    TEAM,
    _client,
    clock,
)
from palabre.core.models import JournalEntry

BUTTON = "Envoyer le lien au demandeur"


def _world(organisation, coordinator, **requester):
    mediator = MembershipFactory(organisation=organisation, role="mediator")
    case = CaseFactory(
        organisation=organisation,
        by=coordinator,
        requester_email=requester.get("email", "eloise@exemple.fr"),
        requester_phone=requester.get("phone", ""),
    )
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    return {"case": case, "mediator": mediator}


@pytest.fixture
def world(service, coordinator):
    return _world(service, coordinator)


def url(case):
    return reverse("cases:invitation_to_requester", args=[case.pk])


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("who", PEOPLE)
def test_the_cases_team_alone_sends_the_link(world, who, member, login, client):
    case = world["case"]
    browser = _client(who, world, member, login, client)
    page = browser.get(reverse("cases:detail", args=[case.pk]))
    shown = page.content.decode() if page.status_code == 200 else ""
    assert (BUTTON in shown) == (who in TEAM)

    response = browser.post(url(case))
    sent = Invitation.objects.filter(case=case)
    if who in TEAM:
        assert response.status_code == 302 and response.url.endswith("#h-invitations")
        invitation = sent.get()
        assert (invitation.party, invitation.delivery) == (case.requester(), Delivery.EMAIL)
        assert JournalEntry.objects.filter(subject_id=case.pk, verb="invitation_sent").exists()
        after = browser.get(response.url).content.decode()
        assert BUTTON not in after and "En attente de réponse" in after
    else:
        assert response.status_code in (302, 404) and not sent.exists()


@pytest.mark.parametrize("who", ["admin", "coordinator"])
def test_another_services_case_is_404_and_nothing_leaves(
    world, other_service, who, member, login, client
):
    foreign = _world(other_service, MembershipFactory(organisation=other_service))["case"]
    response = _client(who, world, member, login, client).post(url(foreign))
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_the_page_only_takes_a_post(world, coordinator, login):
    assert login(coordinator).get(url(world["case"])).status_code == 405


def test_a_second_link_waits_for_the_first_answer(world, coordinator, login):
    browser = login(coordinator)
    browser.post(url(world["case"]))
    again = browser.post(url(world["case"]))
    assert said(again)[-1].startswith("Un lien envoyé au demandeur attend sa réponse jusqu'au ")
    assert Invitation.objects.count() == 1


def test_a_requester_with_a_mobile_number_gets_it_by_sms(service, coordinator, login):
    case = _world(service, coordinator, email="", phone="06 12 34 56 78")["case"]
    page = login(coordinator).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "le lien lui part par SMS" in page
    login(coordinator).post(url(case))
    assert Invitation.objects.get().delivery == Delivery.SMS


def test_without_email_nor_mobile_no_button_and_a_clear_refusal(service, coordinator, login):
    case = _world(service, coordinator, email="", phone="02 99 00 00 00")["case"]
    browser = login(coordinator)
    assert BUTTON not in browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = browser.post(url(case))
    assert said(response) == [
        "Le demandeur n'a laissé ni e-mail ni numéro de portable : donnez-lui le lien d'un "
        "courrier ou appelez-le."
    ]
    assert not Invitation.objects.exists()


def test_once_the_first_interview_is_fixed_the_link_is_no_longer_offered(world, coordinator, login):
    case = world["case"]
    actions.qualify(case=case, by=coordinator)
    actions.schedule_interview(
        case=case,
        by=coordinator,
        party=case.requester(),
        scheduled_at=timezone.now() + dt.timedelta(days=2),
        channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
    )
    browser = login(coordinator)
    assert BUTTON not in browser.get(reverse("cases:detail", args=[case.pk])).content.decode()
    response = browser.post(url(case))
    assert said(response) == [
        "Le lien sert à fixer le premier entretien du demandeur : il est déjà prévu."
    ]
    assert not Invitation.objects.exists()
