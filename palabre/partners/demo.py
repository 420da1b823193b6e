"""Demo partners of a Rennes mediation service, built through the real actions.

``seed_partners`` reads the verified reference list ``data/partners-from-seed.csv`` (a copy of
the shared reference file; its UNVERIFIED row is skipped), then adds what the demo needs around
it: fictitious contacts (Faker names, ``.example`` addresses, ARCEP numbers reserved for
fiction), fictitious residences of the landlords, the venues, the conventions with their scope
rules and their yearly deliverables. Amounts are left empty: no public source gives them.

The cases generator calls it after the territory is installed, then links cases to the partners
it returns. Same seed, same data.
"""

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from faker import Faker

from palabre.core.codes import ReferralSource
from palabre.core.text import normalise
from palabre.partners import actions
from palabre.partners.models import (
    Convention,
    Deliverable,
    DeliverableKind,
    Partner,
    PartnerKind,
    Venue,
)

PARTNERS_CSV = Path(__file__).resolve().parent / "data" / "partners-from-seed.csv"
SEED = 2008

KINDS = {
    "city": PartnerKind.CITY,
    "metropole": PartnerKind.INTERCOMMUNALITY,
    "region": PartnerKind.LOCAL_AUTHORITY,
    "facility": PartnerKind.FACILITY,
    "social_landlord": PartnerKind.SOCIAL_LANDLORD,
    "foundation": PartnerKind.FOUNDATION,
    "justice": PartnerKind.JUSTICE,
    "police": PartnerKind.POLICE,
    "state": PartnerKind.STATE,
    "network": PartnerKind.NETWORK,
}

CITY = "Ville de Rennes"
METROPOLE = "Rennes Métropole"
ARCS = "ARCS - association rennaise des centres sociaux"
POLICE = "Police nationale - DIPN d'Ille-et-Vilaine (ex-DDSP 35)"
PROSECUTOR = "Procureur de la République près le tribunal judiciaire de Rennes"
CDAD = "CDAD 35 - Conseil départemental de l'accès au droit d'Ille-et-Vilaine"
LANDLORDS_WITH_CONVENTION = ["Archipel Habitat", "Aiguillon Construction", "Néotoa"]
FONDATION = "Fondation pour le logement des défavorisés"
FONDATION_IN_CSV = "Fondation pour le logement des défavorisés (ex-Fondation Abbé Pierre)"
FONDATION_FORMER_NAME = "Fondation Abbé Pierre pour le logement des défavorisés"
FONDATION_RENAMED_ON = dt.date(2025, 3, 17)  # the former name is valid until the 16th
FUNDERS = {CITY, METROPOLE, *LANDLORDS_WITH_CONVENTION, FONDATION, "DRAJES Bretagne"}
FUNDERS |= {"Région Bretagne"}  # FDVA 1, delegated by the State since 2022
SHORT_NAMES = {ARCS: "ARCS", CDAD: "CDAD 35", POLICE: "DIPN 35", PROSECUTOR: "Parquet de Rennes"}
POLICE_JUSTICE_SIGNED_ON = dt.date(2014, 9, 18)

