"""Invitations to book (docs/adr/0026): a link that serves once, until its day, while the case
wants it; the person's answer is the result of the service's contact attempt, in the Journal and
on the case; the team's callbacks and withdrawals; the requester's message."""

import datetime as dt
import json
import zoneinfo

import pytest
from django.utils import timezone

from palabre.cases import actions, codes, invitation_actions, invitation_delivery, invitation_links
from palabre.cases.invitations import Answer, Delivery, Invitation
from palabre.cases.models import ContactAttempt
from palabre.cases.tests.factories import CaseFactory
from palabre.cases.tests.invitation_support import to_contact_stage, words_of_the_case
from palabre.core import sms
from palabre.core.models import JournalEntry

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    state = {"now": NOW}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return lambda moment: state.update(now=moment)


@pytest.fixture
def mediator(member):
    return member("mediator")


@pytest.fixture
def case(service, coordinator, mediator, clock):
    opened = CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 11, 2))
    return to_contact_stage(opened, coordinator=coordinator, mediator=mediator)


@pytest.fixture
def other(case):
    return case.other_parties()[0]


@pytest.fixture
def letter(case, other, coordinator):
    return invitation_actions.invite_by_letter(case=case, party=other, by=coordinator)


def answers_in_journal(case):
    return list(
        JournalEntry.objects.filter(subject_id=case.pk, verb="invitation_answered").values_list(
            "summary", "actor"
        )
    )


# --- Issuing -------------------------------------------------------------------------------------


def test_a_letter_invitation_serves_thirty_days_to_the_end_of_the_day(letter):
    assert letter.delivery == Delivery.LETTER
    assert timezone.localtime(letter.expires_at) == dt.datetime(
        2027, 1, 6, 23, 59, 59, tzinfo=PARIS
    )
    assert invitation_links.from_token(invitation_links.token_of(letter)) == letter
    assert invitation_actions.refusal(letter) == ""


def test_printing_the_letter_again_carries_the_same_link_until_two_weeks_are_left(
    case, other, coordinator, letter, clock
):
    clock(NOW + dt.timedelta(days=16))
    assert invitation_actions.invite_by_letter(case=case, party=other, by=coordinator) == letter
    clock(NOW + dt.timedelta(days=17))
    again = invitation_actions.invite_by_letter(case=case, party=other, by=coordinator)
    assert again != letter and again.code != letter.code
    assert invitation_actions.refusal(letter) == ""  # the first letter still serves


def test_the_printed_address_is_short_and_typeable(letter, settings):
    settings.PALABRE_BASE_URL = "https://mediation.exemple.fr"
    address = invitation_links.printed_address(letter)
    assert address == f"mediation.exemple.fr/i/{invitation_links.token_of(letter)}/"
    assert len(address) <= 45


# --- When the link no longer serves ---------------------------------------------------------------


def test_the_link_expires_after_its_last_day(letter, clock):
    clock(timezone.localtime(letter.expires_at) + dt.timedelta(seconds=1))
    assert invitation_actions.refusal(letter) == "Ce lien a expiré le 06/01/2027."
    with pytest.raises(invitation_actions.InvitationRefused):
        invitation_actions.decline(invitation=letter)
    letter.refresh_from_db()
    assert letter.answer == "" and not ContactAttempt.objects.exists()


def test_withdrawing_the_requesters_consent_closes_the_other_partys_link(case, letter, mediator):
    consent = case.requester().consents.get(kind=codes.ConsentKind.CONTACT_OTHER_PARTY)
    actions.withdraw_consent(consent=consent, by=mediator)
    assert invitation_actions.refusal(letter) == "Ce lien n'est plus valable."


def test_a_closed_case_closes_its_links(case, letter, coordinator):
    actions.close(
        case=case,
        by=coordinator,
        reason=codes.ClosureReason.RESOLVED_BEFORE,
        closed_on=timezone.localdate(),
    )
    letter.refresh_from_db()
    assert invitation_actions.refusal(letter) == "Ce lien n'est plus valable."


def test_a_withdrawn_link_says_so_and_takes_no_answer(letter, coordinator, case):
    letter = invitation_actions.withdraw(invitation=letter, by=coordinator)
    assert invitation_actions.refusal(letter) == "Ce lien a été retiré par le service."
    with pytest.raises(invitation_actions.InvitationRefused):
        invitation_actions.decline(invitation=letter)
    assert JournalEntry.objects.filter(subject_id=case.pk, verb="invitation_withdrawn").exists()


