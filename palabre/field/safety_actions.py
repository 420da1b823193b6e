"""The verbs of shift reports, serious events and lone-worker safety (models in ``safety.py``).
Like ``actions.py``: keyword-only, one transaction, one Journal entry, nothing changed when they
refuse (``FieldRefused``, a French sentence).

The Journal says what was done and to which shift, never what a report or an event says, nor
where someone was.

Reports: ``write_report`` (the team, until validated), ``validate_report`` (the coordination).
Serious events: ``flag_serious_event`` tells the coordinators at once, each by their own e-mail
carrying only « événement grave signalé », the kind and a link; ``acknowledge_serious_event``.
Safety: ``set_team_safety`` (interval and on-call contact), ``check_in``, ``end_watch``,
``raise_alarm``; alerts are decided and sent by the server (``safety_delivery``).
"""

import datetime as dt
import logging
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal, mail, sms
from palabre.field import nights, safety_delivery
from palabre.field.actions import CLOCK_SLACK, FieldRefused
from palabre.field.codes import PEOPLE_BANDS
from palabre.field.models import FieldTeam, Intervention, Shift
from palabre.field.safety import (
    AlertKind,
    CheckIn,
    CheckInKind,
    OnCallContact,
    ReportStatus,
    SafetyAlert,
    SeriousEvent,
    SeriousEventKind,
    ShiftReport,
    expected_by,
)
from palabre.field.territory import Place, places_of
from palabre.organisations.models import Membership, Role

logger = logging.getLogger(__name__)

# The check-in interval a team may be given, in minutes.
CHECK_IN_MINUTES = (10, 240)
# A check-in can wait a little: the worker looks again this long after the deadline.
SWEEP_SLACK = dt.timedelta(seconds=5)


