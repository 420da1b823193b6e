"""Planning: the service's permanences and their rules, the closures, one session, cancelling or
moving it. The team reads; the coordination plans. The verbs plan the sessions and tell the
people booked; the pages say how many will be told."""

import datetime as dt
import itertools
from functools import partial

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.core.actions import act_on
from palabre.organisations.access import require
from palabre.permanences import access, actions, schedule
from palabre.permanences.forms.planning import CancelForm, ClosureForm, MoveForm, PermanenceForm
from palabre.permanences.models import AppointmentState, Occurrence, OccurrenceStatus

NEXT_SESSIONS = 3
SOON = dt.timedelta(days=14)
AHEAD = dt.timedelta(weeks=8)
BEHIND = dt.timedelta(weeks=4)
CLOSURES_KEPT = dt.timedelta(days=365)
PAIR = 2


def _permanences_crumb():
    return (_("Permanences"), reverse("permanences:list"))


def _hours(occurrence) -> str:
    return _("%(start)s – %(end)s") % {
        "start": schedule.clock(timezone.localtime(occurrence.starts_at).time()),
        "end": schedule.clock(timezone.localtime(occurrence.ends_at).time()),
    }


def _day(occurrence) -> str:
    return date_format(timezone.localtime(occurrence.starts_at).date(), "l j F Y")


def _counted(occurrences, now):
    """Mediators on duty and slots held, counted by the database for the whole list."""
    holds = Q(
        appointments__state__in=[
            AppointmentState.BOOKED,
            AppointmentState.CAME,
            AppointmentState.NO_SHOW,
        ]
    ) | Q(appointments__state=AppointmentState.PENDING, appointments__hold_until__gte=now)
    return occurrences.annotate(
        duty_count=Count("duties", distinct=True),
        booked_count=Count(
            "appointments",
            filter=holds & Q(appointments__starts_at__isnull=False),
            distinct=True,
        ),
    )


def _rows(occurrences) -> list[dict]:
    return [
        {
            "occurrence": occurrence,
            "day": _day(occurrence),
            "hours": _hours(occurrence),
            "duty_count": occurrence.duty_count,
            "short_staffed": not occurrence.is_cancelled and occurrence.duty_count < PAIR,
            "booked_count": occurrence.booked_count,
            "slot_count": len(schedule.slot_starts(occurrence, occurrence.permanence.slot_minutes)),
        }
        for occurrence in occurrences
    ]


def _reachable(membership, occurrences) -> list:
    """The people booked whom the service can tell: they gave an e-mail or a mobile."""
    return list(
        access.appointments_for(membership)
        .filter(occurrence__in=occurrences, state=AppointmentState.BOOKED)
        .exclude(notify_by="")
        .values_list("pk", flat=True)
    )


def _told(membership, appointment_ids) -> int:
    """Of ``appointment_ids``, those the verb has just cancelled (and so queued a message to)."""
    return (
        access.appointments_for(membership)
        .filter(pk__in=appointment_ids, state=AppointmentState.CANCELLED)
        .count()
    )


def _posted(request):
    """The posted data, even empty (a radio left unticked sends nothing)."""
    return request.POST if request.method == "POST" else None


def _is_changeable(occurrence) -> bool:
    return not occurrence.is_cancelled and occurrence.ends_at > timezone.now()


# --- Permanences --------------------------------------------------------------------------------


