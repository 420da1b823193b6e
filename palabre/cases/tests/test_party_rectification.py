"""Rectifying a person's identity and contacts from the case page (GDPR art. 16)."""

import datetime as dt
import html

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions
from palabre.cases.models import Case, Party
from palabre.cases.tests.factories import CaseFactory
from palabre.core.actions import Refused
from palabre.core.models import JournalEntry

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
OLD = {
    "last_name": "Le Gall",
    "first_name": "Éloïse",
    "phone": "06 11 22 33 44",
    "email": "eloise.legall@example.org",
    "address": "12 rue des Tilleuls",
}
NEW = {
    "last_name": "Kerjean",
    "first_name": "Élodie",
    "phone": "07 55 66 77 88",
    "email": "elodie.kerjean@example.org",
    "preferred_channel": "EMAIL",
    "address": "3 impasse des Mésanges",
}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def case(service, coordinator):
    return CaseFactory(
        organisation=service,
        by=coordinator,
        opened_on=dt.date(2026, 2, 2),
        requester_phone=OLD["phone"],
        requester_email=OLD["email"],
        requester_address=OLD["address"],
    )


def url(case, party=None):
    path = reverse("cases:action", args=[case.pk, "coordonnees"])
    return f"{path}?partie={party.pk}" if party is not None else path


def text_of(response):
    return html.unescape(response.content.decode())


def test_the_step_corrects_the_person_and_search_finds_her_new_name(login, case, coordinator):
    requester = case.requester()
    client = login(coordinator)
    card = text_of(client.get(reverse("cases:detail", args=[case.pk])))
    assert url(case, requester) in card
    form = text_of(client.get(url(case, requester)))
    assert 'value="Le Gall"' in form and f'value="{OLD["email"]}"' in form
    assert f'value="{OLD["address"]}"' in form

    response = client.post(url(case, requester), NEW)

    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk]) + f"#party-{requester.pk}"
    party = Party.objects.select_related("household").get(pk=requester.pk)
    assert {name: getattr(party, name) for name in NEW} == NEW
    assert Case.objects.matching("kerjean elodie").get() == case
    assert not Case.objects.matching("Le Gall").exists()
    assert Case.objects.matching("Moreau").get() == case  # the other party is untouched
    assert "Kerjean" in text_of(client.get(reverse("cases:detail", args=[case.pk])))


def test_without_a_named_party_the_step_corrects_the_requester(login, case, coordinator):
    response = login(coordinator).post(url(case), {**NEW, "last_name": "Kerjean"})
    assert response.status_code == 302
    assert Party.objects.get(pk=case.requester().pk).last_name == "Kerjean"


def test_the_journal_names_the_fields_changed_never_their_values(login, case, coordinator):
    login(coordinator).post(url(case, case.requester()), NEW)

    entry = JournalEntry.objects.get(verb="party_updated")
    assert entry.data == {
        "fields": ["last_name", "first_name", "phone", "email", "preferred_channel", "address"]
    }
    assert entry.summary.startswith("Coordonnées modifiées (")
    for journal_entry in JournalEntry.objects.all():
        written = f"{journal_entry.summary} {journal_entry.data}"
        for value in [*OLD.values(), *NEW.values()]:
            if value != "EMAIL":  # a code, not a personal datum
                assert value not in written, (journal_entry.verb, value)


def test_nothing_changed_writes_nothing(case, coordinator):
    requester = case.requester()
    before = JournalEntry.objects.count()
    actions.update_party(case=case, party=requester, by=coordinator, last_name="Le Gall")
    assert JournalEntry.objects.count() == before


def test_an_anonymised_case_refuses_and_changes_nothing(login, case, coordinator):
    Case.objects.filter(pk=case.pk).update(anonymised_at=NOW)
    requester = case.requester()
    before = JournalEntry.objects.count()
    client = login(coordinator)

    response = client.post(url(case, requester), NEW)

    assert response.status_code == 200
    assert "Impossible de modifier les coordonnées : le dossier est anonymisé." in text_of(response)
    party = Party.objects.select_related("household").get(pk=requester.pk)
    assert (party.last_name, party.email, party.address) == (
        OLD["last_name"],
        OLD["email"],
        OLD["address"],
    )
    assert JournalEntry.objects.count() == before
    assert "coordonnees" not in text_of(client.get(reverse("cases:detail", args=[case.pk])))


