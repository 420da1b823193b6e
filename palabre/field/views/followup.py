"""The page of one intervention and what follows it: the person met (named only with their
agreement), the mediation case it opens, the *mises en relation* with partners.

The page is read by the team and the coordination, like the intervention's note; the person is
recorded and oriented by whoever may edit the intervention; the case is opened by the
coordination. The page is never kept by the phone's service worker nor by the browser's cache:
it may carry a name.
"""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from palabre.core.actions import Refused, act_on
from palabre.core.pages import form_page
from palabre.field import access, followup_access, followup_actions
from palabre.field.codes import PEOPLE_BANDS
from palabre.field.forms.followup import (
    InterventionCaseForm,
    OrientationForm,
    OrientationStepForm,
    PersonForm,
)
from palabre.field.views import common
from palabre.organisations.access import require


def _posted(request):
    return request.POST if request.method == "POST" else None


def _url(intervention) -> str:
    return reverse("field:intervention", args=[intervention.pk])


def _heading(intervention) -> str:
    return _("Intervention : %(what)s") % {"what": intervention}


def _crumbs(intervention, *, with_page=True):
    shift = intervention.shift
    crumbs = [
        common.planning_crumb(),
        (common.title(shift), reverse("field:shift", args=[shift.pk])),
    ]
    if with_page:
        crumbs.append((_heading(intervention), _url(intervention)))
    return crumbs


def _people(intervention) -> str:
    counts = [
        f"{label} : {getattr(intervention, name)}"
        for name, label in PEOPLE_BANDS
        if getattr(intervention, name)
    ]
    return ", ".join(counts) or _("aucune")


def _facts(intervention) -> list[tuple[str, str]]:
    return [
        (_("Heure"), timezone.localtime(intervention.happened_at).strftime("%H:%M")),
        (_("Lieu"), intervention.place),
        (_("Registre"), intervention.get_register_display()),
        (_("À l'initiative de"), intervention.get_initiated_by_display()),
        (_("Personnes rencontrées"), _people(intervention)),
        (_("Résultat"), intervention.get_result_display()),
        (_("Suite à donner"), _("oui") if intervention.follow_up_needed else _("non")),
        (_("Note pour l'équipe"), intervention.note),
    ]


def _person_of(intervention):
    return getattr(intervention, "person", None)


