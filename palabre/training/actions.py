"""The verbs of training. Each runs in one transaction, writes one Journal row and changes
nothing when it refuses.

Catalogue: ``create_module``, ``create_session`` (its half-days generated from the dates),
``change_half_days``, ``cancel_session``. People: ``enrol`` (a place, or the waiting list when
the session is full), ``cancel_enrolment`` (the first waiting takes the place). Afterwards:
``record_attendance`` for one half-day, ``record_evaluation`` by the participant.

Places are counted under a row lock on the session: two coordinators enrolling at the same
instant wait for each other, so a session never holds more people than its places.
"""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.training.models import (
    Attendance,
    Audience,
    Enrolment,
    EnrolmentState,
    Evaluation,
    Module,
    Period,
    Session,
    SessionHalfDay,
    SessionStatus,
)

MAX_SESSION_DAYS = 31
HALF_DAY_HOURS = Decimal("3.5")


def _log(organisation, subject, by, verb, summary, **data):
    journal.record(
        organisation=organisation,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


# --- Catalogue -----------------------------------------------------------------------------------


@transaction.atomic
def create_module(*, organiser, by, audience=(), **fields) -> Module:
    unknown = set(audience) - set(Audience.values)
    if unknown:
        raise Refused(_("Public inconnu : %s.") % ", ".join(sorted(unknown)))
    for price in (fields.get("price_member"), fields.get("price_other")):
        if price is not None and price < 0:
            raise Refused(_("Un tarif ne peut pas être négatif."))
    module = Module.objects.create(organiser=organiser, audience=list(audience), **fields)
    _log(organiser, module, by, "training_module_created", _("Module de formation créé"))
    return module


def default_half_days(starts_on, ends_on, duration_hours) -> list[tuple[dt.date, str, Decimal]]:
    """The half-days a session of these dates and this duration is most likely made of: full
    days of two half-days of 3 h 30, weekends skipped inside the period, the hours shared out so
    that they add up to the module's duration (the last half-day takes the rounding)."""
    days = [
        starts_on + dt.timedelta(days=offset)
        for offset in range((ends_on - starts_on).days + 1)
        if offset in (0, (ends_on - starts_on).days)
        or (starts_on + dt.timedelta(days=offset)).weekday() < 5
    ]
    wanted = int((Decimal(duration_hours) / HALF_DAY_HOURS).to_integral_value())
    count = min(2 * len(days), max(len(days), wanted, 1))
    full_days = count - len(days)
    slots = []
    for index, day in enumerate(days):
        slots.append((day, Period.MORNING))
        if index < full_days:
            slots.append((day, Period.AFTERNOON))
    if Decimal(duration_hours) > HALF_DAY_HOURS * len(slots):
        # Dates shorter than the module: full half-days, the session is a condensed one.
        return [(day, period, HALF_DAY_HOURS) for day, period in slots]
    each = (Decimal(duration_hours) / len(slots)).quantize(Decimal("0.25"), rounding=ROUND_DOWN)
    hours = [each] * len(slots)
    hours[-1] = Decimal(duration_hours) - each * (len(slots) - 1)
    return [(day, period, amount) for (day, period), amount in zip(slots, hours, strict=True)]


def _check_dates(starts_on, ends_on):
    if ends_on < starts_on:
        raise Refused(_("La date de fin précède la date de début."))
    if (ends_on - starts_on).days >= MAX_SESSION_DAYS:
        raise Refused(
            _("Une session dure au plus %(days)s jours : programmez-en plusieurs.")
            % {"days": MAX_SESSION_DAYS}
        )


@transaction.atomic
def create_session(*, module: Module, by, half_days=None, **fields) -> Session:
    """A session of ``module``; ``half_days`` ([(day, period, hours)]) when not the default."""
    if not module.is_active:
        raise Refused(_("Ce module n'est plus au catalogue."))
    session = Session(module=module, **fields)
    _check_dates(session.starts_on, session.ends_on)
    if session.is_remote and not session.remote_link and not session.place:
        raise Refused(_("Indiquez comment se connecter à la session à distance."))
    if not session.is_remote and not session.place:
        raise Refused(_("Indiquez le lieu de la session, ou qu'elle a lieu à distance."))
    session.save()
    rows = half_days or default_half_days(session.starts_on, session.ends_on, module.duration_hours)
    for day, period, hours in rows:
        _check_half_day(session, day, hours)
        SessionHalfDay.objects.create(session=session, day=day, period=period, hours=hours)
    _log(
        module.organiser,
        session,
        by,
        "training_session_created",
        _("Session de formation programmée"),
        half_days=len(rows),
    )
    return session


def _check_half_day(session, day, hours):
    if not session.starts_on <= day <= session.ends_on:
        raise Refused(_("Une demi-journée doit tomber entre les dates de la session."))
    if not Decimal("0.25") <= Decimal(hours) <= Decimal("6"):
        raise Refused(_("Une demi-journée dure entre un quart d'heure et six heures."))


def _lock(session: Session) -> Session:
    return (
        Session.objects.select_related("module__organiser")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )


@transaction.atomic
def change_half_days(*, session: Session, by, hours: dict, removed=(), added=()) -> Session:
    """Sets the hours of the half-days (``hours``: id → hours), removes those in ``removed``
    (never one whose attendance is taken) and adds ``added`` ([(day, period, hours)])."""
    session = _lock(session)
    current = {half_day.pk: half_day for half_day in session.half_days.all()}
    for pk in removed:
        half_day = current.pop(pk, None)
        if half_day is None:
            continue
        if half_day.attendances.exists():
            raise Refused(
                _("Les présences du %(half_day)s sont saisies : elle reste.")
                % {"half_day": half_day}
            )
        half_day.delete()
    for pk, amount in hours.items():
        half_day = current.get(pk)
        if half_day is not None and half_day.hours != amount:
            _check_half_day(session, half_day.day, amount)
            half_day.hours = amount
            half_day.save(update_fields=["hours"])
    taken = {(half_day.day, half_day.period) for half_day in current.values()}
    for day, period, amount in added:
        _check_half_day(session, day, amount)
        if (day, period) in taken:
            raise Refused(_("Cette demi-journée fait déjà partie de la session."))
        SessionHalfDay.objects.create(session=session, day=day, period=period, hours=amount)
        taken.add((day, period))
    if not taken:
        raise Refused(_("Une session compte au moins une demi-journée."))
    _log(
        session.module.organiser,
        session,
        by,
        "training_half_days_changed",
        _("Demi-journées de la session modifiées"),
        half_days=len(taken),
    )
    return session


@transaction.atomic
def cancel_session(*, session: Session, by, today: dt.date | None = None) -> Session:
    """Cancels a session to come; the enrolments stay to be seen, the places are no more."""
    today = today or timezone.localdate()
    session = _lock(session)
    if session.is_cancelled:
        raise Refused(_("Cette session est déjà annulée."))
    if session.starts_on <= today:
        raise Refused(_("Cette session a commencé : elle ne peut plus être annulée."))
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    _log(session.module.organiser, session, by, "training_session_cancelled", _("Session annulée"))
    return session


# --- Enrolments ----------------------------------------------------------------------------------


def may_join(organisation, session) -> bool:
    """A session is open to its organiser's people and to the services of its network."""
    organiser = session.module.organiser_id
    return organisation.pk == organiser or organisation.networks.filter(pk=organiser).exists()


def _places_taken(session) -> int:
    return session.enrolments.enrolled().count()


@transaction.atomic
def enrol(*, session: Session, person, by, today: dt.date | None = None) -> Enrolment:
    """Enrols ``person`` (a membership of the enrolling coordination's service): a place while
    there are some, else the waiting list, in the order of the requests."""
    today = today or timezone.localdate()
    session = _lock(session)
    if session.is_cancelled:
        raise Refused(_("Cette session est annulée."))
    if session.ends_on < today:
        raise Refused(_("Cette session est terminée."))
    if by is not None and by.organisation_id != person.organisation_id:
        raise Refused(_("Une coordination n'inscrit que les personnes de son service."))
    if not person.is_active or not may_join(person.organisation, session):
        raise Refused(_("Cette session n'est pas ouverte à cette personne."))
    if session.enrolments.live().filter(user=person.user_id).exists():
        raise Refused(_("%(name)s est déjà inscrit·e à cette session.") % {"name": person.user})
    full = _places_taken(session) >= session.capacity
    enrolment = Enrolment.objects.create(
        session=session,
        user=person.user,
        organisation=person.organisation,
        first_name=person.user.first_name,
        last_name=person.user.last_name,
        state=EnrolmentState.WAITING if full else EnrolmentState.ENROLLED,
        requested_at=timezone.now(),
        enrolled_by=by,
    )
    _log(
        person.organisation,
        enrolment,
        by,
        "training_enrolled",
        _("Inscription sur liste d'attente") if full else _("Inscription à une formation"),
        session=str(session.pk),
    )
    return enrolment


def _fill_places(session) -> list[Enrolment]:
    promoted = []
    free = session.capacity - _places_taken(session)
    for enrolment in session.enrolments.waiting()[: max(free, 0)]:
        enrolment.state = EnrolmentState.ENROLLED
        enrolment.save(update_fields=["state", "updated_at"])
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def cancel_enrolment(*, enrolment: Enrolment, by, today: dt.date | None = None) -> list[Enrolment]:
    """Cancels an enrolment before the session ends; answers the people the freed place went
    to (the first waiting)."""
    today = today or timezone.localdate()
    session = _lock(enrolment.session)
    enrolment = Enrolment.objects.get(pk=enrolment.pk)
    if enrolment.state == EnrolmentState.CANCELLED:
        raise Refused(_("Cette inscription est déjà annulée."))
    if session.ends_on < today:
        raise Refused(_("La session est terminée : l'inscription reste."))
    enrolment.state = EnrolmentState.CANCELLED
    enrolment.cancelled_at = timezone.now()
    enrolment.save(update_fields=["state", "cancelled_at", "updated_at"])
    promoted = [] if session.is_cancelled else _fill_places(session)
    _log(
        enrolment.organisation,
        enrolment,
        by,
        "training_enrolment_cancelled",
        _("Inscription annulée"),
        promoted=[str(p.pk) for p in promoted],
    )
    return promoted


# --- Afterwards ----------------------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *, half_day: SessionHalfDay, by, present, today: dt.date | None = None
) -> int:
    """Who was there this half-day: every enrolled person is present (their enrolment's id is in
    ``present``) or absent. Answers how many were present."""
    today = today or timezone.localdate()
    session = _lock(half_day.session)
    if session.is_cancelled:
        raise Refused(_("Cette session est annulée."))
    if half_day.day > today:
        raise Refused(_("Les présences se saisissent à partir du jour même."))
    present = {str(pk) for pk in present}
    count = 0
    for enrolment in session.enrolments.enrolled():
        is_present = str(enrolment.pk) in present
        Attendance.objects.update_or_create(
            enrolment=enrolment, half_day=half_day, defaults={"present": is_present}
        )
        count += is_present
    _log(
        session.module.organiser,
        session,
        by,
        "training_attendance_recorded",
        _("Présences du %(half_day)s saisies") % {"half_day": half_day},
        present=count,
    )
    return count


@transaction.atomic
def record_evaluation(
    *, enrolment: Enrolment, by, score: int, useful: bool, comment: str = ""
) -> Evaluation:
    """The participant's feedback, once, after taking part in at least one half-day."""
    if enrolment.state != EnrolmentState.ENROLLED:
        raise Refused(_("Seules les personnes inscrites évaluent la formation."))
    if not enrolment.attendances.filter(present=True).exists():
        raise Refused(_("La formation s'évalue après y avoir participé."))
    if Evaluation.objects.filter(enrolment=enrolment).exists():
        raise Refused(_("Cette formation est déjà évaluée."))
    if not 1 <= score <= 5:
        raise Refused(_("L'appréciation va de 1 à 5."))
    evaluation = Evaluation.objects.create(
        enrolment=enrolment, score=score, useful=useful, comment=comment.strip()
    )
    _log(
        enrolment.session.module.organiser,
        enrolment,
        by,
        "training_evaluated",
        _("Formation évaluée"),
    )
    return evaluation