def permanence_list(request):
    membership = request.membership
    require(access.can_read(membership))
    now = timezone.now()
    next_sessions = Prefetch(
        "occurrences",
        queryset=Occurrence.objects.planned().upcoming(now).order_by("starts_at")[:NEXT_SESSIONS],
        to_attr="next_sessions",
    )
    permanences = (
        access.permanences_for(membership)
        .prefetch_related(next_sessions)
        .order_by("venue__commune__name", "venue__name", "weekday", "starts_at")
    )
    today = timezone.localdate()
    communes = []
    for commune, of_commune in itertools.groupby(permanences, lambda p: p.venue.commune):
        venues = []
        for venue, of_venue in itertools.groupby(of_commune, lambda p: p.venue):
            rows = [
                {
                    "permanence": permanence,
                    "rule": schedule.describe(permanence),
                    "ended": permanence.valid_until is not None and permanence.valid_until < today,
                    "next": [(o, _day(o), _hours(o)) for o in permanence.next_sessions],
                }
                for permanence in of_venue
            ]
            venues.append((venue, rows))
        communes.append((commune, venues))
    soon = _counted(
        access.occurrences_for(membership).upcoming(now).filter(starts_at__lt=now + SOON), now
    ).order_by("starts_at")
    context = {
        "communes": communes,
        "soon": _rows(soon),
        "can_plan": access.can_plan(membership),
        "takes_duties": access.takes_duties(membership),
        "can_book": access.can_book(membership),
    }
    return render(request, "permanences/permanence_list.html", context)


def permanence_create(request):
    membership = request.membership
    require(access.can_plan(membership))
    form = PermanenceForm(_posted(request), membership=membership)
    done, permanence = act_on(
        request,
        form,
        partial(actions.create_permanence, organisation=membership.organisation, by=membership),
    )
    if done:
        count = permanence.occurrences.count()
        messages.success(
            request,
            ngettext(
                "La permanence est créée : %(count)s séance est au calendrier.",
                "La permanence est créée : %(count)s séances sont au calendrier.",
                count,
            )
            % {"count": count},
        )
        return redirect("permanences:detail", permanence.pk)
    return render(
        request,
        "permanences/permanence_form.html",
        {
            "form": form,
            "title": _("Nouvelle permanence"),
            "submit": _("Créer la permanence"),
            "cancel_url": reverse("permanences:list"),
            "breadcrumbs": [_permanences_crumb()],
            "is_edit": False,
        },
    )


def permanence_edit(request, permanence_id):
    membership = request.membership
    require(access.can_plan(membership))
    permanence = access.get_permanence_for(membership, permanence_id)
    future = permanence.occurrences.planned().filter(planned_on__gte=timezone.localdate())
    reachable = _reachable(membership, future) if request.method == "POST" else []
    form = PermanenceForm(_posted(request), membership=membership, current=permanence)
    done, _result = act_on(
        request, form, partial(actions.update_permanence, permanence=permanence, by=membership)
    )
    if done:
        told = _told(membership, reachable)
        text = _("La permanence est enregistrée ; les séances à venir suivent la nouvelle règle.")
        if told:
            text += " " + ngettext(
                "%(count)s personne dont la séance disparaît est prévenue.",
                "%(count)s personnes dont la séance disparaît sont prévenues.",
                told,
            ) % {"count": told}
        messages.success(request, text)
        return redirect("permanences:detail", permanence.pk)
    return render(
        request,
        "permanences/permanence_form.html",
        {
            "form": form,
            "title": _("Modifier la permanence"),
            "submit": _("Enregistrer"),
            "cancel_url": reverse("permanences:detail", args=[permanence.pk]),
            "breadcrumbs": [
                _permanences_crumb(),
                (str(permanence), reverse("permanences:detail", args=[permanence.pk])),
            ],
            "is_edit": True,
        },
    )


def _period(permanence) -> str:
    since = date_format(permanence.valid_from, "j F Y")
    if permanence.valid_until is None:
        return _("depuis le %(day)s") % {"day": since}
    return _("du %(start)s au %(end)s") % {
        "start": since,
        "end": date_format(permanence.valid_until, "j F Y"),
    }


