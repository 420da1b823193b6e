"""The demo field service: a city's night correspondents (fictitious people), their team, a
month of night shifts around today, and the interventions they logged.

The service, its accounts, its landlords' residences and its team go through the verbs; the
shifts and their interventions are loaded as history with ``bulk_create`` (the verbs refuse the
past), hundreds of rows in a few queries. Whether the month crosses a change of clocks depends on
the day the demo is built: the hours are right either way.
"""

import datetime as dt
import random
import uuid

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from faker import Faker

from palabre.accounts.models import User
from palabre.cases.demo import generator, territory
from palabre.cases.models import Case, Household
from palabre.field import actions, nights, roadmap_requests_actions, safety_actions, watch_actions
from palabre.field.codes import (
    DEFAULT_REGISTER,
    FREQUENT_TYPES,
    Initiator,
    InterventionType,
    PlaceKind,
    Result,
)
from palabre.field.demo_followup import seed_followups
from palabre.field.models import (
    Intervention,
    RoadmapItem,
    RoadmapRequest,
    Shift,
    ShiftStatus,
    TechnicalSignal,
)
from palabre.field.watch import DUE_AFTER, SignalCategory, SignalStatus, Urgency
from palabre.organisations.models import Membership, Organisation, Role
from palabre.partners import actions as partner_actions
from palabre.partners.models import Partner, PartnerKind

SEED = 20270327
NAME = "Correspondants de nuit de la Ville (démo)"
SLUG = "correspondants-de-nuit-demo"
# email, first name, last name, role — listed by ``manage.py demo_accounts``.
ACCOUNTS = [
    ("correspondant@demo.palabre.fr", "Yanis", "Le Du", Role.MEDIATOR),
    ("coordination.nuit@demo.palabre.fr", "Hélène", "Quéré", Role.COORDINATOR),
    ("bailleur.nuit@demo.palabre.fr", "Nadia", "Guérin", Role.PARTNER),
]
OTHER_CORRESPONDENTS = 5
HISTORY_DAYS = 28
AHEAD_DAYS = 7
# Two sectors, by Rennes quartier number, visited on alternate evenings.
SECTORS = {"nord": [5, 10], "sud": [11, 12]}
# Landlord → residences (fictitious names) and the quartier number each stands in.
RESIDENCES = {
    "Archipel Habitat": [("Résidence Les Glycines", 5), ("Résidence Le Gué", 10)],
    "Néotoa": [("Résidence Les Ajoncs", 11), ("Résidence Le Pré Perché", 12)],
    "Espacil Habitat": [("Résidence Les Goélands", 5), ("Résidence Les Tamaris", 11)],
}
# Evening weekday → local start and end: every evening, longer at the weekend.
HOURS = {
    0: (dt.time(21), dt.time(3)),
    1: (dt.time(21), dt.time(4)),
    2: (dt.time(21), dt.time(4)),
    3: (dt.time(21), dt.time(4)),
    4: (dt.time(22), dt.time(6)),
    5: (dt.time(22), dt.time(6)),
    6: (dt.time(21), dt.time(3)),
}
TYPE_WEIGHTS = dict.fromkeys(FREQUENT_TYPES, 10) | {
    InterventionType.NOISE_NIGHT: 22,
    InterventionType.COMMON_AREA_OCCUPATION: 18,
    InterventionType.YOUTH_GROUP_DIALOGUE: 14,
    InterventionType.TECHNICAL_WATCH_ROUND: 12,
    InterventionType.ISOLATED_ELDERLY: 3,
    InterventionType.HOMELESS: 4,
    InterventionType.ESCORT: 2,
    InterventionType.CONFLICT_PUBLIC_SPACE: 5,
    InterventionType.EMERGENCY_SERVICES_CALLED: 1,
    InterventionType.POLICE_CALLED: 1,
    InterventionType.WELCOME_NEW_TENANT: 1,
}
INITIATORS = {
    Initiator.PATROL: 60,
    Initiator.RESIDENT_CALL: 25,
    Initiator.PARTNER_REQUEST: 5,
    Initiator.SELF: 10,
}
RESULTS = {
    Result.SETTLED: 45,
    Result.CALMED: 20,
    Result.ORIENTED: 8,
    Result.RELAYED: 7,
    Result.NOT_SETTLED: 8,
    Result.REFUSED: 4,
    Result.NOTHING_FOUND: 8,
}
NOTES = [
    "Groupe calme après échange, revenir passer vers 1 h.",
    "Personne âgée rassurée, voisine prévenue.",
    "Éclairage du hall en panne, à signaler au bailleur.",
    "Musique baissée après discussion avec les occupants.",
    "Porte du local vélos forcée.",
]
ROADMAP = [
    "Passer dans les halls : occupation signalée par le bailleur.",
    "Présence rassurante à la sortie du métro vers minuit.",
    "Vérifier la porte d'entrée réparée la semaine dernière.",
]
FICTITIOUS = "[Texte fictif de démonstration] "


