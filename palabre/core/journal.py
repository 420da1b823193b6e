"""Writing to the Journal: every action calls ``record`` once."""

from django.utils import timezone

from palabre.core.models import JournalEntry


def record(
    *, organisation, subject, verb: str, summary: str, actor=None, occurred_at=None, data=None
):
    return JournalEntry.objects.create(
        organisation=organisation,
        subject_kind=subject._meta.label_lower,
        subject_id=subject.pk,
        verb=verb,
        summary=summary,
        actor=actor,
        occurred_at=occurred_at or timezone.now(),
        data=data or {},
    )


def entries_for(subject):
    return JournalEntry.objects.filter(
        subject_kind=subject._meta.label_lower, subject_id=subject.pk
    ).select_related("actor")
