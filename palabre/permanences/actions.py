"""The verbs of permanences. Each runs in one transaction and changes nothing when it refuses.

Planning: ``create_permanence``, ``update_permanence``, ``add_closure`` and ``plan`` keep the
occurrences in step with the rules and closures; an occurrence that disappears while people are
booked is cancelled and they are told. Staffing: ``add_duty``, ``remove_duty`` and the
mediators' ``set_availability`` / ``add_absence``. Booking: ``book`` (three ways in),
``confirm_code``, ``cancel_appointment``. At the session: ``record_visits``, ``add_walk_in``,
``open_case_from`` and ``link_case``.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import actions as case_actions
from palabre.cases import invitation_actions
from palabre.cases.codes import Channel
from palabre.core import journal
from palabre.core.actions import Refused
from palabre.permanences import delivery, schedule
from palabre.permanences.models import (
    Absence,
    Appointment,
    AppointmentState,
    Availability,
    BookingChannel,
    CalendarFeed,
    CancelReason,
    Closure,
    Duty,
    Notice,
    NoticeChannel,
    NoticeKind,
    Occurrence,
    OccurrenceStatus,
    Permanence,
)

CODE_HOLD = dt.timedelta(minutes=20)
CODE_ATTEMPTS = 5


def planning_days() -> int:
    return getattr(settings, "PALABRE_PLANNING_DAYS", 120)


def reminder_hours() -> list[int]:
    return list(getattr(settings, "PALABRE_REMINDER_HOURS", [48]))


def _log(organisation, subject, by, verb, summary, **data):
    journal.record(
        organisation=organisation,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


# --- Planning -----------------------------------------------------------------------------------


@transaction.atomic
def create_permanence(*, organisation, by, **fields) -> Permanence:
    permanence = Permanence(organisation=organisation, **fields)
    _check_rule(permanence)
    permanence.save()
    _log(organisation, permanence, by, "permanence_created", _("Permanence créée"))
    plan(permanence)
    return permanence


@transaction.atomic
def update_permanence(*, permanence: Permanence, by, **fields) -> Permanence:
    """Changes the rule. Future occurrences follow it: those the rule no longer gives are
    cancelled (their people told), the others take the new hours."""
    permanence = Permanence.objects.select_for_update().get(pk=permanence.pk)
    for name, value in fields.items():
        setattr(permanence, name, value)
    _check_rule(permanence)
    permanence.save()
    _log(permanence.organisation, permanence, by, "permanence_changed", _("Permanence modifiée"))
    plan(permanence, by=by)
    return permanence


def _check_rule(permanence: Permanence):
    if permanence.ends_at <= permanence.starts_at:
        raise Refused(_("L'heure de fin doit suivre l'heure de début."))
    length = dt.datetime.combine(dt.date.min, permanence.ends_at) - dt.datetime.combine(
        dt.date.min, permanence.starts_at
    )
    if dt.timedelta(minutes=permanence.slot_minutes) > length:
        raise Refused(_("Un créneau ne peut pas durer plus longtemps que la permanence."))
    if permanence.frequency == "WEEKS_OF_MONTH":
        weeks = permanence.weeks()
        if not weeks or any(w not in (1, 2, 3, 4, 5, -1) for w in weeks):
            raise Refused(_("Indiquez les semaines du mois : 1 à 5, ou -1 pour la dernière."))
    if permanence.valid_until and permanence.valid_until < permanence.valid_from:
        raise Refused(_("La date de fin précède la date de début."))


@transaction.atomic
def add_closure(*, organisation, by, kind, label, starts_on, ends_on, venue=None) -> Closure:
    if ends_on < starts_on:
        raise Refused(_("La fin de la fermeture précède son début."))
    closure = Closure.objects.create(
        organisation=organisation,
        kind=kind,
        label=label,
        starts_on=starts_on,
        ends_on=ends_on,
        venue=venue,
    )
    _log(organisation, closure, by, "closure_added", _("Fermeture ajoutée : %s") % label)
    permanences = Permanence.objects.of(organisation)
    if venue is not None:
        permanences = permanences.filter(venue=venue)
    for permanence in permanences:
        plan(permanence, by=by)
    return closure


def plan(permanence: Permanence, *, by=None, today: dt.date | None = None) -> int:
    """Brings the occurrences from today to the planning horizon in line with the rule and the
    closures. Idempotent; answers how many occurrences it created."""
    today = today or timezone.localdate()
    until = today + dt.timedelta(days=planning_days())
    closures = list(Closure.objects.of(permanence.organisation_id).filter(ends_on__gte=today))
    wanted = {
        day
        for day in schedule.rule_days(permanence, today, until)
        if schedule.closure_on(permanence, day, closures) is None
    }
    existing = {
        occurrence.planned_on: occurrence
        for occurrence in permanence.occurrences.filter(planned_on__range=(today, until))
    }
    created = 0
    for day in sorted(wanted - existing.keys()):
        starts_at, ends_at = schedule.bounds(day, permanence.starts_at, permanence.ends_at)
        Occurrence.objects.create(
            organisation_id=permanence.organisation_id,
            permanence=permanence,
            planned_on=day,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        created += 1
    for day, occurrence in existing.items():
        if occurrence.is_cancelled:
            continue
        if day not in wanted:
            closed = schedule.closure_on(permanence, day, closures)
            reason = CancelReason.CLOSURE if closed else CancelReason.RULE_CHANGED
            _cancel(occurrence, by, reason)
        elif occurrence.sequence == 0:
            _follow_rule_hours(occurrence, by)
    return created


def _follow_rule_hours(occurrence: Occurrence, by):
    """An occurrence never moved by hand keeps the hours of its rule."""
    permanence = occurrence.permanence
    starts_at, ends_at = schedule.bounds(
        occurrence.planned_on, permanence.starts_at, permanence.ends_at
    )
    if (starts_at, ends_at) != (occurrence.starts_at, occurrence.ends_at):
        _move(occurrence, by, starts_at, ends_at)


# --- Changing one occurrence -------------------------------------------------------------------


def _lock_occurrence(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_related("permanence__venue")
        .select_for_update(of=("self",))
        .get(pk=occurrence.pk)
    )


@transaction.atomic
def cancel_occurrence(*, occurrence: Occurrence, by, reason: str) -> Occurrence:
    occurrence = _lock_occurrence(occurrence)
    if occurrence.is_cancelled:
        raise Refused(_("Cette séance est déjà annulée."))
    if occurrence.ends_at <= timezone.now():
        raise Refused(_("Cette séance est passée : elle ne peut plus être annulée."))
    _cancel(occurrence, by, reason)
    return occurrence


def _cancel(occurrence: Occurrence, by, reason: str):
    occurrence.status = OccurrenceStatus.CANCELLED
    occurrence.cancel_reason = reason
    occurrence.sequence += 1
    occurrence.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    for appointment in occurrence.appointments.filter(state__in=_ACTIVE):
        _end_appointment(appointment, tell=appointment.state == AppointmentState.BOOKED)
    _log(
        occurrence.organisation,
        occurrence,
        by,
        "occurrence_cancelled",
        _("Séance annulée (%s)") % CancelReason(reason).label,
    )


@transaction.atomic
def move_occurrence(
    *, occurrence: Occurrence, by, day: dt.date, starts_at: dt.time, ends_at: dt.time
) -> Occurrence:
    """Moves one session. Booked people keep their place in the order of the day, at the same
    distance from the start, and are told the new time."""
    occurrence = _lock_occurrence(occurrence)
    if occurrence.is_cancelled:
        raise Refused(_("Une séance annulée ne peut pas être déplacée."))
    new_start, new_end = schedule.bounds(day, starts_at, ends_at)
    if new_end <= new_start:
        raise Refused(_("L'heure de fin doit suivre l'heure de début."))
    if new_start <= timezone.now():
        raise Refused(_("Une séance ne peut être déplacée que vers l'avenir."))
    last = occurrence.appointments.filter(state__in=_ACTIVE, starts_at__isnull=False).last()
    if last is not None:
        slot = dt.timedelta(minutes=occurrence.permanence.slot_minutes)
        if last.starts_at - occurrence.starts_at + new_start + slot > new_end:
            raise Refused(_("La nouvelle plage est trop courte pour les rendez-vous déjà pris."))
    _move(occurrence, by, new_start, new_end)
    return occurrence


def _move(occurrence: Occurrence, by, new_start: dt.datetime, new_end: dt.datetime):
    shift = new_start - occurrence.starts_at
    occurrence.starts_at, occurrence.ends_at = new_start, new_end
    occurrence.sequence += 1
    occurrence.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
    appointments = list(
        occurrence.appointments.filter(state__in=_ACTIVE, starts_at__isnull=False).order_by(
            "-starts_at" if shift > dt.timedelta(0) else "starts_at"
        )
    )
    for appointment in appointments:
        appointment.starts_at += shift
        appointment.save(update_fields=["starts_at", "updated_at"])
        if appointment.state == AppointmentState.BOOKED and shift:
            _drop_pending(appointment, NoticeKind.REMINDER)
            _queue(appointment, NoticeKind.CHANGE)
            _queue_reminders(appointment)
    local = timezone.localtime(new_start)
    _log(
        occurrence.organisation,
        occurrence,
        by,
        "occurrence_moved",
        _("Séance déplacée au %(day)s à %(time)s")
        % {"day": local.strftime("%d/%m/%Y"), "time": schedule.clock(local.time())},
    )


# --- Staffing -----------------------------------------------------------------------------------


def is_available(mediator, occurrence: Occurrence) -> bool:
    """Declared available at those hours that weekday, not absent that day."""
    start = timezone.localtime(occurrence.starts_at)
    end = timezone.localtime(occurrence.ends_at)
    if Absence.objects.filter(
        mediator=mediator, starts_on__lte=start.date(), ends_on__gte=start.date()
    ).exists():
        return False
    return Availability.objects.filter(
        mediator=mediator,
        weekday=start.weekday(),
        starts_at__lte=start.time(),
        ends_at__gte=end.time(),
    ).exists()


def available_mediators(occurrence: Occurrence, candidates: Iterable) -> list:
    return [m for m in candidates if is_available(m, occurrence)]


@transaction.atomic
def add_duty(*, occurrence: Occurrence, by, mediator) -> Duty:
    occurrence = _lock_occurrence(occurrence)
    if occurrence.is_cancelled:
        raise Refused(_("Cette séance est annulée."))
    if mediator.organisation_id != occurrence.organisation_id or not mediator.is_active:
        raise Refused(_("Cette personne ne fait pas partie de l'équipe."))
    if mediator.role not in ("mediator", "coordinator"):
        raise Refused(_("Seuls les médiateurs et coordinateurs tiennent les permanences."))
    if occurrence.duties.filter(mediator=mediator).exists():
        raise Refused(_("Cette personne tient déjà cette séance."))
    clash = Duty.objects.filter(
        mediator=mediator,
        occurrence__status=OccurrenceStatus.PLANNED,
        occurrence__starts_at__lt=occurrence.ends_at,
        occurrence__ends_at__gt=occurrence.starts_at,
    ).exists()
    if clash:
        raise Refused(_("Cette personne tient déjà une autre permanence à ces heures."))
    duty = Duty.objects.create(
        organisation_id=occurrence.organisation_id, occurrence=occurrence, mediator=mediator
    )
    _log(
        occurrence.organisation,
        occurrence,
        by,
        "duty_added",
        _("%(name)s tient la séance") % {"name": mediator.user.get_full_name()},
    )
    return duty


@transaction.atomic
def remove_duty(*, duty: Duty, by) -> Occurrence:
    occurrence = _lock_occurrence(duty.occurrence)
    name = duty.mediator.user.get_full_name()
    duty.delete()
    left = occurrence.duties.count()
    _log(
        occurrence.organisation,
        occurrence,
        by,
        "duty_removed",
        _("%(name)s ne tient plus la séance (%(left)s médiateur(s) restant(s))")
        % {"name": name, "left": left},
        left=left,
    )
    return occurrence


@transaction.atomic
def set_availability(*, mediator, windows: Iterable[tuple[int, dt.time, dt.time]]):
    """Replaces a mediator's weekly availability with ``windows``."""
    windows = list(windows)
    for _day, start, end in windows:
        if end <= start:
            raise Refused(_("Chaque plage doit finir après son début."))
    Availability.objects.filter(mediator=mediator).delete()
    Availability.objects.bulk_create(
        Availability(
            organisation_id=mediator.organisation_id,
            mediator=mediator,
            weekday=day,
            starts_at=start,
            ends_at=end,
        )
        for day, start, end in windows
    )


