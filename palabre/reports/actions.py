"""The verbs of reports: what a member changes, as opposed to what the reports compute."""

from django.db import transaction
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.reports.models import NARRATIVE_MAX_LENGTH, Narrative


@transaction.atomic
def save_narrative(*, convention, year: int, text: str, by) -> Narrative:
    """Writes the commentary of ``convention``'s report for ``year``. An empty text removes it
    from the report. The Journal notes the change on the convention, without the text."""
    if by.organisation_id != convention.organisation_id:
        raise Refused(_("Cette convention n'appartient pas à ce service."))
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > NARRATIVE_MAX_LENGTH:
        raise Refused(
            _("Le commentaire dépasse %(limit)s caractères.") % {"limit": NARRATIVE_MAX_LENGTH}
        )
    narrative, _created = Narrative.objects.select_for_update().get_or_create(
        convention=convention,
        year=year,
        defaults={"organisation_id": convention.organisation_id, "updated_by": by.user},
    )
    if narrative.text == text:
        return narrative
    narrative.text = text
    narrative.updated_by = by.user
    narrative.save()
    journal.record(
        organisation=convention.organisation,
        subject=convention,
        verb="funder_narrative_saved",
        summary=_("Commentaire du bilan %(year)s modifié") % {"year": year},
        actor=by.user,
        data={"year": year, "characters": len(text)},
    )
    return narrative
