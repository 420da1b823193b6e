"""Verbs of the time limits (docs/adr/0020): the coordination sets the service's targets, the
service records its first attempt to reach the person, and the worker closes a referral that
got no decision by its limit.

What counts as the first contact attempt: the first time the service tried to reach the person
sent to it (a call, even unanswered, a text, an e-mail, a letter, a visit, or through the
referrer), recorded on the referral — by hand from its page, since the case opened from it
records its contact attempts with the *other* party only. Each verb is atomic and writes one
Journal row, without a name.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import codes
from palabre.core import journal
from palabre.organisations.models import Membership
from palabre.referrals.actions import ReferralRefused
from palabre.referrals.deadlines import (
    MAX_DECISION_DAYS,
    MAX_FIRST_CONTACT_DAYS,
    ReferralTarget,
)
from palabre.referrals.models import FIRST_CONTACT_CHANNELS, Decision, Referral

# A first contact can be recorded while the referral waits, or once accepted (the service often
# calls the person after opening the case); not once declined, re-oriented or closed.
CONTACT_OPEN = (Decision.PENDING, Decision.ACCEPTED)


@transaction.atomic
def record_first_contact(
    *, referral: Referral, by: Membership, channel: str, attempted_at: dt.datetime
) -> Referral:
    """The service tried to reach the person for the first time, at ``attempted_at``."""
    if channel not in FIRST_CONTACT_CHANNELS:
        raise ReferralRefused(_("Choisissez comment la personne a été contactée."))
    referral = Referral.objects.select_for_update(of=("self",)).get(pk=referral.pk)
    if referral.first_contact_at is not None:
        raise ReferralRefused(
            _("Le premier contact est déjà enregistré (le %(day)s).")
            % {"day": timezone.localtime(referral.first_contact_at).strftime("%d/%m/%Y")}
        )
    if referral.decision not in CONTACT_OPEN:
        raise ReferralRefused(
            _("Cette orientation est close (%(decision)s) : plus de contact à enregistrer.")
            % {"decision": referral.get_decision_display().lower()}
        )
    if attempted_at > timezone.now():
        raise ReferralRefused(_("Le premier contact ne peut pas être dans le futur."))
    if attempted_at < referral.received_at:
        raise ReferralRefused(
            _("Le premier contact ne peut pas précéder l'arrivée de l'orientation.")
        )
    referral.first_contact_at = attempted_at
    referral.first_contact_channel = channel
    referral.first_contact_by = by
    referral.save(
        update_fields=[
            "first_contact_at",
            "first_contact_channel",
            "first_contact_by",
            "updated_at",
        ]
    )
    journal.record(
        organisation=referral.organisation,
        subject=referral,
        verb="first_contact",
        summary=_("Premier contact tenté : %(channel)s")
        % {"channel": codes.ContactAttemptChannel(channel).label},
        actor=by.user,
        occurred_at=attempted_at,
    )
    return referral


@transaction.atomic
def set_targets(
    *, organisation, by: Membership, first_contact_days: int, decision_days: int
) -> ReferralTarget:
    """The service's targets. They apply to the requests received from now on: a deadline
    already given to a referral does not move."""
    if not 1 <= first_contact_days <= MAX_FIRST_CONTACT_DAYS:
        raise ReferralRefused(
            _("Le délai du premier contact va de 1 à %(max)s jours.")
            % {"max": MAX_FIRST_CONTACT_DAYS}
        )
    if not first_contact_days <= decision_days <= MAX_DECISION_DAYS:
        raise ReferralRefused(
            _(
                "Le délai de décision va du délai du premier contact (%(first)s jours) à "
                "%(max)s jours."
            )
            % {"first": first_contact_days, "max": MAX_DECISION_DAYS}
        )
    target, _created = ReferralTarget.objects.select_for_update().get_or_create(
        organisation=organisation
    )
    target.first_contact_days = first_contact_days
    target.decision_days = decision_days
    target.changed_by = by
    target.save()
    journal.record(
        organisation=organisation,
        subject=target,
        verb="targets_set",
        summary=_(
            "Délais des orientations : premier contact en %(first)s jours, décision en %(decision)s"
            " jours"
        )
        % {"first": first_contact_days, "decision": decision_days},
        actor=by.user,
    )
    return target


def lapse(referral: Referral, now: dt.datetime) -> bool:
    """Closes a referral still waiting at its limit, « sans réponse dans le délai ». Runs inside
    the worker's transaction, the referral's row held; answers False when it was answered
    meanwhile (nothing changes then)."""
    if referral.decision != Decision.PENDING:
        return False
    referral.decision = Decision.LAPSED
    referral.decided_at = now
    referral.decided_by = None
    referral.save(update_fields=["decision", "decided_at", "decided_by", "updated_at"])
    journal.record(
        organisation=referral.organisation,
        subject=referral,
        verb="lapsed",
        summary=_("Orientation close sans réponse dans le délai"),
        occurred_at=now,
    )
    return True


def reminded(referral: Referral, now: dt.datetime):
    journal.record(
        organisation=referral.organisation,
        subject=referral,
        verb="reminded",
        summary=_("Relance : premier contact non tenté dans le délai"),
        occurred_at=now,
    )
