"""The demo network's members, dues, poles and events.

About forty fictitious member services in real French cities, across regions, legal types and
phases (every name ends in « (démo) »), the demo service among them with its Palabre
organisation; their contacts (fictitious people); four regional poles with their referents;
the memberships of last year and this year, some of this year's unpaid and already reminded;
past events with their attendance and coming ones with their registrations, and a few shared
documents. Everything goes through the verbs, without e-mail.
"""

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from faker import Faker

from palabre.network import actions
from palabre.network.models import (
    Attendance,
    Domain,
    DuesCategory,
    EventKind,
    LegalType,
    MemberYear,
    Phase,
    Region,
)

SEED = 20261206

# city, region, legal type
CITIES = [
    ("Lille", Region.HDF, LegalType.CITY),
    ("Roubaix", Region.HDF, LegalType.ASSOCIATION),
    ("Amiens", Region.HDF, LegalType.INTERCOMMUNALITY),
    ("Dunkerque", Region.HDF, LegalType.TRANSPORT_OPERATOR),
    ("Saint-Denis", Region.IDF, LegalType.CITY),
    ("Montreuil", Region.IDF, LegalType.ASSOCIATION),
    ("Créteil", Region.IDF, LegalType.SOCIAL_LANDLORD),
    ("Argenteuil", Region.IDF, LegalType.REGIE_DE_QUARTIER),
    ("Évry-Courcouronnes", Region.IDF, LegalType.INTERCOMMUNALITY),
    ("Strasbourg", Region.GES, LegalType.ASSOCIATION),
    ("Mulhouse", Region.GES, LegalType.CITY),
    ("Metz", Region.GES, LegalType.REGIE_DE_QUARTIER),
    ("Reims", Region.GES, LegalType.SOCIAL_LANDLORD),
    ("Nantes", Region.PDL, LegalType.INTERCOMMUNALITY),
    ("Angers", Region.PDL, LegalType.ASSOCIATION),
    ("Le Mans", Region.PDL, LegalType.CITY),
    ("Brest", Region.BRE, LegalType.ASSOCIATION),
    ("Lorient", Region.BRE, LegalType.REGIE_DE_QUARTIER),
    ("Caen", Region.NOR, LegalType.CITY),
    ("Le Havre", Region.NOR, LegalType.SOCIAL_LANDLORD),
    ("Rouen", Region.NOR, LegalType.TRANSPORT_OPERATOR),
    ("Tours", Region.CVL, LegalType.ASSOCIATION),
    ("Orléans", Region.CVL, LegalType.INTERCOMMUNALITY),
    ("Lyon", Region.ARA, LegalType.TRANSPORT_OPERATOR),
    ("Villeurbanne", Region.ARA, LegalType.ASSOCIATION),
    ("Grenoble", Region.ARA, LegalType.CITY),
    ("Saint-Étienne", Region.ARA, LegalType.REGIE_DE_QUARTIER),
    ("Clermont-Ferrand", Region.ARA, LegalType.SOCIAL_LANDLORD),
    ("Dijon", Region.BFC, LegalType.INTERCOMMUNALITY),
    ("Besançon", Region.BFC, LegalType.ASSOCIATION),
    ("Marseille", Region.PAC, LegalType.ASSOCIATION),
    ("Nice", Region.PAC, LegalType.CITY),
    ("Avignon", Region.PAC, LegalType.REGIE_DE_QUARTIER),
    ("Toulouse", Region.OCC, LegalType.CITY),
    ("Montpellier", Region.OCC, LegalType.TRANSPORT_OPERATOR),
    ("Nîmes", Region.OCC, LegalType.ASSOCIATION),
    ("Bordeaux", Region.NAQ, LegalType.INTERCOMMUNALITY),
    ("Poitiers", Region.NAQ, LegalType.ASSOCIATION),
    ("Limoges", Region.NAQ, LegalType.SOCIAL_LANDLORD),
    ("Saint-Denis de La Réunion", Region.REU, LegalType.ASSOCIATION),
    ("Fort-de-France", Region.MTQ, LegalType.CITY),
]

NAMES = {
    LegalType.CITY: "Service de médiation de la ville de {city} (démo)",
    LegalType.INTERCOMMUNALITY: "Médiation sociale de l'agglomération de {city} (démo)",
    LegalType.REGIE_DE_QUARTIER: "Régie de quartier de {city} — médiation (démo)",
    LegalType.ASSOCIATION: "Médiation sociale de {city} (démo)",
    LegalType.SOCIAL_LANDLORD: "{city} Habitat — tranquillité résidentielle (démo)",
    LegalType.TRANSPORT_OPERATOR: "Médiation des transports de {city} (démo)",
}

