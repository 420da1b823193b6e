"""The demo's time limits: requests answered on time and late, waiting on time and overdue,
closed « sans réponse dans le délai »; and the delay figures of the dashboard and of the
landlord's funder report equal a count made here, row by row, from the demo's requests."""

import datetime as dt
import io
import math
import statistics
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from palabre.cases import codes
from palabre.cases.models import Case
from palabre.demo.reset import delete_demo
from palabre.partners.models import Convention
from palabre.referrals.deadlines import DeadlineStep, Step
from palabre.referrals.models import Decision, Referral

DEMO = "cite-et-mediation-demo"
MOMENT = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
PASSWORD = "palabre-demo"
ANSWERS = "Orientations et demandes reçues : réponses"
DELAYS = "Délais de réponse aux orientations et demandes, en jours"
WAY_IN = {
    "POLICE": "Police (relais main courante)",
    "SOCIAL_LANDLORD": "Bailleur social",
    "CITY": "Ville, commune ou Métropole",
    "COMMUNE": "Ville, commune ou Métropole",
    "INTERCOMMUNALITY": "Ville, commune ou Métropole",
    None: "Demande en ligne",
}
ORDER = [
    "Police (relais main courante)",
    "Bailleur social",
    "Ville, commune ou Métropole",
    "Autre partenaire",
    "Demande en ligne",
    "Permanence sans rendez-vous",
]


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """A small demo (one year, 40 cases) on a fixed day, built once for the module."""
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(timezone, "now", lambda: MOMENT)
        call_command("seed_demo", years=1, cases_per_year=40, stdout=io.StringIO())
        yield
        delete_demo()


