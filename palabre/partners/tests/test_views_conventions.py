import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases.tests.factories import CommuneFactory, QuartierFactory
from palabre.core.codes import ReferralSource
from palabre.core.models import JournalEntry
from palabre.partners import actions
from palabre.partners.models import Activity, Convention, Deliverable, PartnerKind
from palabre.partners.tests.factories import (
    ConventionFactory,
    DeliverableFactory,
    PartnerFactory,
)
from palabre.partners.tests.helpers import page

LIST = reverse("partners:convention_list")
CREATE = reverse("partners:convention_create")
TODAY = timezone.localdate()


def detail_url(convention):
    return reverse("partners:convention_detail", args=[convention.pk])


@pytest.fixture
def rennes_area(service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    return {
        "rennes": rennes,
        "cesson": cesson,
        "maurepas": QuartierFactory(commune=rennes, name="Maurepas"),
        "city": PartnerFactory(
            organisation=service, name="Ville de Rennes", kind=PartnerKind.CITY, funder=True
        ),
        "landlord": PartnerFactory(organisation=service, name="Néotoa", landlord=True),
    }


def convention_data(area, **overrides):
    data = {
        "title": "Convention Ville de Rennes",
        "purpose": "Médiation de voisinage à Rennes.",
        "partners": [str(area["city"].pk)],
        "funder": str(area["city"].pk),
        "signed_on": "",
        "starts_on": "2008-01-01",
        "ends_on": "",
        "amount": "",
        "scope_activities": [Activity.NEIGHBOURHOOD_MEDIATION],
        "scope_communes": [str(area["rennes"].pk)],
        "scope_quartiers": [],
        "scope_referral_sources": [],
        "scope_referrers": [],
        "scope_landlords": [],
    }
    data.update(overrides)
    return data


# --- The list --------------------------------------------------------------------------------


def test_conventions_are_listed_in_force_to_come_and_ended(login, member, service, other_service):
    in_force = ConventionFactory(
        organisation=service, title="En cours", starts_on=dt.date(2020, 1, 1)
    )
    ended = ConventionFactory(
        organisation=service,
        title="Finie",
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2019, 12, 31),
    )
    to_come = ConventionFactory(
        organisation=service, title="Prochaine", starts_on=TODAY + dt.timedelta(days=40)
    )
    foreign = ConventionFactory(organisation=other_service, title="D'ailleurs")
    content = page(login(member("board")).get(LIST))
    positions = [content.index(detail_url(c)) for c in (in_force, to_come, ended)]
    assert positions == sorted(positions)
    assert content.index("En vigueur") < positions[0]
    assert content.index("Terminées") < positions[2]
    assert detail_url(foreign) not in content
    assert "du 01/01/2015 au 31/12/2019" in content


def test_the_coordination_sees_the_deliverables_due_within_30_days(login, coordinator, service):
    convention = ConventionFactory(organisation=service, title="Convention Métropole")
    DeliverableFactory(convention=convention, title="Bilan 2025", due_on=TODAY + dt.timedelta(10))
    DeliverableFactory(convention=convention, title="Comité", due_on=TODAY - dt.timedelta(3))
    DeliverableFactory(convention=convention, title="Lointain", due_on=TODAY + dt.timedelta(90))
    DeliverableFactory(
        convention=convention,
        title="Déjà fait",
        due_on=TODAY + dt.timedelta(5),
        done_on=TODAY,
    )
    for url in (LIST, reverse("partners:list")):
        content = page(login(coordinator).get(url))
        assert "Livrables à rendre sous 30 jours" in content
        assert "Bilan 2025 — Convention Métropole" in content and "dans 10 jours" in content
        assert "Comité" in content and "en retard de 3 jours" in content
        assert content.index("Comité") < content.index("Bilan 2025")
        assert "Lointain" not in content and "Déjà fait" not in content