def _weighted(rng, table):
    keys = list(table)
    return rng.choices(keys, weights=[table[key] for key in keys])[0]


@transaction.atomic
def seed_field(*, today: dt.date | None = None, password: str = "palabre-demo") -> dict:
    """Builds the demo field service. Returns its organisation and how many rows it made."""
    today = today or timezone.localdate()
    rng = random.Random(SEED)
    fake = Faker("fr_FR")
    fake.seed_instance(SEED)
    organisation = Organisation.objects.create(
        name=NAME,
        slug=SLUG,
        address="Hôtel de Ville (adresse fictive), 35000 Rennes",
        email="correspondants-de-nuit@demo.palabre.fr",
    )
    rennes, quartiers = _territory(organisation)
    residences = _residences(organisation, quartiers)
    people = _people(organisation, fake, make_password(password))
    coordinator = people["coordination.nuit@demo.palabre.fr"]
    correspondents = [m for m in people.values() if m.role == Role.MEDIATOR]
    team = actions.create_team(
        organisation=organisation, by=coordinator, name="Équipe de nuit", members=correspondents
    )
    _on_call(team, coordinator)
    shifts = _shifts(organisation, team, today, rng, quartiers, correspondents)
    interventions = _interventions(shifts, residences, quartiers, rng)
    _roadmap(shifts, residences, rng)
    signals = _technical_watch(organisation, coordinator, people, rng)
    seed_followups(organisation, coordinator, correspondents[0], today)
    requests = _roadmap_requests(people, coordinator, shifts, residences)
    return {
        "organisation": organisation,
        "shifts": len(shifts),
        "interventions": interventions,
        "signals": signals,
        "roadmap_requests": requests,
        "commune": rennes,
    }


def _territory(organisation):
    params = generator.load_params()
    rows = [row for row in territory.read_communes() if row.insee_code == "35238"]
    rennes = territory.install_communes(organisation, rows)["35238"]
    qpv = territory.qpv_quartier_numbers(territory.read_qpv(), params["territory"]["qpv_quartier"])
    quartiers = territory.install_quartiers(organisation, rennes, territory.read_quartiers(), qpv)
    return rennes, quartiers


def _residences(organisation, quartiers) -> dict:
    """Quartier number → its residences."""
    by_quartier = {}
    for landlord_name, rows in RESIDENCES.items():
        landlord = partner_actions.create_partner(
            organisation=organisation, by=None, kind=PartnerKind.SOCIAL_LANDLORD, name=landlord_name
        )
        for name, number in rows:
            residence = partner_actions.add_residence(
                landlord=landlord, by=None, name=name, quartier=quartiers[number]
            )
            by_quartier.setdefault(number, []).append(residence)
    return by_quartier


def _people(organisation, fake, password) -> dict:
    people = {}
    for email, first_name, last_name, role in ACCOUNTS:
        user = User.objects.create(
            email=email, first_name=first_name, last_name=last_name, password=password
        )
        people[email] = Membership.objects.create(user=user, organisation=organisation, role=role)
    unusable = make_password(None)
    for number in range(OTHER_CORRESPONDENTS):
        user = User.objects.create(
            email=f"correspondant{number + 2}@demo.palabre.fr",
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            password=unusable,
        )
        people[user.email] = Membership.objects.create(
            user=user, organisation=organisation, role=Role.MEDIATOR
        )
    return people