# (venue, host partner, address — from the reference notes where given —, quartier)
TO_COMPLETE = "Adresse à compléter"
VENUES = [
    (
        "Maison du Ronceray",
        "Maison du Ronceray",
        TO_COMPLETE,
        "Francisco Ferrer - Landry - Poterie",
    ),
    ("Jeu de Paume", "Jeu de Paume", "12 rue Saint-Louis", "Centre"),
    (
        "Maison de quartier de Villejean",
        "Maison de quartier de Villejean",
        TO_COMPLETE,
        "Villejean - Beauregard",
    ),
    (
        "Le Cadran",
        "Association 3 Regards - Le Cadran",
        "11 avenue André Mussat",
        "Villejean - Beauregard",
    ),
    ("Centre social de Cleunay", ARCS, "49 rue Jules Lallemand", "Cleunay - Arsenal - Redon"),
    ("Centre social Carrefour 18", ARCS, "7 rue d'Espagne", "Sud gare"),
    ("Centre social de Villejean", ARCS, "42 cours Kennedy", "Villejean - Beauregard"),
]
# Fictitious residences, placed in the quartiers where social housing is densest first.
RESIDENCE_NAMES = [
    "Les Tilleuls", "Les Érables", "Le Verger", "Les Acacias", "Les Charmilles", "Les Peupliers",
    "Les Noisetiers", "Les Cèdres", "Les Saules", "Les Bouleaux", "Les Magnolias", "Les Lilas",
    "Les Camélias", "Les Hortensias", "Les Mimosas", "Les Aubépines",
]  # fmt: skip
RESIDENCE_QUARTIERS = [
    "Maurepas - Bellangerais",
    "Le Blosne",
    "Villejean - Beauregard",
    "Bréquigny",
    "Cleunay - Arsenal - Redon",
    "Francisco Ferrer - Landry - Poterie",
    "Jeanne d'Arc - Longs Champs - Beaulieu",
    "Sud gare",
]
RESIDENCES_PER_LANDLORD = 4
JOB_TITLES = {
    PartnerKind.CITY: ["Chargé·e de mission tranquillité publique", "Directeur·rice de quartier"],
    PartnerKind.INTERCOMMUNALITY: ["Chargé·e de mission prévention", "Chargé·e de mission habitat"],
    PartnerKind.SOCIAL_LANDLORD: ["Chargé·e de gestion locative", "Responsable d'agence"],
    PartnerKind.FACILITY: ["Directeur·rice", "Animateur·rice référent·e familles"],
    PartnerKind.POLICE: ["Référent·e médiation", "Chef·fe de la circonscription"],
    PartnerKind.JUSTICE: ["Magistrat·e référent·e", "Coordinateur·rice de l'accès au droit"],
    PartnerKind.FOUNDATION: ["Chargé·e de mission régional·e"],
    PartnerKind.STATE: ["Conseiller·ère vie associative"],
    PartnerKind.LOCAL_AUTHORITY: ["Chargé·e de mission vie associative"],
    PartnerKind.NETWORK: ["Délégué·e général·e"],
}


@dataclass(frozen=True)
class PartnerRow:
    name: str
    kind: str
    notes: str


