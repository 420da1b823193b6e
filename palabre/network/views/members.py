"""The members directory: the network's start page, the search, a member's page with its
contacts and years of dues, and the forms that keep them. Network staff only."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.core.pages import form_page, form_step, wants_partial
from palabre.network import access, actions, dues
from palabre.network.forms.members import (
    ContactForm,
    MemberFilterForm,
    MemberForm,
    PaidForm,
    YearForm,
)
from palabre.network.models import LegalType, MemberYear, Phase, Region
from palabre.network.views.common import home_crumb, members_crumb, posted
from palabre.organisations.access import require

NEXT_EVENTS = 5
DUE_LINES = 10


def _counts(members, field, choices):
    counted = dict(members.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return [(label, counted[value]) for value, label in choices if counted.get(value)]


def home(request):
    membership = request.membership
    require(access.can_manage(membership))
    today = timezone.localdate()
    members = access.members_for(membership).active().order_by()
    unpaid = (
        access.years_for(membership)
        .filter(year=today.year, paid_on__isnull=True, member__is_active=True)
        .select_related("member")
        .order_by("member__name")
    )
    uncalled = members.exclude(years__year=today.year).count()
    context = {
        "network": access.network_of(membership),
        "member_count": members.count(),
        "by_region": _counts(members, "region", Region.choices),
        "by_phase": _counts(members, "phase", Phase.choices),
        "by_type": _counts(members, "legal_type", LegalType.choices),
        "unpaid": list(unpaid[:DUE_LINES]),
        "unpaid_count": unpaid.count(),
        "uncalled": uncalled,
        "year": today.year,
        "next_events": list(
            access.events_for(membership).coming(today).order_by("starts_on")[:NEXT_EVENTS]
        ),
        "pole_count": access.poles_for(membership).count(),
    }
    return render(request, "network/home.html", context)


def member_list(request):
    membership = request.membership
    require(access.can_manage(membership))
    year = timezone.localdate().year
    form = MemberFilterForm(request.GET or None, poles=access.poles_for(membership))
    members = access.members_for(membership)
    if not form.is_bound:
        members = members.active()
    elif form.is_valid():
        members = form.filter(members, year=year)
    else:
        members = members.none()
    members = members.prefetch_related(
        Prefetch(
            "years",
            queryset=MemberYear.objects.filter(year=year),
            to_attr="this_year",
        )
    )
    paginator = Paginator(members.order_by("name"), settings.PALABRE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_ends=1)),
        "members": page.object_list,
        "total": paginator.count,
        "year": year,
        "crumbs": [home_crumb()],
    }
    template = "network/member_list.html"
    if wants_partial(request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def member_detail(request, member_id):
    membership = request.membership
    member = access.get_member_for(membership, member_id)
    today = timezone.localdate()
    years = list(member.years.order_by("-year"))
    registrations = (
        access.registrations_for(membership)
        .filter(member=member)
        .order_by("-event__starts_on")[:20]
    )
    context = {
        "member": member,
        "items": [
            (_("Type de structure"), member.get_legal_type_display()),
            (_("Phase"), member.get_phase_display()),
            (_("Région"), member.get_region_display()),
            (_("Pôle régional"), member.pole.name if member.pole else ""),
            (_("Territoires d'intervention"), member.territories),
            (_("Domaines d'intervention"), ", ".join(member.domain_labels())),
            (_("Effectif salarié (ETP)"), member.staff),
            (_("Bénévoles"), member.volunteers),
            (
                _("Adhérent depuis"),
                member.joined_on.strftime("%d/%m/%Y") if member.joined_on else "",
            ),
            (_("Catégorie de cotisation"), member.get_dues_category_display()),
        ],
        "contacts": list(member.contacts.all()),
        "years": years,
        "has_this_year": any(y.year == today.year for y in years),
        "registrations": registrations,
        "max_reminders": dues.max_reminders(),
        "crumbs": [home_crumb(), members_crumb()],
    }
    return render(request, "network/member_detail.html", context)


def member_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    network = access.network_of(membership)
    form = MemberForm(posted(request), organisation=network)
    done, member = act_on(
        request, form, partial(actions.create_member, network=network, by=membership)
    )
    if done:
        messages.success(request, _("La structure « %s » est ajoutée à l'annuaire.") % member.name)
        return redirect("network:member", member.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouvelle structure membre"),
        submit=_("Ajouter la structure"),
        cancel_url=reverse("network:members"),
        breadcrumbs=[home_crumb(), members_crumb()],
        fieldsets=form.fieldsets(),
    )


def member_edit(request, member_id):
    membership = request.membership
    member = access.get_member_for(membership, member_id)
    form = MemberForm(posted(request), organisation=member.network, current=member)
    return form_step(
        request,
        form,
        partial(actions.update_member, member=member, by=membership),
        done=_("La fiche est enregistrée."),
        then=reverse("network:member", args=[member.pk]),
        title=_("Modifier la fiche"),
        submit=_("Enregistrer"),
        cancel_url=reverse("network:member", args=[member.pk]),
        breadcrumbs=[
            home_crumb(),
            members_crumb(),
            (member.name, reverse("network:member", args=[member.pk])),
        ],
        fieldsets=form.fieldsets(),
    )


def _member_crumbs(member):
    return [
        home_crumb(),
        members_crumb(),
        (member.name, reverse("network:member", args=[member.pk])),
    ]


def contact_create(request, member_id):
    membership = request.membership
    member = access.get_member_for(membership, member_id)
    form = ContactForm(posted(request), organisation=member.network)
    return form_step(
        request,
        form,
        partial(actions.add_contact, member=member, by=membership),
        done=_("Le contact est ajouté."),
        then=reverse("network:member", args=[member.pk]),
        title=_("Nouveau contact"),
        submit=_("Ajouter le contact"),
        cancel_url=reverse("network:member", args=[member.pk]),
        breadcrumbs=_member_crumbs(member),
    )


def contact_edit(request, contact_id):
    membership = request.membership
    contact = access.get_contact_for(membership, contact_id)
    member = contact.member
    form = ContactForm(posted(request), organisation=member.network, current=contact)
    return form_step(
        request,
        form,
        partial(actions.update_contact, contact=contact, by=membership),
        done=_("Le contact est enregistré."),
        then=reverse("network:member", args=[member.pk]),
        title=_("Modifier le contact"),
        submit=_("Enregistrer"),
        cancel_url=reverse("network:member", args=[member.pk]),
        breadcrumbs=_member_crumbs(member),
    )


def year_create(request, member_id):
    membership = request.membership
    member = access.get_member_for(membership, member_id)
    form = YearForm(posted(request), member=member)
    done, year = act_on(request, form, partial(actions.record_year, member=member, by=membership))
    if done:
        messages.success(request, _("L'adhésion %(year)s est enregistrée.") % {"year": year.year})
        return redirect("network:member", member.pk)
    return form_page(
        request,
        form=form,
        title=_("Enregistrer une année d'adhésion"),
        intro=_(
            "Le montant suit le barème du réseau pour la catégorie choisie, sauf si vous en "
            "indiquez un autre."
        ),
        submit=_("Enregistrer l'adhésion"),
        cancel_url=reverse("network:member", args=[member.pk]),
        breadcrumbs=_member_crumbs(member),
    )


def year_paid(request, year_id):
    membership = request.membership
    year = access.get_year_for(membership, year_id)
    member = year.member
    form = PaidForm(posted(request))
    done, _year = act_on(request, form, partial(actions.mark_paid, year=year, by=membership))
    if done:
        messages.success(
            request, _("La cotisation %(year)s est marquée payée.") % {"year": year.year}
        )
        return redirect("network:member", member.pk)
    return form_page(
        request,
        form=form,
        title=_("Cotisation %(year)s payée") % {"year": year.year},
        intro=_("%(member)s — %(amount)s €") % {"member": member.name, "amount": year.amount},
        submit=_("Marquer payée"),
        cancel_url=reverse("network:member", args=[member.pk]),
        breadcrumbs=_member_crumbs(member),
    )
