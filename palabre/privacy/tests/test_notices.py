"""Information notices (R6): a text and a version per kind, the version printed on the
invitation letter, and the register of who received which version, when and how."""

import datetime as dt
import html
import subprocess

import pytest
from django.urls import reverse

from palabre.cases.tests import test_letters as letters
from palabre.core import notices
from palabre.core.actions import Refused
from palabre.core.journal import entries_for
from palabre.core.notices import CURRENT, NoticeKind, NoticeMethod
from palabre.privacy.notices import NoticeGiven, record_notice_given
from palabre.privacy.tests import safety_support as support
from palabre.privacy.tests.safety_support import at

clock = support.clock
contacting = letters.contacting
mediator = letters.mediator
team = support.team


def pdf_text(pdf: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


@pytest.mark.parametrize("kind", list(NoticeKind), ids=str)
def test_each_text_matches_the_fingerprint_of_its_version(kind):
    """A changed text without a new version would make the register lie: give the text a new
    number and date in core/notices.py, with this fingerprint."""
    version = CURRENT[kind]
    assert notices.fingerprint(version.template) == version.sha256, (
        f"The notice « {kind.label} » changed: new version in palabre/core/notices.py, "
        f"sha256 {notices.fingerprint(version.template)}"
    )


def test_the_fingerprint_sees_a_changed_word_but_not_a_new_indentation():
    first = notices.digest("<dl>\n<dt>Qui ?</dt>\n</dl>")

    assert notices.digest("<dl>\n    <dt>Qui ?</dt>\n</dl>\n") == first
    assert notices.digest("<dl><dt>Pourquoi ?</dt></dl>") != first


def test_the_fingerprint_covers_the_texts_a_notice_includes():
    source = notices._source("privacy/notices/requester.html")

    assert "Quels sont vos droits ?" in source  # from privacy/notices/_rights.html


def test_the_invitation_carries_the_notice_version_and_records_it_given_once(
    contacting,
    mediator,
    login,  # noqa: F811
):
    other = contacting.other_parties()[0]
    client = login(mediator)

    text = pdf_text(client.get(letters.invitation_url(contacting, other)).content)
    client.get(letters.invitation_url(contacting, other))

    assert "Information sur les données personnelles, version 1 du 1er décembre 2026" in text
    given = NoticeGiven.objects.get()
    assert (given.party, given.kind, given.version, given.method) == (
        other,
        NoticeKind.OTHER_PARTY,
        "1",
        NoticeMethod.LETTER,
    )
    assert given.recorded_by == mediator.user
    assert given.organisation == contacting.organisation


def test_the_team_records_a_notice_handed_to_the_requester_at_the_desk(team, login, clock):
    case, requester = team["case"], team["case"].requester()
    url = reverse("dpo:notice_party", args=[case.pk, requester.pk])
    client = login(team["mediator"])

    page = client.get(url)
    response = client.post(url, {"method": "HANDED", "given_at": "2026-12-11T09:30"})

    assert "Demandeur·euse, à l'accueil" in html.unescape(page.content.decode())
    assert response.status_code == 302
    given = NoticeGiven.objects.get(party=requester)
    assert (given.kind, given.version, given.method) == ("REQUESTER", "1", "HANDED")
    assert given.given_at == at(9, 30)
    entry = entries_for(case).get(verb="notice_given")
    assert (
        entry.summary
        == "Information sur les données remise (Demandeur·euse, à l'accueil, version 1)"
    )
    again = client.post(url, {"method": "HANDED", "given_at": "2026-12-11T09:45"})
    assert again.status_code == 200
    assert "déjà enregistrée" in html.unescape(again.content.decode())
    assert NoticeGiven.objects.count() == 1


def test_a_notice_cannot_be_given_in_the_future_nor_to_another_service(
    team, member, other_service, clock
):
    requester = team["case"].requester()
    with pytest.raises(Refused, match="futur"):
        record_notice_given(by=team["mediator"], method="HANDED", given_at=at(11), party=requester)
    with pytest.raises(Refused, match="votre organisation"):
        record_notice_given(
            by=member("coordinator", other_service),
            method="HANDED",
            given_at=at(9),
            party=requester,
        )
    assert not NoticeGiven.objects.exists()


def test_the_coordination_keeps_the_register_of_its_team(team, login, clock):
    client = login(team["coordinator"])
    url = reverse("dpo:notice_member", args=[team["pair"].pk])

    response = client.post(url, {"method": "EMAIL", "given_at": "2026-12-10T18:00"})

    assert response.status_code == 302
    page = html.unescape(client.get(reverse("dpo:notices")).content.decode())
    assert "version 1 — e-mail, 10/12/2026" in page
    given = NoticeGiven.objects.get(membership=team["pair"])
    assert given.kind == NoticeKind.VOLUNTEER and given.is_current


def test_a_notice_page_shows_the_services_own_contact_and_durations(team, login, service):
    service.dpo_contact = "dpo@service-un.fr"
    service.save()
    page = login(team["coordinator"]).get(reverse("dpo:notice", args=["demandeur"]))
    text = html.unescape(page.content.decode())

    assert "dpo@service-un.fr" in text
    assert "24 mois après le dernier contact" in text
    assert "version 1 du 1er décembre 2026" in text


def test_an_old_version_given_is_shown_as_to_renew(team, login, clock, monkeypatch):
    requester = team["case"].requester()
    record_notice_given(by=team["mediator"], method="ORAL", given_at=at(9), party=requester)
    newer = notices.Version("2", dt.date(2027, 1, 1), "privacy/notices/requester.html", "")
    monkeypatch.setitem(CURRENT, NoticeKind.REQUESTER, newer)

    url = reverse("dpo:notice_party", args=[team["case"].pk, requester.pk])
    text = html.unescape(login(team["mediator"]).get(url).content.decode())
    assert "version ancienne" in text
