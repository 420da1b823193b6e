"""What the time limits' messages say: the service, a link, the service's own contacts and
deadlines — as the referral notices already do — and nothing planted in the request (names,
address, availability, commune, conflict, referrer, the person's own contacts), in the e-mails,
the SMS or the logs."""

import json
import logging

import pytest
from django.core.management import call_command

from palabre.cases.tests.factories import CommuneFactory
from palabre.referrals.deadline_messages import render
from palabre.referrals.deadlines import Audience, DeadlineNotice

from .conftest import days_after

MARKERS = {
    "requester_first_name": "Prenomplantezqw",
    "requester_last_name": "Nomplantezqw",
    "requester_address": "12 impasse Plantéezqw",
    "availability": "après 18 h Dispozqw",
    "requester_email": "personnezqw@exemple.fr",
    "requester_phone": "06 12 34 56 78",
}
COMMUNE = "Communezqw"
REFERRER = "Agathe Bailleur"  # the agent's name, as the refer fixture writes it


@pytest.fixture
def planted(refer, service):
    service.phone = "02 99 00 11 22"
    service.email = "contact@service-un.example"
    service.save()
    commune = CommuneFactory(organisation=service, name=COMMUNE)
    return refer(**MARKERS, commune=commune, conflict_category="VEGETATION")


def every_message(mailoutbox, sms_file) -> list[str]:
    texts = [f"{m.subject}\n{m.body}" for m in mailoutbox]
    if sms_file.exists():
        texts += [json.loads(line)["text"] for line in sms_file.read_text().splitlines()]
    return texts


def forbidden() -> list[str]:
    return [
        *MARKERS.values(),
        "personnezqw",
        "0612345678",
        "12 34 56 78",
        COMMUNE,
        REFERRER,
        "Végétation",
        "Agathe",
    ]


def test_no_message_of_the_time_limits_holds_anything_of_the_request(
    transactional_db, clock, coordinator, planted, mailoutbox, sms_file, caplog
):
    caplog.set_level(logging.DEBUG)
    clock(days_after(10, minutes=1))
    call_command("remind_referrals", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    clock(days_after(30, minutes=1))
    call_command("remind_referrals", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    texts = every_message(mailoutbox, sms_file)
    # The new request's notice, the reminder, the closure to the coordination, to the referrer
    # and to the person (who gave an e-mail: no SMS).
    assert len(texts) == 5 and not sms_file.exists()
    for text in [*texts, caplog.text]:
        for marker in forbidden():
            assert marker not in text, (marker, text)
    for message in mailoutbox:
        assert message.extra_headers["Auto-Submitted"] == "auto-generated"
        assert len(message.to) == 1


def test_the_person_is_told_how_to_come_back_and_nothing_else(
    db, clock, planted, service, settings
):
    settings.PALABRE_BASE_URL = "https://mediation.example"
    clock(days_after(30, minutes=1))
    from palabre.referrals import deadline_tasks

    deadline_tasks.record_due_steps()
    deadline_tasks.perform_step.call(str(planted.deadline_steps.get().pk))
    notice = DeadlineNotice.objects.get(audience=Audience.PERSON)
    subject, body, text = render(notice, planted)
    assert subject == "Votre demande de médiation auprès de Service Un"
    assert body == (
        "Bonjour,\n\n"
        "Votre demande de médiation auprès de Service Un n'a pas pu recevoir de réponse dans le "
        "délai de 30 jours : elle est close. Veuillez nous en excuser.\n\n"
        "Vous pouvez revenir vers nous quand vous le souhaitez :\n"
        "- par téléphone : 02 99 00 11 22\n"
        "- par e-mail : contact@service-un.example\n"
        "- en refaisant une demande en ligne : "
        "https://mediation.example/orientations/demande/service-un/\n\n"
        "Message automatique : ne pas répondre.\n"
    )


def _closed_at_the_limit(referral, clock, audience) -> DeadlineNotice:
    """The referral reaches its limit and the worker closes it, its messages written but not
    sent; answers the notice written for ``audience``."""
    from palabre.referrals import deadline_tasks

    clock(days_after(30, minutes=1))
    deadline_tasks.record_due_steps()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("palabre.referrals.deadline_messages.deliver", lambda notice, referral: 1)
        deadline_tasks.perform_step.call(str(referral.deadline_steps.get().pk))
    return DeadlineNotice.objects.get(audience=audience)


def test_an_sms_to_the_person_names_the_service_and_its_number(db, clock, refer, service):
    service.phone = "02 99 00 11 22"
    service.save()
    referral = refer()
    notice = _closed_at_the_limit(referral, clock, Audience.PERSON)
    assert notice.channel == "SMS"
    _subject, _body, text = render(notice, referral)
    assert text == (
        "Service Un : votre demande n'a pas eu de réponse dans le délai. "
        "Pour revenir vers nous : 02 99 00 11 22"
    )
    assert len(text) <= 160


def test_a_referrer_without_an_account_gets_the_service_contacts_not_a_login_link(
    db, clock, service, landlord, coordinator, person
):
    from palabre.referrals import actions

    service.phone = "02 99 00 11 22"
    service.save()
    _link, token = actions.issue_link(organisation=service, partner=landlord, by=coordinator)
    referral = actions.submit_referral_by_link(
        token=token, **person, referrer_email="guichet@archipel.example", notify=False
    )
    notice = _closed_at_the_limit(referral, clock, Audience.REFERRER)
    _subject, body, _text = render(notice, referral)
    assert "téléphone : 02 99 00 11 22" in body
    assert "connectez-vous" not in body and "/orientations/" not in body


@pytest.mark.parametrize("phone", ["02 99 00 11 22", ""])
def test_the_sms_fits_in_one_segment_with_the_longest_service_name(
    db, clock, refer, service, settings, phone
):
    """Without a telephone the SMS carries the request page's address: the service's name is
    cut, never the number nor the address."""
    settings.PALABRE_BASE_URL = "https://mediation.saint-brieuc-agglo.fr"
    service.slug = "agglomeration-saint-brieuc"
    service.name = ("Association « Œuvre » de médiation sociale et de prévention " * 4)[:200]
    service.phone = phone
    service.save()
    referral = refer()
    notice = _closed_at_the_limit(referral, clock, Audience.PERSON)
    _subject, _body, text = render(notice, referral)

    from palabre.core import sms

    assert sms.septets(text) <= sms.SEGMENT and sms.to_gsm7(text) == text, text
    assert text.endswith(phone or f"/d/{service.slug}/"), text
