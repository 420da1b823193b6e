"""The import pages of the coordination: deposit → columns → values to answer → preview →
import in the worker, whose progress the last page shows (refreshing by itself, with or
without JavaScript); there, the people a team's import added are listed with the button that
sends their invitations."""

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.core import journal
from palabre.core.actions import Refused, act_on
from palabre.imports import access, actions, invitations, kinds, readers, runs, spreadsheets
from palabre.imports.checking import MAX_ERRORS_SHOWN, check
from palabre.imports.forms import AnswersForm, MappingForm, UploadForm
from palabre.imports.models import ImportKind, ImportStatus
from palabre.organisations.access import require

REFRESH_SECONDS = 3


def _manager(request):
    membership = request.membership
    require(access.can_import(membership))
    return membership


def _crumbs(job=None):
    crumbs = [(_("Importer des données"), reverse("imports:index"))]
    if job is not None:
        crumbs.append((job.filename, reverse("imports:mapping", args=[job.pk])))
    return crumbs


def index(request):
    membership = _manager(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = actions.deposit(
                organisation=membership.organisation,
                by=membership,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"] or ImportKind.CASES,
            )
        except Refused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("imports:mapping", job.pk)
    runs.fail_stale(organisation=membership.organisation)
    jobs = list(access.jobs_for(membership).select_related("requested_by")[:30])
    for job in jobs:
        job.done_text = kinds.done(job.kind, job.imported_count)
    templates = [
        (label, _template_url(kind, "xlsx"), _template_url(kind, "ods"))
        for kind, label in ImportKind.choices
    ]
    return render(
        request, "imports/index.html", {"form": form, "jobs": jobs, "templates": templates}
    )


def _template_url(kind, extension):
    args = [extension] if kind == ImportKind.CASES else [kind, extension]
    return reverse("imports:template", args=args)


def template(request, extension, kind=ImportKind.CASES):
    _manager(request)
    if extension not in ("xlsx", "ods") or kind not in ImportKind.values:
        raise Http404
    sheets = spreadsheets.template_sheets(kind)
    if extension == "ods":
        content, content_type = spreadsheets.to_ods(sheets), spreadsheets.ODS_TYPE
    else:
        content, content_type = spreadsheets.to_xlsx(sheets), spreadsheets.XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{kinds.file_name(kind, extension)}"'
    return response


def _editable_or_progress(job):
    return None if job.is_editable else redirect("imports:progress", job.pk)


def mapping(request, job_id):
    membership = _manager(request)
    job = access.get_job_for(membership, job_id)
    if (elsewhere := _editable_or_progress(job)) is not None:
        return elsewhere
    form = MappingForm(request.POST or None, job=job)
    done, _result = act_on(request, form, partial(actions.set_mapping, job=job, by=membership))
    if done:
        return redirect("imports:values", job.pk)
    return render(request, "imports/mapping.html", {"job": job, "form": form, "crumbs": _crumbs()})


def _read(job):
    with job.file.open("rb") as stored:
        _header, rows = readers.read(job.filename, stored.read())
    return rows


def values(request, job_id):
    membership = _manager(request)
    job = access.get_job_for(membership, job_id)
    if (elsewhere := _editable_or_progress(job)) is not None:
        return elsewhere
    checked = check(job, _read(job))
    unknown = {key: found for key, found in checked.unknown.items() if found}
    form = AnswersForm(request.POST or None, job=job, unknown=unknown)
    done, _result = act_on(request, form, partial(actions.set_answers, job=job, by=membership))
    if done or (request.method == "POST" and not unknown):
        return redirect("imports:preview", job.pk)
    return render(
        request,
        "imports/values.html",
        {"job": job, "form": form, "crumbs": _crumbs(job), "unknown": unknown},
    )


def preview(request, job_id):
    membership = _manager(request)
    job = access.get_job_for(membership, job_id)
    if (elsewhere := _editable_or_progress(job)) is not None:
        return elsewhere
    checked = check(job, _read(job))
    if request.method == "POST" and checked.ready and checked.rows:
        actions.request_import(job=job, by=membership)
        return redirect("imports:progress", job.pk)
    sample = [{"number": row.number, "values": row.values} for row in checked.rows[:10]]
    return render(
        request,
        "imports/preview.html",
        {
            "job": job,
            "checked": checked,
            "errors": checked.errors[:MAX_ERRORS_SHOWN],
            "unknown_count": sum(len(v) for v in checked.unknown.values()),
            "sample": sample,
            "notices": checked.notices[:MAX_ERRORS_SHOWN],
            "ready_text": kinds.ready(job.kind, len(checked.rows)),
            "button_text": kinds.button(job.kind, len(checked.rows)),
            "crumbs": _crumbs(job),
        },
    )


def progress(request, job_id):
    membership = _manager(request)
    job = runs.recover(access.get_job_for(membership, job_id))
    template = "imports/progress.html#status" if request.htmx else "imports/progress.html"
    team = job.kind == ImportKind.TEAM and job.status == ImportStatus.DONE
    response = render(
        request,
        template,
        {
            "job": job,
            "crumbs": _crumbs(),
            "failed": job.status == ImportStatus.FAILED,
            "done_text": kinds.done(job.kind, job.imported_count),
            "links": kinds.links(job.kind),
            "people": list(invitations.people_of(job)) if team else [],
            "invited": _last_invitations(job) if team else None,
        },
    )
    if job.is_pending:
        # Without JavaScript the browser reloads the page by itself; with it, htmx swaps the card.
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


def _last_invitations(job):
    return journal.entries_for(job).filter(verb="invitations_sent").order_by("-occurred_at").first()


def invite(request, job_id):
    """« Envoyer les invitations »: the people a team's import added receive their link."""
    membership = _manager(request)
    job = access.get_job_for(membership, job_id)
    if request.method == "POST":
        try:
            sent = actions.send_invitations(job=job, by=membership)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                ngettext("%(n)s invitation envoyée.", "%(n)s invitations envoyées.", sent)
                % {"n": sent},
            )
    return redirect("imports:progress", job.pk)


def discard(request, job_id):
    membership = _manager(request)
    job = access.get_job_for(membership, job_id)
    if request.method == "POST":
        try:
            actions.discard(job=job, by=membership)
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("imports:progress", job.pk)
        messages.success(request, _("Le fichier et ses réglages sont supprimés."))
    return redirect("imports:index")
