"""A report built in the background: its progress, refreshed by the page, then its file."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from palabre.organisations.access import require
from palabre.reports import access, runs
from palabre.reports.models import RunStatus


def _wants_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def _shown(run, now):
    """What the pages say of a run, beyond its fields."""
    return {
        "run": run,
        "title": runs.title_of(run.kind),
        "expired": run.is_expired(now),
        "ready": run.status == RunStatus.DONE and not run.is_expired(now),
    }


def run_list(request):
    membership = request.membership
    require(access.can_see_reports(membership))
    now = timezone.now()
    shown = [_shown(run, now) for run in access.runs_for(membership)[:50]]
    context = {"shown": shown, "keep_days": runs.KEEP_FOR.days}
    return render(request, "reports/run_list.html", context)


@never_cache
def run_detail(request, run_id):
    run = access.get_run_for(request.membership, run_id)
    context = _shown(run, timezone.now()) | {
        "crumbs": [(_("Bilans générés"), reverse("reports:runs"))],
    }
    template = "reports/run_detail.html"
    if _wants_partial(request):
        template += "#status"
    return render(request, template, context)


@never_cache
def run_download(request, run_id):
    run = access.get_run_for(request.membership, run_id)
    if run.status != RunStatus.DONE:
        raise Http404
    if run.is_expired():
        context = {"title": runs.title_of(run.kind), "keep_days": runs.KEEP_FOR.days}
        return render(request, "reports/run_gone.html", context, status=410)
    if not run.file:
        raise Http404
    try:
        content = run.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        content, as_attachment=True, filename=run.filename, content_type=run.content_type
    )
