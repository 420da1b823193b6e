"""Reads of personal data, told to the access log (« Journal des consultations »).

The pages that show a person's data — the case page, a letter, a spreadsheet of cases, an
attendance sheet — belong to apps that come before ``privacy`` in the dependency order and may
not import it. They call ``record`` here, once per page, whatever the number of rows shown; the
``privacy`` app registers in its ``AppConfig.ready`` the recorder that writes one row of the
access log (docs/adr/0017-journal-des-consultations.md).

What is recorded names the data by identifiers only (the case, the party, a count of rows):
never a name, a searched word or a query string.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Read(models.TextChoices):
    CASE_PAGE = "case_page", _("Page du dossier")
    NOTES = "notes", _("Page du dossier avec ses notes privées")
    LETTER = "letter", _("Courrier d'invitation (PDF)")
    ATTESTATION = "attestation", _("Attestation de tentative de médiation (PDF)")
    EXPORT = "export", _("Export de données personnelles")
    SUBJECT_ACCESS = "subject_access", _("Export au titre du droit d'accès")
    TRAINING_SHEET = "training_sheet", _("Feuille d'émargement (PDF)")
    TRAINING_CERTIFICATE = "training_certificate", _("Attestation de formation (PDF)")


_recorders: list = []


def add_recorder(recorder):
    """``recorder(request, kind, *, organisation_id, case_id, party_id, count)``."""
    if recorder not in _recorders:
        _recorders.append(recorder)


def record(request, kind: Read, *, case=None, party=None, organisation_id=None, count=None):
    """Tells the access log that ``request.membership`` has just read ``kind``.

    ``case`` and ``party`` are the objects read (a party implies its case); ``organisation_id``
    is whose data it is, the case's by default; ``count`` is the number of rows a list or an export
    holds. Call it once the answer is ready, so that a refused read is not recorded.
    """
    if party is not None and case is None:
        case = party.case
    owner = organisation_id if organisation_id is not None else case.organisation_id
    for recorder in _recorders:
        recorder(
            request,
            kind,
            organisation_id=owner,
            case_id=case.pk if case is not None else None,
            party_id=party.pk if party is not None else None,
            count=count,
        )
