"""A referral's earlier cases (docs/adr/0027): shown to the coordination deciding it (never to
reception, never across services), answered « même conflit » (accepted as a linked case) or
« nouveau conflit » (kept, carried to the case), marked in the queue at a fixed cost."""

import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from palabre.cases.earlier import EarlierCaseAnswer
from palabre.cases.tests.earlier_support import (  # noqa: F401 (intake_day: a fixture)
    TODAY,
    intake_day,
    open_for,
)
from palabre.referrals import actions
from palabre.referrals.earlier import ReferralEarlierAnswer
from palabre.referrals.models import Decision

pytestmark = pytest.mark.usefixtures("intake_day")

ROLES = ["admin", "coordinator", "mediator", "reception", "board", "partner", "network_staff"]


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def earlier(service, coordinator):
    """The person's case closed last autumn, at the address the referral gives."""
    return open_for(
        service,
        coordinator,
        opened_on=TODAY - dt.timedelta(days=200),
        closed_on=TODAY - dt.timedelta(days=120),
        address="12 rue de Brest, 35000 Rennes",
    )


@pytest.fixture
def referral(refer, earlier):
    return refer()


def _detail(client, referral):
    return text(client.get(reverse("referrals:detail", args=[referral.pk])))


def _answer(client, referral, case, answer):
    return client.post(
        reverse("referrals:earlier_answer", args=[referral.pk]),
        {"earlier_case": case.pk, "answer": answer},
    )


def test_the_coordination_sees_the_earlier_case_before_deciding(
    login, coordinator, referral, earlier
):
    page = _detail(login(coordinator), referral)

    assert "Dossiers antérieurs du service" in page
    assert reverse("cases:detail", args=[earlier.pk]) in page
    assert "même adresse" in page and "même nom et du même téléphone" in page


def test_reception_reads_the_referral_but_never_its_earlier_cases(login, member, referral, earlier):
    client = login(member("reception"))
    page = _detail(client, referral)
    assert referral.requester_last_name in page
    assert "Dossiers antérieurs" not in page and earlier.reference not in page
    queue = text(client.get(reverse("referrals:queue")))
    assert "Dossier antérieur" not in queue


def test_same_conflict_accepts_the_referral_as_a_resumption_of_the_earlier_case(
    login, coordinator, referral, earlier
):
    response = _answer(login(coordinator), referral, earlier, "SAME")

    referral.refresh_from_db()
    case = referral.case
    assert referral.decision == Decision.ACCEPTED
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert (case.previous_case_id, case.is_relapse) == (earlier.pk, True)
    assert EarlierCaseAnswer.objects.get(case=case).earlier_case_id == earlier.pk


def test_a_new_conflict_is_kept_and_carried_to_the_case_so_it_is_not_asked_again(
    login, coordinator, referral, earlier
):
    client = login(coordinator)
    _answer(client, referral, earlier, "NEW")
    referral.refresh_from_db()
    assert referral.decision == Decision.PENDING
    page = _detail(client, referral)
    assert "Nouveau conflit" in page and 'value="SAME"' not in page
    queue = text(client.get(reverse("referrals:queue")))
    assert "Dossier antérieur" not in queue  # answered

    case = actions.accept_referral(referral=referral, by=coordinator)

    assert case.previous_case_id is None
    assert EarlierCaseAnswer.objects.get(case=case).answer == "NEW"
    case_page = text(client.get(reverse("cases:detail", args=[case.pk])))
    assert earlier.reference in case_page and 'value="SAME"' not in case_page


def test_an_answered_referral_is_asked_no_more(login, coordinator, referral, earlier):
    actions.decline_referral(referral=referral, by=coordinator, reason="OUT_OF_SCOPE")
    client = login(coordinator)

    response = client.post(
        reverse("referrals:earlier_answer", args=[referral.pk]),
        {"earlier_case": earlier.pk, "answer": "SAME"},
        follow=True,
    )

    assert "déjà reçu une suite" in text(response)
    assert not ReferralEarlierAnswer.objects.exists()
    assert "Dossiers antérieurs du service" not in _detail(client, referral)


def test_bad_input_says_why_and_changes_nothing(login, coordinator, referral, earlier):
    response = login(coordinator).post(
        reverse("referrals:earlier_answer", args=[referral.pk]),
        {"earlier_case": earlier.pk, "answer": "PEUT-ETRE"},
        follow=True,
    )
    assert "Choisissez « Même conflit » ou « Nouveau conflit »" in text(response)
    referral.refresh_from_db()
    assert referral.decision == Decision.PENDING and not ReferralEarlierAnswer.objects.exists()


def test_the_queue_marks_referrals_with_an_earlier_case(login, coordinator, refer, referral):
    refer(requester_last_name="Inconnue", requester_phone="06 00 00 00 01", requester_address="")
    page = text(login(coordinator).get(reverse("referrals:queue")))
    assert page.count("Dossier antérieur") == 1


def test_the_queue_costs_the_same_queries_for_one_referral_or_twenty(
    login, coordinator, refer, referral
):
    client = login(coordinator)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("referrals:queue"))
    for n in range(19):
        refer(
            requester_last_name=f"Personne {n}",
            requester_phone=f"06 00 00 00 {n:02d}",
            requester_address=f"{n + 1} avenue Janvier",
        )
    with CaptureQueriesContext(connection) as twenty:
        page = text(client.get(reverse("referrals:queue")))
    assert page.count("Dossier antérieur") == 1
    assert len(twenty) == len(one)


def test_a_case_of_another_service_with_the_same_person_and_address_never_shows(
    login, member, other_service, coordinator, refer
):
    foreign = open_for(
        other_service,
        member("coordinator", other_service),
        opened_on=TODAY - dt.timedelta(days=20),
        address="12 rue de Brest",
    )
    referral = refer()
    client = login(coordinator)
    page = _detail(client, referral)
    assert "Dossiers antérieurs du service" not in page
    assert str(foreign.pk) not in page
    assert "Dossier antérieur" not in text(client.get(reverse("referrals:queue")))
    response = _answer(client, referral, foreign, "SAME")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.decision == Decision.PENDING and referral.case is None


def test_the_referrer_sees_only_the_new_case(login, agent, coordinator, referral, earlier):
    login(coordinator).post(  # followed: the coordination reads its own message
        reverse("referrals:earlier_answer", args=[referral.pk]),
        {"earlier_case": earlier.pk, "answer": "SAME"},
        follow=True,
    )
    portal = text(login(agent).get(reverse("referrals:portal")))
    assert earlier.reference not in portal and str(earlier.pk) not in portal


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordination_answers_about_earlier_cases(
    login, member, agent, role, referral, earlier
):
    client = login(agent if role == "partner" else member(role))
    response = _answer(client, referral, earlier, "NEW")
    allowed = role in ("admin", "coordinator")
    assert response.status_code == (302 if allowed else 404)
    assert ReferralEarlierAnswer.objects.exists() == allowed


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_another_services_referral_answers_404(login, member, other_service, role, earlier):
    foreign = actions.submit_referral(
        organisation=other_service,
        origin="PUBLIC_FORM",
        requester_first_name="Éloïse",
        requester_last_name="Le Gall",
        requester_phone="06 12 34 56 78",
        conflict_category="NOISE",
        agreed_to_be_contacted=True,
        notify=False,
    )
    assert _answer(login(member(role)), foreign, earlier, "NEW").status_code == 404
    assert not ReferralEarlierAnswer.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, referral, earlier):
    response = _answer(client, referral, earlier, "NEW")
    assert response.status_code == 302 and reverse("accounts:login") in response.url
