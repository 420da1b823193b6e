"""The DPO's documents: the *registre des traitements* entry and the DPIA (AIPD) template,
filled from the organisation's settings (``privacy.dpo``), as a page and as a PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from palabre.core import pdf
from palabre.organisations.access import require
from palabre.privacy import dpo, dpo_access, safety_reports_access

DOCUMENTS = {
    "register": ("privacy/dpo/register.html", "privacy/dpo/register_print.html", "registre"),
    "dpia": ("privacy/dpo/dpia.html", "privacy/dpo/dpia_print.html", "aipd"),
}


def _context(request, document):
    membership = request.membership
    require(dpo_access.can_read_documents(membership))
    build = dpo.register_context if document == "register" else dpo.dpia_context
    return build(membership.organisation)


def _page(request, document):
    page, _print, _name = DOCUMENTS[document]
    context = _context(request, document)
    # A network's staff read these documents but have no cases, hence no safety reports.
    context["links_safety_reports"] = safety_reports_access.can_list(request.membership)
    return render(request, page, context)


def _pdf(request, document):
    _page_template, print_template, name = DOCUMENTS[document]
    context = _context(request, document)
    content = pdf.write(render_to_string(print_template, context, request=request))
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{name}-{request.membership.organisation.slug}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def register(request):
    return _page(request, "register")


def register_pdf(request):
    return _pdf(request, "register")


@never_cache
def dpia(request):
    return _page(request, "dpia")


def dpia_pdf(request):
    return _pdf(request, "dpia")
