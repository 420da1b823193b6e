"""People and their trainings: cancelling an enrolment, attendance of a half-day, a
participant's evaluation, a person's history, and the FDVA 1 summary of an organiser."""

from functools import partial

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.actions import Refused, act_on
from palabre.core.pages import form_step
from palabre.organisations.access import require
from palabre.training import access, actions, fdva
from palabre.training.attendance import earns_certificate, hours_label, presence
from palabre.training.forms.people import AttendanceForm, EvaluationForm
from palabre.training.models import Enrolment, EnrolmentState
from palabre.training.views.catalogue import crumbs


def enrolment_cancel(request, enrolment_id):
    membership = request.membership
    enrolment = access.get_enrolment_for(membership, enrolment_id)
    require(request.method == "POST" and access.can_cancel(membership, enrolment))
    try:
        promoted = actions.cancel_enrolment(enrolment=enrolment, by=membership)
        messages.success(
            request, _("L'inscription de %(name)s est annulée.") % {"name": enrolment.display_name}
        )
        if promoted and access.manages(membership, enrolment.session):
            names = ", ".join(p.display_name for p in promoted)
            messages.info(request, _("La place revient à %(names)s.") % {"names": names})
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("training:session", session_id=enrolment.session_id)


def attendance(request, session_id, half_day_id):
    membership = request.membership
    session = access.get_managed_session_for(membership, session_id)
    half_day = access.get_half_day_for(membership, session, half_day_id)
    enrolled = list(session.enrolments.enrolled())
    marks = {a.enrolment_id: a.present for a in half_day.attendances.all()}
    form = AttendanceForm(request.POST or None, enrolments=enrolled, marks=marks)
    done, count = act_on(
        request, form, partial(actions.record_attendance, half_day=half_day, by=membership)
    )
    if done:
        messages.success(
            request,
            _("Présences du %(half_day)s enregistrées : %(count)s présent·es sur %(total)s.")
            % {"half_day": half_day, "count": count, "total": len(enrolled)},
        )
        return redirect("training:session", session_id=session.pk)
    return render(
        request,
        "training/attendance_form.html",
        {
            "session": session,
            "half_day": half_day,
            "form": form,
            "recorded": bool(marks),
            "breadcrumbs": crumbs(
                (session.module.title, reverse("training:module", args=[session.module_id])),
                (_("Session"), reverse("training:session", args=[session.pk])),
            ),
        },
    )


def evaluate(request, enrolment_id):
    membership = request.membership
    enrolment = access.get_enrolment_for(membership, enrolment_id)
    require(access.can_evaluate(membership, enrolment))
    form = EvaluationForm(request.POST or None)
    return form_step(
        request,
        form,
        partial(actions.record_evaluation, enrolment=enrolment, by=membership),
        done=_("Merci : votre évaluation est enregistrée."),
        then=reverse("training:person", kwargs={"person_id": membership.pk}),
        title=_("Évaluer la formation"),
        intro=_("« %(module)s », session du %(day)s.")
        % {
            "module": enrolment.session.module.title,
            "day": f"{enrolment.session.starts_on:%d/%m/%Y}",
        },
        submit=_("Envoyer mon évaluation"),
        cancel_url=reverse("training:person", args=[membership.pk]),
        breadcrumbs=crumbs(),
    )


def person_history(request, person_id):
    """Every training a person of the service followed or is enrolled on, with their hours and
    certificates: what their service shows when asked about their competences."""
    membership = request.membership
    person = access.get_person_for(membership, person_id)
    today = timezone.localdate()
    enrolments = (
        Enrolment.objects.filter(user=person.user_id, organisation=person.organisation_id)
        .live()
        .select_related("session__module__organiser", "evaluation")
        .prefetch_related("session__half_days", "attendances")
        .order_by("-session__starts_on")
    )
    rows, total = [], 0
    for enrolment in enrolments:
        seen = presence(enrolment, list(enrolment.session.half_days.all()))
        if enrolment.state == EnrolmentState.ENROLLED:
            total += seen.hours
        rows.append(
            {
                "enrolment": enrolment,
                "session": enrolment.session,
                "presence": seen,
                "hours": hours_label(seen.hours),
                "done": enrolment.session.ends_on < today,
                "certificate": earns_certificate(enrolment, today),
                "can_evaluate": (
                    access.can_evaluate(membership, enrolment)
                    and seen.present > 0
                    and not hasattr(enrolment, "evaluation")
                ),
            }
        )
    is_self = person.pk == membership.pk
    return render(
        request,
        "training/person_history.html",
        {
            "person": person,
            "is_self": is_self,
            "rows": rows,
            "total": hours_label(total),
            "breadcrumbs": crumbs(),
        },
    )


def fdva_summary(request, year=None):
    membership = request.membership
    require(access.can_read_fdva(membership))
    today = timezone.localdate()
    year = year or today.year
    require(2000 <= year <= 2100)
    result = fdva.summary(membership.organisation, year)
    return render(
        request,
        "training/fdva_summary.html",
        {
            "summary": result,
            "organiser": membership.organisation,
            "rows": [
                {
                    "action": action,
                    "hours": hours_label(action.hours),
                    "hours_participants": hours_label(action.hours_participants),
                }
                for action in result.actions
            ],
            "total": hours_label(result.hours_participants),
            "previous": year - 1,
            "next": year + 1 if year < today.year else None,
            "breadcrumbs": crumbs(),
        },
    )