def intervention_page(request, intervention_id):
    membership = request.membership
    require(followup_access.can_follow(membership))
    intervention = followup_access.get_intervention_for(membership, intervention_id)
    person = _person_of(intervention)
    can_work = followup_access.can_work_on(membership, intervention)
    orientations = list(followup_access.orientations_of(intervention))
    context = {
        "intervention": intervention,
        "shift": intervention.shift,
        "title": _heading(intervention),
        "when": common.title(intervention.shift),
        "breadcrumbs": _crumbs(intervention, with_page=False),
        "facts": _facts(intervention),
        "person": person,
        "can_work": can_work,
        "can_signal": access.can_log_on(membership, intervention.shift),
        "can_open_case": (
            can_work
            and followup_access.can_open_case(membership)
            and intervention.case_id is None
            and person is not None
            and person.agreed_to_be_named
        ),
        "coordination_opens_cases": not followup_access.can_open_case(membership),
        "case_url": (
            reverse("cases:detail", args=[intervention.case_id])
            if followup_access.case_reachable(membership, intervention)
            else ""
        ),
        "orientations": [
            {"orientation": o, "steps": OrientationStepForm.steps_after(o) if can_work else []}
            for o in orientations
        ],
    }
    response = render(request, "field/followup/intervention.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def person(request, intervention_id):
    membership = request.membership
    require(followup_access.can_follow(membership))
    intervention = followup_access.get_workable_intervention_for(membership, intervention_id)
    recorded = _person_of(intervention)
    form = PersonForm(_posted(request), person=recorded)
    done, _person = act_on(
        request,
        form,
        partial(followup_actions.record_person, intervention=intervention, by=membership),
    )
    if done:
        messages.success(request, _("L'accord de la personne est enregistré."))
        return redirect(_url(intervention))
    response = form_page(
        request,
        form=form,
        title=_("La personne rencontrée"),
        submit=_("Enregistrer"),
        cancel_url=_url(intervention),
        breadcrumbs=_crumbs(intervention),
        intro=_(
            "Ne nommez la personne que si elle le souhaite et qu'une suite l'appelle : dites-lui "
            "que son nom et ses coordonnées restent au service, lus par l'équipe et la "
            "coordination seulement, et qu'elle peut les faire effacer à tout moment. Sans son "
            "accord, elle reste comptée, sans nom."
        ),
        fieldsets=form.fieldsets(),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def person_forget(request, intervention_id):
    membership = request.membership
    require(followup_access.can_follow(membership))
    intervention = followup_access.get_workable_intervention_for(membership, intervention_id)
    try:
        followup_actions.forget_person(intervention=intervention, by=membership)
        messages.success(request, _("La personne est effacée de l'intervention."))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect(_url(intervention))


def open_case(request, intervention_id):
    """The form of a first contact, prefilled from the intervention and the person."""
    membership = request.membership
    require(followup_access.can_follow(membership))
    intervention = followup_access.get_case_opening_intervention_for(membership, intervention_id)
    recorded = _person_of(intervention)
    if intervention.case_id is not None or recorded is None or not recorded.agreed_to_be_named:
        messages.error(
            request,
            _("Cette intervention a déjà ouvert un dossier.")
            if intervention.case_id
            else _("Un dossier s'ouvre au nom de la personne : enregistrez d'abord son accord."),
        )
        return redirect(_url(intervention))
    prefill = followup_actions.case_prefill(intervention, recorded)
    initial = {
        name: getattr(value, "pk", value) for name, value in prefill.items() if name != "landlord"
    }
    form = InterventionCaseForm(
        _posted(request), organisation=membership.organisation, initial=initial
    )
    done, case = act_on(
        request,
        form,
        partial(followup_actions.open_case_from, intervention=intervention, by=membership),
    )
    if done:
        messages.success(request, _("Le dossier %(ref)s est ouvert.") % {"ref": case.reference})
        return redirect("cases:detail", case_id=case.pk)
    response = form_page(
        request,
        form=form,
        title=_("Ouvrir un dossier de médiation"),
        submit=_("Ouvrir le dossier"),
        cancel_url=_url(intervention),
        breadcrumbs=_crumbs(intervention),
        intro=_(
            "Le dossier part de l'intervention du %(when)s : origine « médiation de terrain », "
            "lieu et personne repris de l'intervention. Complétez ce qui manque."
        )
        % {"when": date_format(timezone.localtime(intervention.happened_at), _("d/m/Y à H:i"))},
        fieldsets=[
            (_("Origine"), form.first_contact_fields()),
            (_("La personne"), form.requester_fields()),
            (_("L'autre partie (si elle est nommée)"), form.other_party_fields()),
            (_("Le conflit"), form.conflict_fields()),
            (_("Le lieu du conflit"), form.place_fields()),
        ],
    )
    response["Cache-Control"] = "private, no-store"
    return response


def orient(request, intervention_id):
    membership = request.membership
    require(followup_access.can_follow(membership))
    intervention = followup_access.get_workable_intervention_for(membership, intervention_id)
    recorded = _person_of(intervention)
    form = OrientationForm(
        _posted(request),
        partners=followup_access.orientation_partners_for(membership),
        agreed_before=recorded is not None and recorded.agreed_to_be_oriented,
    )
    done, orientation = act_on(
        request,
        form,
        partial(followup_actions.orient, intervention=intervention, by=membership),
    )
    if done:
        messages.success(
            request,
            _("L'orientation vers %(partner)s est enregistrée.")
            % {"partner": orientation.partner.name},
        )
        return redirect(_url(intervention))
    return form_page(
        request,
        form=form,
        title=_("Orienter vers un partenaire"),
        submit=_("Enregistrer l'orientation"),
        cancel_url=_url(intervention),
        breadcrumbs=_crumbs(intervention),
        intro=_(
            "Une mise en relation se fait avec l'accord de la personne. Le partenaire ne reçoit "
            "rien de Palabre : donnez ses coordonnées à la personne, ou appelez-le avec elle."
        ),
    )


@require_POST
def orientation_step(request, orientation_id):
    membership = request.membership
    require(followup_access.can_follow(membership))
    orientation = followup_access.get_orientation_for(membership, orientation_id)
    form = OrientationStepForm(request.POST)
    done, changed = act_on(
        request,
        form,
        partial(followup_actions.advance_orientation, orientation=orientation, by=membership),
    )
    if done:
        messages.success(
            request,
            _("Orientation vers %(partner)s : %(status)s.")
            % {"partner": orientation.partner.name, "status": changed.get_status_display()},
        )
    else:
        for error in form.non_field_errors() or [_("Choisissez où en est l'orientation.")]:
            messages.error(request, error)
    return redirect(_url(orientation.intervention))
