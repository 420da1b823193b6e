"""What the referrer sees follows the case, within the consents the parties gave."""

import datetime as dt

import pytest
from django.utils import timezone

from palabre.cases import actions as case_actions
from palabre.cases import codes
from palabre.cases.models import ConsentRecord
from palabre.core.tests.clock import pin_clock
from palabre.referrals import actions
from palabre.referrals.models import DeclineReason
from palabre.referrals.progress import Progress, shown_to_referrer

# A fixed day, the clock at 10:00 that day (the day of the import would be yesterday once a run
# crosses midnight).
TODAY = dt.date(2026, 12, 9)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    pin_clock(monkeypatch, TODAY)


def test_a_waiting_referral_is_received(refer):
    assert shown_to_referrer(refer()).progress == Progress.RECEIVED


def test_a_declined_referral_shows_its_reason(refer, coordinator):
    referral = actions.decline_referral(
        referral=refer(), by=coordinator, reason=DeclineReason.OUT_OF_TERRITORY
    )
    shown = shown_to_referrer(referral)
    assert shown.progress == Progress.DECLINED
    assert shown.detail == "Hors du territoire couvert par le service"


def _accepted(refer, coordinator, **overrides):
    referral = refer(**overrides)
    case = actions.accept_referral(referral=referral, by=coordinator, opened_on=TODAY)
    referral.refresh_from_db()
    return referral, case


def test_the_progress_follows_the_case(refer, coordinator, member):
    referral, case = _accepted(refer, coordinator)
    assert shown_to_referrer(referral).progress == Progress.TAKEN_UP
    requester = case.requester()
    case_actions.qualify(case=case, by=coordinator)
    case_actions.schedule_interview(
        case=case,
        by=coordinator,
        party=requester,
        scheduled_at=timezone.now() + dt.timedelta(days=2),
        channel=codes.InterviewChannel.PHONE,
    )
    referral.refresh_from_db()
    assert shown_to_referrer(referral).progress == Progress.CONTACT_MADE
    case_actions.close(
        case=case, by=coordinator, reason=codes.ClosureReason.REQUESTER_WITHDREW, closed_on=TODAY
    )
    referral.refresh_from_db()
    shown = shown_to_referrer(referral)
    assert shown.progress == Progress.CLOSED
    assert shown.agreement is None  # the other party never consented to share


def test_without_the_persons_consent_the_referrer_sees_only_the_take_up(refer, coordinator):
    referral, case = _accepted(refer, coordinator, agreed_to_share_status=False)
    case_actions.close(
        case=case, by=coordinator, reason=codes.ClosureReason.REQUESTER_WITHDREW, closed_on=TODAY
    )
    referral.refresh_from_db()
    assert shown_to_referrer(referral).progress == Progress.TAKEN_UP


def test_a_withdrawn_consent_stops_the_status(refer, coordinator):
    referral, case = _accepted(refer, coordinator)
    case_actions.withdraw_consent(consent=ConsentRecord.objects.get(case=case), by=coordinator)
    case_actions.close(
        case=case, by=coordinator, reason=codes.ClosureReason.REQUESTER_WITHDREW, closed_on=TODAY
    )
    referral.refresh_from_db()
    assert shown_to_referrer(referral).progress == Progress.TAKEN_UP


def test_the_agreement_is_shown_only_when_every_party_consented(refer, coordinator):
    referral, case = _accepted(refer, coordinator)
    other = case_actions.add_party(
        case=case, by=coordinator, role=codes.PartyRole.OTHER_PARTY, last_name="Moreau"
    )
    case.refresh_from_db()
    # Closed with an agreement, but only the requester shares: no yes/no.
    case.status, case.closure_reason, case.closed_on = "CLOSED", "AGREEMENT_FULL", TODAY
    case.save()
    referral.refresh_from_db()
    assert shown_to_referrer(referral).agreement is None
    case.status = "NEW"
    case.closed_on = None
    case.save()
    case_actions.record_consent(
        case=case,
        by=coordinator,
        party=other,
        kind=codes.ConsentKind.SHARE_STATUS_WITH_REFERRER,
        given_on=TODAY,
        method=codes.ConsentMethod.WRITTEN,
    )
    case.status, case.closed_on = "CLOSED", TODAY
    case.save()
    referral.refresh_from_db()
    assert shown_to_referrer(referral).agreement is True


pytestmark = pytest.mark.django_db
