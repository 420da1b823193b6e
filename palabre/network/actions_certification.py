"""The verbs of certification accompaniment. Each runs in one transaction, writes one Journal
row on the network, and changes nothing when it refuses (the rules are in ``certification``).

``open_record``, ``set_stage``, ``record_mock_audit``, ``record_surveillance_audit``,
``add_finding``, ``add_action``, ``set_action_status``, ``check_evidence``, ``uncheck_evidence``.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.network import certification as rules
from palabre.network.models import (
    ActionItem,
    ActionStatus,
    AuditKind,
    CertificationRecord,
    EvidenceCheck,
    Finding,
    FindingKind,
    Scheme,
    Stage,
)


def _log(record, by, verb, summary, **data):
    journal.record(
        organisation=record.network,
        subject=record,
        verb=verb,
        summary=summary,
        actor=by.user if by is not None else None,
        data=data,
    )


def _lock(record) -> CertificationRecord:
    return (
        CertificationRecord.objects.select_related("network", "member")
        .select_for_update(of=("self",))
        .get(pk=record.pk)
    )


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


@transaction.atomic
def open_record(
    *,
    network,
    member,
    scheme: str,
    by,
    stage: str = Stage.PREPARING,
    engaged_on: dt.date | None = None,
    notes: str = "",
    today: dt.date | None = None,
) -> CertificationRecord:
    """Starts following a member on a scheme, not engaged yet or preparing."""
    today = today or timezone.localdate()
    if member.network_id != network.pk:
        raise Refused(_("Cette structure n'est pas membre du réseau."))
    if scheme not in Scheme.values:
        raise Refused(_("Ce référentiel n'existe pas."))
    if stage not in (Stage.NOT_ENGAGED, Stage.PREPARING):
        raise Refused(
            _(
                "Une démarche commence « non engagée » ou « en préparation » ; l'audit à blanc "
                "et la certification s'enregistrent ensuite, avec leur date."
            )
        )
    if CertificationRecord.objects.filter(member=member, scheme=scheme).exists():
        raise Refused(_("Cette structure a déjà une démarche pour ce référentiel."))
    if engaged_on is not None and engaged_on > today:
        raise Refused(_("La date ne peut pas être dans le futur."))
    if stage == Stage.PREPARING and engaged_on is None:
        engaged_on = today
    record = CertificationRecord.objects.create(
        network=network,
        member=member,
        scheme=scheme,
        stage=stage,
        engaged_on=engaged_on if stage == Stage.PREPARING else None,
        notes=notes,
    )
    _log(
        record,
        by,
        "certification_opened",
        _("Démarche ouverte : %(scheme)s, %(stage)s")
        % {"scheme": record.get_scheme_display(), "stage": record.get_stage_display().lower()},
        scheme=scheme,
        stage=stage,
    )
    return record


@transaction.atomic
def set_stage(
    *, record, stage: str, by, on: dt.date | None = None, today: dt.date | None = None
) -> CertificationRecord:
    """Moves the record to ``stage``. Mock audit and certification need their date; a
    certified member that holds a mock audit again records it with ``record_mock_audit``."""
    today = today or timezone.localdate()
    record = _lock(record)
    if stage == Stage.MOCK_AUDIT_DONE and record.stage == Stage.CERTIFIED:
        raise Refused(
            _(
                "La structure est certifiée : un nouvel audit à blanc s'enregistre avec « Audit à "
                "blanc », sans lui retirer sa certification."
            )
        )
    rules.check_stage_change(record, stage, on, today)
    previous = record.stage
    record.stage = stage
    if stage == Stage.PREPARING:
        record.engaged_on = record.engaged_on or on or today
    elif stage == Stage.MOCK_AUDIT_DONE:
        record.mock_audit_on = on
        record.engaged_on = record.engaged_on or on
    elif stage == Stage.CERTIFIED:
        renewal = previous == Stage.CERTIFIED
        record.certified_on = on
        record.engaged_on = record.engaged_on or on
    record.save()
    if stage == Stage.CERTIFIED:
        summary = (
            _("Certification renouvelée le %(day)s") if renewal else _("Certifiée le %(day)s")
        ) % {"day": _day(on)}
    elif on is not None:
        summary = _("Étape : %(stage)s (%(day)s)") % {
            "stage": record.get_stage_display().lower(),
            "day": _day(on),
        }
    else:
        summary = _("Étape : %(stage)s") % {"stage": record.get_stage_display().lower()}
    _log(record, by, "certification_stage", summary, stage=stage, previous=previous)
    return record


def _new_finding(record, *, audit, found_on, requirement, kind, text, today) -> Finding:
    if audit not in AuditKind.values:
        raise Refused(_("Ce type d'audit n'existe pas."))
    if kind not in FindingKind.values:
        raise Refused(_("Cette nature de constat n'existe pas."))
    if not (text or "").strip():
        raise Refused(_("Décrivez le constat."))
    rules.check_date(found_on, today, what=_("date de l'audit"))
    return Finding.objects.create(
        record=record,
        audit=audit,
        found_on=found_on,
        requirement=(requirement or "").strip(),
        kind=kind,
        text=text.strip(),
    )


@transaction.atomic
def record_mock_audit(
    *,
    record,
    on: dt.date,
    by,
    finding_kind: str = "",
    requirement: str = "",
    finding_text: str = "",
    today: dt.date | None = None,
) -> CertificationRecord:
    """The mock audit and, when given, its first finding. A certified member stays certified."""
    today = today or timezone.localdate()
    record = _lock(record)
    rules.check_mock_audit(record, on, today)
    if finding_text.strip() and not finding_kind:
        raise Refused(_("Choisissez la nature du constat."))
    if record.stage != Stage.CERTIFIED:
        record.stage = Stage.MOCK_AUDIT_DONE
    record.mock_audit_on = on
    record.save()
    if finding_text.strip():
        _new_finding(
            record,
            audit=AuditKind.MOCK,
            found_on=on,
            requirement=requirement,
            kind=finding_kind,
            text=finding_text,
            today=today,
        )
    _log(
        record,
        by,
        "certification_mock_audit",
        _("Audit à blanc enregistré (%(day)s)") % {"day": _day(on)},
        on=on.isoformat(),
    )
    return record


@transaction.atomic
def record_surveillance_audit(
    *, record, on: dt.date, by, today: dt.date | None = None
) -> CertificationRecord:
    """The surveillance audit of the current cycle: next comes the renewal."""
    today = today or timezone.localdate()
    record = _lock(record)
    if record.stage != Stage.CERTIFIED:
        raise Refused(_("Seule une structure certifiée passe un audit de suivi."))
    rules.check_date(on, today, what=_("date de l'audit de suivi"))
    if on < record.certified_on:
        raise Refused(_("L'audit de suivi ne peut pas précéder la certification."))
    record.surveillance_audit_on = on
    record.save()
    _log(
        record,
        by,
        "certification_surveillance_audit",
        _("Audit de suivi enregistré (%(day)s)") % {"day": _day(on)},
        on=on.isoformat(),
    )
    return record


@transaction.atomic
def add_finding(
    *,
    record,
    audit: str,
    found_on: dt.date,
    kind: str,
    text: str,
    by,
    requirement: str = "",
    today: dt.date | None = None,
) -> Finding:
    today = today or timezone.localdate()
    record = _lock(record)
    finding = _new_finding(
        record,
        audit=audit,
        found_on=found_on,
        requirement=requirement,
        kind=kind,
        text=text,
        today=today,
    )
    _log(
        record,
        by,
        "certification_finding",
        _("Constat ajouté : %(kind)s (%(audit)s)")
        % {
            "kind": finding.get_kind_display().lower(),
            "audit": finding.get_audit_display().lower(),
        },
        kind=kind,
        audit=audit,
    )
    return finding


@transaction.atomic
def add_action(
    *,
    record,
    action: str,
    due_on: dt.date,
    by,
    finding=None,
    owner_contact=None,
    owner_name: str = "",
) -> ActionItem:
    """A line of the action plan. Its owner is a contact of the member or a name or position
    in words; its due date may lie in the future (that is the point)."""
    record = _lock(record)
    if not (action or "").strip():
        raise Refused(_("Décrivez l'action."))
    if due_on is None:
        raise Refused(_("Indiquez l'échéance de l'action."))
    owner_name = (owner_name or "").strip()
    if owner_contact is None and not owner_name:
        raise Refused(_("Indiquez qui porte l'action : un contact de la structure, ou un nom."))
    if owner_contact is not None and owner_contact.member_id != record.member_id:
        raise Refused(_("Ce contact n'est pas une personne de cette structure."))
    if finding is not None and finding.record_id != record.pk:
        raise Refused(_("Ce constat relève d'une autre démarche."))
    item = ActionItem.objects.create(
        record=record,
        finding=finding,
        action=action.strip(),
        owner_contact=owner_contact,
        owner_name=owner_name if owner_contact is None else "",
        due_on=due_on,
    )
    _log(
        record,
        by,
        "certification_action_added",
        _("Action ajoutée au plan, échéance le %(day)s") % {"day": _day(due_on)},
        action=str(item.pk),
    )
    return item


@transaction.atomic
def set_action_status(
    *, item, status: str, by, done_on: dt.date | None = None, today: dt.date | None = None
) -> ActionItem:
    today = today or timezone.localdate()
    item = ActionItem.objects.select_for_update().select_related("record__network").get(pk=item.pk)
    if status not in ActionStatus.values:
        raise Refused(_("Cet état n'existe pas."))
    if status == item.status and status != ActionStatus.DONE:
        raise Refused(_("L'action est déjà dans cet état."))
    if status == ActionStatus.DONE:
        rules.check_date(done_on, today, what=_("date de réalisation"))
    item.status = status
    item.done_on = done_on if status == ActionStatus.DONE else None
    item.save()
    _log(
        item.record,
        by,
        "certification_action_status",
        (
            _("Action réalisée le %(day)s") % {"day": _day(done_on)}
            if status == ActionStatus.DONE
            else _("Action : %(status)s") % {"status": item.get_status_display().lower()}
        ),
        action=str(item.pk),
        status=status,
    )
    return item


@transaction.atomic
def check_evidence(
    *, record, item: str, by, note: str = "", today: dt.date | None = None
) -> EvidenceCheck:
    """Staff have seen for themselves an evidence that Palabre does not show."""
    today = today or timezone.localdate()
    record = _lock(record)
    if item not in rules.ITEMS:
        raise Refused(_("Cet élément ne fait pas partie de la liste."))
    shown = {entry.code: entry for entry in rules.evidence(record.member, today)}
    if not shown[item].can_tick:
        raise Refused(_("Palabre montre déjà cet élément : il n'y a rien à cocher."))
    if record.evidence_checks.filter(item=item).exists():
        raise Refused(_("Cet élément est déjà coché."))
    check = EvidenceCheck.objects.create(
        record=record,
        item=item,
        checked_by=by.user if by is not None else None,
        checked_on=today,
        note=(note or "").strip(),
    )
    _log(
        record,
        by,
        "certification_evidence_checked",
        _("Élément de preuve vérifié : %(item)s") % {"item": rules.ITEMS[item]},
        item=item,
    )
    return check


@transaction.atomic
def uncheck_evidence(*, record, item: str, by) -> None:
    record = _lock(record)
    deleted, _count = record.evidence_checks.filter(item=item).delete()
    if not deleted:
        raise Refused(_("Cet élément n'est pas coché."))
    _log(
        record,
        by,
        "certification_evidence_unchecked",
        _("Élément de preuve décoché : %(item)s") % {"item": rules.ITEMS[item]},
        item=item,
    )
