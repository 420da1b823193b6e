import datetime as dt

import pytest
from django.db.models import ProtectedError

from palabre.cases.models import Case
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    OrganisationFactory,
    QuartierFactory,
)
from palabre.core.codes import ReferralSource
from palabre.core.models import JournalEntry
from palabre.organisations.models import Organisation
from palabre.partners.demo import delete_partners, read_partner_rows, seed_partners
from palabre.partners.models import (
    Contact,
    Deliverable,
    DeliverableKind,
    Partner,
    PartnerKind,
    Residence,
    Venue,
)

TODAY = dt.date(2026, 5, 15)
FONDATION = "Fondation pour le logement des défavorisés"
POLICE = "Police nationale - DIPN d'Ille-et-Vilaine (ex-DDSP 35)"


@pytest.fixture
def small_service(db):
    organisation = OrganisationFactory(name="Service de démo", slug="demo-partenaires")
    rennes = CommuneFactory(organisation=organisation, name="Rennes", insee_code="35238")
    communes = {
        "Rennes": rennes,
        "Cesson-Sévigné": CommuneFactory(organisation=organisation, name="Cesson-Sévigné"),
        "Betton": CommuneFactory(organisation=organisation, name="Betton"),
    }
    quartiers = {
        name: QuartierFactory(commune=rennes, name=name)
        for name in ["Centre", "Villejean - Beauregard", "Maurepas - Bellangerais", "Le Blosne"]
    }
    return organisation, communes, quartiers


@pytest.fixture
def seeded(small_service):
    organisation, communes, quartiers = small_service
    result = seed_partners(
        organisation, communes_by_name=communes, quartiers_by_name=quartiers, today=TODAY
    )
    return organisation, communes, quartiers, result


def test_the_reference_list_leaves_the_unverified_row_out():
    names = [row.name for row in read_partner_rows()]
    assert len(names) == 18
    assert "ADO Habitat" not in names
    assert "Néotoa" in names and "Ville de Rennes" in names


def test_the_demo_builds_every_verified_partner_of_the_reference_list(seeded):
    organisation, _communes, _quartiers, result = seeded
    partners = Partner.objects.of(organisation)
    assert partners.count() == 18 == len(result["partners"])
    assert result["partners"]["Néotoa"].kind == PartnerKind.SOCIAL_LANDLORD
    assert result["partners"]["Rennes Métropole"].kind == PartnerKind.INTERCOMMUNALITY
    assert result["partners"]["Région Bretagne"].kind == PartnerKind.LOCAL_AUTHORITY
    assert set(partners.funders().values_list("name", flat=True)) == {
        "Ville de Rennes",
        "Rennes Métropole",
        "Archipel Habitat",
        "Aiguillon Construction",
        "Néotoa",
        FONDATION,
        "DRAJES Bretagne",
        "Région Bretagne",
    }
    assert [p.name for p in result["landlords"]] == [
        "Archipel Habitat",
        "Aiguillon Construction",
        "Néotoa",
        "Espacil Habitat",
    ]
    assert (
        result["partners"][POLICE] in result["referrers_by_source"][ReferralSource.POLICE_NATIONALE]
    )


def test_the_fondation_bore_its_former_name_until_16_march_2025(seeded):
    fondation = seeded[3]["partners"][FONDATION]
    assert fondation.is_funder and fondation.kind == PartnerKind.FOUNDATION
    former = "Fondation Abbé Pierre pour le logement des défavorisés"
    assert fondation.name_on(dt.date(2025, 3, 16)) == former
    assert fondation.name_on(dt.date(2025, 3, 17)) == FONDATION


def test_contacts_are_fictitious_and_everyone_has_one(seeded):
    organisation = seeded[0]
    contacts = Contact.objects.filter(organisation=organisation)
    assert set(contacts.values_list("partner", flat=True)) == set(
        Partner.objects.of(organisation).values_list("pk", flat=True)
    )
    for contact in contacts:
        assert contact.email.endswith(".example")
        assert contact.phone.startswith("02 61 91 ")  # reserved for fiction by ARCEP


def test_landlords_have_residences_in_rennes_quartiers(seeded):
    organisation, communes, quartiers, result = seeded
    for landlord in result["landlords"]:
        residences = result["residences"][landlord.name]
        assert len(residences) == 4
        assert all(r.quartier in quartiers.values() for r in residences)
        assert all(r.commune == communes["Rennes"] for r in residences)
    assert Residence.objects.filter(organisation=organisation).count() == 16


