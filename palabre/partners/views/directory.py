"""The partner directory: list and search, the partner page, and the coordination's edits
(partner, rename, contacts, residences). Reception reads; admins and coordinators edit."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core import journal
from palabre.core.actions import act_on
from palabre.core.pages import form_page, form_step, wants_partial
from palabre.organisations.access import require
from palabre.partners import access, actions
from palabre.partners.forms.directory import (
    ContactForm,
    PartnerFilterForm,
    PartnerForm,
    RenameForm,
    ResidenceForm,
)
from palabre.partners.models import PartnerKind
from palabre.partners.views.common import due_deliverables_card


def _directory_crumb():
    return (_("Partenaires"), reverse("partners:list"))


def _partner_crumbs(partner):
    return [_directory_crumb(), (partner.name, reverse("partners:detail", args=[partner.pk]))]


def partner_list(request):
    membership = request.membership
    require(access.can_read_directory(membership))
    form = PartnerFilterForm(request.GET or None)
    partners = access.partners_for(membership).select_related("commune")
    if not form.is_bound:
        partners = partners.active()
    elif form.is_valid():
        partners = form.filter(partners)
    else:
        partners = partners.none()
    paginator = Paginator(partners.order_by("name"), settings.PALABRE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": page,
        "page_range": list(paginator.get_elided_page_range(page.number, on_ends=1)),
        "partners": page.object_list,
        "total": paginator.count,
        "can_edit": access.can_edit_partners(membership),
        "due_card": None if wants_partial(request) else due_deliverables_card(membership),
    }
    template = "partners/partner_list.html"
    if wants_partial(request):
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def partner_detail(request, partner_id):
    membership = request.membership
    partner = access.get_partner_for(membership, partner_id)
    can_edit = access.can_edit_partners(membership)
    contacts = partner.contacts.select_related("membership__user")
    signed = (
        partner.conventions.select_related("funder")
        .prefetch_related("funder__former_names")
        .order_by("-starts_on")
    )
    context = {
        "partner": partner,
        "can_edit": can_edit,
        "can_read_conventions": access.can_read_conventions(membership),
        "identity": [
            (_("Type"), partner.get_kind_display()),
            (_("Sigle ou nom court"), partner.short_name),
            (_("Financeur"), _("oui") if partner.is_funder else _("non")),
            (_("Adresse"), partner.address),
            (_("Commune"), partner.commune.name if partner.commune else ""),
            (_("Téléphone"), partner.phone),
            (_("E-mail"), partner.email),
            (_("Site web"), partner.website),
            (_("Statut"), _("actif") if partner.is_active else _("inactif")),
        ],
        "contacts": [c for c in contacts if c.is_active],
        "former_contacts": [c for c in contacts if not c.is_active] if can_edit else [],
        "is_landlord": partner.kind == PartnerKind.SOCIAL_LANDLORD,
        "residences": partner.residences.select_related("commune", "quartier"),
        "venues": partner.venues.select_related("commune", "quartier"),
        "conventions": list(signed),
        "funded": list(
            partner.funded_conventions.exclude(
                pk__in=[convention.pk for convention in signed]
            ).order_by("-starts_on")
        ),
        "former_names": partner.former_names.all(),
        "entries": journal.entries_for(partner)[:10] if can_edit else [],
    }
    return render(request, "partners/partner_detail.html", context)


def partner_create(request):
    membership = request.membership
    require(access.can_edit_partners(membership))
    form = PartnerForm(request.POST or None, organisation=membership.organisation_id)
    done, partner = act_on(
        request,
        form,
        partial(actions.create_partner, organisation=membership.organisation, by=membership),
    )
    if done:
        messages.success(request, _("Le partenaire « %(name)s » est ajouté.") % {"name": partner})
        return redirect("partners:detail", partner_id=partner.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouveau partenaire"),
        submit=_("Ajouter le partenaire"),
        cancel_url=reverse("partners:list"),
        breadcrumbs=[_directory_crumb()],
    )


def partner_edit(request, partner_id):
    membership = request.membership
    require(access.can_edit_partners(membership))
    partner = access.get_partner_for(membership, partner_id)
    form = PartnerForm(
        request.POST or None, organisation=membership.organisation_id, current=partner
    )
    return form_step(
        request,
        form,
        partial(actions.update_partner, partner=partner, by=membership),
        done=_("La fiche du partenaire est enregistrée."),
        then=reverse("partners:detail", kwargs={"partner_id": partner.pk}),
        title=_("Modifier la fiche du partenaire"),
        submit=_("Enregistrer"),
        cancel_url=reverse("partners:detail", args=[partner.pk]),
        breadcrumbs=_partner_crumbs(partner),
    )


def partner_rename(request, partner_id):
    membership = request.membership
    require(access.can_edit_partners(membership))
    partner = access.get_partner_for(membership, partner_id)
    form = RenameForm(request.POST or None, partner=partner)
    return form_step(
        request,
        form,
        partial(actions.rename_partner, partner=partner, by=membership),
        done=_("Le changement de nom est enregistré."),
        then=reverse("partners:detail", kwargs={"partner_id": partner.pk}),
        title=_("Enregistrer un changement de nom"),
        intro=_(
            "« %(name)s » deviendra un ancien nom, porté jusqu'à la veille du changement : les "
            "bilans des périodes antérieures le garderont."
        )
        % {"name": partner.name},
        submit=_("Enregistrer le changement de nom"),
        cancel_url=reverse("partners:detail", args=[partner.pk]),
        breadcrumbs=_partner_crumbs(partner),
    )


def contact_create(request, partner_id):
    membership = request.membership
    require(access.can_edit_partners(membership))
    partner = access.get_partner_for(membership, partner_id)
    form = ContactForm(request.POST or None, organisation=membership.organisation_id)
    return form_step(
        request,
        form,
        partial(actions.add_contact, partner=partner, by=membership),
        done=_("Le contact est ajouté."),
        then=reverse("partners:detail", kwargs={"partner_id": partner.pk}),
        title=_("Nouveau contact chez %(partner)s") % {"partner": partner.name},
        submit=_("Ajouter le contact"),
        cancel_url=reverse("partners:detail", args=[partner.pk]),
        breadcrumbs=_partner_crumbs(partner),
    )


def contact_edit(request, partner_id, contact_id):
    membership = request.membership
    require(access.can_edit_partners(membership))
    partner = access.get_partner_for(membership, partner_id)
    contact = access.get_contact_for(membership, partner, contact_id)
    form = ContactForm(
        request.POST or None, organisation=membership.organisation_id, current=contact
    )
    return form_step(
        request,
        form,
        partial(actions.update_contact, contact=contact, by=membership),
        done=_("Le contact est enregistré."),
        then=reverse("partners:detail", kwargs={"partner_id": partner.pk}),
        title=_("Modifier le contact"),
        submit=_("Enregistrer"),
        cancel_url=reverse("partners:detail", args=[partner.pk]),
        breadcrumbs=_partner_crumbs(partner),
    )


@require_POST
def contact_deactivate(request, partner_id, contact_id):
    membership = request.membership
    require(access.can_edit_partners(membership))
    partner = access.get_partner_for(membership, partner_id)
    contact = access.get_contact_for(membership, partner, contact_id)
    try:
        actions.deactivate_contact(contact=contact, by=membership)
    except actions.ActionRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("%(name)s ne figure plus parmi les contacts actifs.") % {"name": contact}
        )
    return redirect("partners:detail", partner_id=partner.pk)


def residence_create(request, partner_id):
    membership = request.membership
    require(access.can_edit_partners(membership))
    partner = access.get_partner_for(membership, partner_id)
    require(partner.kind == PartnerKind.SOCIAL_LANDLORD)
    form = ResidenceForm(request.POST or None, landlord=partner)
    return form_step(
        request,
        form,
        partial(actions.add_residence, landlord=partner, by=membership),
        done=_("La résidence est ajoutée."),
        then=reverse("partners:detail", kwargs={"partner_id": partner.pk}),
        title=_("Nouvelle résidence de %(partner)s") % {"partner": partner.name},
        submit=_("Ajouter la résidence"),
        cancel_url=reverse("partners:detail", args=[partner.pk]),
        breadcrumbs=_partner_crumbs(partner),
    )
