"""The service's side: the intake queue, answering a referral, issuing links to partners."""

from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core import mail
from palabre.core.actions import act_on
from palabre.core.journal import entries_for
from palabre.organisations.access import require
from palabre.referrals import access, actions, deadline_actions
from palabre.referrals.forms import AcceptForm, DeclineForm, LinkForm, ReorientForm
from palabre.referrals.models import Decision
from palabre.referrals.progress import shown_to_referrer
from palabre.referrals.views.deadlines import contact_form_for, deadline_items
from palabre.referrals.views.earlier import earlier_context, earlier_marks

PAGE_SIZE = 30


def queue(request):
    membership = request.membership
    require(access.can_read_queue(membership))
    decision = request.GET.get("suite", Decision.PENDING)
    if decision not in Decision.values and decision != "toutes":
        decision = Decision.PENDING
    referrals = access.referrals_for(membership).select_related("partner", "commune")
    if decision != "toutes":
        referrals = referrals.filter(decision=decision)
    page_obj = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict.fromkeys(Decision.values, 0)
    for value in access.referrals_for(membership).values_list("decision", flat=True):
        counts[value] += 1
    tabs = [(value, label, counts[value]) for value, label in Decision.choices] + [
        ("toutes", _("Toutes"), sum(counts.values()))
    ]
    now = timezone.now()
    late = {
        referral.pk
        for referral in page_obj
        if referral.decision == Decision.PENDING
        and referral.first_contact_at is None
        and referral.contact_due_at is not None
        and referral.contact_due_at <= now
    }
    return render(
        request,
        "referrals/queue.html",
        {
            "page_obj": page_obj,
            "decision": decision,
            "tabs": tabs,
            "late": late,
            "earlier": earlier_marks(membership, page_obj),
        },
    )


def _decision_forms(request, referral, posted=None, data=None):
    organisation = request.membership.organisation
    return {
        "accept_form": AcceptForm(data if posted == "accepter" else None, prefix="accepter"),
        "decline_form": DeclineForm(data if posted == "decliner" else None, prefix="decliner"),
        "reorient_form": ReorientForm(
            data if posted == "reorienter" else None,
            prefix="reorienter",
            organisation=organisation,
            exclude=referral.partner,
        ),
    }


def _yes_no(value):
    return _("oui") if value else _("non")


def _items(referral):
    person = [
        (_("Nom"), referral.requester_name),
        (_("Téléphone"), referral.requester_phone),
        (_("E-mail"), referral.requester_email),
        (_("Adresse"), referral.requester_address),
        (_("Commune"), referral.commune.name if referral.commune else ""),
        (_("Type de conflit"), referral.get_conflict_category_display()),
        (_("Quand la joindre"), referral.availability),
    ]
    origin = [
        (_("Reçue le"), date_format(timezone.localtime(referral.received_at), "d/m/Y H:i")),
        (_("Arrivée par"), referral.get_origin_display()),
        (_("Partenaire"), referral.partner.name if referral.partner else ""),
        (_("Prescripteur"), referral.referrer_name),
        (_("D'accord pour être contactée"), _yes_no(referral.agreed_to_be_contacted)),
        (_("D'accord pour informer le prescripteur"), _yes_no(referral.agreed_to_share_status)),
    ]
    if referral.decision == Decision.DECLINED:
        origin.append((_("Motif"), referral.get_decline_reason_display()))
    if referral.reoriented_to:
        origin.append((_("Réorientée vers"), referral.reoriented_to.name))
    return person, origin


def detail(request, referral_id, *, forms=None, contact_form=None, status=200):
    membership = request.membership
    referral = access.get_referral_for(membership, referral_id)
    person_items, origin_items = _items(referral)
    context = {
        "referral": referral,
        "person_items": person_items,
        "origin_items": origin_items,
        "deadline_items": deadline_items(referral),
        "contact_form": contact_form or contact_form_for(membership, referral),
        "shown": shown_to_referrer(referral),
        "journal": entries_for(referral),
        "can_answer": access.can_answer(membership) and referral.decision == Decision.PENDING,
        **earlier_context(membership, referral),
        **(forms or _decision_forms(request, referral)),
    }
    return render(request, "referrals/detail.html", context, status=status)


@require_POST
def first_contact(request, referral_id):
    """« Premier contact tenté »: when and how the service first tried to reach the person."""
    membership = request.membership
    referral = access.get_referral_for(membership, referral_id)
    require(access.can_record_contact(membership))
    form = contact_form_for(membership, referral, request.POST)
    if form is None:
        messages.error(request, _("Le premier contact ne peut plus être enregistré ici."))
        return redirect("referrals:detail", referral_id=referral.pk)
    record = partial(deadline_actions.record_first_contact, referral=referral, by=membership)
    if act_on(request, form, record)[0]:
        messages.success(request, _("Le premier contact est enregistré."))
        return redirect("referrals:detail", referral_id=referral.pk)
    return detail(request, referral_id, contact_form=form, status=400)


DECISIONS = ("accepter", "decliner", "reorienter")


@require_POST
def decide(request, referral_id, decision):
    membership = request.membership
    require(decision in DECISIONS)
    referral = access.get_referral_for(membership, referral_id)
    require(access.can_answer(membership))
    forms = _decision_forms(request, referral, posted=decision, data=request.POST)
    form = {
        "accepter": forms["accept_form"],
        "decliner": forms["decline_form"],
        "reorienter": forms["reorient_form"],
    }[decision]
    action = {
        "accepter": partial(actions.accept_referral, referral=referral, by=membership),
        "decliner": partial(actions.decline_referral, referral=referral, by=membership),
        "reorienter": partial(actions.reorient_referral, referral=referral, by=membership),
    }[decision]
    done, result = act_on(request, form, action)
    if done and decision == "accepter":
        messages.success(
            request,
            _("Orientation acceptée : le dossier %(ref)s est ouvert.") % {"ref": result.reference},
        )
        return redirect("cases:detail", case_id=result.pk)
    if done:
        messages.success(request, _("La réponse est enregistrée ; le prescripteur la verra."))
        return redirect("referrals:detail", referral_id=referral.pk)
    return detail(request, referral_id, forms=forms, status=400)


def links(request):
    membership = request.membership
    require(access.can_answer(membership))
    form = LinkForm(request.POST or None, organisation=membership.organisation)
    issued_url = None
    issue = partial(actions.issue_link, organisation=membership.organisation, by=membership)
    done, issued = act_on(request, form, issue)
    if done:
        link, token = issued
        issued_url = mail.absolute_url(reverse("referrals:link_form", args=[token]))
        messages.success(
            request, _("Le lien est émis pour %(partner)s.") % {"partner": link.partner.name}
        )
        form = LinkForm(organisation=membership.organisation)
    recent = access.links_for(membership).select_related("partner", "referral")[:30]
    return render(
        request,
        "referrals/links.html",
        {"form": form, "issued_url": issued_url, "links": recent},
        status=400 if form.errors else 200,
    )


@require_POST
def revoke_link(request, link_id):
    membership = request.membership
    link = access.get_link_for(membership, link_id)
    actions.revoke_link(link=link, by=membership)
    messages.success(request, _("Le lien ne peut plus servir."))
    return redirect("referrals:links")
