"""Lists of cases: the filtered case list, the day's work, and the activity overview.

None of these pages shows a private note; the overview shows counts only.
"""

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from palabre.cases import codes
from palabre.cases.access import cases_for
from palabre.cases.forms.filters import CLOSED, OPENED, CaseFilterForm, OverviewForm, sort_cases
from palabre.cases.models import (
    Case,
    CaseAssignment,
    CaseConflict,
    FollowUp,
    InformationRequest,
    Interview,
    Meeting,
    closed_in,
    opened_in,
)
from palabre.core import panels
from palabre.organisations.access import (
    can_read_cases,
    can_record_intake,
    can_see_aggregates,
    is_manager,
    require,
)
from palabre.organisations.models import Role

# How many lines each card of « Aujourd'hui » lists before linking to the rest.
CARD_LINES = 6
CHASE_AFTER_DAYS = 14
SUSPENDED_TOO_LONG_DAYS = 60
UPCOMING_DAYS = 7


def _for_listing(cases):
    """Everything a case row shows, in a fixed number of queries whatever the page size."""
    return cases.select_related("commune", "quartier").prefetch_related(
        "conflicts",
        Prefetch(
            "assignments",
            queryset=CaseAssignment.objects.filter(ended_at__isnull=True)
            .select_related("membership__user")
            .order_by("assigned_on", "created_at"),
            to_attr="active_assignments",
        ),
    )