DOMAINS = {
    LegalType.CITY: [Domain.PUBLIC_SPACE_DAY, Domain.NEIGHBOURHOOD_CONFLICTS, Domain.SCHOOL],
    LegalType.INTERCOMMUNALITY: [Domain.PUBLIC_SPACE_DAY, Domain.PUBLIC_SPACE_NIGHT],
    LegalType.REGIE_DE_QUARTIER: [Domain.SOCIAL_HOUSING, Domain.NEIGHBOURHOOD_CONFLICTS],
    LegalType.ASSOCIATION: [
        Domain.NEIGHBOURHOOD_CONFLICTS,
        Domain.ACCESS_TO_RIGHTS,
        Domain.PUBLIC_SPACE_NIGHT,
    ],
    LegalType.SOCIAL_LANDLORD: [Domain.SOCIAL_HOUSING],
    LegalType.TRANSPORT_OPERATOR: [Domain.TRANSPORT, Domain.PUBLIC_SPACE_NIGHT],
}

POLES = [
    ("Pôle Grand Ouest", [Region.BRE, Region.PDL, Region.NOR, Region.CVL]),
    ("Pôle Nord – Île-de-France – Est", [Region.HDF, Region.IDF, Region.GES]),
    ("Pôle Centre-Est", [Region.ARA, Region.BFC]),
    ("Pôle Sud", [Region.PAC, Region.OCC, Region.NAQ, Region.COR]),
]

POSITIONS = ["Directeur·rice", "Coordinateur·rice", "Responsable de service", "Chargé·e de mission"]


def _category(legal_type, staff):
    if legal_type in (LegalType.CITY, LegalType.INTERCOMMUNALITY, LegalType.SOCIAL_LANDLORD):
        return DuesCategory.AUTHORITY
    if staff < 5:
        return DuesCategory.SMALL
    return DuesCategory.MEDIUM if staff <= 20 else DuesCategory.LARGE


def _contacts(member, city, fake, count):
    domain = f"{slugify(city)}.demo.palabre.fr"
    contacts = []
    for index in range(count):
        first, last = fake.first_name(), fake.last_name()
        contacts.append(
            actions.add_contact(
                member=member,
                by=None,
                first_name=first,
                last_name=last,
                position=POSITIONS[index % len(POSITIONS)],
                email=f"{slugify(first)}.{slugify(last)}@{domain}",
                phone=fake.phone_number(),
                is_main=index == 0,
            )
        )
    return contacts


@transaction.atomic
def seed_network(network, *, today: dt.date, demo_service=None, size: int | None = None) -> dict:
    """Builds the demo network's members, dues, poles and events; ``size`` limits the number of
    member services (for tests). Answers what it built."""
    rng = random.Random(SEED)
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    poles = {}
    for name, regions in POLES:
        pole = actions.create_pole(network=network, by=None, name=name, regions=regions)
        for region in regions:
            poles[region] = pole

    members, contacts_of = [], {}
    if demo_service is not None:
        demo_service.networks.add(network)
        member = actions.create_member(
            network=network,
            by=None,
            organisation=demo_service,
            name=demo_service.name,
            legal_type=LegalType.ASSOCIATION,
            phase=Phase.PERMANENT,
            domains=[Domain.NEIGHBOURHOOD_CONFLICTS, Domain.SOCIAL_HOUSING],
            staff=9,
            volunteers=12,
            territories="Rennes et Rennes Métropole",
            region=Region.BRE,
            pole=poles[Region.BRE],
            joined_on=dt.date(today.year - 6, 1, 15),
            dues_category=DuesCategory.MEDIUM,
        )
        members.append(member)
        contacts_of[member.pk] = _contacts(member, "rennes", fake, 2)

    cities = CITIES if size is None else CITIES[:size]
    for index, (city, region, legal_type) in enumerate(cities):
        staff = rng.choice([2, 3, 4, 6, 8, 12, 15, 22, 30])
        phase = (
            Phase.CREATION
            if index % 9 == 4
            else Phase.LAUNCH
            if index % 6 == 2
            else Phase.PERMANENT
        )
        joined = today.year - (0 if phase == Phase.CREATION else rng.randint(1, 15))
        member = actions.create_member(
            network=network,
            by=None,
            name=NAMES[legal_type].format(city=city),
            legal_type=legal_type,
            phase=phase,
            domains=list(DOMAINS[legal_type]),
            staff=staff,
            volunteers=rng.choice([0, 0, 3, 5, 10]),
            territories=city,
            region=region,
            pole=poles.get(region),
            joined_on=dt.date(joined, rng.randint(1, 12), 1),
            dues_category=_category(legal_type, staff),
            is_active=index != len(CITIES) - 1,
        )
        members.append(member)
        contacts_of[member.pk] = _contacts(member, city, fake, rng.randint(1, 3))

    for pole in {pole.pk: pole for pole in poles.values()}.values():
        candidates = [c for m in members if m.pole_id == pole.pk for c in contacts_of[m.pk]]
        actions.update_pole(
            pole=pole,
            by=None,
            name=pole.name,
            regions=pole.regions,
            referents=candidates[:2],
        )

    years = _dues(members, today, rng)
    events = _events(network, members, contacts_of, poles, today, rng)
    return {
        "members": len(members),
        "poles": len(POLES),
        "years": years,
        "events": events["events"],
        "registrations": events["registrations"],
    }


