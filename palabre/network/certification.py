"""The rules of certification accompaniment: the cycle's due dates, the stage a record may move
to, what is due next, and the evidence checklist.

**The cycle.** A certification is granted for four years, with a surveillance audit at two years
and a renewal audit at four (AFAQ Médiation sociale). ``certified_on`` opens the cycle; a renewal
opens the next one from its own date. A date falling on 29 February moves to the 28th in a year
without it.

**Stages.** Not engaged → preparing → mock audit done → certified. A mock audit needs an engaged
member; certification needs its date; no date may lie in the future. A certified member may hold
a mock audit again before its renewal: it stays certified.

**Evidence.** The checklist says what a member can show an auditor, counted from its Palabre
data when the member works on this instance *and* has declared itself a member of the network
in Palabre (the service's own choice, not the network's): trainings followed and
practice-analysis sessions attended by its people, cases opened and closed (counts only, small
ones shown as « moins de 5 »). What Palabre does not record (satisfaction surveys, complaints,
other registers of activity) says so; network staff tick such items by hand once they have seen
the member's own documents. Palabre supports a member's evidence; it does not make it compliant.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from palabre.cases.models import Case
from palabre.core.actions import Refused
from palabre.network.models import CertificationRecord, Stage

SURVEILLANCE_YEARS = 2
RENEWAL_YEARS = 4
DUE_SOON_DAYS = 90
EVIDENCE_DAYS = 365


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def surveillance_due_on(record: CertificationRecord) -> dt.date | None:
    if record.stage != Stage.CERTIFIED or record.certified_on is None:
        return None
    return add_years(record.certified_on, SURVEILLANCE_YEARS)


def renewal_due_on(record: CertificationRecord) -> dt.date | None:
    if record.stage != Stage.CERTIFIED or record.certified_on is None:
        return None
    return add_years(record.certified_on, RENEWAL_YEARS)


def surveillance_done(record: CertificationRecord) -> bool:
    """The surveillance audit of the current cycle took place."""
    return (
        record.certified_on is not None
        and record.surveillance_audit_on is not None
        and record.surveillance_audit_on >= record.certified_on
    )


@dataclass(frozen=True)
class NextStep:
    label: str
    due_on: dt.date | None = None
    is_overdue: bool = False
    is_due_soon: bool = False


def next_step(record: CertificationRecord, today: dt.date) -> NextStep | None:
    """What the member has to go through next, and by when once certified."""
    if record.stage == Stage.NOT_ENGAGED:
        return None
    if record.stage == Stage.PREPARING:
        return NextStep(_("Audit à blanc"))
    if record.stage == Stage.MOCK_AUDIT_DONE:
        return NextStep(_("Audit de certification"))
    if surveillance_done(record):
        label, due_on = _("Audit de renouvellement"), renewal_due_on(record)
    else:
        label, due_on = _("Audit de suivi"), surveillance_due_on(record)
    return NextStep(
        label,
        due_on,
        is_overdue=due_on < today,
        is_due_soon=today <= due_on <= today + dt.timedelta(days=DUE_SOON_DAYS),
    )


def is_overdue(record: CertificationRecord, today: dt.date) -> bool:
    step = next_step(record, today)
    return step is not None and step.is_overdue


# --- Stage changes -------------------------------------------------------------------------------

STAGE_NEEDS_DATE = {Stage.MOCK_AUDIT_DONE, Stage.CERTIFIED}


def check_date(day: dt.date | None, today: dt.date, *, what: str):
    if day is None:
        raise Refused(_("Indiquez la date : %(what)s.") % {"what": what})
    if day > today:
        raise Refused(_("La date ne peut pas être dans le futur : %(what)s.") % {"what": what})


def check_stage_change(record: CertificationRecord, stage: str, on: dt.date | None, today):
    """Refuses a move the cycle does not allow; says why in French."""
    if stage not in Stage.values:
        raise Refused(_("Cette étape n'existe pas."))
    if stage == record.stage and stage not in STAGE_NEEDS_DATE:
        raise Refused(_("La démarche est déjà à cette étape."))
    if stage == Stage.MOCK_AUDIT_DONE:
        check_mock_audit(record, on, today)
    if stage == Stage.CERTIFIED:
        check_date(on, today, what=_("date de la certification"))
        if record.certified_on is not None and on < record.certified_on:
            raise Refused(
                _("La certification en cours date du %(day)s : un renouvellement la suit.")
                % {"day": record.certified_on.strftime("%d/%m/%Y")}
            )
    if on is not None and on > today:
        raise Refused(_("La date ne peut pas être dans le futur."))


def check_mock_audit(record: CertificationRecord, on: dt.date | None, today):
    if record.stage == Stage.NOT_ENGAGED:
        raise Refused(
            _(
                "La structure n'est pas engagée dans la démarche : passez-la d'abord "
                "« en préparation »."
            )
        )
    check_date(on, today, what=_("date de l'audit à blanc"))


# --- Evidence checklist --------------------------------------------------------------------------


class EvidenceStatus:
    OK = "OK"
    MISSING = "MISSING"
    NOT_ON_INSTANCE = "NOT_ON_INSTANCE"

    labels = {
        OK: gettext_lazy("Disponible"),
        MISSING: gettext_lazy("Manquant"),
        NOT_ON_INSTANCE: gettext_lazy("Hors Palabre"),
    }


@dataclass
class EvidenceItem:
    code: str
    label: str
    status: str
    detail: str
    source: str
    check: object = None  # an EvidenceCheck once staff have seen the evidence themselves

    @property
    def status_label(self) -> str:
        return str(EvidenceStatus.labels[self.status])

    @property
    def can_tick(self) -> bool:
        """Staff tick by hand what Palabre cannot show."""
        return self.status != EvidenceStatus.OK

    @property
    def is_satisfied(self) -> bool:
        return self.status == EvidenceStatus.OK or self.check is not None


ITEMS = {
    "TRAININGS": gettext_lazy("Formations suivies par l'équipe (12 derniers mois)"),
    "PRACTICE_ANALYSIS": gettext_lazy("Séances d'analyse de la pratique (12 derniers mois)"),
    "ACTIVITY_CASES": gettext_lazy(
        "Suivi de l'activité, registre gestion des conflits : dossiers ouverts et clos "
        "(12 derniers mois)"
    ),
    "ACTIVITY_OTHER_REGISTERS": gettext_lazy(
        "Suivi de l'activité, autres registres (présence de proximité, veille, mise en relation…)"
    ),
    "SATISFACTION_SURVEYS": gettext_lazy("Enquêtes de satisfaction (habitants, partenaires)"),
    "COMPLAINTS": gettext_lazy("Réclamations reçues et traitées"),
}
NOT_TRACKED = gettext_lazy("Non suivi dans Palabre.")


def is_on_instance(member) -> bool:
    """The member's Palabre organisation, when it has itself joined the network in Palabre."""
    organisation = member.organisation
    return organisation is not None and organisation.networks.filter(pk=member.network_id).exists()


