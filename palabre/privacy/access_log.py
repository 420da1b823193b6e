"""The access log (« Journal des consultations », rule R10): who read which personal data, when,
from which organisation.

One ``AccessRecord`` per page read, written by ``record_read`` (registered with
``palabre.core.reads`` in ``PrivacyConfig.ready``): one INSERT, whatever the size of the page or
of the export. A record names what was read by identifiers only — the case, the party, a count
of rows, the path without its query string — never a name or a searched word.

The log is append-only: a record cannot be changed, the model refuses ``delete`` and its
QuerySet refuses ``update`` and ``delete``; only ``purge_older_than`` (the
``purge_access_log`` command) removes records, once they are older than the retention period.
"""

import datetime as dt
import uuid
from collections import defaultdict

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases.models import CaseAssignment
from palabre.core import rows
from palabre.core.reads import Read
from palabre.organisations.models import Role

PATH_LENGTH = 300


class AppendOnly(Exception):
    """An access record was about to be changed or deleted outside the retention purge."""


class AccessRecordQuerySet(models.QuerySet):
    def of(self, organisation):
        """The reads of an organisation's data."""
        return self.filter(organisation=organisation)

    def of_case(self, case):
        return self.filter(organisation_id=case.organisation_id, case_id=case.pk)

    def of_party(self, party):
        """Reads that named the person (a letter to them) and reads of their case's pages, which
        show them; not the exports, which count cases without naming them."""
        return self.filter(organisation_id=party.organisation_id).filter(
            models.Q(party_id=party.pk) | models.Q(case_id=party.case_id, party_id__isnull=True)
        )

    def by(self, membership):
        return self.filter(membership=membership)

    def between(self, start=None, end=None):
        """Reads from ``start`` (an aware datetime, included) to ``end`` (excluded)."""
        records = self
        if start is not None:
            records = records.filter(read_at__gte=start)
        if end is not None:
            records = records.filter(read_at__lt=end)
        return records

    def update(self, **kwargs):
        raise AppendOnly("The access log cannot be changed.")

    def delete(self):
        raise AppendOnly("The access log loses records only to its retention purge.")

    def purge_older_than(self, cutoff) -> int:
        """Deletes the records read before ``cutoff``; answers how many went."""
        deleted, _by_model = models.QuerySet.delete(self.filter(read_at__lt=cutoff))
        return deleted


class AccessRecord(models.Model):
    """One read of personal data. ``organisation`` owns the data; ``viewer_organisation`` is
    the organisation the reader was acting for (the same for a service's own team).

    ``user`` stays when the membership is removed; ``role`` is the role at the time of the
    read. ``case_id`` and ``party_id`` are plain identifiers, not foreign keys: the record
    outlives the case's anonymisation, and keeps no name of its own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation des données"),
    )
    viewer_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("organisation de la personne qui consulte"),
    )
    membership = models.ForeignKey(
        "organisations.Membership",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("appartenance"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("personne"),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role, blank=True)
    read_at = models.DateTimeField(_("consulté le"))
    kind = models.CharField(_("nature"), max_length=30, choices=Read)
    case_id = models.UUIDField(_("dossier"), null=True, blank=True)
    party_id = models.UUIDField(_("personne concernée"), null=True, blank=True)
    count = models.PositiveIntegerField(_("nombre de lignes"), null=True, blank=True)
    path = models.CharField(_("adresse de la page"), max_length=PATH_LENGTH)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-read_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("journal des consultations")
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["organisation", "-read_at"], name="access_org_read_at"),
            models.Index(fields=["organisation", "case_id"], name="access_org_case"),
            models.Index(fields=["organisation", "party_id"], name="access_org_party"),
            models.Index(fields=["organisation", "membership"], name="access_org_member"),
            models.Index(fields=["read_at"], name="access_read_at"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.read_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("An access record cannot be changed.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The access log loses records only to its retention purge.")


def record_read(request, kind, *, organisation_id, case_id=None, party_id=None, count=None):
    """The recorder ``palabre.core.reads`` calls: one INSERT, nothing read first (the
    membership is the request's own), by a statement written once (``core.rows.insert``: every
    page that shows personal data, and every API answer, pays it)."""
    membership = getattr(request, "membership", None)
    record = AccessRecord(
        organisation_id=organisation_id,
        viewer_organisation_id=membership.organisation_id if membership else None,
        membership=membership,
        user_id=membership.user_id if membership else None,
        role=membership.role if membership else "",
        read_at=timezone.now(),
        kind=kind,
        case_id=case_id,
        party_id=party_id,
        count=count,
        path=request.path[:PATH_LENGTH],
    )
    rows.insert(record)


def purge(*, days: int) -> tuple[int, int]:
    """Deletes what the access log and axes' log of logins hold from more than ``days`` days
    ago; answers (access records, logins) deleted. Idempotent."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    records = AccessRecord.objects.purge_older_than(cutoff)
    logins, _by_model = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    failures, _by_model = AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()
    return records, logins + failures


def mark_outside_team(records, cases) -> list:
    """Sets on each record ``outside_team``: ``True`` when its reader was, at that moment,
    neither in the case's mediation pair nor the case's coordinator (a « non-owner » read, to
    look at); ``False`` for the case's team; ``None`` for a read of no case, or of a case that
    is no longer there. Also sets ``case_reference``. ``cases`` is the reader's queryset of
    cases. Two queries, whatever the number of records."""
    records = list(records)
    case_ids = {record.case_id for record in records if record.case_id}
    known = {
        pk: (reference, coordinator_id)
        for pk, reference, coordinator_id in cases.filter(pk__in=case_ids).values_list(
            "pk", "reference", "coordinator_id"
        )
    }
    periods = defaultdict(list)
    assignments = CaseAssignment.objects.filter(case_id__in=known).values_list(
        "case_id", "membership_id", "created_at", "ended_at"
    )
    for case_id, membership_id, start, end in assignments:
        periods[case_id, membership_id].append((start, end))
    for record in records:
        reference, coordinator_id = known.get(record.case_id, (None, None))
        record.case_reference = reference
        if reference is None:
            record.outside_team = None
            continue
        in_pair = any(
            start <= record.read_at and (end is None or record.read_at <= end)
            for start, end in periods[record.case_id, record.membership_id]
        )
        owner = coordinator_id is not None and record.membership_id == coordinator_id
        record.outside_team = not (in_pair or owner)
    return records


__all__ = ["AccessRecord", "AppendOnly"]