@transaction.atomic
def add_absence(*, mediator, starts_on: dt.date, ends_on: dt.date) -> Absence:
    if ends_on < starts_on:
        raise Refused(_("La fin de l'absence précède son début."))
    return Absence.objects.create(
        organisation_id=mediator.organisation_id,
        mediator=mediator,
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def remove_absence(*, absence: Absence):
    """Withdraws an absence not yet over; a past one stays, it explains past staffing."""
    if absence.ends_on < timezone.localdate():
        raise Refused(_("Cette absence est terminée : elle ne peut plus être supprimée."))
    absence.delete()


# --- Booking ------------------------------------------------------------------------------------

_ACTIVE = [AppointmentState.PENDING, AppointmentState.BOOKED]


def free_slots(occurrence: Occurrence, *, now=None, taken=None) -> list[dt.datetime]:
    """The slots nobody holds, from now on. ``taken`` saves the query when the caller has it."""
    now = now or timezone.now()
    if occurrence.is_cancelled:
        return []
    if taken is None:
        taken = set(occurrence.appointments.taking_slot(now).values_list("starts_at", flat=True))
    return [
        start
        for start in schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes)
        if start > now and start not in taken
    ]


def _digest(appointment: Appointment, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{appointment.secret}:{code}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def book(
    *,
    occurrence: Occurrence,
    starts_at: dt.datetime,
    channel: str,
    by=None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    phone: str = "",
    notify_by: str = "",
    case=None,
    party=None,
    partner=None,
) -> Appointment:
    """Takes one slot (for ``case``'s ``party`` when the service books for a case). Online
    bookings wait for the code sent to the person; the others are booked at once. Two requests
    for the same slot at the same instant: the database keeps one, the other is refused with a
    clear message."""
    now = timezone.now()
    occurrence = Occurrence.objects.select_related("permanence").get(pk=occurrence.pk)
    if occurrence.is_cancelled:
        raise Refused(_("Cette séance est annulée : choisissez une autre date."))
    if starts_at not in schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes):
        raise Refused(_("Cet horaire ne correspond à aucun créneau de la séance."))
    if starts_at <= now:
        raise Refused(_("Ce créneau est passé : choisissez-en un autre."))
    if channel == BookingChannel.PUBLIC and not occurrence.permanence.is_public:
        raise Refused(_("Cette permanence ne se réserve pas en ligne."))
    if notify_by == NoticeChannel.EMAIL and not email:
        raise Refused(_("Indiquez une adresse e-mail pour être prévenu par e-mail."))
    if notify_by == NoticeChannel.SMS and not phone:
        raise Refused(_("Indiquez un numéro de portable pour être prévenu par SMS."))
    if channel == BookingChannel.PUBLIC and not notify_by:
        raise Refused(_("Choisissez comment recevoir votre code : e-mail ou SMS."))
    if not (last_name or first_name or case):
        raise Refused(_("Indiquez au moins le nom ou le prénom de la personne."))
    Appointment.objects.filter(
        occurrence=occurrence,
        starts_at=starts_at,
        state=AppointmentState.PENDING,
        hold_until__lt=now,
    ).update(state=AppointmentState.EXPIRED, updated_at=now)
    pending = channel == BookingChannel.PUBLIC
    appointment = Appointment(
        organisation_id=occurrence.organisation_id,
        occurrence=occurrence,
        starts_at=starts_at,
        state=AppointmentState.PENDING if pending else AppointmentState.BOOKED,
        channel=channel,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        notify_by=notify_by,
        case=case,
        party=party,
        partner=partner,
        booked_by=by.user if by is not None else None,
        secret=secrets.token_urlsafe(16),
        hold_until=now + CODE_HOLD if pending else None,
    )
    try:
        with transaction.atomic():
            appointment.save(force_insert=True)
    except IntegrityError:
        raise Refused(
            _("Ce créneau vient d'être réservé par quelqu'un d'autre. Choisissez-en un autre.")
        ) from None
    if pending:
        code = f"{secrets.randbelow(10**6):06d}"
        appointment.code_digest = _digest(appointment, code)
        appointment.save(update_fields=["code_digest"])
        _queue(appointment, NoticeKind.CODE, code=code)
    else:
        _queue(appointment, NoticeKind.CONFIRMATION)
        _queue_reminders(appointment)
    if case is not None:
        _log(
            occurrence.organisation,
            case,
            by,
            "appointment_booked",
            _("Rendez-vous pris à la permanence %(venue)s")
            % {"venue": occurrence.permanence.venue.name},
        )
    _log(
        occurrence.organisation,
        occurrence,
        by,
        "appointment_booked",
        _("Rendez-vous pris (%s)") % BookingChannel(channel).label,
    )
    return appointment