def outside_reason(member) -> str:
    """Why the checklist of ``member`` cannot count anything, or "" when it can."""
    if is_on_instance(member):
        return ""
    if member.organisation_id:
        return _(
            "La structure utilise Palabre mais n'a pas déclaré son adhésion au réseau : "
            "ses données ne sont pas lues."
        )
    return _("La structure figure dans l'annuaire seulement : elle n'utilise pas cette instance.")


def small(count: int) -> str:
    threshold = settings.PALABRE_SMALL_CELL_THRESHOLD
    return _("moins de %(n)s") % {"n": threshold} if 0 < count < threshold else str(count)


def evidence(member, today: dt.date, *, checks=None) -> list[EvidenceItem]:
    """The evidence checklist of ``member`` on ``today``; ``checks`` maps an item code to the
    EvidenceCheck staff recorded by hand for it."""
    checks = checks or {}
    since = today - dt.timedelta(days=EVIDENCE_DAYS)
    if is_on_instance(member):
        organisation = member.organisation
        items = [
            *_training_items(organisation, since, today),
            _cases_item(organisation, since, today),
            _not_tracked("ACTIVITY_OTHER_REGISTERS", _("Interventions de terrain")),
            _not_tracked("SATISFACTION_SURVEYS", _("Enquêtes")),
            _not_tracked("COMPLAINTS", _("Réclamations")),
        ]
    else:
        detail = _("À vérifier sur les documents de la structure.")
        items = [
            EvidenceItem(code, str(label), EvidenceStatus.NOT_ON_INSTANCE, detail, _("Annuaire"))
            for code, label in ITEMS.items()
        ]
    for item in items:
        item.check = checks.get(item.code)
    return items