@pytest.mark.parametrize("role", ["reception", "board"])
def test_readers_are_not_asked_for_deliverables(login, member, service, role):
    convention = ConventionFactory(organisation=service)
    DeliverableFactory(convention=convention, title="Bilan 2025")
    assert "Livrables à rendre" not in page(login(member(role)).get(LIST))


# --- The convention page ---------------------------------------------------------------------


def test_the_convention_page_names_the_funder_as_it_was_called_when_it_started(
    login, coordinator, service
):
    fondation = PartnerFactory(
        organisation=service,
        name="Fondation Abbé Pierre pour le logement des défavorisés",
        kind=PartnerKind.FOUNDATION,
        funder=True,
    )
    actions.rename_partner(
        partner=fondation,
        by=coordinator,
        new_name="Fondation pour le logement des défavorisés",
        renamed_on=dt.date(2025, 3, 17),
    )
    before = ConventionFactory(
        organisation=service, funder=fondation, partners=[fondation], starts_on=dt.date(2024, 1, 1)
    )
    after = ConventionFactory(
        organisation=service, funder=fondation, partners=[fondation], starts_on=dt.date(2025, 9, 1)
    )
    client = login(coordinator)
    old = page(client.get(detail_url(before)))
    assert (
        "Fondation Abbé Pierre pour le logement des défavorisés "
        "(aujourd'hui Fondation pour le logement des défavorisés)"
    ) in old
    new = page(client.get(detail_url(after)))
    assert "Fondation Abbé Pierre" not in new
    listing = page(client.get(LIST))
    assert "Fondation Abbé Pierre pour le logement des défavorisés" in listing


def test_the_convention_page_tells_its_period_amount_and_scope_in_words(
    login, member, service, rennes_area
):
    convention = actions.create_convention(
        organisation=service,
        by=None,
        title="Convention police-justice",
        purpose="Relais main courante.",
        partners=[rennes_area["city"]],
        signed_on=dt.date(2014, 9, 18),
        starts_on=dt.date(2014, 9, 18),
        amount=12500,
        scope_communes=[rennes_area["rennes"]],
        scope_quartiers=[rennes_area["maurepas"]],
        scope_referral_sources=[ReferralSource.POLICE_NATIONALE, ReferralSource.JUSTICE],
        scope_landlords=[rennes_area["landlord"]],
    )
    content = page(login(member("reception")).get(detail_url(convention)))
    assert "depuis le 18/09/2014, reconduite" in content
    assert "Signée le" in content and "18/09/2014" in content
    assert "12\u202f500 €" in content
    assert "Police nationale — relais main courante, Justice / accès au droit" in content
    assert "Maurepas (Rennes)" in content and "Néotoa" in content
    assert "satisfait toutes les règles" in content
    assert reverse("partners:convention_edit", args=[convention.pk]) not in content


def test_a_convention_without_rules_says_it_covers_every_case(login, coordinator, service):
    convention = ConventionFactory(organisation=service)
    content = page(login(coordinator).get(detail_url(convention)))
    assert "tous les dossiers du service en relèvent" in content


def test_deliverables_show_their_state_and_lateness(login, coordinator, service):
    convention = ConventionFactory(organisation=service)
    DeliverableFactory(convention=convention, title="En retard", due_on=TODAY - dt.timedelta(5))
    DeliverableFactory(convention=convention, title="Bientôt", due_on=TODAY + dt.timedelta(1))
    DeliverableFactory(
        convention=convention,
        title="Rendu tard",
        due_on=dt.date(2025, 3, 31),
        done_on=dt.date(2025, 4, 2),
    )
    DeliverableFactory(
        convention=convention,
        title="Rendu à temps",
        due_on=dt.date(2025, 6, 30),
        done_on=dt.date(2025, 6, 20),
    )
    content = page(login(coordinator).get(detail_url(convention)))
    assert "En retard de 5 jours" in content
    assert "À rendre dans 1 jour" in content
    assert "Fait le 02/04/2025, avec 2 jours de retard" in content
    assert "Fait le 20/06/2025" in content
    assert content.count("Fait aujourd'hui") == 2


