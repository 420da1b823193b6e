"""Pooled funding search, the network's side: the calls it publishes, who showed interest,
applied and obtained what, and each funder's history across years. The same addresses serve a
member service's coordination (``views/funding_member.py``): one list and one call page, each
showing what the person may see."""

from collections import defaultdict
from functools import partial

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.pages import form_step
from palabre.network import access_funding as access
from palabre.network import actions_funding as actions
from palabre.network.forms.funding import CallForm
from palabre.network.models import ApplicationStage
from palabre.network.views import funding_member
from palabre.network.views.common import home_crumb, posted
from palabre.organisations.access import require

APPLIED = (ApplicationStage.APPLIED, ApplicationStage.OBTAINED, ApplicationStage.REFUSED)


def funding_crumb():
    return (_("Financements"), reverse("network:funding"))


def _with_counts(calls):
    return calls.annotate(
        interested=Count("applications"),
        applied=Count("applications", filter=Q(applications__stage__in=APPLIED)),
        obtained=Count("applications", filter=Q(applications__stage=ApplicationStage.OBTAINED)),
        obtained_sum=Sum("applications__amount_obtained"),
    )


def funding_home(request):
    membership = request.membership
    if not access.can_manage(membership):
        return funding_member.call_list(request)
    today = timezone.localdate()
    calls = _with_counts(access.calls_for_staff(membership))
    context = {
        "open_calls": list(calls.open().filter(deadline__gte=today).order_by("deadline")),
        "past_calls": list(
            calls.filter(Q(status="CLOSED") | Q(deadline__lt=today)).order_by("-deadline")
        ),
        "today": today,
        "crumbs": [home_crumb()],
    }
    return render(request, "network/funding/staff_list.html", context)


def call_detail(request, call_id):
    membership = request.membership
    if not access.can_manage(membership):
        return funding_member.call_detail(request, call_id)
    call = access.get_call_for_staff(membership, call_id)
    applications = list(
        access.applications_for_staff(membership).filter(call=call).order_by("member__name")
    )
    context = {
        "call": call,
        "applications": applications,
        "applied": sum(1 for a in applications if a.stage in APPLIED),
        "obtained": [a for a in applications if a.stage == ApplicationStage.OBTAINED],
        "obtained_sum": sum(a.amount_obtained or 0 for a in applications),
        "crumbs": [home_crumb(), funding_crumb()],
    }
    return render(request, "network/funding/staff_call.html", context)


def call_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    network = access.network_of(membership)
    form = CallForm(posted(request), organisation=network)
    return form_step(
        request,
        form,
        partial(actions.publish_call, network=network, by=membership),
        done=_("L'appel est publié : les structures membres le voient."),
        then=reverse("network:funding"),
        title=_("Publier un appel à projets"),
        submit=_("Publier l'appel"),
        cancel_url=reverse("network:funding"),
        breadcrumbs=[home_crumb(), funding_crumb()],
        fieldsets=form.fieldsets(),
    )


def call_edit(request, call_id):
    membership = request.membership
    call = access.get_call_for_staff(membership, call_id)
    form = CallForm(posted(request), organisation=call.network, current=call)
    back = reverse("network:funding_call", args=[call.pk])
    return form_step(
        request,
        form,
        partial(actions.update_call, call=call, by=membership),
        done=_("L'appel est enregistré."),
        then=back,
        title=_("Modifier l'appel"),
        submit=_("Enregistrer"),
        cancel_url=back,
        breadcrumbs=[home_crumb(), funding_crumb(), (call.title, back)],
        fieldsets=form.fieldsets(),
    )


def funder_list(request):
    membership = request.membership
    require(access.can_manage(membership))
    funders = access.funders_for(membership).annotate(
        calls=Count("funding_calls", distinct=True),
        obtained_sum=Sum("funding_calls__applications__amount_obtained"),
    )
    context = {
        "funders": list(funders.order_by("name")),
        "crumbs": [home_crumb(), funding_crumb()],
    }
    return render(request, "network/funding/funder_list.html", context)


def funder_history(request, funder_id):
    """Per year (of the calls' deadlines): the name the funder bore, its calls, the members
    that applied and what they obtained."""
    membership = request.membership
    funder = access.get_funder_for(membership, funder_id)
    calls = list(
        _with_counts(access.calls_for_staff(membership).filter(funder=funder)).order_by("-deadline")
    )
    applications = access.applications_for_staff(membership).filter(call__funder=funder)
    applicants = defaultdict(set)
    for year, member_id in applications.filter(stage__in=APPLIED).values_list(
        "call__deadline__year", "member"
    ):
        applicants[year].add(member_id)
    years = defaultdict(lambda: {"calls": 0, "obtained": 0, "obtained_sum": 0})
    for call in calls:
        row = years[call.deadline.year]
        row["calls"] += 1
        row["obtained"] += call.obtained
        row["obtained_sum"] += call.obtained_sum or 0
        row.setdefault("name", call.funder_name())
    rows = [
        {"year": year, "applicants": len(applicants[year]), **row}
        for year, row in sorted(years.items(), reverse=True)
    ]
    context = {
        "funder": funder,
        "former_names": list(funder.former_names.all()),
        "rows": rows,
        "calls": calls,
        "crumbs": [home_crumb(), funding_crumb(), (_("Financeurs"), reverse("network:funders"))],
    }
    return render(request, "network/funding/funder_history.html", context)
