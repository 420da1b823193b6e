"""Verbs on an organisation itself and its team: keyword-only, atomic, one Journal line each."""

from django.db import transaction
from django.utils.translation import gettext as _

from palabre.accounts.models import User
from palabre.core import journal
from palabre.core.actions import Refused
from palabre.organisations.access import is_manager
from palabre.organisations.models import Membership, Organisation, OrganisationKind, Role

# The roles the coordination gives when it adds people to its team. The administration, a
# partner's account and a network's staff are given by hand in the administration, one by one.
TEAM_ROLES = (Role.MEDIATOR, Role.RECEPTION, Role.COORDINATOR, Role.BOARD)


class PolicyRefused(Refused):
    pass


class MemberRefused(Refused):
    pass


@transaction.atomic
def add_member(
    *,
    organisation: Organisation,
    by: Membership,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Adds a person to the service's team: their account, found by e-mail (case aside) or made
    without a usable password (the person chooses it from their invitation, or « Mot de passe
    oublié ? »), and their membership of the service.

    An account that exists is reused as it is: its names are its owner's, and its memberships
    of other organisations are neither changed nor looked at. Refused for a person already in
    the team (whatever their role), and for a role beyond the team's (``TEAM_ROLES``)."""
    if (
        not is_manager(by)
        or by.organisation_id != organisation.pk
        or organisation.kind != OrganisationKind.SERVICE
    ):
        raise MemberRefused(_("Seules l'administration et la coordination du service le peuvent."))
    if role not in TEAM_ROLES:
        raise MemberRefused(_("Ce rôle ne se donne pas ici."))
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, first_name=first_name, last_name=last_name)
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise MemberRefused(
            _("« %(email)s » fait déjà partie de l'équipe du service.") % {"email": email}
        )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    journal.record(
        organisation=organisation,
        subject=membership,
        verb="member_added",
        # The names given here, not the account's: nothing of an account kept elsewhere.
        summary=_("%(person)s ajouté·e à l'équipe (%(role)s)")
        % {
            "person": f"{first_name} {last_name}".strip() or email,
            "role": Role(role).label,
        },
        actor=by.user,
        data={"role": role},
    )
    return membership


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