def permanence_detail(request, permanence_id):
    membership = request.membership
    require(access.can_read(membership))
    permanence = access.get_permanence_for(membership, permanence_id)
    venue = permanence.venue
    now = timezone.now()
    occurrences = _counted(permanence.occurrences.all(), now)
    upcoming = occurrences.upcoming(now).filter(starts_at__lt=now + AHEAD).order_by("starts_at")
    past = occurrences.filter(ends_at__lte=now, starts_at__gte=now - BEHIND).order_by("-starts_at")
    yes, no = _("oui"), _("non")
    rule = [
        (_("Calendrier"), schedule.describe(permanence)),
        (_("Période"), _period(permanence)),
        (_("Créneaux"), _("%(minutes)s minutes") % {"minutes": permanence.slot_minutes}),
        (
            _("Vacances scolaires"),
            _("pas de permanence") if permanence.skip_school_holidays else _("permanence tenue"),
        ),
        (_("Réservable en ligne"), yes if permanence.is_public else no),
    ]
    place = [
        (_("Lieu"), venue.name),
        (_("Adresse"), venue.address),
        (
            _("Commune / quartier"),
            f"{venue.commune.name} / {venue.quartier.name}"
            if venue.quartier
            else venue.commune.name,
        ),
        (_("Accès"), venue.access_notes),
    ]
    context = {
        "permanence": permanence,
        "rule_text": schedule.describe(permanence),
        "rule": rule,
        "place": place,
        "upcoming": _rows(upcoming),
        "past": _rows(past),
        "can_plan": access.can_plan(membership),
        "breadcrumbs": [_permanences_crumb()],
    }
    return render(request, "permanences/permanence_detail.html", context)


# --- Closures -----------------------------------------------------------------------------------


def closure_list(request):
    membership = request.membership
    require(access.can_read(membership))
    can_plan = access.can_plan(membership)
    require(can_plan or request.method != "POST")
    form = ClosureForm(_posted(request), membership=membership) if can_plan else None
    covered, reachable = [], []
    if form is not None and form.is_bound and form.is_valid():
        data = form.cleaned_data
        covered = (
            access.occurrences_for(membership)
            .planned()
            .filter(planned_on__range=(data["starts_on"], data["ends_on"]))
        )
        if data["venue"] is not None:
            covered = covered.filter(permanence__venue=data["venue"])
        covered = list(covered.values_list("pk", flat=True))
        reachable = _reachable(membership, covered)
    done, closure = act_on(
        request,
        form,
        partial(actions.add_closure, organisation=membership.organisation, by=membership),
    )
    if done:
        cancelled = (
            access.occurrences_for(membership)
            .filter(pk__in=covered, status=OccurrenceStatus.CANCELLED)
            .count()
        )
        text = ngettext(
            "La fermeture « %(label)s » est enregistrée : %(count)s séance annulée.",
            "La fermeture « %(label)s » est enregistrée : %(count)s séances annulées.",
            cancelled,
        ) % {"label": closure.label, "count": cancelled}
        told = _told(membership, reachable)
        if told:
            text += " " + ngettext(
                "%(count)s personne qui avait rendez-vous est prévenue.",
                "%(count)s personnes qui avaient rendez-vous sont prévenues.",
                told,
            ) % {"count": told}
        messages.success(request, text)
        return redirect("permanences:closures")
    today = timezone.localdate()
    closures = access.closures_for(membership)
    context = {
        "current": list(closures.filter(ends_on__gte=today).order_by("starts_on")),
        "past": list(
            closures.filter(ends_on__lt=today, ends_on__gte=today - CLOSURES_KEPT).order_by(
                "-starts_on"
            )
        ),
        "form": form,
        "can_plan": can_plan,
        "breadcrumbs": [_permanences_crumb()],
    }
    return render(request, "permanences/closure_list.html", context)


# --- One session --------------------------------------------------------------------------------


def _occurrence_crumbs(occurrence):
    permanence = occurrence.permanence
    return [
        _permanences_crumb(),
        (str(permanence), reverse("permanences:detail", args=[permanence.pk])),
    ]


def _occurrence_title(occurrence) -> str:
    return _("Séance du %(day)s") % {"day": _day(occurrence)}


