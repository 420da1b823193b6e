"""The verbs refuse, in French and without writing anything, what a form would have caught:
commands, the demo and the API to come call them without a form."""

import datetime as dt

import pytest

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory, QuartierFactory
from palabre.core.models import JournalEntry
from palabre.partners import actions
from palabre.partners.actions import ActionRefused
from palabre.partners.models import Convention, PartnerKind, Venue
from palabre.partners.tests.factories import ContactFactory, PartnerFactory


def test_every_verb_writes_one_journal_line(coordinator, service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    partner = actions.create_partner(
        organisation=service, by=coordinator, kind=PartnerKind.SOCIAL_LANDLORD, name="Néotoa"
    )
    actions.rename_partner(
        partner=partner, by=coordinator, new_name="Néotoa OPH", renamed_on=dt.date(2020, 1, 1)
    )
    contact = actions.add_contact(partner=partner, by=coordinator, first_name="A", last_name="B")
    actions.deactivate_contact(contact=contact, by=coordinator)
    actions.add_residence(landlord=partner, by=coordinator, name="Les Tilleuls")
    actions.create_venue(
        organisation=service, by=coordinator, name="Le Cadran", address="1 rue", commune=rennes
    )
    convention = actions.create_convention(
        organisation=service,
        by=coordinator,
        title="Convention",
        partners=[partner],
        starts_on=dt.date(2024, 1, 1),
    )
    deliverable = actions.add_deliverable(
        convention=convention, by=coordinator, kind="OTHER", due_on=dt.date(2025, 1, 1)
    )
    actions.mark_deliverable_done(
        deliverable=deliverable, by=coordinator, done_on=dt.date(2025, 1, 1)
    )
    verbs = sorted(JournalEntry.objects.values_list("verb", flat=True))
    assert verbs == sorted(
        [
            "partner_created",
            "partner_renamed",
            "contact_added",
            "contact_deactivated",
            "residence_added",
            "venue_created",
            "convention_created",
            "deliverable_added",
            "deliverable_done",
        ]
    )
    assert set(JournalEntry.objects.values_list("actor", flat=True)) == {coordinator.user_id}


def test_a_convention_never_names_rows_of_another_service(service, other_service):
    own = PartnerFactory(organisation=service)
    foreign_commune = CommuneFactory(organisation=other_service, name="Ailleurs")
    foreign_partner = PartnerFactory(organisation=other_service, funder=True)
    for rules in (
        {"scope_communes": [foreign_commune]},
        {"funder": foreign_partner},
        {"partners": [own, foreign_partner]},
    ):
        with pytest.raises(ActionRefused, match="n'appartient pas à ce service"):
            actions.create_convention(
                organisation=service,
                by=None,
                title="Convention",
                starts_on=dt.date(2024, 1, 1),
                **{"partners": [own], **rules},
            )
    assert not Convention.objects.exists()


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"ends_on": dt.date(2023, 1, 1)}, "finir avant de commencer"),
        ({"partners": []}, "au moins un signataire"),
        ({"scope_activities": ["GARDENING"]}, "Valeurs inconnues"),
        ({"scope_referral_sources": ["MARTIANS"]}, "Valeurs inconnues"),
        ({"amount": -1}, "négatif"),
    ],
)
def test_a_convention_that_makes_no_sense_is_refused(service, rules, message):
    partner = PartnerFactory(organisation=service)
    with pytest.raises(ActionRefused, match=message):
        actions.create_convention(
            organisation=service,
            by=None,
            title="Convention",
            starts_on=dt.date(2024, 1, 1),
            **{"partners": [partner], **rules},
        )
    assert not Convention.objects.exists()


def test_a_convention_quartier_must_be_in_its_communes(service):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    cesson = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    with pytest.raises(ActionRefused, match="pas dans les communes choisies"):
        actions.create_convention(
            organisation=service,
            by=None,
            title="Convention",
            partners=[PartnerFactory(organisation=service)],
            starts_on=dt.date(2024, 1, 1),
            scope_communes=[cesson],
            scope_quartiers=[QuartierFactory(commune=rennes)],
        )


def test_only_landlords_have_residences_and_only_funders_fund(service):
    association = PartnerFactory(organisation=service)
    with pytest.raises(ActionRefused, match="Seul un bailleur social"):
        actions.add_residence(landlord=association, by=None, name="Les Tilleuls")
    with pytest.raises(ActionRefused, match="n'est pas marqué comme financeur"):
        actions.create_convention(
            organisation=service,
            by=None,
            title="Convention",
            partners=[association],
            funder=association,
            starts_on=dt.date(2024, 1, 1),
        )
    with pytest.raises(ActionRefused, match="que des bailleurs sociaux"):
        actions.create_convention(
            organisation=service,
            by=None,
            title="Convention",
            partners=[association],
            starts_on=dt.date(2024, 1, 1),
            scope_landlords=[association],
        )


def test_a_venue_in_another_service_commune_is_refused(service, other_service):
    with pytest.raises(ActionRefused, match="n'appartient pas à ce service"):
        actions.create_venue(
            organisation=service,
            by=None,
            name="Lieu",
            address="1 rue",
            commune=CommuneFactory(organisation=other_service),
        )
    assert not Venue.objects.exists()


def test_only_a_partner_account_of_the_service_can_be_attached_to_a_contact(
    member, service, other_service
):
    partner = PartnerFactory(organisation=service)
    for membership, message in [
        (member("mediator"), "Seul un compte « partenaire prescripteur »"),
        (MembershipFactory(organisation=other_service, role="partner"), "n'appartient pas"),
    ]:
        with pytest.raises(ActionRefused, match=message):
            actions.add_contact(
                partner=partner, by=None, first_name="A", last_name="B", membership=membership
            )
    account = member("partner")
    ContactFactory(partner=partner, membership=account)
    with pytest.raises(ActionRefused, match="déjà rattaché"):
        actions.add_contact(
            partner=partner, by=None, first_name="C", last_name="D", membership=account
        )


def test_a_rename_that_goes_back_in_time_is_refused(service):
    partner = PartnerFactory(organisation=service, name="Un")
    actions.rename_partner(
        partner=partner, by=None, new_name="Deux", renamed_on=dt.date(2020, 1, 1)
    )
    with pytest.raises(ActionRefused, match="jusqu'au 31/12/2019"):
        actions.rename_partner(
            partner=partner, by=None, new_name="Trois", renamed_on=dt.date(2019, 6, 1)
        )
    partner.refresh_from_db()
    assert partner.name == "Deux" and partner.former_names.count() == 1


def test_a_funder_with_conventions_cannot_be_unflagged(service):
    funder = PartnerFactory(organisation=service, funder=True, name="Ville")
    actions.create_convention(
        organisation=service,
        by=None,
        title="Convention",
        partners=[funder],
        funder=funder,
        starts_on=dt.date(2024, 1, 1),
    )
    fields = {
        "kind": funder.kind,
        "name": funder.name,
        "short_name": "",
        "is_funder": False,
        "address": "",
        "commune": None,
        "phone": "",
        "email": "",
        "website": "",
        "description": "",
        "is_active": True,
    }
    with pytest.raises(ActionRefused, match="il reste financeur"):
        actions.update_partner(partner=funder, by=None, **fields)