def _shifts(organisation, team, today, rng, quartiers, correspondents) -> list[Shift]:
    """An evening shift from four weeks ago to next week; the demo account is on most, last
    night's and tonight's included; one past evening was cancelled."""
    featured, others = correspondents[0], correspondents[1:]
    now = timezone.now()
    shifts, crews, sectors = [], [], []
    for offset in range(-HISTORY_DAYS, AHEAD_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        starts_at, ends_at = nights.bounds(day, *HOURS[day.weekday()])
        if ends_at <= now:
            status = ShiftStatus.CANCELLED if offset == -10 else ShiftStatus.HELD
        else:
            status = ShiftStatus.PLANNED
        shifts.append(
            Shift(
                organisation=organisation,
                team=team,
                date=day,
                starts_at=starts_at,
                ends_at=ends_at,
                status=status,
            )
        )
        crew = rng.sample(others, 2)
        if offset in (-1, 0) or rng.random() < 0.6:
            crew.append(featured)
        crews.append(crew)
        sectors.append("nord" if offset % 2 == 0 else "sud")
    Shift.objects.bulk_create(shifts)
    Shift.members.through.objects.bulk_create(
        Shift.members.through(shift_id=shift.pk, membership_id=member.pk)
        for shift, crew in zip(shifts, crews, strict=True)
        for member in crew
    )
    Shift.quartiers.through.objects.bulk_create(
        Shift.quartiers.through(shift_id=shift.pk, quartier_id=quartiers[number].pk)
        for shift, sector in zip(shifts, sectors, strict=True)
        for number in SECTORS[sector]
    )
    for shift, crew, sector in zip(shifts, crews, sectors, strict=True):
        shift.crew, shift.sector = crew, sector
    return shifts


def _interventions(shifts, residences, quartiers, rng) -> int:
    rows = []
    for shift in shifts:
        if shift.status != ShiftStatus.HELD:
            continue
        numbers = SECTORS[shift.sector]
        length = nights.duration(shift.starts_at, shift.ends_at)
        for _ in range(rng.randint(10, 24)):
            kind = _weighted(rng, TYPE_WEIGHTS)
            number = rng.choice(numbers)
            in_residence = residences.get(number) and rng.random() < 0.6
            residence = rng.choice(residences[number]) if in_residence else None
            quartier = quartiers[number]
            people = _people_met(kind, rng)
            rows.append(
                Intervention(
                    organisation_id=shift.organisation_id,
                    shift=shift,
                    client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    happened_at=shift.starts_at + length * rng.random(),
                    place_kind=(
                        rng.choice([PlaceKind.RESIDENCE, PlaceKind.HALL])
                        if residence
                        else rng.choice(
                            [
                                PlaceKind.PUBLIC_SPACE,
                                PlaceKind.PUBLIC_SPACE,
                                PlaceKind.TRANSPORT_LINE,
                                PlaceKind.ADDRESS,
                            ]
                        )
                    ),
                    residence=residence,
                    place_label=f"Hall {rng.choice('ABCD')}"
                    if residence and rng.random() < 0.5
                    else "",
                    quartier=quartier,
                    commune=quartier.commune,
                    register=DEFAULT_REGISTER[kind],
                    type=kind,
                    initiated_by=_weighted(rng, INITIATORS),
                    result=_weighted(rng, RESULTS),
                    follow_up_needed=rng.random() < 0.1,
                    note=FICTITIOUS + rng.choice(NOTES) if rng.random() < 0.15 else "",
                    recorded_by=rng.choice(shift.crew),
                    **people,
                )
            )
    Intervention.objects.bulk_create(rows)
    return len(rows)


def _people_met(kind, rng) -> dict:
    if kind == InterventionType.TECHNICAL_WATCH_ROUND:
        return {}
    if kind == InterventionType.YOUTH_GROUP_DIALOGUE:
        return {"boys": rng.randint(2, 7), "girls": rng.randint(0, 2), "men": rng.randint(0, 3)}
    if kind == InterventionType.ISOLATED_ELDERLY:
        return {rng.choice(["older_women", "older_men"]): 1}
    women = rng.randint(0, 2)
    return {"women": women, "men": rng.randint(0 if women else 1, 2)}


def _roadmap(shifts, residences, rng):
    items = []
    for shift in shifts:
        if shift.status == ShiftStatus.CANCELLED or rng.random() < 0.5:
            continue
        number = rng.choice(SECTORS[shift.sector])
        items.append(
            RoadmapItem(
                organisation_id=shift.organisation_id,
                shift=shift,
                text=rng.choice(ROADMAP),
                residence=rng.choice(residences[number]) if number in residences else None,
            )
        )
    RoadmapItem.objects.bulk_create(items)


def delete_field_demo():
    """Removes the demo field service and all it holds (its accounts go with the demo's)."""
    for model in (TechnicalSignal, Intervention, RoadmapItem, RoadmapRequest, Shift):
        model.objects.filter(organisation__slug=SLUG).delete()
    # A case opened from an intervention, and its households, protect the territory.
    for model in (Case, Household):
        model.objects.filter(organisation__slug=SLUG).delete()
    Organisation.objects.filter(slug=SLUG).delete()


# --- Technical watch ----------------------------------------------------------------------------

# The landlord account of the demo (``ACCOUNTS``) works at this landlord.
DEMO_LANDLORD = "Archipel Habitat"
CITY = "Ville de Rennes — propreté et voirie (fictif)"
SIGNAL_CATEGORIES = {
    SignalCategory.LIGHTING: 30,
    SignalCategory.DOOR_ACCESS: 20,
    SignalCategory.BULKY_WASTE: 15,
    SignalCategory.LIFT: 10,
    SignalCategory.GRAFFITI: 10,
    SignalCategory.BROKEN_GLASS: 8,
    SignalCategory.BINS: 7,
}
SIGNAL_TEXTS = {
    SignalCategory.LIGHTING: "Éclairage du hall éteint, minuterie hors service.",
    SignalCategory.DOOR_ACCESS: "Porte d'entrée qui ne ferme plus, ventouse arrachée.",
    SignalCategory.BULKY_WASTE: "Matelas et meubles déposés devant le local poubelles.",
    SignalCategory.LIFT: "Ascenseur bloqué au 4e étage.",
    SignalCategory.GRAFFITI: "Tags sur la porte du local vélos.",
    SignalCategory.BROKEN_GLASS: "Vitre de la porte du hall brisée, débris au sol.",
    SignalCategory.BINS: "Bacs renversés, local à ordures ouvert.",
}
SIGNALS_IN_RESIDENCES = 10
SIGNALS_IN_PUBLIC_SPACE = 4


def _technical_watch(organisation, coordinator, people, rng) -> int:
    """Signals sent from the month's technical-watch rounds, to the landlords (each with an
    address) and to the city for the public space; the older resolved, the recent still open,
    one overdue. The demo landlord account is a contact of Archipel Habitat."""
    landlords = Partner.objects.filter(organisation=organisation, kind=PartnerKind.SOCIAL_LANDLORD)
    for landlord in landlords:
        slug = landlord.name.split()[0].lower()
        Partner.objects.filter(pk=landlord.pk).update(email=f"signalements.{slug}@demo.palabre.fr")
    city = partner_actions.create_partner(
        organisation=organisation,
        by=None,
        kind=PartnerKind.CITY,
        name=CITY,
        email="proprete.voirie@demo.palabre.fr",
    )
    watch_actions.set_public_space_partner(organisation=organisation, by=coordinator, partner=city)
    account = people["bailleur.nuit@demo.palabre.fr"]
    partner_actions.add_contact(
        partner=landlords.get(name=DEMO_LANDLORD),
        by=None,
        first_name=account.user.first_name,
        last_name=account.user.last_name,
        job_title="Chargée de gestion locative (fictive)",
        email=account.user.email,
        membership=account,
    )
    rounds = Intervention.objects.filter(
        organisation=organisation, type=InterventionType.TECHNICAL_WATCH_ROUND
    ).select_related("residence__landlord", "quartier", "commune")
    in_residences = [i for i in rounds if i.residence_id is not None]
    in_public_space = [i for i in rounds if i.residence_id is None]
    chosen = rng.sample(in_residences, min(SIGNALS_IN_RESIDENCES, len(in_residences)))
    chosen += rng.sample(in_public_space, min(SIGNALS_IN_PUBLIC_SPACE, len(in_public_space)))
    chosen.sort(key=lambda intervention: intervention.happened_at)
    now = timezone.now()
    # One lift left unanswered for a week or so: overdue, it shows « en retard » and is reminded.
    forgotten = int(len(chosen) * 0.7)
    signals = []
    for index, intervention in enumerate(chosen):
        category = SignalCategory.LIFT if index == forgotten else _weighted(rng, SIGNAL_CATEGORIES)
        urgency = (
            Urgency.URGENT
            if category in (SignalCategory.LIFT, SignalCategory.BROKEN_GLASS)
            else Urgency.NORMAL
        )
        sent_at = intervention.happened_at + dt.timedelta(minutes=rng.randint(2, 20))
        signal = TechnicalSignal(
            organisation=organisation,
            shift=intervention.shift,
            intervention=intervention,
            category=category,
            urgency=urgency,
            place_kind=intervention.place_kind,
            residence=intervention.residence,
            quartier=intervention.quartier,
            commune=intervention.commune,
            place_label=intervention.place_label,
            description=FICTITIOUS + SIGNAL_TEXTS[category],
            partner=intervention.residence.landlord if intervention.residence else city,
            sent_at=sent_at,
            due_at=sent_at + DUE_AFTER[urgency],
            reported_by=intervention.recorded_by,
        )
        if index != forgotten:
            _answered(signal, index / len(chosen), now, rng)
        signals.append(signal)
    TechnicalSignal.objects.bulk_create(signals)
    return len(signals)


def _answered(signal, age_rank, now, rng):
    """The older two thirds resolved, then some acknowledged, the newest still sent — and the
    answers never in the future."""
    acknowledged_at = signal.sent_at + dt.timedelta(hours=rng.randint(8, 40))
    resolved_at = acknowledged_at + dt.timedelta(days=rng.randint(1, 6))
    if age_rank < 0.65 and resolved_at < now:
        signal.status = SignalStatus.RESOLVED
        signal.acknowledged_at, signal.resolved_at = acknowledged_at, resolved_at
    elif age_rank < 0.85 and acknowledged_at < now:
        signal.status = SignalStatus.ACKNOWLEDGED
        signal.acknowledged_at = acknowledged_at


# --- Safety and partners' requests ----------------------------------------------------------------

# A fictitious on-call line: numbers from 06 39 98 00 00 to 06 39 98 99 99 are set aside for
# fiction and never given to a subscriber.
ON_CALL = {
    "on_call_name": "Astreinte de la coordination (fictive)",
    "on_call_email": "astreinte.nuit@demo.palabre.fr",
    "on_call_phone": "06 39 98 00 12",
}


def _on_call(team, coordinator):
    """The team's on-call contact, so that the check-in page offers the alarm; no interval, so
    that a demo left running raises no alert by itself."""
    safety_actions.set_team_safety(team=team, by=coordinator, check_in_minutes=None, **ON_CALL)


def _roadmap_requests(people, coordinator, shifts, residences) -> int:
    """Two requests of the demo landlord (Archipel Habitat) for the coming week: one waiting for
    the coordination, one put on the next shift through its residence's sector."""
    account = people["bailleur.nuit@demo.palabre.fr"]
    landlord = Partner.objects.get(organisation=account.organisation, name=DEMO_LANDLORD)
    today = timezone.localdate()
    week = {"first_day": today, "last_day": today + dt.timedelta(days=7)}
    glycines, gue = (
        next(r for r in residences[number] if r.landlord_id == landlord.pk) for number in (5, 10)
    )
    roadmap_requests_actions.ask_for_rounds(
        partner=landlord,
        by=account,
        residence=gue,
        place_label="Halls A et B",
        text="Passages en soirée : regroupements dans les halls signalés par des locataires.",
        **week,
    )
    accepted = roadmap_requests_actions.ask_for_rounds(
        partner=landlord,
        by=account,
        residence=glycines,
        place_label="Local vélos",
        text="Vérifier que la porte du local vélos, réparée lundi, reste fermée la nuit.",
        **week,
    )
    now = timezone.now()
    coming = next(
        (
            shift
            for shift in shifts
            if shift.sector == "nord" and shift.ends_at > now and shift.date <= week["last_day"]
        ),
        None,
    )
    if coming is not None:  # a demo built for another day than today has none
        roadmap_requests_actions.accept_request(
            roadmap_request=accepted, shift=coming, by=coordinator
        )
    return 2
