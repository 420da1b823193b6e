"""The demo shows earlier cases at intake and a person to merge (docs/adr/0027)."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from palabre.cases import earlier_lookup, merge_search
from palabre.cases.models import Case
from palabre.demo.reset import delete_demo
from palabre.organisations.models import Membership, Role
from palabre.referrals.earlier_actions import probe_for
from palabre.referrals.models import Decision, Referral

DEMO = "cite-et-mediation-demo"
MOMENT = dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setattr(timezone, "now", lambda: MOMENT)
        call_command("seed_demo", years=1, cases_per_year=40, stdout=io.StringIO())
        yield
        delete_demo()


@pytest.fixture
def coordinator(demo_loaded, db, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MOMENT)
    return (
        Membership.objects.filter(organisation__slug=DEMO, role=Role.COORDINATOR)
        .select_related("organisation")
        .first()
    )


def test_a_waiting_request_comes_from_a_person_with_an_earlier_closed_case_at_her_address(
    coordinator,
):
    waiting = Referral.objects.filter(organisation__slug=DEMO, decision=Decision.PENDING)
    found = [
        earlier
        for referral in waiting
        for earlier in earlier_lookup.find(coordinator, probe_for(referral)).cases
    ]
    assert any(earlier.is_closed and "même adresse" in earlier.reasons for earlier in found)


def test_a_person_entered_again_is_found_only_by_the_merge_search(coordinator):
    today = timezone.localdate()
    opened_today = Case.objects.filter(organisation__slug=DEMO, opened_on=today)
    pairs = []
    for case in opened_today:
        requester = case.requester()
        others = merge_search.candidates(coordinator, requester, requester.first_name)
        pairs += [(case, other) for other in others if other.case.is_closed]
    assert pairs
    case, other = pairs[0]
    found = earlier_lookup.find(coordinator, earlier_lookup.probe_for_case(case), case=case)
    assert other.case_id not in {earlier.pk for earlier in found.cases}
