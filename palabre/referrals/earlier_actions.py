"""Answering about an earlier case from a referral's page (docs/adr/0027).

« Même conflit » accepts the referral at once, as a case linked to the earlier one: the referrer
sees the new case's progress, never the earlier case's. « Nouveau conflit » keeps the answer on
the referral; accepting it later carries it to the case.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import access as case_access
from palabre.cases import earlier_lookup
from palabre.cases.earlier import Answer
from palabre.core import journal
from palabre.referrals import access, actions
from palabre.referrals.earlier import ReferralEarlierAnswer
from palabre.referrals.models import Decision, Referral


def probe_for(referral: Referral) -> earlier_lookup.Probe:
    """The person as the referral describes them, compared today."""
    return earlier_lookup.probe_for_person(
        referral.organisation_id,
        day=timezone.localdate(),
        first_name=referral.requester_first_name,
        last_name=referral.requester_last_name,
        phone=referral.requester_phone,
        address=referral.requester_address,
    )


def can_see_earlier_cases(membership, referral: Referral) -> bool:
    """The coordination deciding the referral; never reception, who also reads the queue."""
    return (
        access.can_answer(membership)
        and case_access.can_see_earlier_cases(membership)
        and referral.organisation_id == membership.organisation_id
    )


@transaction.atomic
def answer_for_referral(*, referral: Referral, earlier_case, by, answer: str):
    """Answers the referral's earlier case: the case opened (« Même conflit ») or the answer
    kept (« Nouveau conflit »)."""
    if answer not in Answer.values:
        raise actions.ReferralRefused(_("Choisissez « Même conflit » ou « Nouveau conflit »."))
    if not can_see_earlier_cases(by, referral):
        raise actions.ReferralRefused(_("Seule la coordination répond sur une orientation."))
    referral = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    if referral.decision != Decision.PENDING:
        raise actions.ReferralRefused(_("Cette orientation a déjà reçu une suite."))
    if not earlier_lookup.is_earlier(by, probe_for(referral), earlier_case.pk):
        raise actions.ReferralRefused(
            _("Ce dossier n'est pas un dossier antérieur de la personne.")
        )
    if referral.earlier_answers.filter(earlier_case=earlier_case).exists():
        raise actions.ReferralRefused(
            _("La question a déjà reçu une réponse pour le dossier %(ref)s.")
            % {"ref": earlier_case.reference}
        )
    row = ReferralEarlierAnswer.objects.create(
        organisation_id=referral.organisation_id,
        referral=referral,
        earlier_case=earlier_case,
        answer=answer,
        answered_by=by,
        answered_at=timezone.now(),
    )
    if answer == Answer.SAME:
        return actions.accept_referral(referral=referral, by=by, previous_case=earlier_case)
    journal.record(
        organisation=referral.organisation,
        subject=referral,
        verb="earlier_new",
        summary=_("Dossier antérieur %(ref)s examiné : nouveau conflit")
        % {"ref": earlier_case.reference},
        actor=by.user,
        data={"earlier": str(earlier_case.pk)},
    )
    return row
