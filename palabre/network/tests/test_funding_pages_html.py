"""Every funding page is valid HTML for the Nu Html Checker: the staff's lists, a call with
applications at every stage, the funders and a funder's history, the forms with their errors,
and the member's list and call page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from palabre.network import actions_funding
from palabre.network.tests.funding_support import TODAY, publish
from tests.crawl import htmlcheck


@pytest.mark.sqlite_only
def test_the_funding_pages_are_valid_html(funding_world, login, tmp_path):
    assert htmlcheck.missing() is None, htmlcheck.missing()
    world = funding_world
    call, funder = world["call"], world["funder"]
    past = publish(
        world["network"], funder, title="Appel 2025", opens_on=dt.date(2025, 5, 1),
        deadline=dt.date(2025, 6, 30), amount_min=Decimal("1000"), amount_total=Decimal("50000"),
        regions=["IDF"], url="https://exemple.fr/appel",
    )  # fmt: skip
    actions_funding.record_application(
        call=past, member=world["other_member"], by=None, applied_on=dt.date(2025, 6, 1)
    )
    actions_funding.record_result(
        application=past.applications.get(), by=None, result="OBTAINED",
        result_on=dt.date(2025, 9, 1), amount=Decimal("9000"),
    )  # fmt: skip
    actions_funding.mark_interest(call=call, member=world["member"], by=None)
    staff = login(world["staff"])
    pages = {
        "staff-list": staff.get(reverse("network:funding")),
        "staff-call": staff.get(reverse("network:funding_call", args=[past.pk])),
        "staff-create": staff.get(reverse("network:funding_call_create")),
        "staff-create-errors": staff.post(reverse("network:funding_call_create"), {"title": ""}),
        "staff-edit": staff.get(reverse("network:funding_call_edit", args=[call.pk])),
        "funders": staff.get(reverse("network:funders")),
        "funder": staff.get(reverse("network:funder", args=[funder.pk])),
    }
    member = login(world["coordinator"])
    pages |= {
        "member-list": member.get(reverse("network:funding") + "?tous=1"),
        "member-call": member.get(reverse("network:funding_call", args=[call.pk])),
        "member-apply-errors": member.post(
            reverse("network:funding_apply", args=[call.pk]),
            {"applied_on": (TODAY + dt.timedelta(days=3)).isoformat()},
        ),
        "member-result-errors": member.post(
            reverse("network:funding_result", args=[call.pk]), {"result": "OBTAINED"}
        ),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        (tmp_path / f"{name}.html").write_bytes(response.content)
    assert htmlcheck.errors_in(tmp_path) == []
