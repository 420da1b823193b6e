"""Conventions: the list (in force, to come, ended), the convention page with its scope rules in
words and its deliverables, and the coordination's edits. Case figures are not shown here: the
cases app, below this one, adds them (partners may not import cases)."""

from functools import partial

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core import journal, panels
from palabre.core.actions import act_on
from palabre.core.pages import form_page, form_step
from palabre.organisations.access import require
from palabre.partners import access, actions
from palabre.partners.describe import (
    deliverable_state,
    kind_note,
    period_in_words,
    scope_in_words,
    scope_summary,
)
from palabre.partners.forms.conventions import ConventionForm, DeliverableForm, DoneForm
from palabre.partners.models import Partner
from palabre.partners.views.common import due_deliverables_card


def _conventions_crumb():
    return (_("Conventions"), reverse("partners:convention_list"))


def _convention_crumbs(convention):
    return [
        _conventions_crumb(),
        (convention.title, reverse("partners:convention_detail", args=[convention.pk])),
    ]


def _funder_name(convention) -> str:
    """The funder's name on the convention's first day (the Fondation Abbé Pierre for a 2024
    convention, even after its 2025 rename)."""
    return convention.funder.name_on(convention.starts_on) if convention.funder else ""


def convention_list(request):
    membership = request.membership
    require(access.can_read_conventions(membership))
    today = timezone.localdate()
    conventions = (
        access.conventions_for(membership)
        .select_related("funder")
        .prefetch_related(
            "funder__former_names",
            Prefetch("partners", queryset=Partner.objects.order_by("name")),
        )
        .annotate(
            pending=Count("deliverables", filter=Q(deliverables__done_on__isnull=True)),
            late=Count(
                "deliverables",
                filter=Q(deliverables__done_on__isnull=True, deliverables__due_on__lt=today),
            ),
        )
        .order_by("-starts_on", "title")
    )
    rows = {"in_force": [], "to_come": [], "ended": []}
    for convention in conventions:
        convention.funder_name = _funder_name(convention)
        convention.period = period_in_words(convention)
        if convention.starts_on > today:
            rows["to_come"].append(convention)
        elif convention.is_in_force(today):
            rows["in_force"].append(convention)
        else:
            rows["ended"].append(convention)
    sections = [
        ("en-vigueur", _("En vigueur"), rows["in_force"], _("Aucune convention en vigueur.")),
        ("a-venir", _("À venir"), rows["to_come"], ""),
        ("terminees", _("Terminées"), rows["ended"], _("Aucune convention terminée.")),
    ]
    context = {
        "sections": [section for section in sections if section[2] or section[3]],
        "can_edit": access.can_edit_conventions(membership),
        "due_card": due_deliverables_card(membership),
    }
    return render(request, "partners/convention_list.html", context)


def convention_detail(request, convention_id):
    membership = request.membership
    convention = access.get_convention_for(membership, convention_id)
    today = timezone.localdate()
    can_edit = access.can_edit_conventions(membership)
    funder = convention.funder
    funder_name = _funder_name(convention)
    if funder is not None and funder_name != funder.name:
        funder_name = _("%(then)s (aujourd'hui %(now)s)") % {"then": funder_name, "now": funder}
    deliverables = [
        (deliverable, deliverable_state(deliverable, today), kind_note(deliverable))
        for deliverable in convention.deliverables.order_by("due_on", "kind")
    ]
    context = {
        "convention": convention,
        "can_edit": can_edit,
        "can_read_directory": access.can_read_directory(membership),
        "can_see_figures": access.can_see_convention_figures(membership),
        "figures_start": today.replace(month=1, day=1),
        "figures_end": today.replace(month=12, day=31),
        "today": today,
        "facts": [
            (_("Financeur"), funder_name),
            (_("Période"), period_in_words(convention)),
            (
                _("Signée le"),
                convention.signed_on.strftime("%d/%m/%Y") if convention.signed_on else "",
            ),
            (_("Montant annuel"), _money(convention.amount)),
            (
                _("État"),
                _("en vigueur") if convention.is_in_force(today) else _("hors période"),
            ),
        ],
        "signatories": convention.partners.order_by("name"),
        "scope": scope_in_words(convention),
        "scope_summary": scope_summary(convention),
        "deliverables": deliverables,
        "entries": journal.entries_for(convention)[:10] if can_edit else [],
        "panels": panels.panels_for("convention", membership, convention),
    }
    return render(request, "partners/convention_detail.html", context)