# --- Creating and editing --------------------------------------------------------------------


def test_a_coordinator_records_a_convention_with_its_scope_rules(
    login, coordinator, service, rennes_area
):
    data = convention_data(
        rennes_area,
        amount="45000",
        partners=[str(rennes_area["city"].pk), str(rennes_area["landlord"].pk)],
        scope_quartiers=[str(rennes_area["maurepas"].pk)],
        scope_referral_sources=[ReferralSource.SOCIAL_LANDLORD],
        scope_landlords=[str(rennes_area["landlord"].pk)],
    )
    response = login(coordinator).post(CREATE, data)
    convention = Convention.objects.get()
    assert response.status_code == 302 and response.url == detail_url(convention)
    assert convention.organisation == service and convention.funder == rennes_area["city"]
    assert set(convention.partners.all()) == {rennes_area["city"], rennes_area["landlord"]}
    assert convention.scope_activities == [Activity.NEIGHBOURHOOD_MEDIATION]
    assert list(convention.scope_communes.all()) == [rennes_area["rennes"]]
    assert list(convention.scope_quartiers.all()) == [rennes_area["maurepas"]]
    assert convention.scope_referral_sources == [ReferralSource.SOCIAL_LANDLORD]
    assert list(convention.scope_landlords.all()) == [rennes_area["landlord"]]
    assert JournalEntry.objects.filter(subject_id=convention.pk, verb="convention_created").exists()


def test_a_convention_ending_before_it_starts_is_refused_in_french(login, coordinator, rennes_area):
    data = convention_data(rennes_area, starts_on="2024-01-01", ends_on="2023-12-31")
    content = page(login(coordinator).post(CREATE, data))
    assert (
        "La convention ne peut pas finir (31/12/2023) avant de commencer (01/01/2024)." in content
    )
    assert not Convention.objects.exists()


def test_a_quartier_outside_the_chosen_communes_is_refused(login, coordinator, rennes_area):
    data = convention_data(
        rennes_area,
        scope_communes=[str(rennes_area["cesson"].pk)],
        scope_quartiers=[str(rennes_area["maurepas"].pk)],
    )
    content = page(login(coordinator).post(CREATE, data))
    assert "Ces quartiers ne sont pas dans les communes choisies : Maurepas (Rennes)." in content
    assert not Convention.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("scope_activities", ["GARDENING"]),
        ("scope_referral_sources", ["MARTIANS"]),
        ("scope_landlords", ["city"]),  # not a landlord
        ("funder", "landlord"),  # not flagged as a funder
        ("partners", []),
        ("amount", "-5"),
        ("starts_on", "31/02/2024"),
    ],
)
def test_bad_convention_input_answers_on_its_field_and_saves_nothing(
    login, coordinator, rennes_area, field, value
):
    if isinstance(value, list):
        value = [str(rennes_area[v].pk) if v in rennes_area else v for v in value]
    elif value in rennes_area:
        value = str(rennes_area[value].pk)
    response = login(coordinator).post(CREATE, convention_data(rennes_area, **{field: value}))
    content = page(response)
    assert f'id="id_{field}_error"' in content
    assert "rien n'a été enregistré" in content
    assert not Convention.objects.exists()


def test_communes_and_partners_of_another_service_are_refused(
    login, coordinator, other_service, rennes_area
):
    foreign_commune = CommuneFactory(organisation=other_service)
    foreign_partner = PartnerFactory(organisation=other_service, funder=True)
    data = convention_data(
        rennes_area,
        scope_communes=[str(foreign_commune.pk)],
        partners=[str(foreign_partner.pk)],
        funder=str(foreign_partner.pk),
    )
    content = page(login(coordinator).post(CREATE, data))
    assert content.count("Sélectionnez un choix valide") >= 3
    assert not Convention.objects.exists()