def test_an_answered_link_cannot_be_withdrawn(letter, coordinator):
    invitation_actions.decline(invitation=letter)
    with pytest.raises(invitation_actions.InvitationRefused):
        invitation_actions.withdraw(invitation=letter, by=coordinator)


# --- The person's answer --------------------------------------------------------------------------


def test_declining_is_the_result_of_the_letter_and_serves_once(case, other, letter):
    invitation_actions.decline(invitation=letter)
    letter.refresh_from_db()
    assert (letter.answer, letter.answered_at) == (Answer.DECLINED, NOW)
    attempt = ContactAttempt.objects.get(case=case)
    assert (attempt.party, attempt.channel, attempt.result, attempt.recorded_by) == (
        other,
        codes.ContactAttemptChannel.LETTER,
        codes.ContactAttemptResult.REFUSED,
        None,
    )
    assert answers_in_journal(case) == [
        ("Réponse à l'invitation (Autre partie) : Ne souhaite pas participer", None)
    ]
    case.refresh_from_db()
    assert case.stage_reached == codes.Stage.OTHER_PARTY_CONTACTED
    with pytest.raises(invitation_actions.InvitationRefused) as refused:
        invitation_actions.decline(invitation=letter)
    assert refused.value.message == "Vous avez déjà répondu à cette invitation."
    assert ContactAttempt.objects.count() == 1


def test_an_answer_closes_the_partys_other_links(case, other, letter, coordinator, clock):
    clock(NOW + dt.timedelta(days=20))
    second = invitation_actions.invite_by_letter(case=case, party=other, by=coordinator)
    assert second != letter
    invitation_actions.decline(invitation=second)
    letter.refresh_from_db()
    assert letter.revoked_at is not None
    assert invitation_actions.refusal(letter) == "Ce lien a été retiré par le service."


def test_a_callback_request_keeps_the_days_the_hours_and_the_number(case, letter):
    invitation_actions.ask_callback(
        invitation=letter,
        days=["3", "1", "9"],
        bands=["EVENING", "NIGHT"],
        phone=" 02 99 12 34 56 ",
    )
    letter.refresh_from_db()
    assert (letter.answer, letter.callback_days, letter.callback_bands, letter.callback_phone) == (
        Answer.CALLBACK,
        "1,3",
        "EVENING",
        "02 99 12 34 56",
    )
    assert letter.days_of_callback() == ["mardi", "jeudi"]
    assert ContactAttempt.objects.get(case=case).result == codes.ContactAttemptResult.THINKING


@pytest.mark.parametrize(
    "days, bands, phone, message",
    [
        ([], ["MORNING"], "0612345678", "Choisissez au moins un jour et un moment de la journée."),
        (["1"], [], "0612345678", "Choisissez au moins un jour et un moment de la journée."),
        (["1"], ["MORNING"], "12 34", "Indiquez un numéro de téléphone à 10 chiffres"),
        (["1"], ["MORNING"], "06 12 34 56 78 90", "Indiquez un numéro de téléphone à 10 chiffres"),
    ],
)
def test_an_incomplete_callback_request_changes_nothing(case, letter, days, bands, phone, message):
    with pytest.raises(invitation_actions.InvitationRefused) as refused:
        invitation_actions.ask_callback(invitation=letter, days=days, bands=bands, phone=phone)
    assert refused.value.message.startswith(message)
    letter.refresh_from_db()
    assert letter.answer == "" and letter.callback_phone == ""
    assert not ContactAttempt.objects.exists() and not answers_in_journal(case)


def test_an_answer_after_the_contact_stage_records_no_attempt(case, letter, coordinator, other):
    actions.schedule_interview(
        case=case,
        by=coordinator,
        party=other,
        scheduled_at=NOW + dt.timedelta(days=2),
        channel=codes.InterviewChannel.PHONE,
    )
    interview = case.interviews.get(party=other)
    actions.record_interview(interview=interview, by=coordinator, held=True, duration_minutes=30)
    case.refresh_from_db()
    assert case.status == codes.Status.OTHER_PARTY_INTERVIEWED
    invitation_actions.decline(invitation=letter)
    assert not ContactAttempt.objects.exists()
    assert len(answers_in_journal(case)) == 1


