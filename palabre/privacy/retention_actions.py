"""The coordination's verbs on retention: change the schedule, keep a case for a legal reason,
lift that hold. Keyword-only and atomic, each writes one Journal entry naming no one; a refusal
raises ``RetentionRefused`` with a French sentence, and nothing is written."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases.models import Case
from palabre.core import journal
from palabre.core.actions import Refused
from palabre.privacy.retention import (
    LINE,
    MAX_MONTHS,
    HoldReason,
    LegalHold,
    RetentionSchedule,
    lines_for,
)


class RetentionRefused(Refused):
    """A change of the schedule or of a hold is not allowed as asked."""


def _check(organisation, months: dict):
    for line in lines_for(organisation):
        value = months.get(line.field)
        if value is None or not 0 <= value <= MAX_MONTHS:
            raise RetentionRefused(
                _("« %(line)s » : indiquez un nombre de mois entre 0 et %(most)s.")
                % {"line": line.label, "most": MAX_MONTHS}
            )
    if organisation.is_network:
        return
    if months["case_months"] < 1:
        raise RetentionRefused(_("Un dossier clos reste au moins un mois avant d'être anonymisé."))
    for key in ("notes", "other_parties"):
        if months[LINE[key].field] > months["case_months"]:
            raise RetentionRefused(
                _("« %(line)s » ne peut pas dépasser la durée des dossiers clos (%(n)s mois) : "
                  "l'anonymisation du dossier les efface de toute façon.")
                % {"line": LINE[key].label, "n": months["case_months"]}
            )  # fmt: skip


@transaction.atomic
def change_schedule(*, organisation, by, months: dict) -> RetentionSchedule:
    """Sets the organisation's durations (``months``: field name → months); the journal keeps
    what changed, from what to what."""
    _check(organisation, months)
    schedule = RetentionSchedule.of(organisation)
    changes = []
    for line in lines_for(organisation):
        before, after = schedule.months(line.key), months[line.field]
        if before != after:
            changes.append(f"{line.label} : {before} → {after} mois")
            setattr(schedule, line.field, after)
    if not changes and not schedule._state.adding:
        return schedule
    schedule.updated_by = by.user
    schedule.save()
    journal.record(
        organisation=organisation,
        subject=schedule,
        verb="retention_changed",
        summary=(_("Durées de conservation modifiées : %(changes)s") % {
            "changes": " ; ".join(changes)
        })[:300] if changes else _("Durées de conservation confirmées"),
        actor=by.user,
    )  # fmt: skip
    return schedule


def _lock(case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def place_hold(*, case, by, reason: str, detail: str = "") -> LegalHold:
    """Keeps the whole case past its durations, for a legal reason, until the hold is lifted."""
    case = _lock(case)
    if case.anonymised_at is not None:
        raise RetentionRefused(_("Ce dossier est déjà anonymisé : il n'y a plus rien à conserver."))
    if reason not in HoldReason.values:
        raise RetentionRefused(_("Choisissez le motif de la conservation."))
    if reason == HoldReason.OTHER and not detail.strip():
        raise RetentionRefused(
            _("Précisez l'obligation légale qui impose de conserver le dossier.")
        )
    if case.legal_holds.active().exists():
        raise RetentionRefused(_("Ce dossier est déjà conservé pour un motif légal."))
    hold = LegalHold.objects.create(
        organisation=case.organisation,
        case=case,
        reason=reason,
        detail=detail.strip(),
        placed_by=by.user,
        placed_at=timezone.now(),
    )
    journal.record(
        organisation=case.organisation,
        subject=case,
        verb="legal_hold_placed",
        summary=_("Conservation pour motif légal : %(reason)s")
        % {"reason": hold.get_reason_display()},
        actor=by.user,
    )
    return hold


@transaction.atomic
def lift_hold(*, hold: LegalHold, by) -> LegalHold:
    """The reason is gone: the case follows its durations again (the next pass of the job
    treats what has fallen due meanwhile)."""
    _lock(hold.case)
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.lifted_at is not None:
        raise RetentionRefused(_("Cette conservation est déjà levée."))
    hold.lifted_at = timezone.now()
    hold.lifted_by = by.user
    hold.save(update_fields=["lifted_at", "lifted_by", "updated_at"])
    journal.record(
        organisation=hold.organisation,
        subject=hold.case,
        verb="legal_hold_lifted",
        summary=_("Fin de la conservation pour motif légal (%(reason)s)")
        % {"reason": hold.get_reason_display()},
        actor=by.user,
    )
    return hold
