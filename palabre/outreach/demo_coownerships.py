"""Demo co-ownerships of the demo service (*prévention des copropriétés*): two buildings in
difficulty followed under a convention with the Fondation pour le logement des défavorisés —
their syndic, the council's contacts, council meetings and information sessions held and to
come, follow-up points — and a third whose follow-up closed. Names and numbers are made up."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from palabre.cases.models import Case
from palabre.core.models import Commune, Quartier
from palabre.organisations.models import Membership
from palabre.outreach import actions
from palabre.outreach import coownership_actions as verbs
from palabre.partners.actions.conventions import create_convention
from palabre.partners.actions.directory import create_partner
from palabre.partners.demo import FONDATION
from palabre.partners.models import Activity, Partner, PartnerKind

# name, address, quartier, lots, programme, difficulties, days since the follow-up began,
# days since it closed (None: followed), contacts (name, role, phone).
BUILDINGS = [
    ("Copropriété Les Tilleuls", "8 rue des Tilleuls", "Maurepas - Bellangerais", 84, "POPAC",
     ["UNPAID_CHARGES", "GOVERNANCE", "DEGRADATION"], 420, None,
     [("Hélène Quéré", "COUNCIL_CHAIR", "02 99 00 10 01"),
      ("Paul Le Roux", "COUNCIL_MEMBER", "02 99 00 10 02")]),
    ("Copropriété du Grand Pré", "21 allée du Grand Pré", "Villejean - Beauregard", 146, "WATCH",
     ["WORKS", "NEIGHBOURS"], 200, None,
     [("Karim Benali", "COUNCIL_CHAIR", "02 99 00 10 03")]),
    ("Copropriété Les Cormiers", "3 square des Cormiers", "Bréquigny", 40, "NONE",
     ["RULES"], 700, 120, [("Sylvie Marchand", "COUNCIL_CHAIR", "02 99 00 10 04")]),
]  # fmt: skip

# building index, days from today, hour, kind, title, results (informed, hours) or None.
PREVENTION = [
    (0, -380, 18, "OWNERS_COUNCIL", "Première rencontre avec le conseil syndical", (7, "3.0")),
    (0, -300, 18, "OWNERS_INFORMATION", "Réunion d'information : charges et impayés", (38, "6.0")),
    (0, -190, 17, "GENERAL_ASSEMBLY", "Présence à l'assemblée générale", (52, "4.0")),
    (0, -60, 18, "OWNERS_MEDIATION", "Réunion collective : usage du local vélos", (21, "5.0")),
    (0, 12, 18, "OWNERS_COUNCIL", "Point avec le conseil syndical", None),
    (1, -150, 18, "OWNERS_COUNCIL", "Rencontre avec le conseil syndical", (5, "2.0")),
    (1, -45, 18, "OWNERS_INFORMATION", "Information : les travaux de façade", (44, "6.0")),
    (1, 20, 18, "GENERAL_ASSEMBLY", "Présence à l'assemblée générale", None),
    (2, -600, 18, "OWNERS_INFORMATION", "Réunion d'information : le règlement", (30, "4.0")),
]  # fmt: skip

# building index, days from today, trend, difficulties still present.
REVIEWS = [
    (0, -330, "WORSE", ["UNPAID_CHARGES", "GOVERNANCE", "DEGRADATION"]),
    (0, -180, "STABLE", ["UNPAID_CHARGES", "DEGRADATION"]),
    (0, -30, "BETTER", ["UNPAID_CHARGES"]),
    (1, -90, "STABLE", ["WORKS", "NEIGHBOURS"]),
    (2, -200, "BETTER", []),
]


def _syndic(organisation):
    found = Partner.objects.of(organisation).filter(kind=PartnerKind.SYNDIC).first()
    return found or create_partner(
        organisation=organisation,
        by=None,
        kind=PartnerKind.SYNDIC,
        name="Cabinet Armor Syndic",
        phone="02 99 00 20 00",
    )


def _convention(organisation, today):
    fondation = Partner.objects.of(organisation).filter(name=FONDATION).first()
    if fondation is None:
        return None
    return create_convention(
        organisation=organisation,
        by=None,
        title="Convention Fondation pour le logement — prévention des copropriétés",
        purpose="Accompagner les copropriétés fragiles de Rennes avant qu'elles ne se dégradent.",
        partners=[fondation],
        funder=fondation,
        starts_on=dt.date(today.year - 2, 1, 1),
        amount=Decimal("18000"),
        scope_activities=[Activity.COOWNERSHIP_PREVENTION],
    )


def seed_coownerships(organisation, *, coordinator, today: dt.date) -> dict:
    """Builds the demo co-ownerships of ``organisation``; returns how many are followed."""
    rennes = Commune.objects.of(organisation).get(name="Rennes")
    quartiers = {q.name: q for q in Quartier.objects.filter(commune=rennes)}
    syndic, convention = _syndic(organisation), _convention(organisation, today)
    team = list(Membership.objects.mediators_of(organisation).order_by("user__email")[:2])
    buildings = []
    for row in BUILDINGS:
        name, address, quartier, lots, programme, difficulties, since, closed, contacts = row
        building = verbs.follow_coownership(
            organisation=organisation,
            by=coordinator,
            name=name,
            address=address,
            commune=rennes,
            quartier=quartiers.get(quartier),
            lots=lots,
            syndic=syndic,
            programme=programme,
            difficulties=difficulties,
            convention=convention if closed is None else None,
            followed_since=today - dt.timedelta(days=since),
        )
        for contact_name, role, phone in contacts:
            verbs.add_contact(
                coownership=building, by=coordinator, name=contact_name, role=role, phone=phone
            )
        buildings.append((building, closed))
    for index, days, hour, kind, title, results in PREVENTION:
        building = buildings[index][0]
        day = today + dt.timedelta(days=days)
        starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        action = actions.plan_action(
            organisation=organisation,
            by=coordinator,
            kind=kind,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=2),
            place_name=building.name,
            address=building.address,
            commune=rennes,
            quartier=building.quartier,
            coownership=building,
            team=team,
        )
        if results is not None:
            informed, hours = results
            actions.record_results(
                action=action, by=coordinator, people_informed=informed, hours=Decimal(hours)
            )
    for index, days, trend, difficulties in REVIEWS:
        held_on = today + dt.timedelta(days=days)
        verbs.record_review(
            coownership=buildings[index][0],
            by=coordinator,
            held_on=held_on,
            trend=trend,
            difficulties=difficulties,
            next_review_on=held_on + dt.timedelta(days=90) if days > -90 else None,
        )
    # A collective mediation of the demo (if the service has one) is the Tilleuls' mediation
    # between co-owners.
    collective = Case.objects.of(organisation).filter(collective__isnull=False).first()
    if collective is not None:
        verbs.link_cases(coownership=buildings[0][0], by=coordinator, cases=[collective])
    for building, closed in buildings:
        if closed is not None:
            verbs.close_follow_up(
                coownership=building, by=coordinator, on=today - dt.timedelta(days=closed)
            )
    return {"followed": sum(1 for _b, closed in buildings if closed is None)}
