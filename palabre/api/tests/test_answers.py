"""The answers sent without ninja's validation of the response schema are exactly what that
validation would send: the same fields, in the same order, the same JSON."""

import json

import pytest

from palabre.api.endpoints import cases
from palabre.api.pagination import PageQuery, page_of
from palabre.api.schemas import CasePage
from palabre.cases import access, codes
from palabre.cases.models import Case
from palabre.cases.tests.factories import CaseFactory


def test_the_list_of_cases_is_what_its_schema_would_send(world, make_token, api_get):
    organisation = world["own"]["case"].organisation
    for _ in range(3):
        CaseFactory(organisation=organisation, by=world["people"]["admin"])
    closed = Case.objects.filter(organisation=organisation).first()
    Case.objects.filter(pk=closed.pk).update(  # every kind of value: dates, codes, ids, None
        status=codes.Status.CLOSED,
        closed_on=closed.opened_on,
        closure_reason=codes.ClosureReason.AGREEMENT_FULL,
        previous_case_id=closed.pk,
    )
    response = api_get("/cases?limit=100", make_token("coordinator"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    sent = json.loads(response.content)
    validated = CasePage.model_validate(sent).model_dump(mode="json")
    assert json.dumps(sent) == json.dumps(validated)  # same keys, same order, same values
    held = Case.objects.filter(organisation=organisation).count()
    assert (sent["count"], sent["offset"], len(sent["items"])) == (held, 0, held)
    assert {item["closure_reason"]["code"] for item in sent["items"] if item["closure_reason"]} == {
        codes.ClosureReason.AGREEMENT_FULL
    }


@pytest.mark.parametrize("role", ["admin", "coordinator", "mediator", "reception", "board"])
def test_the_page_of_cases_by_hand_is_the_orm_page_for_every_rule(world, role):
    """The hand-written page reads what ``cases_for`` allows, as the ORM would read it: the
    whole service, a mediator's own cases (a subquery), or nothing."""
    organisation = world["own"]["case"].organisation
    for _ in range(3):
        CaseFactory(organisation=organisation, by=world["people"]["admin"])
    membership = world["people"][role]
    allowed = access.cases_for(membership)
    for offset, limit in ((0, 100), (1, 2), (50, 10)):
        page = PageQuery(offset=offset, limit=limit)
        by_hand = cases._page_by_hand(allowed, page)
        ordered = cases._listed(membership).order_by("-opened_on", "reference", "pk")
        assert by_hand == page_of(ordered, page, cases._row, counted=allowed)
    assert by_hand is not None  # (the rule of each role names the cases' table only)


def test_a_rule_through_another_table_is_left_to_the_orm(world):
    allowed = access.cases_for(world["people"]["coordinator"]).filter(commune__name="Brest")
    assert cases._page_by_hand(allowed, PageQuery()) is None


def test_a_rule_without_condition_is_left_to_the_orm(world):
    assert cases._page_by_hand(Case.objects.all(), PageQuery()) is None
