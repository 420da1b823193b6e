"""The access predicates, role by role, as the table in ``organisations/access.py`` states them.

Tests may reach into ``palabre.cases`` (its factories and access helpers): the dependency rule
binds application code, not the tests that check several apps together.
"""

import uuid

import pytest
from django.http import Http404

from palabre.cases import access as case_access
from palabre.cases import actions
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, UserFactory
from palabre.organisations import access
from palabre.organisations.models import Role

ROLES = [role.value for role in Role]

# role → (is_manager, can_read_cases, can_record_intake, can_see_aggregates)
ORGANISATION_RULES = {
    "admin": (True, True, True, True),
    "coordinator": (True, True, True, True),
    "mediator": (False, True, False, False),
    "reception": (False, True, True, False),
    "board": (False, False, False, True),
    "partner": (False, False, False, False),
    "network_staff": (False, False, False, False),
}


def test_the_table_covers_every_role():
    assert set(ORGANISATION_RULES) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_organisation_predicates_follow_the_table_for_each_role(member, role):
    membership = member(role)

    assert (
        access.is_manager(membership),
        access.can_read_cases(membership),
        access.can_record_intake(membership),
        access.can_see_aggregates(membership),
    ) == ORGANISATION_RULES[role]


def test_nobody_acting_without_a_membership_may_do_anything():
    assert not access.is_manager(None)
    assert not access.can_read_cases(None)
    assert not access.can_record_intake(None)
    assert not access.can_see_aggregates(None)
    assert not case_access.can_record_intake(None)
    assert not case_access.can_manage_case(None, None)


@pytest.mark.parametrize("role", ROLES)
def test_both_intake_predicates_agree(member, role):
    membership = member(role)

    assert case_access.can_record_intake(membership) == access.can_record_intake(membership)


def test_require_answers_404_when_the_condition_fails():
    access.require(True)
    with pytest.raises(Http404):
        access.require(False)


# --- Case predicates, per role, on a case of one's own service ----------------------------------

# role → (sees the case in cases_for, can_manage_case, can_work_on_case, can_see_notes).
# ``mediator`` is assigned to the case, ``mediator-unassigned`` is not.
CASE_RULES = {
    "admin": (True, True, True, True),
    "coordinator": (True, True, True, True),
    "mediator": (True, False, True, True),
    "mediator-unassigned": (False, False, False, False),
    "reception": (True, False, False, False),
    "board": (False, False, False, False),
    "partner": (False, False, False, False),
    "network_staff": (False, False, False, False),
}


def test_the_case_table_covers_every_role():
    assert {key.split("-")[0] for key in CASE_RULES} == set(ROLES)


@pytest.fixture
def note_case(case, coordinator):
    actions.add_private_note(case=case, by=coordinator, text="Propos confidentiels du demandeur")
    return case


def _membership_for(key, case, member):
    role = key.split("-")[0]
    membership = member(role)
    if key == "mediator":
        actions.assign_mediators(case=case, by=case.coordinator, mediators=[membership])
    return membership


@pytest.mark.parametrize("key", list(CASE_RULES))
def test_case_predicates_follow_the_table_for_each_role(note_case, member, key):
    case = note_case
    membership = _membership_for(key, case, member)
    sees, manages, works, notes = CASE_RULES[key]

    assert (case in case_access.cases_for(membership)) is sees
    assert case_access.can_manage_case(membership, case) is manages
    assert case_access.can_work_on_case(membership, case) is works
    assert case_access.can_see_notes(membership, case) is notes
    assert case_access.notes_for(membership, case).exists() is notes
    assert case_access.is_assigned(membership, case) is (key == "mediator")


@pytest.mark.parametrize("key", list(CASE_RULES))
def test_get_case_for_returns_the_case_to_whoever_may_see_it_and_404_to_others(
    note_case, member, key
):
    case = note_case
    membership = _membership_for(key, case, member)

    if CASE_RULES[key][0]:
        assert case_access.get_case_for(membership, case.pk) == case
        assert case_access.get_case_for(membership, str(case.pk)) == case
    else:
        with pytest.raises(Http404):
            case_access.get_case_for(membership, case.pk)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_from_another_service_reaches_a_case(note_case, other_service, role):
    case = note_case
    outsider = MembershipFactory(organisation=other_service, role=role)

    with pytest.raises(Http404):
        case_access.get_case_for(outsider, case.pk)
    assert case not in case_access.cases_for(outsider)
    assert not case_access.can_manage_case(outsider, case)
    assert not case_access.can_work_on_case(outsider, case)
    assert not case_access.can_see_notes(outsider, case)
    assert not case_access.notes_for(outsider, case).exists()


def test_a_missing_case_answers_404_like_a_foreign_one(coordinator):
    with pytest.raises(Http404):
        case_access.get_case_for(coordinator, uuid.uuid4())


def test_a_mediator_taken_off_a_case_no_longer_reaches_it(case, member):
    mediator = member("mediator")
    actions.assign_mediators(case=case, by=case.coordinator, mediators=[mediator])
    assert case_access.get_case_for(mediator, case.pk) == case

    actions.assign_mediators(case=case, by=case.coordinator, mediators=[])

    with pytest.raises(Http404):
        case_access.get_case_for(mediator, case.pk)
    assert not case_access.can_work_on_case(mediator, case)


def test_get_party_for_answers_404_for_a_party_of_another_case(case, coordinator, service):
    other_case = CaseFactory(organisation=service, by=coordinator)

    assert case_access.get_party_for(coordinator, case, case.requester().pk) == case.requester()
    with pytest.raises(Http404):
        case_access.get_party_for(coordinator, case, other_case.requester().pk)
    with pytest.raises(Http404):
        case_access.get_party_for(coordinator, case, uuid.uuid4())


# --- Memberships ----------------------------------------------------------------------------------


def test_memberships_of_a_person_are_their_active_ones_only(service, other_service):
    user = UserFactory()
    first = MembershipFactory(user=user, organisation=service, role="mediator")
    MembershipFactory(user=user, organisation=other_service, role="mediator", is_active=False)
    MembershipFactory(organisation=other_service, role="coordinator")  # someone else's

    assert list(access.memberships_of(user)) == [first]


def test_get_membership_for_answers_404_for_someone_elses_or_an_inactive_membership(
    service, other_service
):
    user = UserFactory()
    own = MembershipFactory(user=user, organisation=service, role="mediator")
    inactive = MembershipFactory(
        user=user, organisation=other_service, role="mediator", is_active=False
    )
    someone_elses = MembershipFactory(organisation=service, role="coordinator")

    assert access.get_membership_for(user, own.pk) == own
    for membership_id in (inactive.pk, someone_elses.pk, uuid.uuid4(), None):
        with pytest.raises(Http404):
            access.get_membership_for(user, membership_id)


@pytest.mark.parametrize("helper", ["get_membership_for", "get_case_for", "get_party_for"])
def test_a_malformed_identifier_answers_404_not_a_server_error(case, coordinator, helper):
    lookups = {
        "get_membership_for": lambda: access.get_membership_for(coordinator.user, "pas-un-uuid"),
        "get_case_for": lambda: case_access.get_case_for(coordinator, "pas-un-uuid"),
        "get_party_for": lambda: case_access.get_party_for(coordinator, case, "pas-un-uuid"),
    }

    with pytest.raises(Http404):
        lookups[helper]()
