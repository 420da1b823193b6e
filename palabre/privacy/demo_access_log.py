"""The demo's « Journal des consultations »: a month of reads of the service's open cases by
their mediators and coordination, a few by the reception (outside the cases' teams, so that
the highlighting shows), and the case list downloaded now and then.

Loaded as history with ``bulk_create`` (one INSERT), as the recorder would have written them,
page after page.
"""

import datetime as dt
import random

from django.urls import reverse
from django.utils import timezone

from palabre.cases.models import Case, CaseAssignment
from palabre.core.reads import Read
from palabre.organisations.models import Membership, Role
from palabre.privacy.access_log import AccessRecord

DAYS = 30


def _moment(rng, today, days_ago):
    day = today - dt.timedelta(days=days_ago)
    naive = dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def _record(organisation, membership, read_at, kind, **what):
    return AccessRecord(
        organisation=organisation,
        viewer_organisation=organisation,
        membership=membership,
        user_id=membership.user_id,
        role=membership.role,
        read_at=read_at,
        kind=kind,
        **what,
    )


def seed_access_log(organisation, *, today: dt.date, seed: int = 17) -> int:
    """Answers the number of reads recorded."""
    rng = random.Random(seed)
    people = list(Membership.objects.active().filter(organisation=organisation))
    coordination = [p for p in people if p.role in (Role.ADMIN, Role.COORDINATOR)]
    reception = [p for p in people if p.role == Role.RECEPTION]
    cases = list(Case.objects.of(organisation).open().order_by("-last_activity_at")[:40])
    teams = {}
    for assignment in CaseAssignment.objects.filter(
        case__in=cases, ended_at__isnull=True
    ).select_related("membership"):
        teams.setdefault(assignment.case_id, []).append(assignment.membership)
    records = []
    for case in cases:
        page = reverse("cases:detail", args=[case.pk])
        readers = teams.get(case.pk, []) + coordination[:1]
        for _read in range(rng.randint(2, 6)):
            reader = rng.choice(readers) if readers else None
            if reader is None:
                continue
            when = _moment(rng, today, rng.randint(0, DAYS))
            records.append(
                _record(organisation, reader, when, Read.NOTES, case_id=case.pk, path=page)
            )
        if reception and rng.random() < 0.25:
            when = _moment(rng, today, rng.randint(0, DAYS))
            records.append(
                _record(
                    organisation,
                    rng.choice(reception),
                    when,
                    Read.CASE_PAGE,
                    case_id=case.pk,
                    path=page,
                )
            )
    if coordination:
        export = reverse("reports:case_list_export", args=["ods"])
        for days_ago in (2, 9, 23):
            when = _moment(rng, today, days_ago)
            count = rng.randint(20, 60)
            records.append(
                _record(organisation, coordination[0], when, Read.EXPORT, count=count, path=export)
            )
    AccessRecord.objects.bulk_create(records)
    return len(records)