def _dues(members, today, rng) -> int:
    count = 0
    for index, member in enumerate(members):
        if not member.is_active:
            continue
        for year in (today.year - 1, today.year):
            if member.joined_on and member.joined_on.year > year:
                continue
            record = actions.record_year(
                member=member,
                by=None,
                year=year,
                category=member.dues_category,
                invoice_reference=f"COT-{year}-{index + 1:03d}",
            )
            count += 1
            unpaid = (year == today.year and index % 4 == 1) or (
                year < today.year and index % 17 == 5
            )
            if not unpaid:
                paid = dt.date(year, rng.randint(1, 5), rng.randint(1, 28))
                actions.mark_paid(year=record, by=None, paid_on=min(paid, today))
            elif year == today.year and index % 8 == 1:
                # Already reminded once, a month ago.
                MemberYear.objects.filter(pk=record.pk).update(
                    reminders_sent=1, last_reminded_on=today - dt.timedelta(days=30)
                )
    return count


# title, kind, days from today, length in days, place, remote, pole region
EVENTS = [
    (
        "Rencontre nationale du réseau (démo)",
        EventKind.NATIONAL_MEETING,
        -180,
        2,
        "Lyon",
        False,
        None,
    ),
    (
        "Rencontre régionale du Grand Ouest (démo)",
        EventKind.REGIONAL_MEETING,
        -90,
        1,
        "Nantes",
        False,
        Region.BRE,
    ),
    (
        "Rencontre régionale du Sud (démo)",
        EventKind.REGIONAL_MEETING,
        -60,
        1,
        "Marseille",
        False,
        Region.PAC,
    ),
    (
        "Groupe de travail « Certification AFNOR » (démo)",
        EventKind.WORKING_GROUP,
        -30,
        1,
        "",
        True,
        None,
    ),
    (
        "Recherche-action « Médiation et tranquillité résidentielle » (démo)",
        EventKind.RESEARCH_ACTION,
        -120,
        240,
        "Plusieurs sites",
        True,
        None,
    ),
    (
        "Rencontre régionale Nord – Île-de-France – Est (démo)",
        EventKind.REGIONAL_MEETING,
        21,
        1,
        "Lille",
        False,
        Region.HDF,
    ),
    (
        "Groupe de travail « Médiation de nuit » (démo)",
        EventKind.WORKING_GROUP,
        35,
        1,
        "",
        True,
        None,
    ),
    (
        "Rencontre nationale du réseau (démo)",
        EventKind.NATIONAL_MEETING,
        75,
        2,
        "Nantes",
        False,
        None,
    ),
]


def _events(network, members, contacts_of, poles, today, rng) -> dict:
    counts = {"events": 0, "registrations": 0}
    for title, kind, offset, length, place, remote, region in EVENTS:
        starts_on = today + dt.timedelta(days=offset)
        pole = poles.get(region) if region else None
        event = actions.create_event(
            network=network,
            by=None,
            kind=kind,
            title=title,
            starts_on=starts_on,
            ends_on=starts_on + dt.timedelta(days=length - 1) if length > 1 else None,
            place=place,
            is_remote=remote,
            pole=pole,
            description="Événement fictif de la démonstration.",
        )
        counts["events"] += 1
        invited = [m for m in members if m.is_active and (pole is None or m.pole_id == pole.pk)]
        registrations = []
        for member in rng.sample(invited, min(len(invited), rng.randint(4, 12))):
            contact = contacts_of[member.pk][0]
            registrations.append(
                actions.register(event=event, by=None, member=member, contact=contact)
            )
        if invited:
            registrations.append(
                actions.register(
                    event=event,
                    by=None,
                    member=invited[0],
                    name="Invité·e de la structure (démo)",
                )
            )
        counts["registrations"] += len(registrations)
        if starts_on <= today:
            actions.record_attendance(
                event=event,
                by=None,
                today=today,
                attendance={
                    str(r.pk): Attendance.PRESENT if rng.random() < 0.85 else Attendance.ABSENT
                    for r in registrations
                },
            )
            actions.share_document(
                network=network,
                by=None,
                event=event,
                title="Compte rendu (démo)",
                shared_on=min(starts_on + dt.timedelta(days=length + 6), today),
                file=ContentFile(
                    f"Compte rendu fictif : {title}.\n".encode(), name="compte-rendu-demo.txt"
                ),
            )
    for pole in {pole.pk: pole for pole in poles.values()}.values():
        actions.share_document(
            network=network,
            by=None,
            pole=pole,
            title="Fiche d'échange de pratiques (démo)",
            shared_on=today - dt.timedelta(days=rng.randint(10, 200)),
            file=ContentFile(
                b"Fiche fictive : accueillir un conflit de voisinage en pied d'immeuble.\n",
                name="fiche-pratique-demo.txt",
            ),
        )
    return counts
