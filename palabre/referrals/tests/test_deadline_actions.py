"""Time limits (docs/adr/0020): every request gets its two due dates on arrival from the service's
targets; the first contact attempt is recorded once, with its channel; the targets are the
coordination's, checked, and move no deadline already given."""

import datetime as dt

import pytest

from palabre.core.models import JournalEntry
from palabre.referrals import actions, deadline_actions
from palabre.referrals.actions import ReferralRefused
from palabre.referrals.deadlines import ReferralTarget, Targets, targets_of
from palabre.referrals.models import Decision, Origin, Referral

from .conftest import MONDAY, at, days_after

pytestmark = pytest.mark.django_db


def test_a_request_gets_its_due_dates_from_the_default_targets(refer, clock):
    referral = refer()
    assert referral.received_at == at(MONDAY)
    assert referral.contact_due_at == days_after(10)
    assert referral.decision_due_at == days_after(30)


def test_a_resident_request_gets_the_service_targets_too(service, coordinator, person, clock):
    deadline_actions.set_targets(
        organisation=service, by=coordinator, first_contact_days=5, decision_days=21
    )
    referral = actions.submit_referral(
        organisation=service, origin=Origin.PUBLIC_FORM, **person, notify=False
    )
    assert (referral.contact_due_at, referral.decision_due_at) == (days_after(5), days_after(21))


def test_new_targets_leave_the_deadlines_already_given(refer, service, coordinator, clock):
    before = refer()
    deadline_actions.set_targets(
        organisation=service, by=coordinator, first_contact_days=3, decision_days=15
    )
    after = refer(requester_last_name="Autre", requester_phone="0711111111")
    before.refresh_from_db()
    assert before.decision_due_at == days_after(30)
    assert after.decision_due_at == days_after(15)
    assert targets_of(service.pk) == Targets(3, 15)
    entry = JournalEntry.objects.get(verb="targets_set")
    assert entry.summary == (
        "Délais des orientations : premier contact en 3 jours, décision en 15 jours"
    )


@pytest.mark.parametrize(
    ("first", "decision", "message"),
    [
        (0, 30, "Le délai du premier contact va de 1 à 60 jours."),
        (61, 90, "Le délai du premier contact va de 1 à 60 jours."),
        (10, 9, "Le délai de décision va du délai du premier contact (10 jours) à 90 jours."),
        (10, 91, "Le délai de décision va du délai du premier contact (10 jours) à 90 jours."),
    ],
)
def test_targets_out_of_bounds_are_refused_and_change_nothing(
    service, coordinator, first, decision, message
):
    with pytest.raises(ReferralRefused, match=message.replace("(", r"\(").replace(")", r"\)")):
        deadline_actions.set_targets(
            organisation=service, by=coordinator, first_contact_days=first, decision_days=decision
        )
    assert not ReferralTarget.objects.exists()
    assert targets_of(service.pk) == Targets(10, 30)


def test_the_first_contact_is_recorded_once_with_its_channel(refer, coordinator, clock):
    referral = refer()
    clock(days_after(3))
    deadline_actions.record_first_contact(
        referral=referral, by=coordinator, channel="PHONE", attempted_at=days_after(2, hours=5)
    )
    referral.refresh_from_db()
    assert referral.first_contact_at == days_after(2, hours=5)
    assert referral.first_contact_channel == "PHONE"
    assert referral.first_contact_by == coordinator
    entry = JournalEntry.objects.get(verb="first_contact")
    assert entry.summary == "Premier contact tenté : Téléphone"
    assert entry.occurred_at == days_after(2, hours=5)
    with pytest.raises(ReferralRefused, match="déjà enregistré \\(le 03/03/2027\\)"):
        deadline_actions.record_first_contact(
            referral=referral, by=coordinator, channel="SMS", attempted_at=days_after(3)
        )
    referral.refresh_from_db()
    assert referral.first_contact_channel == "PHONE"


@pytest.mark.parametrize(
    ("moment", "channel", "message"),
    [
        (days_after(4), "PHONE", "ne peut pas être dans le futur"),
        (at(MONDAY) - dt.timedelta(minutes=1), "PHONE", "ne peut pas précéder"),
        (days_after(1), "REGISTERED_LETTER", "Choisissez comment la personne a été contactée."),
    ],
)
def test_an_impossible_first_contact_is_refused(
    refer, coordinator, clock, moment, channel, message
):
    referral = refer()
    clock(days_after(3))
    with pytest.raises(ReferralRefused, match=message):
        deadline_actions.record_first_contact(
            referral=referral, by=coordinator, channel=channel, attempted_at=moment
        )
    referral.refresh_from_db()
    assert referral.first_contact_at is None


def test_an_accepted_referral_still_takes_its_first_contact_a_declined_one_does_not(
    refer, coordinator, clock
):
    accepted = refer()
    declined = refer(requester_last_name="Autre", requester_phone="0711111111")
    clock(days_after(1))
    actions.accept_referral(referral=accepted, by=coordinator)
    actions.decline_referral(referral=declined, by=coordinator, reason="OUT_OF_TERRITORY")
    deadline_actions.record_first_contact(
        referral=accepted, by=coordinator, channel="EMAIL", attempted_at=days_after(1)
    )
    with pytest.raises(ReferralRefused, match="close \\(non retenue\\)"):
        deadline_actions.record_first_contact(
            referral=declined, by=coordinator, channel="EMAIL", attempted_at=days_after(1)
        )


def test_a_lapsed_referral_is_answered_by_nobody(refer, coordinator, clock):
    referral = refer()
    clock(days_after(30, minutes=1))
    assert deadline_actions.lapse(Referral.objects.get(pk=referral.pk), days_after(30, minutes=1))
    referral.refresh_from_db()
    assert referral.decision == Decision.LAPSED and referral.decided_by is None
    with pytest.raises(ReferralRefused, match="close sans réponse dans le délai"):
        actions.accept_referral(referral=referral, by=coordinator)
    assert not deadline_actions.lapse(referral, days_after(31))
    assert JournalEntry.objects.filter(verb="lapsed").count() == 1


def test_the_queues_of_the_time_limits_read_the_due_dates(refer, coordinator, clock):
    waiting = refer()
    contacted = refer(requester_last_name="Contact", requester_phone="0711111111")
    clock(days_after(2))
    deadline_actions.record_first_contact(
        referral=contacted, by=coordinator, channel="PHONE", attempted_at=days_after(2)
    )
    assert list(Referral.objects.reminder_due(days_after(9))) == []
    assert list(Referral.objects.reminder_due(days_after(10))) == [waiting]
    assert list(Referral.objects.reminder_due(days_after(30))) == []  # the limit says more
    assert set(Referral.objects.lapse_due(days_after(30))) == {waiting, contacted}
