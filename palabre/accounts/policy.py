"""Who may log in now, and where an account's security events are written.

Accounts come before organisations in the dependency order, yet whether a person may log in
depends on their organisations (a service can block its logins) and the Journal lines of an
account belong to its organisations. The organisations app registers both answers in its
``AppConfig.ready`` (``organisations/security.py``); this module asks them, after its own rule:
the instance's « panic » switch, ``PALABRE_LOGINS_BLOCKED``, which stops everyone but the
superusers.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from palabre.core import journal

_login_checks: list = []
_journal_scopes: list = []


def add_login_check(check):
    """``check(user)`` answers ``None`` (may log in) or the French sentence that says why not."""
    if check not in _login_checks:
        _login_checks.append(check)


def add_journal_scope(scope):
    """``scope(user)`` answers the organisations whose Journal records the account's events."""
    if scope not in _journal_scopes:
        _journal_scopes.append(scope)


def instance_refusal(user) -> str | None:
    if settings.PALABRE_LOGINS_BLOCKED and not user.is_superuser:
        return _(
            "Les connexions à Palabre sont suspendues sur toute l'instance par son "
            "administrateur, le temps de régler un incident de sécurité. Réessayez plus tard "
            "ou contactez la coordination de votre service."
        )
    return None


def login_refusal(user) -> str | None:
    refusal = instance_refusal(user)
    for check in _login_checks:
        refusal = refusal or check(user)
    return refusal


def record(*, user, verb: str, summary: str, actor=None, data=None):
    """One Journal line about the account in each of its organisations (none without any)."""
    organisations = {org.pk: org for scope in _journal_scopes for org in scope(user)}
    for organisation in organisations.values():
        journal.record(
            organisation=organisation,
            subject=user,
            verb=verb,
            summary=summary,
            actor=actor,
            data=data,
        )
