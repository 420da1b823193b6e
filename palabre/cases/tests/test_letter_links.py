"""The case page links a letter only when the letter can be written: following the link gives the
PDF, never a way back to the page with a refusal. And the reason a case is suspended stays with
the case's team."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions, codes

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MOMENT = dt.datetime(2026, 12, 7, 10, tzinfo=PARIS)
LETTER = re.compile(r'href="(/dossiers/[^"]+/(?:attestation|courrier-invitation)/[^"]+\.pdf)"')


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)


@pytest.fixture
def mediators(member):
    return [member("mediator"), member("mediator")]


@pytest.fixture
def interviewed(case, coordinator, mediators):
    """The requester was heard; the other party has not been contacted."""
    actions.qualify(case=case, by=coordinator)
    actions.assign_mediators(case=case, by=coordinator, mediators=mediators)
    interview = actions.schedule_interview(
        case=case,
        by=coordinator,
        party=case.requester(),
        scheduled_at=MOMENT - dt.timedelta(days=2),
        channel=codes.InterviewChannel.PHONE,
    )
    actions.record_interview(interview=interview, by=coordinator, held=True)
    return case


def suspend_while_contacting(case, coordinator, reason):
    actions.record_consent(
        case=case,
        by=coordinator,
        party=case.requester(),
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=MOMENT.date(),
        method=codes.ConsentMethod.PHONE,
    )
    actions.start_contacting_other_party(case=case, by=coordinator)
    actions.suspend(case=case, by=coordinator, reason=reason)


def letters_linked(client, case) -> list[str]:
    return LETTER.findall(client.get(reverse("cases:detail", args=[case.pk])).content.decode())


def test_no_attestation_is_offered_for_an_other_party_the_service_has_not_contacted(
    interviewed, coordinator, login
):
    requester, other = interviewed.requester(), interviewed.other_parties()[0]

    linked = letters_linked(login(coordinator), interviewed)

    assert linked == [reverse("cases:attestation", args=[interviewed.pk, requester.pk])]
    assert reverse("cases:attestation", args=[interviewed.pk, other.pk]) not in linked


@pytest.mark.parametrize("who", ["coordinator", "mediator"])
def test_every_letter_linked_on_a_suspended_case_gives_its_pdf(
    interviewed, coordinator, mediators, login, who
):
    suspend_while_contacting(interviewed, coordinator, "Hospitalisation")
    client = login(coordinator if who == "coordinator" else mediators[0])

    linked = letters_linked(client, interviewed)

    assert linked
    for url in linked:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"


def test_the_reason_of_a_suspension_is_read_by_the_case_team_only(
    interviewed, coordinator, mediators, member, login
):
    suspend_while_contacting(interviewed, coordinator, "Hospitalisation du demandeur")
    page = reverse("cases:detail", args=[interviewed.pk])

    for reader in (coordinator, mediators[0]):
        assert "Hospitalisation du demandeur" in login(reader).get(page).content.decode()
    reception = login(member("reception")).get(page).content.decode()
    assert "Suspendu le" in reception
    assert "Hospitalisation du demandeur" not in reception