def evidence_for(record: CertificationRecord, today: dt.date) -> list[EvidenceItem]:
    checks = {check.item: check for check in record.evidence_checks.select_related("checked_by")}
    return evidence(record.member, today, checks=checks)


def _not_tracked(code, source) -> EvidenceItem:
    return EvidenceItem(
        code, str(ITEMS[code]), EvidenceStatus.NOT_ON_INSTANCE, str(NOT_TRACKED), source
    )


def _training_items(organisation, since, today) -> list[EvidenceItem]:
    source = _("Formations Palabre")
    if not apps.is_installed("palabre.training"):
        return [_not_tracked("TRAININGS", source), _not_tracked("PRACTICE_ANALYSIS", source)]
    from palabre.training.models import Attendance, ModuleKind

    attended = Attendance.objects.filter(
        present=True,
        enrolment__organisation=organisation,
        half_day__day__range=(since, today),
    )

    def counts(kind):
        return attended.filter(half_day__session__module__kind=kind).aggregate(
            people=Count("enrolment__user", distinct=True),
            sessions=Count("half_day__session", distinct=True),
        )

    trainings = counts(ModuleKind.TRAINING)
    practice = counts(ModuleKind.PRACTICE_ANALYSIS)
    return [
        EvidenceItem(
            "TRAININGS",
            str(ITEMS["TRAININGS"]),
            EvidenceStatus.OK if trainings["sessions"] else EvidenceStatus.MISSING,
            ngettext(
                "%(sessions)s session suivie",
                "%(sessions)s sessions suivies",
                trainings["sessions"],
            )
            % trainings
            + ", "
            + ngettext(
                "%(people)s personne présente",
                "%(people)s personnes présentes",
                trainings["people"],
            )
            % trainings,
            source,
        ),
        EvidenceItem(
            "PRACTICE_ANALYSIS",
            str(ITEMS["PRACTICE_ANALYSIS"]),
            EvidenceStatus.OK if practice["sessions"] else EvidenceStatus.MISSING,
            ngettext(
                "%(sessions)s séance suivie",
                "%(sessions)s séances suivies",
                practice["sessions"],
            )
            % practice
            + ", "
            + ngettext(
                "%(people)s personne présente",
                "%(people)s personnes présentes",
                practice["people"],
            )
            % practice,
            source,
        ),
    ]


def _cases_item(organisation, since, today) -> EvidenceItem:
    # Counts only: the network never sees a case, and small counts stay hidden.
    counts = Case.objects.of(organisation).aggregate(
        opened=Count("pk", filter=Q(opened_on__range=(since, today))),
        closed=Count("pk", filter=Q(closed_on__range=(since, today))),
    )
    return EvidenceItem(
        "ACTIVITY_CASES",
        str(ITEMS["ACTIVITY_CASES"]),
        EvidenceStatus.OK if counts["opened"] or counts["closed"] else EvidenceStatus.MISSING,
        _("%(opened)s dossiers ouverts, %(closed)s dossiers clos")
        % {"opened": small(counts["opened"]), "closed": small(counts["closed"])},
        _("Dossiers Palabre"),
    )
