"""Demo training: the network's catalogue of eight modules, each with a past session (attendance
taken, some evaluations) and a coming one, the member services' people enrolled on them; and each
service's own FDVA 1 training of its volunteers (board members), past and coming.

Everything goes through the verbs, with ``today`` moved back for the past sessions.
"""

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from palabre.accounts.models import User
from palabre.organisations.models import Membership, Role
from palabre.training import actions

SEED = 20261215

# title, kind, audience, hours, days, member price, other price, objective
CATALOGUE = [
    (
        "Posture du médiateur et cadre déontologique",
        "TRAINING",
        ["MEDIATORS", "COORDINATORS"],
        14,
        2,
        180,
        320,
        "Situer sa pratique dans la charte de référence de la médiation sociale : neutralité, "
        "confidentialité, libre adhésion.",
    ),
    (
        "Gestion des conflits et communication non violente",
        "TRAINING",
        ["MEDIATORS", "COORDINATORS", "VOLUNTEERS"],
        14,
        2,
        180,
        320,
        "Accueillir l'émotion, reformuler, désamorcer une situation tendue.",
    ),
    (
        "Analyse de la pratique",
        "PRACTICE_ANALYSIS",
        ["MEDIATORS"],
        3,
        1,
        None,
        None,
        "Prendre du recul sur des situations vécues, entre pairs, avec un superviseur.",
    ),
    (
        "Médiation de voisinage : entretien individuel",
        "TRAINING",
        ["MEDIATORS", "VOLUNTEERS"],
        7,
        1,
        95,
        160,
        "Conduire le premier entretien avec chaque partie : écoute, cadre, consentement.",
    ),
    (
        "Conduire une rencontre de médiation",
        "TRAINING",
        ["MEDIATORS"],
        14,
        2,
        180,
        320,
        "Préparer, ouvrir et animer la rencontre entre les parties jusqu'à l'accord.",
    ),
    (
        "Travailler avec les bailleurs sociaux",
        "TRAINING",
        ["MEDIATORS", "COORDINATORS", "DIRECTORS"],
        7,
        1,
        95,
        160,
        "Connaître les acteurs du logement social et construire une convention de partenariat.",
    ),
    (
        "Accueil des bénévoles",
        "TRAINING",
        ["COORDINATORS", "DIRECTORS", "VOLUNTEERS"],
        3,
        1,
        None,
        60,
        "Accueillir, former et fidéliser les bénévoles d'un service de médiation.",
    ),
    (
        "Le rôle des administrateurs",
        "TRAINING",
        ["BOARD", "DIRECTORS"],
        7,
        1,
        60,
        120,
        "Gouvernance associative, responsabilités et relation avec l'équipe salariée.",
    ),
]

PLACES = [
    "Maison des associations, 6 cours des Alliés, Rennes",
    "Centre social Kaléidoscope, Nantes",
    "Espace Bellevue, Brest",
    "Locaux du réseau, 12 rue de la République, Lyon",
]
TRAINERS = ["Claire Le Bihan", "Karim Benali", "Sophie Marchand", "Jean-Marc Tessier"]

VOLUNTEER_MODULE = (
    "Être bénévole en médiation de voisinage",
    "Former les bénévoles à l'accueil des habitants et à l'écoute, dans le cadre de la charte.",
)
VOLUNTEERS = [("Monique", "Gautier"), ("Alain", "Perrin"), ("Fatou", "Sow"), ("Yves", "Le Roux")]


def _weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _staff_of(organisation):
    roles = [Role.NETWORK_STAFF, Role.ADMIN, Role.COORDINATOR]
    return (
        Membership.objects.filter(organisation=organisation, role__in=roles, is_active=True)
        .order_by("role")
        .first()
    )


def _team(service):
    return list(
        Membership.objects.filter(
            organisation=service,
            is_active=True,
            role__in=[Role.MEDIATOR, Role.COORDINATOR],
        ).select_related("user")
    )


def _volunteers(service) -> list[Membership]:
    """The service's board members; a few volunteer members are added (without a password)
    when the service's contact address gives a domain for them."""
    board = list(Membership.objects.filter(organisation=service, role=Role.BOARD, is_active=True))
    domain = service.email.partition("@")[2]
    for index, (first_name, last_name) in enumerate(VOLUNTEERS[: max(0, 4 - len(board))]):
        if not domain:
            break
        user, _created = User.objects.get_or_create(
            email=f"benevole{index + 1}.{service.slug}@{domain}",
            defaults={"first_name": first_name, "last_name": last_name},
        )
        if _created:
            user.set_unusable_password()
            user.save()
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=service, defaults={"role": Role.BOARD}
        )
        board.append(membership)
    return board


