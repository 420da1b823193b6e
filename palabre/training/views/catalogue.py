"""The catalogue: modules and their sessions, for the organiser's staff to manage and for the
member services to see and enrol their people on."""

from functools import partial

from django.contrib import messages
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.actions import Refused, act_on
from palabre.core.pages import form_page
from palabre.organisations.access import require
from palabre.training import access, actions
from palabre.training.attendance import earns_certificate, presence
from palabre.training.forms.catalogue import HalfDaysForm, ModuleForm, SessionForm
from palabre.training.forms.people import EnrolForm
from palabre.training.models import Attendance, EnrolmentState

PAST_SESSIONS = 20


def crumbs(*more):
    return [(_("Formations"), reverse("training:index")), *more]


def _with_counts(sessions):
    return sessions.annotate(
        enrolled_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED)),
        waiting_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.WAITING)),
    ).annotate(places_left=F("capacity") - F("enrolled_count"))


def index(request):
    membership = request.membership
    require(access.can_open(membership))
    today = timezone.localdate()
    sessions = _with_counts(access.sessions_for(membership))
    organisation = membership.organisation
    manages = access.can_manage(membership)
    coming = sessions.filter(ends_on__gte=today).planned().order_by("starts_on")
    context = {
        "manages": manages,
        "can_enrol": access.can_enrol(membership),
        "modules": (
            access.modules_for(membership)
            .filter(organiser=organisation)
            .annotate(session_count=Count("sessions"))
            .order_by("-is_active", "title")
            if manages
            else []
        ),
        "own_coming": coming.filter(module__organiser=organisation),
        "network_coming": coming.exclude(module__organiser=organisation),
        "past": (
            sessions.filter(ends_on__lt=today, module__organiser=organisation).order_by(
                "-starts_on"
            )[:PAST_SESSIONS]
            if manages
            else []
        ),
        "networks": list(organisation.networks.all()) if access.is_reader(membership) else [],
        "is_network": organisation.is_network,
        "team": list(access.enrollable_people(membership)),
        "year": today.year,
    }
    return render(request, "training/index.html", context)


def module_create(request):
    membership = request.membership
    require(access.can_manage(membership))
    form = ModuleForm(request.POST or None)
    done, module = act_on(
        request,
        form,
        partial(actions.create_module, organiser=membership.organisation, by=membership),
    )
    if done:
        messages.success(request, _("Le module est au catalogue."))
        return redirect("training:module", module_id=module.pk)
    return form_page(
        request,
        form=form,
        title=_("Nouveau module de formation"),
        submit=_("Ajouter au catalogue"),
        cancel_url=reverse("training:index"),
        breadcrumbs=crumbs(),
    )


def module_detail(request, module_id):
    membership = request.membership
    module = access.get_module_for(membership, module_id)
    today = timezone.localdate()
    sessions = _with_counts(access.sessions_for(membership).filter(module=module))
    return render(
        request,
        "training/module_detail.html",
        {
            "module": module,
            "manages": access.can_manage(membership)
            and module.organiser_id == membership.organisation_id,
            "coming": sessions.filter(ends_on__gte=today).order_by("starts_on"),
            "past": sessions.filter(ends_on__lt=today).order_by("-starts_on"),
            "breadcrumbs": crumbs(),
        },
    )


def session_create(request, module_id):
    membership = request.membership
    module = access.get_managed_module_for(membership, module_id)
    form = SessionForm(request.POST or None)
    done, session = act_on(
        request, form, partial(actions.create_session, module=module, by=membership)
    )
    if done:
        messages.success(request, _("La session est programmée."))
        return redirect("training:session", session_id=session.pk)
    return form_page(
        request,
        form=form,
        title=_("Programmer une session"),
        intro=_(
            "« %(module)s », %(hours)s h. Les demi-journées se déduisent des dates et de la "
            "durée ; vous pourrez les ajuster ensuite."
        )
        % {"module": module.title, "hours": module.duration_hours.normalize()},
        submit=_("Programmer la session"),
        cancel_url=reverse("training:module", args=[module.pk]),
        breadcrumbs=crumbs((module.title, reverse("training:module", args=[module.pk]))),
    )


def _grid(session, enrolled, half_days, today):
    """For the organiser: each enrolled person, their mark at each half-day, their hours."""
    marks = {
        (a.enrolment_id, a.half_day_id): a.present
        for a in Attendance.objects.filter(half_day__session=session)
    }
    rows = []
    for enrolment in enrolled:
        seen = presence(enrolment, half_days)
        rows.append(
            {
                "enrolment": enrolment,
                "marks": [marks.get((enrolment.pk, h.pk)) for h in half_days],
                "presence": seen,
                "certificate": earns_certificate(enrolment, today, half_days),
            }
        )
    return rows


