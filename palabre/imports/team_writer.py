"""Writing checked rows as people of the service's team, through
``organisations.actions.add_member``: a team counts tens of people, so each row goes through
the same checks and Journal line as a person added one by one. The caller holds the
transaction: one refusal undoes every row. Nobody is told anything here: the coordination
sends the invitations from the import's page once it has checked who came in."""

from palabre.imports.models import ImportedRow
from palabre.organisations import actions as organisation_actions


class TeamWriter:
    def __init__(self, job, by):
        self.job = job
        self.organisation = job.organisation
        self.by = by

    def write(self, rows, progress=None):
        imported = []
        for done, row in enumerate(rows, start=1):
            values = row.values
            membership = organisation_actions.add_member(
                organisation=self.organisation,
                by=self.by,
                email=values["email"],
                role=values["role"],
                first_name=values.get("first_name") or "",
                last_name=values.get("last_name") or "",
            )
            imported.append(
                ImportedRow(
                    organisation=self.organisation,
                    kind=self.job.kind,
                    key=row.key,
                    object_id=membership.pk,
                    job=self.job,
                )
            )
            if progress:
                progress(done)
        ImportedRow.objects.bulk_create(imported)
