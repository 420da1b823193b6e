"""The invitation letter and the attestation, rendered for real (WeasyPrint) and read back with
pdftotext, and as a screen reader meets them (pdfcheck). Each PDF costs about a second: the
module renders four."""

import datetime as dt
import subprocess

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from palabre.cases import actions, codes
from palabre.cases.letters import long_date
from palabre.cases.tests.factories import CaseFactory
from palabre.cases.tests.invitation_support import to_contact_stage
from palabre.core.models import JournalEntry
from palabre.core.tests import pdfcheck

NOTE = "Il affirme que le voisin crie chaque nuit vers trois heures"


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


@pytest.fixture
def mediator(member):
    return member("mediator")


@pytest.fixture
def contacting(case, coordinator, mediator, service):
    """The case at « Prise de contact avec l'autre partie », with a private note planted."""
    service.address = "12 rue de la Paix\n35000 Rennes"
    service.phone = "02 99 00 00 00"
    service.email = "contact@service-un.fr"
    service.dpo_contact = "dpo@service-un.fr"
    service.save()
    return to_contact_stage(case, coordinator=coordinator, mediator=mediator, note=NOTE)


def invitation_url(case, party):
    return reverse("cases:invitation_letter", args=[case.pk, party.pk])


def attestation_url(case, party):
    return reverse("cases:attestation", args=[case.pk, party.pk])


def assert_reads_well(content: bytes, title: str, headings: list[int]):
    """Inside its pages, its headings from level 1 without a gap, its title and language in
    its XMP metadata (the suite checks the first and the last of every PDF: here, said)."""
    assert pdfcheck.problems(content) == []
    reading = pdfcheck.read(content)
    assert pdfcheck.headings(reading) == headings
    assert reading.xmp == {"title": [f"{title} — Service Un"], "language": ["fr"]}


def refusal_messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_invitation_is_a_neutral_letter_with_its_privacy_notice(contacting, mediator, login):
    other = contacting.other_parties()[0]

    response = login(mediator).get(invitation_url(contacting, other))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="courrier-invitation-{contacting.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in [
        "Jérôme Moreau",
        "Service Un",
        "12 rue de la Paix",
        "difficulté de voisinage",
        "Vos données personnelles",
        "CNIL",
        "www.cnil.fr",
        "6.1.f",
        "une personne de votre voisinage nous a communiqué votre nom et votre adresse",
        "dpo@service-un.fr",
        "L'équipe de médiation",
        contacting.reference,
        "Page 1 / 2",
    ]:
        assert expected.lower() in text.lower(), expected
    for forbidden in ["Le Gall", "Éloïse", "bruit", "trois heures", "INVALID"]:
        assert forbidden.lower() not in text.lower(), forbidden
    # The subject line is the letter's title; the privacy notice comes under it.
    assert_reads_well(response.content, "Proposition de médiation de voisinage", [1, 2])


def test_generating_the_invitation_is_journaled_without_content(contacting, coordinator, login):
    other = contacting.other_parties()[0]

    login(coordinator).get(invitation_url(contacting, other))

    entry = JournalEntry.objects.get(subject_id=contacting.pk, verb="letter_generated")
    assert entry.summary == "Courrier d'invitation généré"
    assert entry.actor == coordinator.user
    assert "Moreau" not in str(entry.data)


@pytest.mark.parametrize(
    "who", ["reception", "board", "unassigned mediator", "coordinator of another service"]
)
def test_only_the_case_team_may_produce_the_letters(contacting, member, other_service, login, who):
    membership = {
        "reception": lambda: member("reception"),
        "board": lambda: member("board"),
        "unassigned mediator": lambda: member("mediator"),
        "coordinator of another service": lambda: member("coordinator", other_service),
    }[who]()
    client = login(membership)
    other = contacting.other_parties()[0]

    assert client.get(invitation_url(contacting, other)).status_code == 404
    assert client.get(attestation_url(contacting, other)).status_code == 404
    assert not JournalEntry.objects.filter(verb="letter_generated").exists()


