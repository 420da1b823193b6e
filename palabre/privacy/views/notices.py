"""Information notices (rule R6): their texts and versions, and the register of who received
which version, when and how. Access in ``dpo_access``."""

from functools import partial

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from palabre.cases import access as cases_access
from palabre.cases.forms.process import datetime_input, now_to_the_minute
from palabre.core.actions import act_on
from palabre.core.forms import StyledForm
from palabre.core.notices import CURRENT, NoticeKind, NoticeMethod
from palabre.organisations.access import can_read_cases, require
from palabre.privacy import dpo, dpo_access
from palabre.privacy.notices import KIND_OF_PARTY_ROLE, NoticeGiven, record_notice_given

SLUGS = {
    "demandeur": NoticeKind.REQUESTER,
    "autre-partie": NoticeKind.OTHER_PARTY,
    "participant": NoticeKind.PARTICIPANT,
    "equipe": NoticeKind.VOLUNTEER,
    "reseau": NoticeKind.NETWORK_MEMBER,
}
SLUG_OF = {kind: slug for slug, kind in SLUGS.items()}
SERVICE_KINDS = [NoticeKind.REQUESTER, NoticeKind.OTHER_PARTY, NoticeKind.PARTICIPANT]


class NoticeGivenForm(StyledForm):
    method = forms.ChoiceField(label=gettext_lazy("Remise"), choices=NoticeMethod.choices)
    given_at = forms.DateTimeField(
        label=gettext_lazy("Le"), widget=datetime_input(), initial=now_to_the_minute
    )

    def action_kwargs(self):
        return dict(self.cleaned_data)


def text_context(organisation, kind) -> dict:
    """What a notice's template needs: the organisation, its durations, the version."""
    return {
        "organisation": dpo.organisation_context(organisation),
        "months": dpo.months(organisation),
        "kind": kind,
        "version": CURRENT[kind],
        "notice_version": CURRENT[kind].label(),
    }


def _kinds_for(organisation):
    if organisation.is_network:
        return [NoticeKind.NETWORK_MEMBER]
    return [*SERVICE_KINDS, NoticeKind.VOLUNTEER]


def _latest(rows, field) -> dict:
    latest = {}
    for row in rows:
        latest.setdefault(getattr(row, field), row)
    return latest


def notice_list(request):
    membership = request.membership
    require(dpo_access.can_manage_notices(membership))
    organisation = membership.organisation
    team = list(dpo_access.team_for(membership))
    contacts = list(dpo_access.member_contacts_for(membership))
    given = NoticeGiven.objects.of(organisation)
    by_membership = _latest(given.filter(membership__in=team), "membership_id")
    by_contact = _latest(given.filter(member_contact__in=contacts), "member_contact_id")
    context = {
        "kinds": [
            (kind, SLUG_OF[kind], CURRENT[kind].label()) for kind in _kinds_for(organisation)
        ],
        "team": [(person, by_membership.get(person.pk)) for person in team],
        "contacts": [(contact, by_contact.get(contact.pk)) for contact in contacts],
        "form": NoticeGivenForm(),
    }
    return render(request, "privacy/notices/list.html", context)


def notice_text(request, kind):
    membership = request.membership
    if kind not in SLUGS:
        raise Http404
    kind = SLUGS[kind]
    allowed = dpo_access.can_manage_notices(membership) or (
        kind in SERVICE_KINDS and can_read_cases(membership)
    )
    require(allowed and kind in _kinds_for(membership.organisation))
    context = {
        **text_context(membership.organisation, kind),
        "title": NoticeKind(kind).label,
        # The list of notices above this page is the coordination's: others go back home.
        "can_manage": dpo_access.can_manage_notices(membership),
    }
    return render(request, "privacy/notices/page.html", context)


@require_http_methods(["GET", "POST"])
def record_for_party(request, case_id, party_id):
    membership = request.membership
    case = cases_access.get_case_for(membership, case_id)
    require(dpo_access.can_record_for_party(membership, case))
    party = cases_access.get_party_for(membership, case, party_id)
    kind = KIND_OF_PARTY_ROLE[party.role]
    form = NoticeGivenForm(request.POST if request.method == "POST" else None)
    done, _row = act_on(request, form, partial(record_notice_given, by=membership, party=party))
    if done:
        messages.success(request, _("La remise de l'information est enregistrée."))
        return redirect("cases:detail", case_id=case.pk)
    context = {
        "case": case,
        "party": party,
        "form": form,
        "kind": NoticeKind(kind).label,
        "slug": SLUG_OF[kind],
        "version": CURRENT[kind].label(),
        "given": NoticeGiven.objects.filter(party=party),
    }
    return render(request, "privacy/notices/record_party.html", context)


def _record_and_back(request, **person):
    form = NoticeGivenForm(request.POST)
    done, _row = act_on(
        request, form, partial(record_notice_given, by=request.membership, **person)
    )
    if done:
        messages.success(request, _("La remise de l'information est enregistrée."))
    else:
        errors = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join(errors) or _("Rien n'a été enregistré."))
    return redirect("dpo:notices")


@require_POST
def record_for_member(request, membership_id):
    require(dpo_access.can_manage_notices(request.membership))
    person = dpo_access.get_team_member_for(request.membership, membership_id)
    return _record_and_back(request, membership=person)


@require_POST
def record_for_contact(request, contact_id):
    require(dpo_access.can_manage_notices(request.membership))
    contact = dpo_access.get_member_contact_for(request.membership, contact_id)
    return _record_and_back(request, member_contact=contact)