def _evaluations(enrolled):
    evaluations = [e.evaluation for e in enrolled if hasattr(e, "evaluation")]
    if not evaluations:
        return None
    return {
        "count": len(evaluations),
        "average": round(sum(e.score for e in evaluations) / len(evaluations), 1),
        "useful": sum(1 for e in evaluations if e.useful),
        "comments": [e.comment for e in evaluations if e.comment],
    }


def session_detail(request, session_id):
    membership = request.membership
    session = access.get_session_for(membership, session_id)
    today = timezone.localdate()
    manages = access.manages(membership, session)
    visible = access.enrolments_visible(membership, session).prefetch_related("attendances")
    enrolled = list(visible.filter(state=EnrolmentState.ENROLLED).select_related("evaluation"))
    half_days = list(session.half_days.all())
    open_for_enrolment = not session.is_cancelled and session.ends_on >= today
    can_enrol = (
        access.can_enrol(membership)
        and open_for_enrolment
        and actions.may_join(membership.organisation, session)
    )
    taken = session.enrolments.enrolled().count()
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "module": session.module,
            "manages": manages,
            "can_enrol": can_enrol,
            "can_cancel": open_for_enrolment and (manages or access.can_enrol(membership)),
            "enrolled": enrolled,
            "waiting": list(visible.waiting()),
            "places_left": max(session.capacity - taken, 0),
            "taken": taken,
            "half_days": half_days,
            "grid": _grid(session, enrolled, half_days, today),
            "evaluations": _evaluations(enrolled) if manages else None,
            "today": today,
            "can_be_cancelled": manages and not session.is_cancelled and session.starts_on > today,
            "breadcrumbs": crumbs(
                (session.module.title, reverse("training:module", args=[session.module_id]))
            ),
        },
    )


def session_cancel(request, session_id):
    membership = request.membership
    session = access.get_managed_session_for(membership, session_id)
    require(request.method == "POST")
    try:
        actions.cancel_session(session=session, by=membership)
        messages.success(request, _("La session est annulée."))
    except Refused as refused:
        messages.error(request, refused.message)
    return redirect("training:session", session_id=session.pk)


def half_days_edit(request, session_id):
    membership = request.membership
    session = access.get_managed_session_for(membership, session_id)
    form = HalfDaysForm(request.POST or None, half_days=list(session.half_days.all()))
    done, _session = act_on(
        request, form, partial(actions.change_half_days, session=session, by=membership)
    )
    if done:
        messages.success(request, _("Les demi-journées sont enregistrées."))
        return redirect("training:session", session_id=session.pk)
    return render(
        request,
        "training/half_days_form.html",
        {
            "session": session,
            "form": form,
            "breadcrumbs": crumbs(
                (session.module.title, reverse("training:module", args=[session.module_id])),
                (_("Session"), reverse("training:session", args=[session.pk])),
            ),
        },
    )


def enrol(request, session_id):
    membership = request.membership
    session = access.get_session_for(membership, session_id)
    today = timezone.localdate()
    require(
        access.can_enrol(membership)
        and not session.is_cancelled
        and session.ends_on >= today
        and actions.may_join(membership.organisation, session)
    )
    already = session.enrolments.live().values("user")
    people = access.enrollable_people(membership).exclude(user__in=already)
    form = EnrolForm(request.POST or None, people=people)
    done, enrolment = act_on(request, form, partial(actions.enrol, session=session, by=membership))
    if done:
        if enrolment.state == EnrolmentState.WAITING:
            messages.warning(
                request,
                _("La session est complète : %(name)s est sur liste d'attente.")
                % {"name": enrolment.display_name},
            )
        else:
            messages.success(
                request, _("%(name)s est inscrit·e.") % {"name": enrolment.display_name}
            )
        return redirect("training:session", session_id=session.pk)
    return form_page(
        request,
        form=form,
        title=_("Inscrire une personne"),
        intro=_(
            "« %(module)s », %(dates)s. Les personnes de votre service ; au-delà des places, "
            "l'inscription va sur la liste d'attente."
        )
        % {
            "module": session.module.title,
            "dates": f"{session.starts_on:%d/%m/%Y} – {session.ends_on:%d/%m/%Y}",
        },
        submit=_("Inscrire"),
        cancel_url=reverse("training:session", args=[session.pk]),
        breadcrumbs=crumbs(
            (session.module.title, reverse("training:module", args=[session.module_id])),
            (_("Session"), reverse("training:session", args=[session.pk])),
        ),
    )
