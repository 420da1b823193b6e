"""The invitations of the people an import added to the team: each receives, from the task
worker, a one-time link to choose their password (``accounts.password_links``, the page of
« Mot de passe oublié ? »). Sent when the coordination asks, from the import's page, once it
has checked who came in. The message names the service and carries the link, nothing else;
the Journal keeps that it was sent, never the link. Logs carry the membership's id."""

import logging

from django.tasks import task

from palabre.accounts import password_links
from palabre.core import mail
from palabre.imports.models import ImportedRow, ImportKind
from palabre.organisations.models import Membership

logger = logging.getLogger(__name__)


def people_of(job):
    """The memberships the import ``job`` of the team created, still active, of active
    accounts: those an invitation may go to."""
    if job.kind != ImportKind.TEAM:
        return Membership.objects.none()
    made = ImportedRow.objects.of(job.organisation).filter(kind=job.kind, job=job)
    return (
        Membership.objects.active()
        .filter(
            organisation=job.organisation,
            pk__in=made.values("object_id"),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def send_soon(membership_id):
    """A queue error must not fail the request: it is only logged."""
    try:
        return send_invitation.enqueue(str(membership_id))
    except Exception:
        logger.exception("Invitation of membership %s could not be queued", membership_id)
        return None


@task()
def send_invitation(membership_id: str) -> bool:
    """The worker's task: the invitation of one person, to their account's address."""
    membership = (
        Membership.objects.active()
        .filter(pk=membership_id, user__is_active=True)
        .select_related("user", "organisation")
        .first()
    )
    if membership is None:
        return False
    user = membership.user
    subject, body = password_links.render(
        "invitation",
        {
            "service": membership.organisation.name,
            "link": password_links.address_for(user),
            "days": password_links.valid_days(),
        },
    )
    mail.message(subject=subject, body=body, to=user.email).send()
    logger.info("Invitation of membership %s sent", membership.pk)
    return True