def occurrence_detail(request, occurrence_id):
    membership = request.membership
    require(access.can_read(membership))
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    now = timezone.now()
    counted = _rows(_counted(access.occurrences_for(membership).filter(pk=occurrence.pk), now))[0]
    duties = list(occurrence.duties.select_related("mediator__user"))
    can_see_people = access.can_see_people(membership, occurrence)
    appointments = (
        list(occurrence.appointments.exclude(state__in=["EXPIRED"]).order_by("starts_at"))
        if can_see_people
        else []
    )
    context = {
        "occurrence": occurrence,
        "title": _occurrence_title(occurrence),
        "hours": counted["hours"],
        "row": counted,
        "mediators": [duty.mediator.user.get_full_name() for duty in duties],
        "short_staffed": counted["short_staffed"],
        "appointments": appointments,
        "openable_cases": access.openable_case_ids(membership, appointments),
        "free_slots": actions.free_slots(occurrence),
        "can_see_people": can_see_people,
        "can_book": access.can_book(membership),
        "can_record_visits": access.can_record_visits(membership, occurrence),
        "can_change": access.can_plan(membership) and _is_changeable(occurrence),
        "breadcrumbs": _occurrence_crumbs(occurrence),
    }
    return render(request, "permanences/occurrence_detail.html", context)


def _unchangeable(request, occurrence):
    messages.info(request, _("Cette séance est annulée ou passée : elle ne change plus."))
    return redirect("permanences:occurrence", occurrence.pk)


def _booked_counts(membership, occurrence) -> tuple[int, int]:
    """Active bookings, and those among them the service can tell."""
    active = access.appointments_for(membership).filter(
        occurrence=occurrence, state__in=[AppointmentState.PENDING, AppointmentState.BOOKED]
    )
    return active.count(), len(_reachable(membership, [occurrence]))


def occurrence_cancel(request, occurrence_id):
    membership = request.membership
    require(access.can_plan(membership))
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    if not _is_changeable(occurrence):
        return _unchangeable(request, occurrence)
    reachable = _reachable(membership, [occurrence])
    form = CancelForm(_posted(request))
    done, _result = act_on(
        request, form, partial(actions.cancel_occurrence, occurrence=occurrence, by=membership)
    )
    if done:
        told = _told(membership, reachable)
        messages.success(
            request,
            ngettext(
                "La séance est annulée ; %(count)s personne est prévenue.",
                "La séance est annulée ; %(count)s personnes sont prévenues.",
                told,
            )
            % {"count": told},
        )
        return redirect("permanences:occurrence", occurrence.pk)
    return _change_page(request, occurrence, form, title=_("Annuler la séance"), danger=True)


def occurrence_move(request, occurrence_id):
    membership = request.membership
    require(access.can_plan(membership))
    occurrence = access.get_occurrence_for(membership, occurrence_id)
    if not _is_changeable(occurrence):
        return _unchangeable(request, occurrence)
    form = MoveForm(_posted(request), occurrence=occurrence)
    done, moved = act_on(
        request, form, partial(actions.move_occurrence, occurrence=occurrence, by=membership)
    )
    if done:
        # Every booked person with a way to be told hears of the new time, if it changed.
        shifted = moved.starts_at != occurrence.starts_at
        told = len(_reachable(membership, [moved])) if shifted else 0
        messages.success(
            request,
            ngettext(
                "La séance a lieu le %(day)s, %(hours)s ; %(count)s personne est prévenue.",
                "La séance a lieu le %(day)s, %(hours)s ; %(count)s personnes sont prévenues.",
                told,
            )
            % {"day": _day(moved), "hours": _hours(moved), "count": told},
        )
        return redirect("permanences:occurrence", occurrence.pk)
    return _change_page(request, occurrence, form, title=_("Déplacer la séance"), danger=False)


def _change_page(request, occurrence, form, *, title, danger):
    """The cancel or move form, with who is booked and who will be told."""
    booked, told = _booked_counts(request.membership, occurrence)
    subject = _occurrence_title(occurrence)
    context = {
        "occurrence": occurrence,
        "form": form,
        "title": title,
        "danger": danger,
        "subject": subject,
        "hours": _hours(occurrence),
        "booked": booked,
        "told": told,
        "untold": booked - told,
        "breadcrumbs": [
            *_occurrence_crumbs(occurrence),
            (subject, reverse("permanences:occurrence", args=[occurrence.pk])),
        ],
    }
    return render(request, "permanences/occurrence_change.html", context)
