"""Writing checked rows as partners of the directory, through the directory's own verbs
(``partners.actions.create_partner`` and ``add_contact``): a directory counts tens of
partners, not thousands, so each row goes through the same checks and Journal lines as a
partner added by hand. The caller holds the transaction: one refusal undoes every row."""

from palabre.core.models import Commune
from palabre.imports.models import ImportedRow
from palabre.partners import actions as partner_actions


class PartnerWriter:
    def __init__(self, job, by):
        self.job = job
        self.organisation = job.organisation
        self.by = by
        self.communes = {str(c.pk): c for c in Commune.objects.of(job.organisation)}

    def write(self, rows, progress=None):
        imported = []
        for done, row in enumerate(rows, start=1):
            partner = self._partner(row.values)
            imported.append(
                ImportedRow(
                    organisation=self.organisation,
                    kind=self.job.kind,
                    key=row.key,
                    object_id=partner.pk,
                    job=self.job,
                )
            )
            if progress:
                progress(done)
        ImportedRow.objects.bulk_create(imported)

    def _partner(self, values):
        partner = partner_actions.create_partner(
            organisation=self.organisation,
            by=self.by,
            kind=values["kind"],
            name=values["name"],
            short_name=values.get("short_name") or "",
            is_funder=bool(values.get("is_funder")),
            address=values.get("address") or "",
            commune=self.communes.get(str(values.get("commune") or "")),
            phone=values.get("phone") or "",
            email=values.get("email") or "",
            website=values.get("website") or "",
            description=values.get("description") or "",
        )
        if values.get("contact_last_name"):
            partner_actions.add_contact(
                partner=partner,
                by=self.by,
                first_name=values.get("contact_first_name") or "",
                last_name=values["contact_last_name"],
                job_title=values.get("contact_job_title") or "",
                email=values.get("contact_email") or "",
                phone=values.get("contact_phone") or "",
            )
        return partner