def test_venues_carry_the_reference_addresses_and_their_host(seeded):
    organisation, _communes, quartiers, result = seeded
    venues = {venue.name: venue for venue in Venue.objects.of(organisation)}
    assert len(venues) == 7
    cleunay = venues["Centre social de Cleunay"]
    assert cleunay.address == "49 rue Jules Lallemand"
    assert cleunay.host.short_name == "ARCS"
    assert venues["Jeu de Paume"].address == "12 rue Saint-Louis"
    assert venues["Jeu de Paume"].quartier == quartiers["Centre"]
    assert venues["Le Cadran"].host.name == "Association 3 Regards - Le Cadran"
    assert result["venues"]["Le Cadran"] == venues["Le Cadran"]


def test_conventions_have_the_scope_rules_of_the_domain(seeded):
    organisation, communes, _quartiers, result = seeded
    conventions = result["conventions"]
    city = conventions["city"]
    assert city.starts_on == dt.date(2008, 1, 1) and city.ends_on is None
    assert list(city.scope_communes.all()) == [communes["Rennes"]]
    metropole = conventions["metropole"]
    assert metropole.starts_on == dt.date(2021, 12, 1)
    assert set(metropole.scope_communes.all()) == {communes["Cesson-Sévigné"], communes["Betton"]}
    police = conventions["police_justice"]
    assert police.signed_on == dt.date(2014, 9, 18) and police.funder is None
    assert police.scope_referral_sources == ["POLICE_NATIONALE", "JUSTICE"]
    assert {p.name for p in police.partners.all()} == {
        POLICE,
        "Procureur de la République près le tribunal judiciaire de Rennes",
        "CDAD 35 - Conseil départemental de l'accès au droit d'Ille-et-Vilaine",
        "Ville de Rennes",
    }
    for name in ("Archipel Habitat", "Aiguillon Construction", "Néotoa"):
        landlord = result["partners"][name]
        assert list(conventions[name].scope_landlords.all()) == [landlord]
        assert conventions[name].funder == landlord


def test_yearly_deliverables_are_done_in_the_past_and_pending_ahead(seeded):
    organisation, *_rest, result = seeded
    deliverables = Deliverable.objects.of(organisation)
    city = result["conventions"]["city"]
    report_2025 = city.deliverables.get(kind=DeliverableKind.ACTIVITY_REPORT, due_on__year=2026)
    assert report_2025.due_on == dt.date(2026, 3, 31) and report_2025.done_on is not None
    assert city.deliverables.get(title="Compte rendu financier 2025").due_on == dt.date(2026, 6, 30)
    assert {d.kind for d in city.deliverables.all()} == {
        DeliverableKind.ACTIVITY_REPORT,
        DeliverableKind.FINANCIAL_REPORT,
        DeliverableKind.STEERING_COMMITTEE,
    }
    assert not deliverables.filter(due_on__lt=TODAY, done_on__isnull=True).exists()
    assert not deliverables.filter(due_on__gte=TODAY, done_on__isnull=False).exists()
    assert deliverables.filter(done_on__gt=TODAY).count() == 0
    police = result["conventions"]["police_justice"]
    assert not police.deliverables.filter(kind=DeliverableKind.FINANCIAL_REPORT).exists()
    # A month before the financial report of 2025, the reminder command has work.
    assert not deliverables.due_for_reminder(TODAY).exists()
    assert deliverables.due_for_reminder(dt.date(2026, 6, 1)).exists()


def test_the_demo_is_the_same_every_time(small_service):
    organisation, communes, quartiers = small_service
    other = OrganisationFactory(slug="demo-partenaires-2")
    other_communes = {n: CommuneFactory(organisation=other, name=n) for n in communes}
    seed_partners(organisation, communes_by_name=communes, quartiers_by_name=quartiers, today=TODAY)
    seed_partners(other, communes_by_name=other_communes, quartiers_by_name={}, today=TODAY)

    def names(org):
        return sorted(
            Contact.objects.filter(organisation=org).values_list("first_name", "last_name")
        )

    assert names(organisation) == names(other)


def test_cases_fall_in_the_convention_of_their_commune(seeded, member):
    organisation, communes, _quartiers, result = seeded
    coordinator = member("coordinator", organisation=organisation)
    in_cesson = CaseFactory(
        organisation=organisation, by=coordinator, commune=communes["Cesson-Sévigné"]
    )
    in_rennes = CaseFactory(organisation=organisation, by=coordinator, commune=communes["Rennes"])
    metropole = Case.objects.in_scope_of(result["conventions"]["metropole"])
    city = Case.objects.in_scope_of(result["conventions"]["city"])
    assert list(metropole) == [in_cesson]
    assert list(city) == [in_rennes]


def test_the_demo_service_can_be_deleted_once_its_partners_are(seeded):
    organisation = seeded[0]
    organisations = Organisation.objects.filter(pk=organisation.pk)
    with pytest.raises(ProtectedError):
        organisations.delete()
    delete_partners(organisations)
    organisations.delete()
    assert not Partner.objects.exists() and not Venue.objects.exists()
    assert JournalEntry.objects.filter(organisation=organisation).count() == 0
