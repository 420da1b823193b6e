"""The time limits on the service's side (docs/adr/0020): the service's targets, and what a
referral's page says of its deadlines and offers to record (its first contact attempt, posted to
``staff.first_contact``)."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.organisations.access import require
from palabre.referrals import access, deadline_actions
from palabre.referrals.deadlines import targets_of
from palabre.referrals.forms import FirstContactForm, TargetsForm
from palabre.referrals.models import Decision

CONTACT_PREFIX = "contact"


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i")


def contact_form_for(membership, referral, data=None):
    """The « Premier contact tenté » form, for who may record it while it can be recorded."""
    if not access.can_record_contact(membership) or referral.first_contact_at is not None:
        return None
    if referral.decision not in deadline_actions.CONTACT_OPEN:
        return None
    return FirstContactForm(data, prefix=CONTACT_PREFIX)


def deadline_items(referral, now=None) -> list[tuple[str, str]]:
    """The referral's deadlines, for its page: what was done and when, what is due."""
    now = now or timezone.now()
    items = []
    if referral.first_contact_at is not None:
        items.append(
            (
                _("Premier contact tenté"),
                _("le %(when)s, %(channel)s")
                % {
                    "when": _moment(referral.first_contact_at),
                    "channel": referral.get_first_contact_channel_display().lower(),
                },
            )
        )
    elif referral.decision == Decision.PENDING and referral.contact_due_at:
        late = referral.contact_due_at <= now
        text = _("en retard : à tenter depuis le %(when)s") if late else _("avant le %(when)s")
        items.append((_("Premier contact"), text % {"when": _moment(referral.contact_due_at)}))
    if referral.decision == Decision.PENDING and referral.decision_due_at:
        items.append(
            (
                _("Décision"),
                _("avant le %(when)s, sinon l'orientation sera close sans réponse")
                % {"when": _moment(referral.decision_due_at)},
            )
        )
    elif referral.decision == Decision.LAPSED and referral.decided_at:
        items.append(
            (
                _("Close sans réponse dans le délai"),
                _("le %(when)s") % {"when": _moment(referral.decided_at)},
            )
        )
    return items


def targets(request):
    membership = request.membership
    require(access.can_answer(membership))
    organisation = membership.organisation
    current = targets_of(organisation.pk)
    form = TargetsForm(
        request.POST or None,
        initial={
            "first_contact_days": current.first_contact_days,
            "decision_days": current.decision_days,
        },
    )
    save = partial(deadline_actions.set_targets, organisation=organisation, by=membership)
    if act_on(request, form, save)[0]:
        messages.success(
            request,
            _(
                "Les délais sont enregistrés : ils valent pour les orientations reçues à partir "
                "de maintenant."
            ),
        )
        return redirect("referrals:targets")
    return render(
        request,
        "referrals/targets.html",
        {"form": form, "current": current},
        status=400 if form.errors else 200,
    )