def test_the_team_marks_a_callback_done_once(case, letter, mediator):
    invitation_actions.ask_callback(
        invitation=letter, days=["1"], bands=["MORNING"], phone="0612345678"
    )
    assert Invitation.objects.callbacks_to_make().get() == letter
    invitation_actions.mark_callback_done(invitation=letter, by=mediator)
    invitation_actions.mark_callback_done(invitation=letter, by=mediator)
    letter.refresh_from_db()
    assert letter.callback_done_by == mediator
    assert not Invitation.objects.callbacks_to_make().exists()
    assert JournalEntry.objects.filter(verb="invitation_called_back").count() == 1


def test_only_a_callback_request_can_be_marked_called_back(letter, mediator):
    with pytest.raises(invitation_actions.InvitationRefused):
        invitation_actions.mark_callback_done(invitation=letter, by=mediator)


# --- The requester's message ----------------------------------------------------------------------


def test_the_requester_receives_the_link_by_email_once(
    case, coordinator, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.PALABRE_BASE_URL = "https://mediation.exemple.fr"
    requester = case.requester()
    requester.email = "eloise@exemple.fr"
    requester.save()
    with django_capture_on_commit_callbacks():
        invitation = invitation_actions.invite_requester(case=case, by=coordinator)
    assert invitation.delivery == Delivery.EMAIL and invitation.party == requester
    assert invitation_delivery.send_unsent() == 1
    assert invitation_delivery.send_unsent() == 0
    (message,) = mailoutbox
    assert message.to == ["eloise@exemple.fr"]
    assert message.subject == "Votre demande de médiation auprès de Service Un"
    assert invitation_links.address_of(invitation) in message.body
    assert "06/01/2027" in message.body
    for word in words_of_the_case(case):
        assert word not in message.body and word not in message.subject
    invitation.refresh_from_db()
    assert invitation.sent_at == NOW
    assert JournalEntry.objects.filter(subject_id=case.pk, verb="invitation_sent").exists()


def test_the_requesters_text_message_fits_one_segment(case, coordinator, settings, tmp_path):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.FileSender"
    settings.PALABRE_SMS_FILE = str(tmp_path / "sms.jsonl")
    settings.PALABRE_BASE_URL = "https://mediation-de-voisinage.rennes-metropole.exemple.fr"
    case.organisation.name = "Association de médiation sociale et de voisinage du pays de Rennes"
    case.organisation.save()
    requester = case.requester()
    requester.email, requester.phone = "", "06 12 34 56 78"
    requester.save()
    invitation = invitation_actions.invite_requester(case=case, by=coordinator)
    assert invitation.delivery == Delivery.SMS
    assert invitation_delivery.send_unsent() == 1
    (line,) = (tmp_path / "sms.jsonl").read_text().splitlines()
    sent = json.loads(line)
    assert sent["to"] == "+33612345678"
    assert sms.septets(sent["text"]) <= sms.SEGMENT
    assert sent["text"].endswith(invitation_links.address_of(invitation))
    assert sent["text"] == sms.to_gsm7(sent["text"])


def test_a_requester_without_email_nor_mobile_gets_no_invitation(case, coordinator):
    requester = case.requester()
    requester.email, requester.phone = "", "02 99 00 00 00"
    requester.save()
    assert invitation_actions.invite_requester(case=case, by=coordinator) is None
    assert not Invitation.objects.exists()


def test_a_failed_send_is_tried_again_then_given_up(case, coordinator, settings):
    settings.PALABRE_SMS_BACKEND = "palabre.core.sms.BrevoSender"
    settings.PALABRE_SMS_API_KEY = ""  # the sender refuses to start: every send fails
    requester = case.requester()
    requester.email, requester.phone = "", "0612345678"
    requester.save()
    invitation = invitation_actions.invite_requester(case=case, by=coordinator)
    for attempt in range(1, invitation_delivery.MAX_ATTEMPTS + 1):
        assert invitation_delivery.send_unsent() == 0
        invitation.refresh_from_db()
        assert invitation.send_attempts == attempt
    assert invitation.dropped and invitation.sent_at is None
    assert invitation_delivery.send_unsent() == 0


def test_an_answered_invitation_is_not_sent_any_more(case, coordinator, mailoutbox):
    requester = case.requester()
    requester.email = "eloise@exemple.fr"
    requester.save()
    invitation = invitation_actions.invite_requester(case=case, by=coordinator)
    invitation_actions.ask_callback(
        invitation=invitation, days=["1"], bands=["MORNING"], phone="0612345678"
    )
    assert invitation_delivery.send_unsent() == 0 and not mailoutbox
    # The requester's answer is the invitation's own: contact attempts are the other party's.
    assert not ContactAttempt.objects.exists()
