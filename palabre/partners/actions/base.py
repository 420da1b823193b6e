"""What the verbs share: the refusal, the Journal line, and the checks that keep tenants apart."""

from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.core.text import normalise
from palabre.organisations.models import Membership


class ActionRefused(Refused):
    """The change is not allowed; ``message`` says why, in French."""


def log(subject, by: Membership | None, verb: str, summary: str, **data):
    """One Journal line about ``subject`` (a row with an ``organisation``)."""
    journal.record(
        organisation=subject.organisation,
        subject=subject,
        verb=verb,
        summary=summary,
        actor=by.user if by else None,
        data={key: str(value) for key, value in data.items()},
    )


def organisation_id_of(organisation):
    return getattr(organisation, "pk", organisation)


def require_own(organisation, *objects):
    """Every row named must belong to the same service: never link across tenants."""
    organisation_id = organisation_id_of(organisation)
    for obj in objects:
        if obj is not None and obj.organisation_id != organisation_id:
            raise ActionRefused(_("« %(name)s » n'appartient pas à ce service.") % {"name": obj})


def require_free_name(queryset, name: str, message: str, *, exclude=None, **params):
    folded = normalise(name)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    if any(normalise(other) == folded for other in queryset.values_list("name", flat=True)):
        raise ActionRefused(message % {"name": name, **params})


def require_quartier_in_commune(commune, quartier):
    if quartier is not None and commune is not None and quartier.commune_id != commune.pk:
        raise ActionRefused(
            _("Le quartier « %(quartier)s » n'est pas dans la commune « %(commune)s ».")
            % {"quartier": quartier.name, "commune": commune.name}
        )