def read_partner_rows(path: Path = PARTNERS_CSV) -> list[PartnerRow]:
    """The verified rows of the reference list (an UNVERIFIED row, or one without a kind, is
    left out rather than guessed)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            PartnerRow(row["name"].strip(), row["kind"].strip(), row["notes"].strip())
            for row in csv.DictReader(handle)
        ]
    return [row for row in rows if row.kind and not row.notes.upper().startswith("UNVERIFIED")]


def _email_part(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in normalise(text)).split())


def _fictitious_phone(rng: random.Random) -> str:
    # 02 61 91 xx xx: a range ARCEP reserves for fiction (films, books, demos).
    return f"02 61 91 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"


def _demo_years(today: dt.date, years: int) -> range:
    return range(today.year - years + 1, today.year + 1)


@transaction.atomic
def seed_partners(
    organisation, *, communes_by_name: dict, quartiers_by_name: dict, today: dt.date, years: int = 3
) -> dict:
    """Builds the demo partners, venues and conventions of ``organisation`` (which has none yet).

    ``communes_by_name`` must hold « Rennes »; quartiers missing from ``quartiers_by_name`` are
    left empty. Deliverables cover the ``years`` demo years up to ``today``: those due before
    ``today`` are done. Returns::

        {
            "partners": {name: Partner},           # today's names, e.g. FONDATION
            "landlords": [Partner],                 # the social landlords
            "referrers_by_source": {ReferralSource: [Partner]},
            "residences": {landlord name: [Residence]},
            "venues": {name: Venue},
            "conventions": {"city" | "metropole" | "police_justice" | landlord name: Convention},
        }
    """
    if "Rennes" not in communes_by_name:
        raise ValueError("seed_partners needs the commune « Rennes » in communes_by_name.")
    rennes = communes_by_name["Rennes"]
    rng = random.Random(SEED)
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)

    partners = {}
    for row in read_partner_rows():
        name = FONDATION_FORMER_NAME if row.name == FONDATION_IN_CSV else row.name
        partner = actions.create_partner(
            organisation=organisation,
            by=None,
            kind=KINDS[row.kind],
            name=name,
            short_name=SHORT_NAMES.get(row.name, ""),
            is_funder=row.name in FUNDERS or row.name == FONDATION_IN_CSV,
            commune=None if row.kind == "network" else rennes,
        )
        if row.name == FONDATION_IN_CSV:
            actions.rename_partner(
                partner=partner, by=None, new_name=FONDATION, renamed_on=FONDATION_RENAMED_ON
            )
        partners[partner.name] = partner

    for partner in partners.values():
        titles = JOB_TITLES.get(partner.kind, ["Chargé·e de mission"])
        for title in titles[: rng.choice([1, 2])]:
            first_name, last_name = fake.first_name(), fake.last_name()
            domain = "-".join(_email_part(partner.short_name or partner.name).split("-")[:4])
            actions.add_contact(
                partner=partner,
                by=None,
                first_name=first_name,
                last_name=last_name,
                job_title=title,
                email=f"{_email_part(first_name)}.{_email_part(last_name)}@{domain}.example",
                phone=_fictitious_phone(rng),
            )

    landlords = [p for p in partners.values() if p.kind == PartnerKind.SOCIAL_LANDLORD]
    quartiers = [quartiers_by_name[n] for n in RESIDENCE_QUARTIERS if n in quartiers_by_name]
    names = iter(RESIDENCE_NAMES)
    residences = {}
    for index, landlord in enumerate(landlords):
        residences[landlord.name] = []
        for number in range(RESIDENCES_PER_LANDLORD):
            quartier = quartiers[(index + number * 3) % len(quartiers)] if quartiers else None
            residence = actions.add_residence(
                landlord=landlord,
                by=None,
                name=f"Résidence {next(names, f'{landlord.name} {number + 1}')}",
                address=fake.street_address(),
                commune=quartier.commune if quartier else rennes,
                quartier=quartier,
            )
            residences[landlord.name].append(residence)

    venues = {}
    for name, host, address, quartier_name in VENUES:
        quartier = quartiers_by_name.get(quartier_name)
        venues[name] = actions.create_venue(
            organisation=organisation,
            by=None,
            name=name,
            address=address,
            commune=quartier.commune if quartier else rennes,
            quartier=quartier,
            host=partners.get(host),
        )

    conventions = _seed_conventions(organisation, partners, communes_by_name, rennes, today, years)
    for convention in conventions.values():
        _seed_deliverables(convention, today, years, rng)

    referrers = {}
    for partner in partners.values():
        if partner.referral_source != ReferralSource.OTHER:
            referrers.setdefault(partner.referral_source, []).append(partner)
    return {
        "partners": partners,
        "landlords": landlords,
        "referrers_by_source": referrers,
        "residences": residences,
        "venues": venues,
        "conventions": conventions,
    }


@transaction.atomic
def delete_partners(organisations) -> None:
    """Deletes the partners, venues and conventions of ``organisations`` (a queryset or list).

    Deleting an organisation does not cascade through them on its own: a convention protects its
    funder and a venue its commune (``on_delete=PROTECT``). Call this after deleting the
    organisations' cases (which protect their referrer and landlord) and before deleting the
    organisations themselves.
    """
    Convention.objects.filter(organisation__in=organisations).delete()
    Venue.objects.filter(organisation__in=organisations).delete()
    Partner.objects.filter(organisation__in=organisations).delete()


def _seed_conventions(organisation, partners, communes_by_name, rennes, today, years):
    city, metropole = partners[CITY], partners[METROPOLE]
    first_year = dt.date(_demo_years(today, years).start, 1, 1)
    conventions = {
        "city": actions.create_convention(
            organisation=organisation,
            by=None,
            title="Convention Ville de Rennes — médiation de voisinage",
            purpose=(
                "Médiation des conflits de voisinage à Rennes. La Ville assurait elle-même la "
                "médiation de voisinage jusqu'en 2007 et la confie au service depuis 2008."
            ),
            partners=[city],
            funder=city,
            starts_on=dt.date(2008, 1, 1),
            scope_communes=[rennes],
        ),
        "metropole": actions.create_convention(
            organisation=organisation,
            by=None,
            title="Convention Rennes Métropole — médiation dans les communes",
            purpose="Médiation de voisinage dans les communes de la Métropole autres que Rennes.",
            partners=[metropole],
            funder=metropole,
            starts_on=dt.date(2021, 12, 1),
            scope_communes=[c for name, c in communes_by_name.items() if name != "Rennes"],
        ),
        "police_justice": actions.create_convention(
            organisation=organisation,
            by=None,
            title="Convention de médiation des conflits de voisinage signalés à la police",
            purpose=(
                "Médiation extrajudiciaire des conflits de voisinage signalés à la police "
                "(relais de main courante), avec le parquet, le CDAD et la Ville."
            ),
            partners=[partners[POLICE], partners[PROSECUTOR], partners[CDAD], city],
            signed_on=POLICE_JUSTICE_SIGNED_ON,
            starts_on=POLICE_JUSTICE_SIGNED_ON,
            scope_referral_sources=[ReferralSource.POLICE_NATIONALE, ReferralSource.JUSTICE],
        ),
    }
    for name in LANDLORDS_WITH_CONVENTION:
        landlord = partners[name]
        conventions[name] = actions.create_convention(
            organisation=organisation,
            by=None,
            title=f"Convention de partenariat — {name}",
            purpose=(
                "Médiation des conflits de voisinage entre locataires du bailleur, sur "
                "orientation de ses équipes de proximité ; bilans par résidence."
            ),
            partners=[landlord],
            funder=landlord,
            starts_on=first_year,
            scope_landlords=[landlord],
        )
    return conventions


def _seed_deliverables(convention, today, years, rng):
    """Per demo year: the activity report (31 March), the financial report when funded
    (30 June), the steering committee (mid-October). Past ones are done, a few late."""
    for year in _demo_years(today, years):
        if not convention.is_in_force(dt.date(year, 12, 31)):
            continue
        activity = (DeliverableKind.ACTIVITY_REPORT, f"Bilan d'activité {year}")
        committee = (DeliverableKind.STEERING_COMMITTEE, f"Comité de pilotage {year}")
        planned = [(*activity, dt.date(year + 1, 3, 31)), (*committee, dt.date(year, 10, 15))]
        if convention.funder_id:
            planned.append(
                (
                    DeliverableKind.FINANCIAL_REPORT,
                    f"Compte rendu financier {year}",
                    dt.date(year + 1, 6, 30),
                )
            )
        for kind, title, due_on in planned:
            reported = kind != DeliverableKind.STEERING_COMMITTEE
            deliverable = actions.add_deliverable(
                convention=convention,
                by=None,
                kind=kind,
                title=title,
                due_on=due_on,
                period_start=dt.date(year, 1, 1) if reported else None,
                period_end=dt.date(year, 12, 31) if reported else None,
            )
            if due_on < today:
                late = rng.random() < 0.2
                done_on = due_on + dt.timedelta(
                    days=rng.randint(1, 12) if late else -rng.randint(0, 20)
                )
                actions.mark_deliverable_done(
                    deliverable=deliverable, by=None, done_on=min(done_on, today)
                )
                # Their reminder went out on time.
                Deliverable.objects.filter(pk=deliverable.pk).update(
                    reminded_on=deliverable.remind_on
                )
