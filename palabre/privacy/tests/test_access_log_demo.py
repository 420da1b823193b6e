"""The demo's access log: reads by the cases' teams, a few outside them, exports; and it goes
with the demo organisation when the demo is deleted, though nobody may delete a record."""

import datetime as dt

from palabre.cases import actions
from palabre.cases.access import cases_for
from palabre.cases.models import Case, Household
from palabre.cases.tests.factories import CaseFactory
from palabre.core.reads import Read
from palabre.privacy.access_log import AccessRecord, mark_outside_team
from palabre.privacy.demo_access_log import seed_access_log

TODAY = dt.date(2026, 12, 10)


def test_the_demo_log_shows_team_reads_reads_outside_the_team_and_exports(
    service, coordinator, member
):
    mediators = [member("mediator"), member("mediator")]
    member("reception")
    for number in range(12):
        case = CaseFactory(
            organisation=service, by=coordinator, opened_on=dt.date(2026, 10, number + 1)
        )
        actions.assign_mediators(case=case, by=coordinator, mediators=mediators)

    count = seed_access_log(service, today=TODAY)

    records = mark_outside_team(AccessRecord.objects.of(service), cases_for(coordinator))
    assert len(records) == count
    assert {r.kind for r in records} == {Read.NOTES, Read.CASE_PAGE, Read.EXPORT}
    assert any(r.outside_team for r in records)
    assert any(r.outside_team is False for r in records)
    first_day = dt.date(2026, 11, 10)
    assert all(first_day <= r.read_at.date() <= TODAY for r in records)


def test_deleting_an_organisation_takes_its_access_log_with_it(service, coordinator, member):
    case = CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 10, 1))
    actions.assign_mediators(case=case, by=coordinator, mediators=[member("mediator")])
    seed_access_log(service, today=TODAY)
    assert AccessRecord.objects.exists()

    # As ``cases.demo.generator.delete_demo`` does: the cases, then the organisation.
    Case.objects.filter(organisation=service).delete()
    Household.objects.filter(organisation=service).delete()
    service.delete()

    assert not AccessRecord.objects.exists()
