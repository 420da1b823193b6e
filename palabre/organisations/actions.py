"""Verbs on an organisation itself: keyword-only, atomic, one Journal line each."""

from django.db import transaction
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.organisations.access import is_manager
from palabre.organisations.models import Membership, Organisation


class PolicyRefused(Refused):
    pass


@transaction.atomic
def set_security_policy(
    *, organisation: Organisation, by: Membership, mfa_required: bool, logins_blocked: bool
) -> Organisation:
    """Turns double authentification for the salaried team and the login block on or off.
    Both take effect at the next request of every open session (``security.py``)."""
    if not is_manager(by) or by.organisation_id != organisation.pk:
        raise PolicyRefused(_("Seules l'administration et la coordination du service le peuvent."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changes = []
    if organisation.mfa_required != mfa_required:
        changes.append(
            _("double authentification rendue obligatoire pour l'équipe salariée")
            if mfa_required
            else _("double authentification rendue facultative")
        )
    if organisation.logins_blocked != logins_blocked:
        changes.append(_("connexions bloquées") if logins_blocked else _("connexions rétablies"))
    if not changes:
        return organisation
    organisation.mfa_required = mfa_required
    organisation.logins_blocked = logins_blocked
    organisation.save(update_fields=["mfa_required", "logins_blocked", "updated_at"])
    journal.record(
        organisation=organisation,
        subject=organisation,
        verb="security_policy_changed",
        summary=_("Sécurité du service : %(changes)s") % {"changes": ", ".join(changes)},
        actor=by.user,
        data={"mfa_required": mfa_required, "logins_blocked": logins_blocked},
    )
    return organisation