def _money(amount) -> str:
    if amount is None:
        return ""
    whole = f"{amount:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{whole.removesuffix(',00')} €"


def _convention_form_page(request, form, *, title, submit, cancel_url, breadcrumbs):
    return form_page(
        request,
        form=form,
        title=title,
        submit=submit,
        cancel_url=cancel_url,
        breadcrumbs=breadcrumbs,
        fieldsets=[
            (_("La convention"), form.general()),
            (_("Périmètre : les dossiers et actions qui en relèvent"), form.scope()),
        ],
        intro=_(
            "Les règles de périmètre rattachent l'activité à la convention sans saisie à la "
            "main : une règle laissée vide ne restreint rien."
        ),
    )


def convention_create(request):
    membership = request.membership
    require(access.can_edit_conventions(membership))
    form = ConventionForm(request.POST or None, organisation=membership.organisation_id)
    done, convention = act_on(
        request,
        form,
        partial(actions.create_convention, organisation=membership.organisation, by=membership),
    )
    if done:
        messages.success(request, _("La convention est enregistrée."))
        return redirect("partners:convention_detail", convention_id=convention.pk)
    return _convention_form_page(
        request,
        form,
        title=_("Nouvelle convention"),
        submit=_("Enregistrer la convention"),
        cancel_url=reverse("partners:convention_list"),
        breadcrumbs=[_conventions_crumb()],
    )


def convention_edit(request, convention_id):
    membership = request.membership
    require(access.can_edit_conventions(membership))
    convention = access.get_convention_for(membership, convention_id)
    form = ConventionForm(
        request.POST or None, organisation=membership.organisation_id, current=convention
    )
    done, _result = act_on(
        request, form, partial(actions.update_convention, convention=convention, by=membership)
    )
    if done:
        messages.success(request, _("La convention est enregistrée."))
        return redirect("partners:convention_detail", convention_id=convention.pk)
    return _convention_form_page(
        request,
        form,
        title=_("Modifier la convention"),
        submit=_("Enregistrer"),
        cancel_url=reverse("partners:convention_detail", args=[convention.pk]),
        breadcrumbs=_convention_crumbs(convention),
    )


def deliverable_create(request, convention_id):
    membership = request.membership
    require(access.can_edit_conventions(membership))
    convention = access.get_convention_for(membership, convention_id)
    form = DeliverableForm(request.POST or None, convention=convention)
    done, _result = act_on(
        request, form, partial(actions.add_deliverable, convention=convention, by=membership)
    )
    if done:
        messages.success(request, _("Le livrable est ajouté."))
        return redirect("partners:convention_detail", convention_id=convention.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouveau livrable"),
        submit=_("Ajouter le livrable"),
        cancel_url=reverse("partners:convention_detail", args=[convention.pk]),
        breadcrumbs=_convention_crumbs(convention),
    )


def deliverable_done(request, convention_id, deliverable_id):
    membership = request.membership
    require(access.can_edit_conventions(membership))
    convention = access.get_convention_for(membership, convention_id)
    deliverable = access.get_deliverable_for(membership, convention, deliverable_id)
    form = DoneForm(request.POST or None)
    return form_step(
        request,
        form,
        partial(actions.mark_deliverable_done, deliverable=deliverable, by=membership),
        done=_("« %(name)s » est marqué fait.") % {"name": deliverable},
        then=reverse("partners:convention_detail", kwargs={"convention_id": convention.pk}),
        title=_("Marquer « %(name)s » comme fait") % {"name": deliverable},
        intro=_("À rendre le %(day)s.") % {"day": deliverable.due_on.strftime("%d/%m/%Y")},
        submit=_("Marquer comme fait"),
        cancel_url=reverse("partners:convention_detail", args=[convention.pk]),
        breadcrumbs=_convention_crumbs(convention),
    )