def _wants_partial(request) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def case_list(request):
    membership = request.membership
    require(can_read_cases(membership))
    form = CaseFilterForm(request.GET or None, membership=membership)
    cases = cases_for(membership)
    sort = ""
    if not form.is_bound:
        cases = sort_cases(cases, sort)
    elif form.is_valid():
        cases = form.filter(cases)
        sort = form.cleaned_data["tri"]
    else:
        # Bad filter values: French errors on the form and an empty list, never a guess.
        cases = cases.none()
    paginator = Paginator(_for_listing(cases), settings.PALABRE_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    page_range = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    context = {
        "form": form,
        "page_obj": page,
        "page_range": list(page_range),
        "cases": page.object_list,
        "total": paginator.count,
        "sort": sort or "-opened_on",
        "downloads": _downloads(request) if paginator.count else [],
    }
    template = "cases/list.html#results" if _wants_partial(request) else "cases/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# The list's downloads: the same filters, every page (``reports.views.case_lists``, since the
# spreadsheet writers live in reports).
DOWNLOAD_FORMATS = [("csv", "CSV"), ("ods", "ODS"), ("xlsx", "XLSX")]


def _downloads(request) -> list[dict]:
    query = request.GET.copy()
    query.pop("page", None)
    suffix = f"?{query.urlencode()}" if query else ""
    return [
        {"url": reverse("reports:case_list_export", args=[extension]) + suffix, "label": label}
        for extension, label in DOWNLOAD_FORMATS
    ]


# --- « Ce qui m'attend aujourd'hui » ------------------------------------------------------------


def _card(key, title, queryset, line, *, empty=None, more_url=None, limit=CARD_LINES):
    """A block of the day: a count and the first lines. Two queries at most, whatever the data."""
    items = list(queryset[:limit])
    count = len(items) if len(items) < limit else queryset.count()
    return {
        "key": key,
        "title": title,
        "count": count,
        "lines": [line(item) for item in items],
        "empty": empty or _("Rien à faire ici."),
        "more_url": more_url if count > len(items) else None,
    }


def _case_line(detail):
    def line(case):
        return {
            "url": reverse("cases:detail", args=[case.pk]),
            "label": case.reference,
            "detail": detail(case),
        }

    return line


def _list_url(**params):
    return f"{reverse('cases:list')}?{urlencode(params)}"


def _appointments(membership, start, end, cases):
    """Interviews and meetings scheduled in [start, end), merged by time, for the member."""
    scope = Q(case__in=cases)
    if membership.role == Role.MEDIATOR:
        scope |= Q(mediators=membership)
    common = {
        "organisation_id": membership.organisation_id,
        "status": codes.AppointmentStatus.SCHEDULED,
        "scheduled_at__gte": start,
        "scheduled_at__lt": end,
    }
    interviews = (
        Interview.objects.filter(scope, **common)
        .exclude(case__status=codes.Status.CLOSED)
        .select_related("case", "party")
        .distinct()
        .order_by("scheduled_at")
    )
    meetings = (
        Meeting.objects.filter(scope, **common)
        .exclude(case__status=codes.Status.CLOSED)
        .select_related("case")
        .distinct()
        .order_by("scheduled_at")
    )
    return interviews, meetings


def _appointment_card(key, title, membership, start, end, cases, *, empty):
    interviews, meetings = _appointments(membership, start, end, cases)
    first_interviews = list(interviews[:CARD_LINES])
    first_meetings = list(meetings[:CARD_LINES])
    count = (
        len(first_interviews) if len(first_interviews) < CARD_LINES else interviews.count()
    ) + (len(first_meetings) if len(first_meetings) < CARD_LINES else meetings.count())
    lines = [
        {
            "when": interview.scheduled_at,
            "url": reverse("cases:detail", args=[interview.case_id]),
            "label": interview.case.reference,
            "detail": _("Entretien (%(role)s), %(channel)s%(place)s")
            % {
                "role": interview.party.get_role_display().lower(),
                "channel": interview.get_channel_display().lower(),
                "place": f" — {interview.place}" if interview.place else "",
            },
        }
        for interview in first_interviews
    ] + [
        {
            "when": meeting.scheduled_at,
            "url": reverse("cases:detail", args=[meeting.case_id]),
            "label": meeting.case.reference,
            "detail": meeting.get_kind_display() + (f" — {meeting.place}" if meeting.place else ""),
        }
        for meeting in first_meetings
    ]
    lines.sort(key=lambda line: line["when"])
    return {
        "key": key,
        "title": title,
        "count": count,
        "lines": lines[:CARD_LINES],
        "empty": empty,
        "more_url": None,
        "show_day": key != "appointments_today",
    }


def _day_bounds(day: dt.date):
    zone = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def today(request):
    membership = request.membership
    require(can_read_cases(membership))
    day = timezone.localdate()
    cases = cases_for(membership)
    open_cases = cases.open()
    start_today = _day_bounds(day)
    start_tomorrow = _day_bounds(day + dt.timedelta(days=1))
    end_upcoming = _day_bounds(day + dt.timedelta(days=UPCOMING_DAYS + 1))
    reception = membership.role == Role.RECEPTION

    cards = [
        _appointment_card(
            "appointments_today",
            _("Rendez-vous d'aujourd'hui"),
            membership,
            start_today,
            start_tomorrow,
            cases,
            empty=_("Aucun rendez-vous aujourd'hui."),
        )
    ]
    if not reception:
        cards.append(
            _appointment_card(
                "appointments_upcoming",
                _("Rendez-vous des 7 prochains jours"),
                membership,
                start_tomorrow,
                end_upcoming,
                cases,
                empty=_("Aucun rendez-vous dans les 7 prochains jours."),
            )
        )
        cards.append(
            _card(
                "new",
                _("Nouvelles saisines à qualifier"),
                cases.filter(status=codes.Status.NEW).order_by("opened_on", "reference"),
                _case_line(
                    lambda c: _("saisine du %(date)s") % {"date": c.opened_on.strftime("%d/%m/%Y")}
                ),
                more_url=_list_url(status=codes.Status.NEW, tri="opened_on"),
            )
        )
        cards.append(
            _card(
                "unpaired",
                _("Dossiers sans binôme de médiation"),
                open_cases.annotate(
                    active_mediators=Count(
                        "assignments", filter=Q(assignments__ended_at__isnull=True)
                    )
                )
                .filter(active_mediators__lt=2)
                .order_by("opened_on", "reference"),
                _case_line(
                    lambda c: (
                        _("%(count)s médiateur·rice(s) assigné·e(s)")
                        % {"count": c.active_mediators}
                    )
                ),
            )
        )
        cards.append(
            _card(
                "follow_ups",
                _("Suivis à faire"),
                FollowUp.objects.filter(
                    organisation_id=membership.organisation_id,
                    case__in=open_cases,
                    done_on__isnull=True,
                    due_on__lte=day + dt.timedelta(days=UPCOMING_DAYS),
                )
                .select_related("case")
                .order_by("due_on"),
                lambda f: {
                    "url": reverse("cases:detail", args=[f.case_id]),
                    "label": f.case.reference,
                    "detail": (
                        _("en retard, prévu le %(date)s")
                        if f.due_on < day
                        else _("prévu le %(date)s")
                    )
                    % {"date": f.due_on.strftime("%d/%m/%Y")},
                },
            )
        )
        cards.append(
            _card(
                "to_chase",
                _("Prises de contact à relancer"),
                cases.filter(status=codes.Status.CONTACTING_OTHER_PARTY)
                .annotate(last_attempt=Max("contact_attempts__attempted_on"))
                .filter(
                    Q(last_attempt__isnull=True)
                    | Q(last_attempt__lt=day - dt.timedelta(days=CHASE_AFTER_DAYS))
                )
                .order_by("last_attempt", "reference"),
                _case_line(
                    lambda c: (
                        _("dernière tentative le %(date)s")
                        % {"date": c.last_attempt.strftime("%d/%m/%Y")}
                        if c.last_attempt
                        else _("aucune tentative enregistrée")
                    )
                ),
                more_url=_list_url(status=codes.Status.CONTACTING_OTHER_PARTY),
            )
        )
        cards.append(
            _card(
                "long_suspended",
                _("Dossiers suspendus depuis plus de 60 jours"),
                cases.filter(
                    status=codes.Status.SUSPENDED,
                    suspended_on__lt=day - dt.timedelta(days=SUSPENDED_TOO_LONG_DAYS),
                ).order_by("suspended_on", "reference"),
                _case_line(
                    lambda c: (
                        _("suspendu depuis le %(date)s")
                        % {"date": c.suspended_on.strftime("%d/%m/%Y")}
                    )
                ),
                more_url=_list_url(status=codes.Status.SUSPENDED),
            )
        )
    information_today = None
    if can_record_intake(membership):
        information_today = InformationRequest.objects.filter(
            organisation_id=membership.organisation_id, created_at__gte=start_today
        ).count()
    context = {
        "day": day,
        "cards": cards,
        "information_today": information_today,
        "is_reception": reception,
        "is_manager": is_manager(membership),
        "panels": panels.panels_for("today", membership, day),
    }
    return render(request, "cases/today.html", context)


# --- Activity overview (counts only) ------------------------------------------------------------


def _breakdown(rows, key, labels):
    """[(label, count)] ordered by count, then label; unknown or empty codes are named so."""
    lines = []
    for row in rows:
        code = row[key]
        label = labels.get(code) if code else None
        lines.append((label or _("Non renseigné"), row["count"]))
    lines.sort(key=lambda line: (-line[1], str(line[0])))
    return lines


def overview(request):
    membership = request.membership
    require(can_see_aggregates(membership))
    cases = Case.objects.of(membership.organisation_id)
    first = cases.aggregate(first=Min("opened_on"))["first"]
    form = OverviewForm(request.GET or None, first_year=first.year if first else None)
    year = form.chosen_year()
    first_day, last_day = dt.date(year, 1, 1), dt.date(year, 12, 31)
    year_end = min(last_day, timezone.localdate())
    totals = cases.aggregate(
        new=Count("pk", filter=opened_in(first_day, last_day)),
        closed=Count("pk", filter=closed_in(first_day, last_day)),
        open=Count(
            "pk",
            filter=Q(opened_on__lte=year_end)
            & (Q(closed_on__isnull=True) | Q(closed_on__gt=year_end)),
        ),
    )
    opened = cases.filter(opened_on__year=year)
    by_status = opened.values("status").annotate(count=Count("pk")).order_by()
    by_category = (
        CaseConflict.objects.filter(
            organisation_id=membership.organisation_id,
            is_primary=True,
            case__opened_on__year=year,
        )
        .values("category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_reason = (
        cases.filter(closed_on__year=year)
        .values("closure_reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_commune = list(opened.values("commune__name").annotate(count=Count("pk")).order_by())
    # Who reads the case list follows a count to its cases (the same conditions, cases.models).
    lists = {"new": "", "closed": ""}
    if can_read_cases(membership):
        period = {"du": first_day.isoformat(), "au": last_day.isoformat()}
        lists = {
            "new": _list_url(periode=OPENED, **period),
            "closed": _list_url(periode=CLOSED, **period),
        }
    context = {
        "form": form,
        "year": year,
        "year_end": year_end,
        "totals": totals,
        "lists": lists,
        "link_text": _("voir ces dossiers"),
        "breakdowns": [
            {
                "key": "status",
                "caption": _("Dossiers ouverts en %(year)s, selon leur état actuel")
                % {"year": year},
                "heading": _("État"),
                "lines": _breakdown(by_status, "status", dict(codes.Status.choices)),
            },
            {
                "key": "category",
                "caption": _("Dossiers ouverts en %(year)s, par motif principal") % {"year": year},
                "heading": _("Motif principal"),
                "lines": _breakdown(by_category, "category", dict(codes.ConflictCategory.choices)),
            },
            {
                "key": "closure_reason",
                "caption": _("Dossiers clos en %(year)s, par motif de clôture") % {"year": year},
                "heading": _("Motif de clôture"),
                "lines": _breakdown(by_reason, "closure_reason", dict(codes.ClosureReason.choices)),
            },
            {
                "key": "commune",
                "caption": _("Dossiers ouverts en %(year)s, par commune") % {"year": year},
                "heading": _("Commune"),
                "lines": _breakdown(
                    by_commune,
                    "commune__name",
                    {row["commune__name"]: row["commune__name"] for row in by_commune},
                ),
            },
        ],
    }
    return render(request, "cases/overview.html", context)
