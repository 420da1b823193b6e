"""Writing checked rows as permanences, through ``permanences.actions.create_permanence``: a
service holds a few permanences, so each row goes through the same rule checks, Journal line
and planning of its sessions as a permanence created on its page. The caller holds the
transaction: one refusal undoes every row."""

import re

from django.utils import timezone

from palabre.imports.models import ImportedRow
from palabre.partners.models import Venue
from palabre.permanences import actions as permanence_actions

DEFAULT_SLOT = 45


class PermanenceWriter:
    def __init__(self, job, by):
        self.job = job
        self.organisation = job.organisation
        self.by = by
        self.venues = {str(v.pk): v for v in Venue.objects.of(job.organisation)}

    def write(self, rows, progress=None):
        imported = []
        for done, row in enumerate(rows, start=1):
            permanence = self._permanence(row.values)
            imported.append(
                ImportedRow(
                    organisation=self.organisation,
                    kind=self.job.kind,
                    key=row.key,
                    object_id=permanence.pk,
                    job=self.job,
                )
            )
            if progress:
                progress(done)
        ImportedRow.objects.bulk_create(imported)

    def _permanence(self, values):
        frequency = values["frequency"]
        return permanence_actions.create_permanence(
            organisation=self.organisation,
            by=self.by,
            venue=self.venues[str(values["venue"])],
            weekday=int(values["weekday"]),
            frequency=frequency,
            weeks_of_month=_weeks(values) if frequency == "WEEKS_OF_MONTH" else "",
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            slot_minutes=values.get("slot_minutes") or DEFAULT_SLOT,
            valid_from=values.get("valid_from") or timezone.localdate(),
            valid_until=values.get("valid_until"),
            is_public=bool(values["is_public"]),
            skip_school_holidays=bool(values["skip_school_holidays"]),
        )


def _weeks(values) -> str:
    """« 2 et 4 », « 2e, 4e » → « 2,4 », as the permanence's rule keeps them."""
    return ",".join(re.findall(r"-?\d+", values.get("weeks_of_month") or ""))
