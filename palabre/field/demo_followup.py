"""What follows a few interventions of the demo night service: people named with their
agreement (fictitious people), one case opened by the coordination, two *mises en relation* with
partners — all through the verbs, on interventions of the last nights.

Phone numbers are taken from 06 39 98 00 00 – 06 39 98 99 99, set aside for fiction.
"""

import datetime as dt

from django.utils import timezone

from palabre.cases import codes as case_codes
from palabre.field import followup_actions
from palabre.field.codes import InterventionType, OrientationReason, OrientationStatus
from palabre.field.models import Intervention, ShiftStatus
from palabre.partners import actions as partner_actions
from palabre.partners.models import PartnerKind

CCAS = "CCAS de la Ville (fictif)"
LAW = "Point-justice du quartier (fictif)"
# (first name, last name, usual name, phone) of the people met.
PEOPLE = [
    ("Maëlle", "Guillou", "", "06 39 98 41 07"),
    ("Jean-Yves", "Le Roux", "", ""),
    ("", "", "Dédé", ""),
]
RECENT_NIGHTS = 7


def _recent(organisation, correspondent, today, kinds, *, residence: bool):
    """Interventions of these kinds in the last nights, newest first, the correspondent's
    before the others'."""
    interventions = list(
        Intervention.objects.filter(
            organisation=organisation,
            type__in=kinds,
            shift__status=ShiftStatus.HELD,
            shift__date__gte=today - dt.timedelta(days=RECENT_NIGHTS),
            residence__isnull=not residence,
        )
        .select_related("shift", "residence__landlord", "quartier", "commune")
        .order_by("-happened_at")
    )
    return sorted(interventions, key=lambda i: i.recorded_by_id != correspondent.pk)


def seed_followups(organisation, coordinator, correspondent, today=None) -> dict:
    """Three people named with their agreement on the correspondent's recent interventions: a
    neighbour whose noise complaint opens a case, an isolated person put in touch with the CCAS
    (contact made), someone met in the street who goes by a nickname, directed to the
    point-justice."""
    today = today or timezone.localdate()
    ccas = partner_actions.create_partner(
        organisation=organisation, by=None, kind=PartnerKind.SOCIAL_SERVICE, name=CCAS
    )
    law = partner_actions.create_partner(
        organisation=organisation, by=None, kind=PartnerKind.JUSTICE, name=LAW
    )
    noisy = _recent(
        organisation, correspondent, today, [InterventionType.NOISE_NIGHT], residence=True
    )
    helped = _recent(
        organisation,
        correspondent,
        today,
        [InterventionType.ASSISTANCE_PERSON_IN_DIFFICULTY, InterventionType.ISOLATED_ELDERLY],
        residence=False,
    )
    street = _recent(
        organisation,
        correspondent,
        today,
        [
            InterventionType.INTOXICATION,
            InterventionType.HOMELESS,
            InterventionType.INFORMATION_RULES,
        ],
        residence=False,
    )
    made = {"named": 0, "cases": 0, "orientations": 0}
    if noisy:
        _name(noisy[0], correspondent, PEOPLE[0], contacted=True)
        followup_actions.open_case_from(
            intervention=noisy[0],
            by=coordinator,
            primary_conflict=case_codes.ConflictCategory.NOISE,
        )
        made["named"] += 1
        made["cases"] += 1
    for found, who, partner, reason, status in (
        (helped, PEOPLE[1], ccas, OrientationReason.ISOLATION, OrientationStatus.CONTACT_MADE),
        (street, PEOPLE[2], law, OrientationReason.RIGHTS, OrientationStatus.PROPOSED),
    ):
        if not found:
            continue
        _name(found[0], correspondent, who, oriented=True)
        followup_actions.orient(
            intervention=found[0],
            by=correspondent,
            partner=partner,
            reason=reason,
            oriented_on=found[0].shift.date,
            status=status,
        )
        made["named"] += 1
        made["orientations"] += 1
    return made


def _name(intervention, by, person, *, contacted=False, oriented=False):
    first_name, last_name, usual_name, phone = person
    followup_actions.record_person(
        intervention=intervention,
        by=by,
        first_name=first_name,
        last_name=last_name,
        usual_name=usual_name,
        phone=phone if contacted else "",
        agreed_to_be_named=True,
        agreed_to_be_contacted=contacted,
        agreed_to_be_oriented=oriented,
    )
