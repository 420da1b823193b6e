"""The team's answer about an earlier case of the service found for a case (docs/adr/0027).

« Même conflit »: the case is linked to the earlier one (``Case.previous_case``). A closed case is
never reopened — the figures of the years already reported would move (domain §3.1) —: the new
case is its resumption (``is_relapse``). An earlier case still open is linked without being a
resumption; the team goes on in it and closes this one when it sees fit.
« Nouveau conflit »: only the answer is kept, so the question is not asked again for that pair.
Either answer writes a line in the case's journal, naming references, never people.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import access, earlier_lookup
from palabre.cases.earlier import Answer, EarlierCaseAnswer
from palabre.cases.models import Case
from palabre.core import journal
from palabre.core.actions import Refused


class EarlierRefused(Refused):
    pass


def _log(case, by, verb: str, summary: str, **data):
    journal.record(
        organisation=case.organisation,
        subject=case,
        verb=verb,
        summary=summary,
        actor=by.user if by else None,
        data={key: str(value) for key, value in data.items()},
    )


def link_as_same_conflict(case: Case, earlier: Case, by):
    """Links ``case`` (locked by the caller) to ``earlier``: a resumption when it is closed."""
    if case.previous_case_id == earlier.pk:
        return
    if case.previous_case_id is not None:
        raise EarlierRefused(
            _("Ce dossier est déjà lié à un dossier précédent (%(ref)s).")
            % {"ref": case.previous_case.reference}
        )
    case.previous_case = earlier
    case.is_relapse = earlier.is_closed
    case.last_activity_at = timezone.now()
    case.save(update_fields=["previous_case", "is_relapse", "last_activity_at", "updated_at"])
    summary = (
        _("Même conflit que le dossier %(ref)s, clos : ce dossier en est la reprise")
        if earlier.is_closed
        else _("Même conflit que le dossier %(ref)s, encore ouvert : dossiers liés")
    )
    _log(case, by, "earlier_same", summary % {"ref": earlier.reference}, earlier=earlier.pk)
    _log(
        earlier,
        by,
        "later_linked",
        _("Le dossier %(ref)s y est lié (même conflit)") % {"ref": case.reference},
        later=case.pk,
    )


@transaction.atomic
def answer_earlier_case(*, case: Case, earlier_case: Case, by, answer: str) -> EarlierCaseAnswer:
    if answer not in Answer.values:
        raise EarlierRefused(_("Choisissez « Même conflit » ou « Nouveau conflit »."))
    if not access.can_see_earlier_cases(by, case):
        raise EarlierRefused(_("Seules la coordination et l'équipe du dossier répondent."))
    case = (
        Case.objects.select_for_update(of=("self",)).select_related("previous_case").get(pk=case.pk)
    )
    if case.is_closed:
        raise EarlierRefused(_("Le dossier est clos : la question ne se pose plus."))
    probe = earlier_lookup.probe_for_case(case)
    if not earlier_lookup.is_earlier(by, probe, earlier_case.pk, case=case):
        raise EarlierRefused(_("Ce dossier n'est pas un dossier antérieur de celui-ci."))
    if EarlierCaseAnswer.objects.filter(case=case, earlier_case=earlier_case).exists():
        raise EarlierRefused(
            _("La question a déjà reçu une réponse pour le dossier %(ref)s.")
            % {"ref": earlier_case.reference}
        )
    if answer == Answer.SAME:
        link_as_same_conflict(case, earlier_case, by)
    else:
        _log(
            case,
            by,
            "earlier_new",
            _("Dossier antérieur %(ref)s examiné : nouveau conflit")
            % {"ref": earlier_case.reference},
            earlier=earlier_case.pk,
        )
    return EarlierCaseAnswer.objects.create(
        organisation=case.organisation,
        case=case,
        earlier_case=earlier_case,
        answer=answer,
        answered_by=by,
        answered_at=timezone.now(),
    )


def carry_answers(*, case: Case, answers) -> int:
    """Keeps on a case just opened the answers given before it existed (on its referral):
    rows with ``earlier_case``, ``answer``, ``answered_by`` and ``answered_at``."""
    rows = [
        EarlierCaseAnswer(
            organisation_id=case.organisation_id,
            case=case,
            earlier_case_id=row.earlier_case_id,
            answer=row.answer,
            answered_by_id=row.answered_by_id,
            answered_at=row.answered_at,
        )
        for row in answers
        if row.earlier_case_id != case.pk
    ]
    EarlierCaseAnswer.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