def test_the_invitation_is_never_addressed_to_the_requester(contacting, coordinator, login):
    response = login(coordinator).get(invitation_url(contacting, contacting.requester()))

    assert response.status_code == 404


def test_a_party_of_another_case_gives_404(contacting, coordinator, service, login):
    elsewhere = CaseFactory(organisation=service, by=coordinator)

    response = login(coordinator).get(invitation_url(contacting, elsewhere.other_parties()[0]))

    assert response.status_code == 404


def test_the_invitation_waits_until_contacting_the_other_party(case, coordinator, login):
    actions.qualify(case=case, by=coordinator)

    response = login(coordinator).get(invitation_url(case, case.other_parties()[0]))

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert any("prise de contact avec l'autre partie" in m for m in refusal_messages(response))
    assert not JournalEntry.objects.filter(verb="letter_generated").exists()


def test_the_attestation_names_the_party_and_nothing_of_the_mediation(contacting, mediator, login):
    response = login(mediator).get(attestation_url(contacting, contacting.requester()))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="attestation-tentative-mediation-{contacting.reference}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    text = pdf_text(response.content)
    for expected in [
        "Attestation de tentative de médiation",
        "Éloïse Le Gall",
        "Service Un",
        "atteste que : Éloïse Le Gall a sollicité le service",
        "750-1",
        contacting.reference,
    ]:
        assert expected.lower() in text.lower(), expected
    for forbidden in ["Moreau", "Jérôme", "bruit", "trois heures", "INVALID"]:
        assert forbidden.lower() not in text.lower(), forbidden
    entry = JournalEntry.objects.get(subject_id=contacting.pk, verb="letter_generated")
    assert entry.summary == "Attestation de tentative de médiation générée"
    assert_reads_well(response.content, "Attestation de tentative de médiation", [1])


def test_a_closed_case_attests_the_other_party_between_opening_and_closure(
    contacting, coordinator, login
):
    closed_on = timezone.localdate()
    actions.close(
        case=contacting,
        by=coordinator,
        reason=codes.ClosureReason.OTHER_PARTY_REFUSED,
        closed_on=closed_on,
    )

    response = login(coordinator).get(attestation_url(contacting, contacting.other_parties()[0]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Jérôme Moreau a été contacté·e par le service" in text, text
    assert "Le Gall" not in text
    with translation.override("fr"):
        period = f"entre le {long_date(contacting.opened_on)} et le {long_date(closed_on)}"
    assert " ".join(period.split()) in text
    assert "refus" not in text.lower()
    assert_reads_well(response.content, "Attestation de tentative de médiation", [1])


def test_no_attestation_before_an_interview_is_planned(case, coordinator, login):
    actions.qualify(case=case, by=coordinator)

    response = login(coordinator).get(attestation_url(case, case.requester()))

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert any("Aucune tentative de médiation" in m for m in refusal_messages(response))


def test_no_attestation_for_a_case_closed_at_intake(case, coordinator, login):
    actions.close(
        case=case,
        by=coordinator,
        reason=codes.ClosureReason.OUT_OF_SCOPE,
        closed_on=timezone.localdate(),
    )

    response = login(coordinator).get(attestation_url(case, case.requester()))

    assert response.status_code == 302
    assert not JournalEntry.objects.filter(verb="letter_generated").exists()


def test_no_attestation_for_an_other_party_the_service_has_not_contacted(case, coordinator, login):
    actions.qualify(case=case, by=coordinator)
    actions.schedule_interview(
        case=case,
        by=coordinator,
        party=case.requester(),
        scheduled_at=timezone.now() + dt.timedelta(days=2),
        channel=codes.InterviewChannel.PHONE,
    )

    response = login(coordinator).get(attestation_url(case, case.other_parties()[0]))

    assert response.status_code == 302
    assert any("pas encore été contactée" in m for m in refusal_messages(response))