def _hold(session, enrolments, rng, *, absent_share=0.1, evaluate_share=0.6):
    """Takes the attendance of a past session and collects a few evaluations."""
    people = [e for e in enrolments if e.state == "ENROLLED"]
    after = session.ends_on
    for half_day in session.half_days.all():
        present = [e.pk for e in people if rng.random() > absent_share]
        actions.record_attendance(half_day=half_day, by=None, present=present, today=after)
    for enrolment in people:
        if rng.random() < evaluate_share and enrolment.attendances.filter(present=True).exists():
            actions.record_evaluation(
                enrolment=enrolment,
                by=None,
                score=rng.choice([3, 4, 4, 5, 5]),
                useful=rng.random() < 0.9,
                comment=rng.choice(["", "", "Des mises en situation très concrètes."]),
            )


def _session(module, by, starts_on, days, rng, **extra):
    starts_on = _weekday_on_or_after(starts_on)
    ends_on = starts_on + dt.timedelta(days=days - 1)
    if days > 1 and ends_on.weekday() >= 5:
        ends_on += dt.timedelta(days=7 - ends_on.weekday())
    fields = {
        "place": rng.choice(PLACES),
        "trainer": rng.choice(TRAINERS),
        "capacity": rng.choice([8, 10, 12]),
    }
    fields.update(extra)
    return actions.create_session(
        module=module, by=by, starts_on=starts_on, ends_on=ends_on, **fields
    )


@transaction.atomic
def seed_training(network, *, services, today: dt.date) -> dict:
    """Builds the demo training of ``network``; ``services`` are its member services on this
    instance, whose people are enrolled and which each run their own FDVA 1 training."""
    rng = random.Random(SEED)
    staff = _staff_of(network)
    counts = {"modules": 0, "sessions": 0, "enrolments": 0}
    teams = {service.pk: _team(service) for service in services}
    for index, (title, kind, audience, hours, days, member, other, objective) in enumerate(
        CATALOGUE
    ):
        module = actions.create_module(
            organiser=network,
            by=staff,
            title=title,
            kind=kind,
            audience=audience,
            duration_hours=Decimal(hours),
            price_member=None if member is None else Decimal(member),
            price_other=None if other is None else Decimal(other),
            objective=objective,
            prerequisites="" if index < 2 else "Avoir suivi « Posture du médiateur ».",
        )
        counts["modules"] += 1
        past = _session(module, staff, today - dt.timedelta(days=40 + 17 * index), days, rng)
        coming = _session(
            module,
            staff,
            today + dt.timedelta(days=12 + 9 * index),
            days,
            rng,
            is_remote=kind == "PRACTICE_ANALYSIS",
            remote_link="https://visio.reseau.exemple/analyse"
            if kind == "PRACTICE_ANALYSIS"
            else "",
        )
        counts["sessions"] += 2
        for session in (past, coming):
            enrolments = []
            for service in services:
                team = teams[service.pk]
                coordinator = _staff_of(service)
                chosen = rng.sample(team, k=min(len(team), rng.randint(1, 3)))
                for person in chosen:
                    enrolments.append(
                        actions.enrol(
                            session=session,
                            person=person,
                            by=coordinator,
                            today=session.starts_on - dt.timedelta(days=20),
                        )
                    )
            counts["enrolments"] += len(enrolments)
            if session is past:
                _hold(session, enrolments, rng)

    for service in services:
        coordinator = _staff_of(service)
        volunteers = _volunteers(service)
        module = actions.create_module(
            organiser=service,
            by=coordinator,
            title=VOLUNTEER_MODULE[0],
            objective=VOLUNTEER_MODULE[1],
            audience=["VOLUNTEERS", "BOARD"],
            duration_hours=Decimal(7),
        )
        counts["modules"] += 1
        for starts_on in (today - dt.timedelta(days=75), today + dt.timedelta(days=30)):
            session = _session(
                module,
                coordinator,
                starts_on,
                1,
                rng,
                place=service.address.splitlines()[0] if service.address else "Local du service",
                trainer="Hélène Dupuis",
                capacity=12,
                fdva=True,
                fdva_objective=VOLUNTEER_MODULE[1],
            )
            counts["sessions"] += 1
            enrolments = [
                actions.enrol(
                    session=session,
                    person=volunteer,
                    by=coordinator,
                    today=session.starts_on - dt.timedelta(days=20),
                )
                for volunteer in volunteers
            ]
            counts["enrolments"] += len(enrolments)
            if session.ends_on < today:
                _hold(session, enrolments, rng, absent_share=0.15, evaluate_share=0.8)
    return counts