def confirm_code(*, appointment: Appointment, code: str) -> Appointment:
    """Confirms an online booking with the code sent to the person. A wrong code counts as an
    attempt (saved even though the answer is a refusal); after five, the booking is lost."""
    appointment, refusal = _try_code(appointment, code.strip())
    if refusal:
        raise Refused(refusal)
    return appointment


@transaction.atomic
def _try_code(appointment: Appointment, code: str) -> tuple[Appointment, str]:
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.state == AppointmentState.BOOKED:
        return appointment, ""
    if appointment.state != AppointmentState.PENDING or appointment.hold_until < timezone.now():
        return appointment, _(
            "Le délai de confirmation est dépassé. Le créneau a été libéré : réservez à nouveau."
        )
    if appointment.code_attempts >= CODE_ATTEMPTS:
        return appointment, _("Trop d'essais. Réservez à nouveau pour recevoir un autre code.")
    if not hmac.compare_digest(appointment.code_digest, _digest(appointment, code)):
        appointment.code_attempts += 1
        appointment.save(update_fields=["code_attempts"])
        left = CODE_ATTEMPTS - appointment.code_attempts
        return appointment, _("Ce code ne correspond pas. Il vous reste %(left)s essai(s).") % {
            "left": left
        }
    appointment.state = AppointmentState.BOOKED
    appointment.hold_until = None
    appointment.code_digest = ""
    appointment.save(update_fields=["state", "hold_until", "code_digest", "updated_at"])
    _queue(appointment, NoticeKind.CONFIRMATION)
    _queue_reminders(appointment)
    return appointment, ""