def test_editing_a_convention_replaces_its_rules(login, coordinator, service, rennes_area):
    convention = actions.create_convention(
        organisation=service,
        by=None,
        title="Convention Ville",
        partners=[rennes_area["city"]],
        starts_on=dt.date(2008, 1, 1),
        scope_communes=[rennes_area["rennes"]],
    )
    url = reverse("partners:convention_edit", args=[convention.pk])
    client = login(coordinator)
    form = page(client.get(url))
    assert f'<option value="{rennes_area["rennes"].pk}" selected>' in form
    data = convention_data(rennes_area, scope_communes=[str(rennes_area["cesson"].pk)])
    assert client.post(url, data).status_code == 302
    convention.refresh_from_db()
    assert list(convention.scope_communes.all()) == [rennes_area["cesson"]]
    assert convention.title == "Convention Ville de Rennes"


def test_an_invalid_edit_changes_nothing(login, coordinator, service, rennes_area):
    convention = ConventionFactory(
        organisation=service, title="Avant", partners=[rennes_area["city"]]
    )
    url = reverse("partners:convention_edit", args=[convention.pk])
    data = convention_data(rennes_area, title="Après", ends_on="2000-01-01")
    content = page(login(coordinator).post(url, data))
    assert "avant de commencer" in content
    convention.refresh_from_db()
    assert convention.title == "Avant" and convention.ends_on is None
    assert not convention.scope_communes.exists()


# --- Deliverables ----------------------------------------------------------------------------


def test_a_deliverable_is_reminded_a_month_before_by_default(login, coordinator, service):
    convention = ConventionFactory(organisation=service)
    url = reverse("partners:deliverable_create", args=[convention.pk])
    data = {
        "kind": "ACTIVITY_REPORT",
        "title": "Bilan d'activité 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "due_on": "2026-03-31",
        "remind_on": "",
    }
    assert login(coordinator).post(url, data).status_code == 302
    deliverable = convention.deliverables.get()
    assert deliverable.remind_on == dt.date(2026, 3, 1)
    assert deliverable.organisation == service


def test_a_deliverable_reminded_after_its_due_date_is_refused(login, coordinator, service):
    convention = ConventionFactory(organisation=service)
    url = reverse("partners:deliverable_create", args=[convention.pk])
    data = {
        "kind": "ACTIVITY_REPORT",
        "due_on": "2026-03-31",
        "remind_on": "2026-04-15",
        "period_start": "2025-12-31",
        "period_end": "2025-01-01",
    }
    content = page(login(coordinator).post(url, data))
    assert "Le rappel doit précéder la date à laquelle rendre." in content
    assert "La fin de la période précède son début." in content
    assert not Deliverable.objects.exists()


def test_marking_a_deliverable_done_in_one_click(login, coordinator, service):
    deliverable = DeliverableFactory(convention=ConventionFactory(organisation=service))
    url = reverse("partners:deliverable_done", args=[deliverable.convention.pk, deliverable.pk])
    client = login(coordinator)
    response = client.post(url, {"done_on": TODAY.isoformat()})
    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.done_on == TODAY
    again = page(client.post(url, {"done_on": TODAY.isoformat()}))
    assert "Ce livrable est déjà fait" in again
    assert JournalEntry.objects.filter(verb="deliverable_done").count() == 1


def test_a_deliverable_cannot_be_done_in_the_future(login, coordinator, service):
    deliverable = DeliverableFactory(convention=ConventionFactory(organisation=service))
    url = reverse("partners:deliverable_done", args=[deliverable.convention.pk, deliverable.pk])
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    content = page(login(coordinator).post(url, {"done_on": tomorrow}))
    assert "La date ne peut pas être dans le futur." in content
    deliverable.refresh_from_db()
    assert deliverable.done_on is None


def test_the_date_fields_of_a_convention_are_date_pickers_with_one_type(login, coordinator):
    content = page(login(coordinator).get(CREATE))
    for name in ("signed_on", "starts_on", "ends_on"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', content).group(0)
        assert re.findall(r'\btype="([^"]*)"', tag) == ["date"], tag
