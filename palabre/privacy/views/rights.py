"""The rights requests' pages, for the coordination only (``rights_access``): the list, a new
request for a person found in the service's cases, a request with its steps, and the copy of the
person's data as JSON or PDF. Anyone else gets the 404 of a page that does not exist."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from palabre.core import journal, reads
from palabre.core.actions import act_on
from palabre.core.pages import form_step
from palabre.organisations.access import require
from palabre.privacy import rights_access as access
from palabre.privacy import rights_actions as actions
from palabre.privacy import rights_erasure, subject_access, subject_access_print
from palabre.privacy import rights_forms as forms
from palabre.privacy.rights import RightsKind
from palabre.privacy.rights_steps import STEPS, offered_steps

LIST_CRUMB = _("Droits des personnes")


def _list_url():
    return reverse("privacy:rights_list")


@never_cache
@require_GET
def rights_list(request):
    membership = request.membership
    require(access.can_handle_rights(membership))
    shown = request.GET.get("etat", "ouvertes")
    requests = access.requests_for(membership).prefetch_related("parties__case")
    if shown != "toutes":
        shown = "ouvertes"
        requests = requests.open()
    page = Paginator(requests.by_urgency(), settings.PALABRE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page_obj": page,
        "requests": page.object_list,
        "shown": shown,
        "today": timezone.localdate(),
        "overdue": access.requests_for(membership).overdue(timezone.localdate()).count(),
    }
    return render(request, "privacy/rights/list.html", context)


@never_cache
def rights_new(request):
    membership = request.membership
    require(access.can_handle_rights(membership))
    text = (request.POST.get("q") if request.method == "POST" else request.GET.get("q")) or ""
    search = forms.PersonSearchForm({"q": text} if text else None)
    # A search the form refuses (too long, a nul byte) is not run: it says why instead.
    found = access.people_matching(membership, text) if search.is_valid() else []
    form = forms.RightsRequestForm(
        request.POST if request.method == "POST" else None,
        parties=access.parties_for(membership)
        .filter(pk__in=[party.pk for party in found])
        .select_related("case")
        .order_by("case__opened_on", "case__reference", "role"),
    )
    receive = partial(actions.receive_request, organisation=membership.organisation, by=membership)
    done, created = act_on(request, form, receive)
    if done:
        messages.success(
            request,
            _("La demande est enregistrée ; réponse attendue au plus tard le %(day)s.")
            % {"day": created.deadline.strftime("%d/%m/%Y")},
        )
        return redirect("privacy:rights_detail", request_id=created.pk)
    context = {"search": search, "q": text, "found": found, "form": form}
    return render(request, "privacy/rights/new.html", context, status=400 if form.errors else 200)


def _person_records(rights_request):
    """Each party record of the person, with the ways to correct it (the case's own pages)."""
    records = []
    for party in rights_request.parties.select_related("case", "household").order_by(
        "case__opened_on", "case__reference"
    ):
        case = party.case
        records.append(
            {
                "party": party,
                "case": case,
                "card_url": reverse("cases:detail", args=[case.pk]) + f"#party-{party.pk}",
                "rectify_url": reverse("cases:action", args=[case.pk, "coordonnees"])
                + f"?partie={party.pk}"
                if case.anonymised_at is None
                else "",
                "details_url": reverse("cases:action", args=[case.pk, "modifier"])
                if not case.is_closed
                else "",
            }
        )
    return records


@never_cache
@require_GET
def rights_detail(request, request_id):
    membership = request.membership
    rights_request = access.get_request_for(membership, request_id)
    today = timezone.localdate()
    erasure = rights_request.kind == RightsKind.ERASURE and rights_request.is_open
    context = {
        "rights_request": rights_request,
        "records": _person_records(rights_request),
        "today": today,
        "overdue": rights_request.is_overdue(today),
        "steps": offered_steps(rights_request),
        "erasure_grounds": rights_erasure.erasure_grounds(rights_request) if erasure else [],
        "entries": journal.entries_for(rights_request),
        "can_export": rights_request.identity_checked,
    }
    return render(request, "privacy/rights/detail.html", context)


@never_cache
def rights_step(request, request_id, step):
    membership = request.membership
    rights_request = access.get_request_for(membership, request_id)
    chosen = STEPS.get(step)
    if chosen is None:
        raise Http404
    detail_url = reverse("privacy:rights_detail", args=[rights_request.pk])
    form = chosen.form(request.POST if request.method == "POST" else None)
    return form_step(
        request,
        form,
        partial(chosen.run, rights_request=rights_request, by=membership),
        done=chosen.done,
        then=detail_url,
        title=chosen.title,
        submit=chosen.submit,
        cancel_url=detail_url,
        breadcrumbs=[(LIST_CRUMB, _list_url()), (str(rights_request), detail_url)],
        intro=chosen.intro,
    )


EXPORT_TYPES = {"json": "application/json", "pdf": "application/pdf"}


@never_cache
@require_GET
def rights_export(request, request_id, file_format):
    """The copy of the person's data. Made only once the identity is checked; the Journal and
    the access log keep the trace of each copy, never the copy itself."""
    membership = request.membership
    rights_request = access.get_request_for(membership, request_id)
    require(file_format in EXPORT_TYPES)
    if not rights_request.identity_checked:
        messages.error(
            request,
            _(
                "Vérifiez d'abord l'identité de la personne : ses données ne se communiquent "
                "qu'à elle."
            ),
        )
        return redirect("privacy:rights_detail", request_id=rights_request.pk)
    export = subject_access.build(rights_request)
    if file_format == "pdf":
        content = subject_access_print.as_pdf(export)
    else:
        content = subject_access.as_json(export)
    actions.record_export(rights_request=rights_request, by=membership, file_format=file_format)
    for party in rights_request.parties.select_related("case"):
        reads.record(request, reads.Read.SUBJECT_ACCESS, party=party)
    response = HttpResponse(content, content_type=EXPORT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(
        True, subject_access.filename(rights_request, file_format)
    )
    return response
