"""The case's letters as PDF: invitation to the other party, attestation of a mediation attempt.

Only the case's team (coordination and assigned mediators) may produce them; anyone else gets the
same 404 as for a missing case. A letter that cannot be written yet sends back to the case page
with a French message.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from palabre.cases import access, codes, letters
from palabre.cases.actions import TransitionRefused
from palabre.core import reads


def _case_and_party_for_team(request, case_id, party_id):
    case = access.get_case_for(request.membership, case_id)
    if not access.can_work_on_case(request.membership, case):
        raise Http404
    party = access.get_party_for(request.membership, case, party_id)
    return case, party


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "no-store"
    return response


def invitation_letter(request, case_id, party_id):
    case, party = _case_and_party_for_team(request, case_id, party_id)
    if party.role != codes.PartyRole.OTHER_PARTY:
        raise Http404
    try:
        pdf = letters.invitation_pdf(case=case, party=party, by=request.membership)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("cases:detail", case_id=case.pk)
    reads.record(request, reads.Read.LETTER, case=case, party=party)
    return _pdf_response(pdf, letters.invitation_filename(case))


def attempt_attestation(request, case_id, party_id):
    case, party = _case_and_party_for_team(request, case_id, party_id)
    if party.role not in (codes.PartyRole.REQUESTER, codes.PartyRole.OTHER_PARTY):
        raise Http404
    try:
        pdf = letters.attestation_pdf(case=case, party=party, by=request.membership)
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("cases:detail", case_id=case.pk)
    reads.record(request, reads.Read.ATTESTATION, case=case, party=party)
    return _pdf_response(pdf, letters.attestation_filename(case))
