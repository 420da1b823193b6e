"""« Journal des consultations »: the reads of a case, of a person, and of the whole service, for
the coordination only (``access_log_access``). Reads by someone outside the case's team at that
moment are highlighted (``access_log.mark_outside_team``)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from palabre.cases.access import cases_for
from palabre.core.forms import StyledForm, date_input
from palabre.core.reads import Read
from palabre.organisations.models import Membership
from palabre.privacy import access_log_access as access
from palabre.privacy.access_log import mark_outside_team

PAGE_SIZE = 50


class AccessLogFilterForm(StyledForm):
    membre = forms.ChoiceField(label=_("Membre de l'équipe"), required=False)
    nature = forms.ChoiceField(
        label=_("Nature"), required=False, choices=[("", _("Toutes"))] + Read.choices
    )
    du = forms.DateField(label=_("Du"), required=False, widget=date_input())
    au = forms.DateField(label=_("Au"), required=False, widget=date_input())

    def __init__(self, *args, organisation_id, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            Membership.objects.filter(organisation_id=organisation_id)
            .select_related("user")
            .order_by("user__last_name", "user__first_name", "user__email")
        )
        self.fields["membre"].choices = [("", _("Tout le monde"))] + [
            (str(person.pk), f"{person.user} — {person.get_role_display()}") for person in people
        ]

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["du"] > data["au"]:
            self.add_error("au", _("La fin de la période précède son début."))
        return data

    def filter(self, records):
        data = self.cleaned_data
        if data["membre"]:
            records = records.filter(membership_id=data["membre"])
        if data["nature"]:
            records = records.filter(kind=data["nature"])
        return records.between(_start_of(data["du"]), _start_of(data["au"], days_after=1))


def _start_of(day, days_after=0):
    if day is None:
        return None
    moment = dt.datetime.combine(day + dt.timedelta(days=days_after), dt.time.min)
    return timezone.make_aware(moment)


def _page(request, records, membership, party_names=None):
    """One page of records, each marked in or outside the case's team and, on the pages of a
    case, given the name of the person a letter was for (``party_name``)."""
    records = records.select_related("user", "viewer_organisation")
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = mark_outside_team(page.object_list, cases_for(membership))
    for record in page.object_list:
        record.party_name = (party_names or {}).get(record.party_id, "")
    return {
        "page_obj": page,
        "page_range": list(
            page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        ),
        "records": page.object_list,
        "total": page.paginator.count,
        "keep_days": settings.PALABRE_ACCESS_LOG_DAYS,
    }


@never_cache
@require_GET
def service_access_log(request):
    membership = request.membership
    records = access.records_for(membership)
    form = AccessLogFilterForm(request.GET or None, organisation_id=membership.organisation_id)
    if form.is_bound:
        records = form.filter(records) if form.is_valid() else records.none()
    context = {"form": form, "show_case": True} | _page(request, records, membership)
    return render(request, "privacy/access_log.html", context)


@never_cache
@require_GET
def case_access_log(request, case_id):
    membership = request.membership
    case = access.get_case_for(membership, case_id)
    parties = list(case.parties.all())
    records = access.records_for(membership).of_case(case)
    context = {
        "case": case,
        "parties": [
            {
                "party": party,
                "url": reverse("privacy:party_access_log", args=[case.pk, party.pk]),
            }
            for party in parties
        ],
    } | _page(request, records, membership, {party.pk: str(party) for party in parties})
    return render(request, "privacy/access_log_case.html", context)


@never_cache
@require_GET
def party_access_log(request, case_id, party_id):
    membership = request.membership
    case, party = access.get_party_for(membership, case_id, party_id)
    records = access.records_for(membership).of_party(party)
    context = {"case": case, "party": party} | _page(
        request, records, membership, {party.pk: str(party)}
    )
    return render(request, "privacy/access_log_party.html", context)
