"""The funder report of a convention: the page with every figure, its commentary, and the
documents for the funder, built by the worker with their small counts hidden."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import act_on
from palabre.organisations.access import require
from palabre.reports import access, actions, funder, runs
from palabre.reports.forms.funder import ExportForm, NarrativeForm, YearForm
from palabre.reports.suppression import default_threshold


def _year_in(convention, year: int) -> int:
    if year not in funder.years_of(convention, timezone.localdate()):
        raise Http404
    return year


def _page_url(convention, year: int) -> str:
    return f"{reverse('reports:funder_report', args=[convention.pk])}?annee={year}"


def funder_report(request, convention_id):
    membership = request.membership
    convention = access.get_convention_for(membership, convention_id)
    today = timezone.localdate()
    years = funder.years_of(convention, today)
    form = YearForm(request.GET if "annee" in request.GET else None, years=years)
    year = form.cleaned_data["annee"] if form.is_valid() else funder.default_year(convention, today)
    if not form.is_bound:
        form = YearForm(initial={"annee": year}, years=years)
    return _page(request, convention, year, year_form=form)


def _page(request, convention, year, *, year_form=None, narrative_form=None):
    membership = request.membership
    report = funder.compose(convention, year)
    can_edit = access.can_edit_narratives(membership)
    if can_edit and narrative_form is None:
        narrative_form = NarrativeForm(initial={"text": report.narrative})
    if year_form is None:
        year_form = YearForm(initial={"annee": year}, years=funder.years_of(convention))
    context = {
        "convention": convention,
        "report": report,
        "year": year,
        "year_form": year_form,
        "charts": funder.page_charts(report),
        "narrative_form": narrative_form if can_edit else None,
        "narrative": report.narrative,
        "formats": ExportForm.base_fields["format"].choices,
        "threshold": default_threshold(),
        "crumbs": [
            (_("Conventions"), reverse("partners:convention_list")),
            (convention.title, reverse("partners:convention_detail", args=[convention.pk])),
        ],
    }
    return render(request, "reports/funder_report.html", context)


@require_POST
def funder_narrative(request, convention_id, year):
    membership = request.membership
    require(access.can_edit_narratives(membership))
    convention = access.get_convention_for(membership, convention_id)
    year = _year_in(convention, year)
    form = NarrativeForm(request.POST)
    done, _narrative = act_on(
        request,
        form,
        partial(actions.save_narrative, convention=convention, year=year, by=membership),
    )
    if done:
        messages.success(
            request,
            _("Le commentaire est enregistré ; les prochains documents l'imprimeront."),
        )
        return redirect(_page_url(convention, year) + "#commentaire")
    return _page(request, convention, year, narrative_form=form)


@require_POST
def funder_export(request, convention_id, year):
    """Asks the worker for a document; the same document asked twice is one file. Its
    parameters hold the narrative's digest, so a changed commentary makes a new one."""
    membership = request.membership
    convention = access.get_convention_for(membership, convention_id)
    year = _year_in(convention, year)
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ce format de document n'existe pas."))
        return redirect(_page_url(convention, year))
    run, _queued = runs.request_run(
        organisation=membership.organisation,
        by=membership,
        kind=funder.KIND,
        params=funder.export_params(convention, year),
        format=form.cleaned_data["format"],
    )
    return redirect("reports:run", run_id=run.pk)


def convention_panel(membership, convention):
    """« Bilan pour le financeur » on the convention page: a link per recent year, for those
    who see reports."""
    if not access.can_see_reports(membership):
        return None
    years = funder.years_of(convention, timezone.localdate())
    return {
        "template": "reports/_convention_panel.html",
        "links": [(str(year), _page_url(convention, year)) for year in years[: funder.PANEL_YEARS]],
        "more": len(years) > funder.PANEL_YEARS,
        "url": reverse("reports:funder_report", args=[convention.pk]),
    }