@pytest.fixture
def demo(demo_loaded, db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return Referral.objects.filter(organisation__slug=DEMO)


# --- What the demo shows -------------------------------------------------------------------------


def test_the_demo_has_requests_on_time_overdue_and_closed_without_answer(demo):
    waiting = demo.filter(decision=Decision.PENDING)
    overdue = waiting.filter(first_contact_at__isnull=True, contact_due_at__lte=MOMENT)
    on_time = waiting.filter(first_contact_at__isnull=True, contact_due_at__gt=MOMENT)
    assert overdue.count() == 2 and on_time.count() >= 4
    assert waiting.filter(first_contact_at__isnull=False).count() == 1
    lapsed = demo.filter(decision=Decision.LAPSED)
    assert lapsed.count() >= 3
    assert lapsed.filter(partner__kind="POLICE").exists()
    assert lapsed.filter(partner__isnull=True).exists()
    for referral in lapsed:
        steps = {s.step: s for s in DeadlineStep.objects.filter(referral=referral)}
        assert set(steps) == {Step.REMINDER, Step.LAPSE}
        assert all(n.sent_at for s in steps.values() for n in s.notices.all())
    answered = demo.exclude(decision__in=[Decision.PENDING, Decision.LAPSED])
    late = [
        r
        for r in answered.filter(first_contact_at__isnull=False)
        if r.first_contact_at > r.contact_due_at
    ]
    assert late and answered.filter(first_contact_at__lte=F("contact_due_at")).exists()
    assert not demo.filter(contact_due_at__isnull=True).exists()


def test_the_demo_coordination_sees_the_overdue_on_today(demo, client):
    client.post(
        reverse("accounts:login"),
        {"username": "coordination@demo.palabre.fr", "password": PASSWORD},
    )
    page = client.get(reverse("cases:today")).content.decode()
    assert "dont 2 en retard" in page


def test_the_demo_police_portal_shows_a_closed_request_and_its_aggregate(demo, client):
    client.post(
        reverse("accounts:login"), {"username": "police@demo.palabre.fr", "password": PASSWORD}
    )
    page = client.get(reverse("referrals:portal")).content.decode()
    assert "Délais de réponse du service" in page
    assert "Close sans réponse dans le délai" in page


# --- The figures against a count made here -------------------------------------------------------


def _p90(values):
    """The 90th percentile by the inclusive method, as a spreadsheet's CENTILE.INCLURE."""
    ordered = sorted(values)
    position = 0.9 * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return round(ordered[low] + (position - low) * (ordered[high] - ordered[low]), 1)


def _days(start, end):
    return (timezone.localdate(end) - timezone.localdate(start)).days


def count_by_hand(referrals, walk_ins, cutoff) -> dict:
    """What happened up to ``cutoff`` (now, included). Label → [received, contacted, decided,
    closed, due, in time], [contact n, median, p90, decision n, median, p90], in the order of
    the ways in, then the total."""
    groups = defaultdict(list)
    for referral in referrals:
        kind = referral.partner.kind if referral.partner else None
        groups[WAY_IN.get(kind, "Autre partenaire")].append(referral)
    counts = {}
    everything = {"contact": [], "decision": [], "cells": [0] * 6}
    for label in ORDER:
        if label == "Permanence sans rendez-vous":
            if not walk_ins:
                continue
            cells = [walk_ins, walk_ins, walk_ins, 0, walk_ins, walk_ins]
            contact = decision = [0] * walk_ins
        elif label in groups:
            cells, contact, decision = _count(groups[label], cutoff)
        else:
            continue
        counts[label] = (cells, _spread(contact, decision))
        everything["contact"] += contact
        everything["decision"] += decision
        everything["cells"] = [a + b for a, b in zip(everything["cells"], cells, strict=True)]
    counts["Total"] = (
        everything["cells"],
        _spread(everything["contact"], everything["decision"]),
    )
    return counts


def _count(group, cutoff):
    contacted = [r for r in group if r.first_contact_at and r.first_contact_at <= cutoff]
    answered = {Decision.ACCEPTED, Decision.DECLINED, Decision.REORIENTED}
    decided = [r for r in group if r.decision in answered and r.decided_at <= cutoff]
    closed = [r for r in group if r.decision == Decision.LAPSED and r.decided_at <= cutoff]
    due, in_time = 0, 0
    for r in group:
        moments = [m for m in (r.first_contact_at,) if m and m <= cutoff]
        if r in decided:
            moments.append(r.decided_at)
        first = min(moments, default=None)
        due += first is not None or r.contact_due_at <= cutoff
        in_time += first is not None and first <= r.contact_due_at
    cells = [len(group), len(contacted), len(decided), len(closed), due, in_time]
    contact = [_days(r.received_at, r.first_contact_at) for r in contacted]
    decision = [_days(r.received_at, r.decided_at) for r in decided]
    return cells, contact, decision


def _spread(contact, decision):
    def two(values):
        if not values:
            return [None, None]
        return [statistics.median(values), _p90(values)]

    return [len(contact), *two(contact), len(decision), *two(decision)]


def _tables(tables):
    by_title = {str(t.title): t for t in tables}
    answers, delays = by_title[ANSWERS], by_title[DELAYS]
    return {
        row[0]: (row[1:7], delays_row[1:])
        for row, delays_row in zip(answers.rows, delays.rows, strict=True)
    }


def _as_shown(counts):
    return {label: (cells, spread) for label, (cells, spread) in counts.items()}


def test_the_dashboard_delays_equal_the_count_of_the_demo_requests(demo, client):
    client.post(
        reverse("accounts:login"),
        {"username": "coordination@demo.palabre.fr", "password": PASSWORD},
    )
    response = client.get(reverse("reports:dashboard"))
    start = dt.datetime(2026, 1, 1, tzinfo=timezone.get_current_timezone())
    received = demo.filter(received_at__gte=start, received_at__lt=MOMENT).select_related("partner")
    walk_ins = Case.objects.filter(
        organisation__slug=DEMO,
        opened_on__year=2026,
        first_contact_channel=codes.Channel.PERMANENCE_WALK_IN,
    ).count()
    counted = count_by_hand(received, walk_ins, MOMENT)
    assert counted["Total"][0][0] >= 15  # a count worth comparing
    assert _tables(response.context["tables"]) == _as_shown(counted)


def test_the_landlords_funder_report_delays_equal_the_count_of_its_own_requests(demo, client):
    client.post(
        reverse("accounts:login"),
        {"username": "coordination@demo.palabre.fr", "password": PASSWORD},
    )
    convention = Convention.objects.get(
        organisation__slug=DEMO, title="Convention de partenariat — Archipel Habitat"
    )
    landlord = convention.scope_landlords.get()
    url = reverse("reports:funder_report", args=[convention.pk])
    response = client.get(f"{url}?annee=2026")
    start = dt.datetime(2026, 1, 1, tzinfo=timezone.get_current_timezone())
    own = demo.filter(partner=landlord, received_at__gte=start).select_related("partner")
    walk_ins = Case.objects.filter(
        organisation__slug=DEMO,
        landlord=landlord,
        opened_on__year=2026,
        first_contact_channel=codes.Channel.PERMANENCE_WALK_IN,
    ).count()
    counted = count_by_hand(own, walk_ins, MOMENT)
    assert counted["Bailleur social"][0][0] >= 3 and counted["Bailleur social"][0][3] >= 1
    assert _tables(response.context["report"].tables) == _as_shown(counted)