def _log(organisation, subject, by, verb, summary, **data):
    journal.record(
        organisation=organisation,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _refuse_cancelled(shift):
    if shift.is_cancelled:
        raise FieldRefused(_("Cette tournée est annulée."))


# --- The team's safety settings -----------------------------------------------------------------


@transaction.atomic
def set_team_safety(
    *,
    team: FieldTeam,
    by,
    check_in_minutes: int | None,
    on_call_name: str = "",
    on_call_email: str = "",
    on_call_phone: str = "",
) -> FieldTeam:
    """The check-in interval and the on-call contact, chosen by the coordination. An interval
    needs a contact to alert by e-mail and SMS; without any, the contact is removed."""
    low, high = CHECK_IN_MINUTES
    if check_in_minutes is not None and not low <= check_in_minutes <= high:
        raise FieldRefused(
            _("Le pointage se fait toutes les %(low)s à %(high)s minutes.")
            % {"low": low, "high": high}
        )
    name, email, phone = on_call_name.strip(), on_call_email.strip(), on_call_phone.strip()
    contact = bool(name or email or phone)
    if (check_in_minutes is not None or contact) and not (email and phone):
        raise FieldRefused(
            _(
                "Indiquez l'e-mail et le téléphone portable de l'astreinte : les alertes partent "
                "par les deux."
            )
        )
    if phone:
        try:
            sms.normalise_phone(phone)
        except sms.SmsError:
            raise FieldRefused(
                _("Le téléphone de l'astreinte doit être un numéro de portable (06 ou 07…).")
            ) from None
    team.check_in_minutes = check_in_minutes
    team.save(update_fields=["check_in_minutes", "updated_at"])
    if contact:
        OnCallContact.objects.update_or_create(
            team=team,
            defaults={
                "organisation_id": team.organisation_id,
                "name": name or _("Astreinte"),
                "email": email,
                "phone": phone,
            },
        )
    else:
        OnCallContact.objects.filter(team=team).delete()
    _log(
        team.organisation, team, by, "field_team_safety_changed", _("Sécurité de l'équipe modifiée")
    )
    return team


# --- Shift report -------------------------------------------------------------------------------


def report_counts(shift: Shift) -> dict:
    """What the shift's interventions say: how many, people met, by register and by type (coded
    fields only)."""
    interventions = Intervention.objects.filter(organisation=shift.organisation_id, shift=shift)
    bands = interventions.aggregate(
        total=Count("pk"), **{name: Sum(name) for name, _label in PEOPLE_BANDS}
    )
    return {
        "interventions": bands.pop("total"),
        "people_met": sum(value or 0 for value in bands.values()),
        "by_register": dict(
            interventions.values_list("register").annotate(n=Count("pk")).order_by("register")
        ),
        "by_type": dict(interventions.values_list("type").annotate(n=Count("pk")).order_by("type")),
    }


def _report_of(shift, *, lock=False) -> ShiftReport | None:
    reports = ShiftReport.objects.filter(organisation=shift.organisation_id, shift=shift)
    return (reports.select_for_update() if lock else reports).first()


@transaction.atomic
def write_report(
    *, shift: Shift, by, summary: str = "", people_met: int | None = None, sign: bool = False
) -> ShiftReport:
    """Writes the shift's report, or its new version: the team may change it until the
    coordination validates it. ``sign``: the team signs it off, and it goes to the coordination;
    saved unsigned, a signed report goes back to being written. Two first versions sent at once
    make one report (the database holds one per shift; the second one writes over the first)."""
    _refuse_cancelled(shift)
    now = timezone.now()
    if shift.starts_at > now:
        raise FieldRefused(_("La tournée n'a pas commencé : son compte rendu s'écrit après."))
    counts = report_counts(shift)
    if people_met is None:
        people_met = counts["people_met"]
    if people_met < 0:
        raise FieldRefused(_("Le nombre de personnes rencontrées ne peut être négatif."))
    report = _report_of(shift, lock=True)
    if report is None:
        try:
            with transaction.atomic():
                report = ShiftReport.objects.create(
                    organisation_id=shift.organisation_id, shift=shift, written_by=by
                )
        except IntegrityError:
            report = _report_of(shift, lock=True)
    if report.is_validated:
        raise FieldRefused(_("Ce compte rendu est validé par la coordination : il ne change plus."))
    report.summary = summary.strip()
    report.people_met = people_met
    report.counts = counts
    report.written_by = by
    if sign:
        report.status = ReportStatus.SIGNED
        report.signed_by, report.signed_at = by, now
    else:
        report.status = ReportStatus.WRITTEN
        report.signed_by, report.signed_at = None, None
    report.save()
    if sign:
        _log(
            shift.organisation,
            report,
            by,
            "shift_report_signed",
            _("Compte rendu de tournée signé par l'équipe"),
            shift=str(shift.pk),
        )
    else:
        _log(
            shift.organisation,
            report,
            by,
            "shift_report_written",
            _("Compte rendu de tournée enregistré"),
            shift=str(shift.pk),
        )
    return report


@transaction.atomic
def validate_report(*, report: ShiftReport, by) -> ShiftReport:
    """The coordination validates a signed report; its figures are taken one last time."""
    report = ShiftReport.objects.select_for_update().select_related("shift").get(pk=report.pk)
    if report.is_validated:
        raise FieldRefused(_("Ce compte rendu est déjà validé."))
    if report.status != ReportStatus.SIGNED:
        raise FieldRefused(_("L'équipe n'a pas encore signé ce compte rendu."))
    report.counts = report_counts(report.shift)
    report.status = ReportStatus.VALIDATED
    report.validated_by, report.validated_at = by, timezone.now()
    report.save()
    _log(
        report.organisation,
        report,
        by,
        "shift_report_validated",
        _("Compte rendu de tournée validé"),
        shift=str(report.shift_id),
    )
    return report


# --- Serious events -----------------------------------------------------------------------------


@transaction.atomic
def flag_serious_event(
    *,
    shift: Shift,
    by,
    kind: SeriousEventKind,
    occurred_at: dt.datetime,
    description: str = "",
    intervention: Intervention | None = None,
) -> SeriousEvent:
    """Flags a serious event of the shift (on one of its interventions, or on the shift itself)
    and tells every coordinator of the service at once."""
    _refuse_cancelled(shift)
    if kind not in SeriousEventKind.values:
        raise FieldRefused(_("Choisissez la nature de l'événement."))
    if intervention is not None and intervention.shift_id != shift.pk:
        raise FieldRefused(_("Cette intervention n'est pas une intervention de la tournée."))
    if not nights.within(occurred_at, shift.starts_at, shift.ends_at):
        raise FieldRefused(
            _("L'heure de l'événement doit tomber pendant la tournée (%(hours)s).")
            % {"hours": nights.hours_label(shift.starts_at, shift.ends_at)}
        )
    if occurred_at > timezone.now() + CLOCK_SLACK:
        raise FieldRefused(_("L'heure de l'événement est à venir : on signale ce qui a eu lieu."))
    event = SeriousEvent.objects.create(
        organisation_id=shift.organisation_id,
        shift=shift,
        intervention=intervention,
        kind=kind,
        occurred_at=occurred_at,
        description=description.strip(),
        reported_by=by,
    )
    _log(
        shift.organisation,
        event,
        by,
        "serious_event_flagged",
        _("Événement grave signalé : %(kind)s") % {"kind": event.get_kind_display()},
        shift=str(shift.pk),
    )
    transaction.on_commit(lambda: notify_coordinators(event))
    return event


def _coordinator_addresses(organisation_id) -> list[str]:
    addresses = (
        Membership.objects.active()
        .filter(organisation=organisation_id, role__in=[Role.ADMIN, Role.COORDINATOR])
        .values_list("user__email", flat=True)
    )
    return sorted({address for address in addresses if address})


def event_message(event: SeriousEvent) -> tuple[str, str]:
    """Subject and body: « événement grave signalé », its kind and the link; nothing else."""
    kind = event.get_kind_display()
    link = mail.absolute_url(reverse("field:serious_event", args=[event.pk]))
    subject = _("Événement grave signalé : %(kind)s") % {"kind": kind}
    body = _("Événement grave signalé : %(kind)s.\n\n%(link)s\n") % {"kind": kind, "link": link}
    return subject, body


def notify_coordinators(event: SeriousEvent) -> int:
    """One message per coordinator, none copied to another. Called once the event is saved; a
    failed send is logged (the event's id, never an address) and the event still waits on the
    coordination's page."""
    subject, body = event_message(event)
    sent = 0
    for address in _coordinator_addresses(event.organisation_id):
        try:
            mail.message(subject=subject, body=body, to=address).send()
            sent += 1
        except Exception as error:
            logger.warning(
                "Serious event %s: a coordinator was not told (%s)", event.pk, type(error).__name__
            )
    return sent


@transaction.atomic
def acknowledge_serious_event(*, event: SeriousEvent, by) -> SeriousEvent:
    event = SeriousEvent.objects.select_for_update().get(pk=event.pk)
    if event.acknowledged_at is not None:
        raise FieldRefused(_("Cet événement est déjà pris en compte."))
    event.acknowledged_by, event.acknowledged_at = by, timezone.now()
    event.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    _log(
        event.organisation,
        event,
        by,
        "serious_event_acknowledged",
        _("Événement grave pris en compte par la coordination"),
        shift=str(event.shift_id),
    )
    return event


# --- Check-ins and the alarm --------------------------------------------------------------------


def _refuse_unless_on_shift(shift, by, now):
    _refuse_cancelled(shift)
    if not shift.members.filter(pk=by.pk).exists():
        raise FieldRefused(_("Vous n'êtes pas sur cette tournée."))
    if not shift.is_running(now):
        raise FieldRefused(
            _("La tournée n'est pas en cours (%(hours)s) : rien n'est attendu de vous.")
            % {"hours": nights.hours_label(shift.starts_at, shift.ends_at)}
        )


def _refuse_outside(shift, place):
    if place is not None and not places_of(shift).contains(place):
        raise FieldRefused(_("Ce lieu n'est pas dans le territoire de la tournée."))


@transaction.atomic
def check_in(*, shift: Shift, by, place: Place | None = None) -> CheckIn:
    """« Tout va bien »: the next check-in is expected within the team's interval from now.
    ``place``, one of the shift's, is shared with the on-call contact only if an alert goes."""
    now = timezone.now()
    _refuse_unless_on_shift(shift, by, now)
    _refuse_outside(shift, place)
    entry = CheckIn(organisation_id=shift.organisation_id, shift=shift, member=by, at=now)
    entry.set_place(place)
    entry.save()
    _log(
        shift.organisation,
        entry,
        by,
        "safety_check_in",
        _("Pointage de sécurité"),
        shift=str(shift.pk),
    )
    minutes = shift.team.check_in_minutes
    if minutes:
        due = expected_by(
            last_news_at=now, every=dt.timedelta(minutes=minutes), ends_at=shift.ends_at
        )
        if due is not None:
            # The worker looks at the deadline itself; the every-minute sweep is the safety net.
            transaction.on_commit(lambda: safety_delivery.sweep_soon(due + SWEEP_SLACK))
    return entry


@transaction.atomic
def end_watch(*, shift: Shift, by) -> CheckIn:
    """The member has finished before the shift's end: nothing more is expected of them."""
    now = timezone.now()
    _refuse_unless_on_shift(shift, by, now)
    entry = CheckIn.objects.create(
        organisation_id=shift.organisation_id,
        shift=shift,
        member=by,
        at=now,
        kind=CheckInKind.DONE,
    )
    _log(
        shift.organisation,
        entry,
        by,
        "safety_watch_ended",
        _("Fin de tournée signalée"),
        shift=str(shift.pk),
    )
    return entry


def on_call_of(shift) -> OnCallContact | None:
    return OnCallContact.objects.filter(team=shift.team_id).first()


@transaction.atomic
def raise_alarm(
    *, shift: Shift, by, place: Place | None = None, client_id: uuid.UUID | None = None
) -> SafetyAlert:
    """Alerts the on-call contact at once with the place the member picked (or none). The same
    form sent twice (``client_id``) raises one alarm."""
    now = timezone.now()
    _refuse_unless_on_shift(shift, by, now)
    _refuse_outside(shift, place)
    if on_call_of(shift) is None:
        raise FieldRefused(
            _(
                "Aucune astreinte n'est désignée pour votre équipe : appelez le 17 ou le 112, "
                "puis la coordination."
            )
        )
    if client_id is not None:
        existing = SafetyAlert.objects.filter(
            organisation_id=shift.organisation_id, client_id=client_id
        ).first()
        if existing is not None:
            return existing
    alert = SafetyAlert(
        organisation_id=shift.organisation_id,
        shift=shift,
        member=by,
        kind=AlertKind.ALARM,
        raised_at=now,
        place_shared_at=now if place is not None else None,
        client_id=client_id,
    )
    alert.set_place(place)
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
    except IntegrityError:
        existing = SafetyAlert.objects.filter(
            organisation_id=shift.organisation_id, client_id=client_id
        ).first()
        if existing is None:
            raise
        return existing
    _log(
        shift.organisation,
        alert,
        by,
        "safety_alarm_raised",
        _("Alarme déclenchée"),
        shift=str(shift.pk),
    )
    transaction.on_commit(safety_delivery.sweep_soon)
    return alert