@transaction.atomic
def cancel_appointment(*, appointment: Appointment, by=None) -> Appointment:
    """Cancels a booking: by the person (through their link, ``by`` is None) or by the service."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.state not in _ACTIVE:
        raise Refused(_("Ce rendez-vous n'est plus actif."))
    if appointment.starts_at <= timezone.now():
        raise Refused(_("Ce rendez-vous est passé."))
    _end_appointment(appointment, tell=by is not None and appointment.state == "BOOKED")
    _log(
        appointment.organisation,
        appointment.occurrence,
        by,
        "appointment_cancelled",
        _("Rendez-vous annulé par la personne")
        if by is None
        else _("Rendez-vous annulé par le service"),
    )
    return appointment


def _end_appointment(appointment: Appointment, *, tell: bool):
    appointment.state = AppointmentState.CANCELLED
    appointment.cancelled_at = timezone.now()
    appointment.save(update_fields=["state", "cancelled_at", "updated_at"])
    _drop_pending(appointment)
    if tell:
        _queue(appointment, NoticeKind.CANCELLATION)
    if appointment.invitation_id is not None:
        invitation_actions.reopen(invitation=appointment.invitation)


# --- Notices ------------------------------------------------------------------------------------


def _queue(appointment: Appointment, kind: str, *, due_at=None, code: str = ""):
    if not appointment.notify_by:
        return None
    notice = Notice.objects.create(
        organisation_id=appointment.organisation_id,
        appointment=appointment,
        kind=kind,
        channel=appointment.notify_by,
        due_at=due_at or timezone.now(),
        code=code,
    )
    transaction.on_commit(lambda: delivery.send_soon(notice.due_at))
    return notice


def _queue_reminders(appointment: Appointment):
    now = timezone.now()
    for hours in reminder_hours():
        due_at = appointment.starts_at - dt.timedelta(hours=hours)
        if due_at > now:
            _queue(appointment, NoticeKind.REMINDER, due_at=due_at)


def _drop_pending(appointment: Appointment, kind: str | None = None):
    pending = appointment.notices.filter(sent_at__isnull=True, dropped=False)
    if kind:
        pending = pending.filter(kind=kind)
    pending.exclude(kind=NoticeKind.CANCELLATION).update(dropped=True)


# --- At the session -----------------------------------------------------------------------------


@transaction.atomic
def record_visits(
    *, occurrence: Occurrence, by, came: Iterable, no_show: Iterable, informed_count: int
) -> Occurrence:
    """Who came and who did not, among the booked; and how many people were informed without
    a case opened (an anonymous count)."""
    occurrence = _lock_occurrence(occurrence)
    if occurrence.is_cancelled:
        raise Refused(_("Cette séance a été annulée."))
    if occurrence.starts_at > timezone.now():
        raise Refused(_("Les passages se saisissent une fois la séance commencée."))
    came, no_show = {str(i) for i in came}, {str(i) for i in no_show}
    if came & no_show:
        raise Refused(_("Une personne ne peut pas être à la fois venue et absente."))
    for appointment in occurrence.appointments.filter(
        state__in=[AppointmentState.BOOKED, AppointmentState.CAME, AppointmentState.NO_SHOW]
    ).exclude(channel=BookingChannel.WALK_IN):
        key = str(appointment.pk)
        state = (
            AppointmentState.CAME
            if key in came
            else AppointmentState.NO_SHOW
            if key in no_show
            else AppointmentState.BOOKED
        )
        if state != appointment.state:
            appointment.state = state
            appointment.save(update_fields=["state", "updated_at"])
            _drop_pending(appointment)
    occurrence.informed_count = informed_count
    occurrence.visits_recorded_at = timezone.now()
    occurrence.save(update_fields=["informed_count", "visits_recorded_at", "updated_at"])
    _log(occurrence.organisation, occurrence, by, "visits_recorded", _("Passages saisis"))
    return occurrence


@transaction.atomic
def add_walk_in(*, occurrence: Occurrence, by, first_name: str = "", last_name: str = ""):
    occurrence = _lock_occurrence(occurrence)
    if occurrence.is_cancelled:
        raise Refused(_("Cette séance a été annulée."))
    if occurrence.starts_at > timezone.now():
        raise Refused(_("Les passages se saisissent une fois la séance commencée."))
    if not (first_name or last_name):
        raise Refused(_("Indiquez au moins le nom ou le prénom de la personne."))
    appointment = Appointment.objects.create(
        organisation_id=occurrence.organisation_id,
        occurrence=occurrence,
        state=AppointmentState.CAME,
        channel=BookingChannel.WALK_IN,
        first_name=first_name,
        last_name=last_name,
        booked_by=by.user,
        secret=secrets.token_urlsafe(16),
    )
    _log(occurrence.organisation, occurrence, by, "walk_in", _("Passage sans rendez-vous"))
    return appointment


FIRST_CONTACT = {
    BookingChannel.WALK_IN: Channel.PERMANENCE_WALK_IN,
    BookingChannel.PUBLIC: Channel.WEB_FORM,
    BookingChannel.PARTNER: Channel.PARTNER_FORM,
    BookingChannel.STAFF: Channel.PHONE,
}


@transaction.atomic
def open_case_from(*, appointment: Appointment, by, **case_fields):
    """Opens a case for the person who came; the appointment stays linked to it. Opened by a
    mediator of the session, the case goes to the mediators who held it."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.state != AppointmentState.CAME:
        raise Refused(_("Un dossier s'ouvre pour une personne venue à la permanence."))
    if appointment.case_id:
        raise Refused(_("Ce rendez-vous est déjà lié à un dossier."))
    occurrence = appointment.occurrence
    venue = occurrence.permanence.venue
    case_fields.setdefault("requester_last_name", appointment.last_name or appointment.first_name)
    case_fields.setdefault(
        "requester_first_name", appointment.first_name if appointment.last_name else ""
    )
    case_fields.setdefault("requester_phone", appointment.phone)
    case_fields.setdefault("requester_email", appointment.email)
    case_fields.setdefault("commune", venue.commune)
    case_fields.setdefault("quartier", venue.quartier)
    case_fields.setdefault("referrer", appointment.partner)
    case = case_actions.open_case(
        organisation=appointment.organisation,
        by=by,
        opened_on=timezone.localtime(occurrence.starts_at).date(),
        channel=FIRST_CONTACT[appointment.channel],
        **case_fields,
    )
    appointment.case = case
    appointment.save(update_fields=["case", "updated_at"])
    if by.role == "mediator":
        # The pair who received the person follows the case; the coordination may change it.
        on_duty = [duty.mediator for duty in occurrence.duties.select_related("mediator__user")]
        case_actions.assign_mediators(case=case, by=by, mediators=on_duty)
    _log(appointment.organisation, occurrence, by, "case_opened", _("Dossier ouvert en séance"))
    return case


@transaction.atomic
def link_case(*, appointment: Appointment, by, case) -> Appointment:
    """Attaches the appointment to the case it continues."""
    if case.organisation_id != appointment.organisation_id:
        raise Refused(_("Ce dossier n'existe pas."))
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    appointment.case = case
    appointment.save(update_fields=["case", "updated_at"])
    _log(
        appointment.organisation,
        case,
        by,
        "permanence_visit",
        _("Passage à la permanence %(venue)s")
        % {"venue": appointment.occurrence.permanence.venue.name},
    )
    return appointment


# --- Calendar feeds -----------------------------------------------------------------------------


@transaction.atomic
def issue_feed(*, organisation, mediator=None, venue=None) -> CalendarFeed:
    """A new secret address; the earlier one of the same calendar stops answering."""
    current = CalendarFeed.objects.of(organisation).filter(
        mediator=mediator, venue=venue, revoked_at__isnull=True
    )
    current.update(revoked_at=timezone.now())
    return CalendarFeed.objects.create(
        organisation=organisation,
        mediator=mediator,
        venue=venue,
        token=secrets.token_urlsafe(32),
    )


@transaction.atomic
def revoke_feed(*, feed: CalendarFeed) -> CalendarFeed:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
    return feed
