"""Merging two records of one person, for the coordination (docs/adr/0027): find the other
record, see what the merge moves, confirm."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from palabre.cases import access, merge, merge_search
from palabre.cases.forms.merge import MergeForm, RecordSearchForm
from palabre.core import reads
from palabre.core.actions import act_on
from palabre.organisations.access import require


def _record(request, party_id):
    membership = request.membership
    require(access.can_merge_records(membership))
    return access.get_record_for(membership, party_id)


@require_GET
def choose(request, party_id):
    record = _record(request, party_id)
    form = RecordSearchForm(request.GET or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    candidates = merge_search.candidates(request.membership, record, text)
    context = {
        "record": record,
        "records": merge.records_of(record),
        "form": form,
        "candidates": candidates,
        "searched": text,
    }
    response = render(request, "cases/merge/choose.html", context)
    # The person's records of other cases are read: one row of the access log, by identifiers.
    reads.record(request, reads.Read.CASE_PAGE, party=record, count=len(candidates))
    return response


@require_http_methods(["GET", "POST"])
def confirm(request, party_id, other_id):
    membership = request.membership
    kept = _record(request, party_id)
    duplicate = access.get_record_for(membership, other_id)
    form = MergeForm(request.POST if request.method == "POST" else None)
    done, result = act_on(
        request, form, lambda: merge.merge_records(kept=kept, duplicate=duplicate, by=membership)
    )
    if done:
        messages.success(request, _("Les deux fiches de la personne sont réunies."))
        return redirect(reverse("cases:detail", args=[result.case_id]) + f"#party-{result.pk}")
    shown = merge.preview(kept=kept, duplicate=duplicate, by=membership)
    status = 400 if form.errors else 200
    context = {"preview": shown, "form": form, "record": kept}
    response = render(request, "cases/merge/confirm.html", context, status=status)
    reads.record(request, reads.Read.CASE_PAGE, party=duplicate)
    return response