def test_a_bad_input_is_answered_in_french_and_changes_nothing(login, case, coordinator):
    requester = case.requester()
    response = login(coordinator).post(
        url(case, requester), {**NEW, "last_name": "", "email": "pas-une-adresse"}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Saisissez une adresse de courriel valide." in page
    assert "Ce champ est obligatoire." in page
    assert Party.objects.get(pk=requester.pk).last_name == OLD["last_name"]
    with pytest.raises(Refused, match="Le nom de la personne est obligatoire."):
        actions.update_party(case=case, party=requester, by=coordinator, last_name=" ")


def test_the_action_takes_only_the_identity_and_contacts(case, coordinator):
    with pytest.raises(TypeError):
        actions.update_party(case=case, party=case.requester(), by=coordinator, role="WITNESS")


def test_a_party_of_another_case_is_a_404_and_refused_by_the_action(
    login, service, case, coordinator
):
    other = CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 2, 3))
    stranger = other.requester()
    client = login(coordinator)
    assert client.get(url(case, stranger)).status_code == 404
    assert client.post(url(case, stranger), NEW).status_code == 404
    assert client.get(f"{url(case)}?partie=inconnue").status_code == 404
    with pytest.raises(Refused):
        actions.update_party(case=case, party=stranger, by=coordinator, last_name="Kerjean")
    assert Party.objects.get(pk=stranger.pk).last_name == OLD["last_name"]


# Who may rectify: the people who work on the case (as for adding a person to it). Everyone
# is a member of the case's service; « foreign » asks for another service's case, or for another
# service's party on the service's own case.
ROLES = {
    "admin": 200,
    "coordinator": 200,
    "mediator-assigned": 200,
    "mediator": 404,
    "reception": 404,
    "board": 404,
    "partner": 404,
    "network_staff": 404,
}
ACCESS = [
    (who, whose, expected if whose == "own" else 404)
    for who, expected in ROLES.items()
    for whose in ("own", "foreign-case", "foreign-party")
]


@pytest.mark.parametrize(("who", "whose", "expected"), ACCESS)
def test_access_to_the_step(login, member, other_service, coordinator, case, who, whose, expected):
    person = member(who.removesuffix("-assigned"))
    if who.endswith("-assigned"):
        actions.assign_mediators(case=case, by=coordinator, mediators=[person])
    foreign = CaseFactory(
        organisation=other_service,
        by=member("coordinator", organisation=other_service),
        opened_on=dt.date(2026, 2, 2),
    )
    target = foreign if whose == "foreign-case" else case
    party = case.requester() if whose == "own" else foreign.requester()
    client = login(person)

    assert client.get(url(target, party)).status_code == expected
    response = client.post(url(target, party), NEW)

    assert response.status_code == (302 if expected == 200 else 404)
    renamed = Party.objects.filter(last_name=NEW["last_name"]).exists()
    assert renamed is (expected == 200)
    if whose == "own":
        page = client.get(reverse("cases:detail", args=[case.pk]))
        assert ("coordonnees" in page.content.decode()) is (expected == 200)


def test_anonymous_visitors_are_sent_to_the_login_page(client, case):
    response = client.get(url(case, case.requester()))
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    assert Party.objects.get(pk=case.requester().pk).last_name == OLD["last_name"]


def test_a_closed_case_kept_for_its_retention_time_can_still_be_rectified(login, case, coordinator):
    actions.close(
        case=case,
        by=coordinator,
        reason="REQUESTER_WITHDREW",
        closed_on=dt.date(2026, 3, 1),
    )
    client = login(coordinator)
    assert url(case, case.requester()) in text_of(
        client.get(reverse("cases:detail", args=[case.pk]))
    )
    response = client.post(url(case, case.requester()), NEW)
    assert response.status_code == 302
    assert Party.objects.get(pk=case.requester().pk).last_name == NEW["last_name"]
