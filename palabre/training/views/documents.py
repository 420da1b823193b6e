"""The session's attendance sheet and a participant's certificate, as PDF."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from palabre.core import reads
from palabre.training import access, documents
from palabre.training.attendance import earns_certificate


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "no-store"
    return response


def attendance_sheet(request, session_id):
    session = access.get_managed_session_for(request.membership, session_id)
    pdf = documents.attendance_sheet_pdf(session)
    reads.record(request, reads.Read.TRAINING_SHEET, organisation_id=session.module.organiser_id)
    return _pdf_response(pdf, documents.attendance_sheet_filename(session))


def certificate(request, enrolment_id):
    enrolment = access.get_enrolment_for(request.membership, enrolment_id)
    if not earns_certificate(enrolment, timezone.localdate()):
        messages.error(
            request,
            _("L'attestation se délivre après la session, à une personne présente comme prévu."),
        )
        return redirect("training:index")
    pdf = documents.certificate_pdf(enrolment)
    reads.record(
        request,
        reads.Read.TRAINING_CERTIFICATE,
        organisation_id=enrolment.session.module.organiser_id,
        count=1,
    )
    return _pdf_response(pdf, documents.certificate_filename(enrolment))
