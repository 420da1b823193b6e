"""Finding a service's earlier cases at intake (docs/adr/0027): by address, residence, name and
telephone, merged records; within 24 months; never anonymised, never another service's."""

import datetime as dt

import pytest
from django.test import override_settings

from palabre.cases import earlier_lookup, identity
from palabre.cases.earlier_lookup import Probe, find, probe_for_case, probe_for_person
from palabre.cases.models import Case
from palabre.cases.tests.earlier_support import (  # noqa: F401 (intake_day: a fixture)
    ADDRESS,
    NOW,
    PHONE,
    TODAY,
    intake_day,
    open_for,
)
from palabre.partners.tests.factories import PartnerFactory, ResidenceFactory
from palabre.privacy import anonymise

pytestmark = pytest.mark.usefixtures("intake_day")


def _references(found):
    return [earlier.reference for earlier in found.cases]


def _person(organisation, **fields):
    values = {
        "first_name": "Éloïse",
        "last_name": "Le Gall",
        "phone": PHONE,
        "address": "",
        **fields,
    }
    return probe_for_person(organisation.pk, day=TODAY, **values)


# --- The keys ----------------------------------------------------------------------------------


def test_names_and_numbers_match_whatever_their_accents_capitals_order_or_spacing(service):
    key = identity.person_key(service.pk, "Éloïse", "Le Gall", "06 12 34 56 78")
    assert key
    assert identity.person_key(service.pk, "ELOISE", "le gall", "+33 6 12 34 56 78") == key
    assert identity.person_key(service.pk, "Le Gall", "Eloïse", "06.12.34.56.78") == key
    assert identity.person_key(service.pk, "Éloïse", "Le Gal", "06 12 34 56 78") != key
    assert identity.person_key(service.pk, "Éloïse", "Le Gall", "06 12 34 56 79") != key


def test_a_person_without_a_full_telephone_number_has_no_key(service):
    assert identity.person_key(service.pk, "Éloïse", "Le Gall", "") == ""
    assert identity.person_key(service.pk, "Éloïse", "Le Gall", "12 34") == ""


def test_an_address_is_its_number_and_street_whatever_the_flat_and_postal_code(service):
    key = identity.address_key(service.pk, "12 rue de Brest, appartement 4, 35000 Rennes")
    assert key == identity.address_key(service.pk, "Appt 12, 12 RUE DE BREST")
    assert key == identity.address_key(service.pk, "12, r. de Brest, 3e étage, Rennes")
    assert key != identity.address_key(service.pk, "14 rue de Brest, 35000 Rennes")
    assert identity.address_key(service.pk, "quartier Maurepas") == ""


def test_the_same_person_has_another_key_in_another_service(service, other_service):
    assert identity.person_key(service.pk, "Éloïse", "Le Gall", PHONE) != identity.person_key(
        other_service.pk, "Éloïse", "Le Gall", PHONE
    )
    assert identity.address_key(service.pk, ADDRESS) != identity.address_key(
        other_service.pk, ADDRESS
    )


def test_the_key_column_holds_no_name_telephone_nor_address(service, coordinator):
    case = open_for(service, coordinator, opened_on=TODAY)
    requester = case.requester()
    assert len(requester.identity_key) == 64
    assert "gall" not in requester.identity_key and "612345678" not in requester.identity_key
    assert len(requester.household.address_key) == 64


def test_a_corrected_name_or_telephone_gets_its_key_again(service, coordinator):
    from palabre.cases import actions

    case = open_for(service, coordinator, opened_on=TODAY)
    requester = case.requester()
    before = requester.identity_key
    actions.update_party(case=case, party=requester, by=coordinator, phone="07 00 00 00 00")
    requester.refresh_from_db()
    assert requester.identity_key not in ("", before)
    actions.update_party(case=case, party=requester, by=coordinator, address="3 place Hoche")
    requester.household.refresh_from_db()
    assert requester.household.address_key == identity.address_key(service.pk, "3 place Hoche")


# --- The lookup --------------------------------------------------------------------------------


def test_an_earlier_closed_case_at_the_same_address_is_found(service, coordinator):
    earlier = open_for(
        service,
        coordinator,
        opened_on=TODAY - dt.timedelta(days=400),
        closed_on=TODAY - dt.timedelta(days=300),
        last_name="Durand",
        phone="",
    )
    probe = _person(service, address="12 r. de Brest, Rennes")

    found = find(coordinator, probe)

    assert _references(found) == [earlier.reference]
    assert found.cases[0].reasons == ["même adresse"]
    assert found.cases[0].outcome == "Problème réglé avant intervention"
    assert found.cases[0].can_open


def test_a_party_of_the_same_name_and_telephone_is_found_even_as_the_other_party(
    service, coordinator
):
    earlier = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=30))
    other = earlier.other_parties()[0]
    other.first_name, other.phone = "Jérôme", "07 11 22 33 44"
    other.save()
    probe = _person(service, first_name="jerome", last_name="MOREAU", phone="+33 7 11 22 33 44")

    found = find(coordinator, probe)

    assert _references(found) == [earlier.reference]
    assert found.cases[0].reasons == ["une personne du même nom et du même téléphone"]


def test_the_same_name_with_another_telephone_is_not_the_same_person(service, coordinator):
    open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=30), address="")
    assert find(coordinator, _person(service, phone="06 99 99 99 99")).cases == []


def test_a_case_of_the_same_residence_is_found(service, coordinator):
    residence = ResidenceFactory(landlord=PartnerFactory(organisation=service, landlord=True))
    earlier = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=90), phone="")
    later = open_for(service, coordinator, opened_on=TODAY, last_name="Autre", address="", phone="")
    Case.objects.filter(pk__in=[earlier.pk, later.pk]).update(residence=residence)
    later.refresh_from_db()

    found = find(coordinator, probe_for_case(later), case=later)

    assert _references(found) == [earlier.reference]
    assert "même résidence" in found.cases[0].reasons


def test_only_cases_open_at_some_moment_of_the_last_24_months_are_found(service, coordinator):
    open_for(
        service,
        coordinator,
        opened_on=dt.date(2024, 6, 1),
        closed_on=dt.date(2025, 2, 28),  # closed the day before the window opens
    )
    kept = open_for(
        service, coordinator, opened_on=dt.date(2024, 6, 2), closed_on=dt.date(2025, 3, 1)
    )
    open_for(service, coordinator, opened_on=TODAY + dt.timedelta(days=1))  # not earlier

    assert _references(find(coordinator, _person(service))) == [kept.reference]


def test_the_window_of_a_leap_day_starts_on_the_28th_two_years_before():
    assert earlier_lookup.window_start(dt.date(2028, 2, 29)) == dt.date(2026, 2, 28)
    assert earlier_lookup.window_start(dt.date(2027, 3, 1)) == dt.date(2025, 3, 1)


def test_a_case_is_not_its_own_earlier_case(service, coordinator):
    case = open_for(service, coordinator, opened_on=TODAY)
    assert find(coordinator, probe_for_case(case), case=case).cases == []


def test_an_anonymised_case_never_matches(service, coordinator):
    earlier = open_for(
        service,
        coordinator,
        opened_on=TODAY - dt.timedelta(days=500),
        closed_on=TODAY - dt.timedelta(days=400),
    )
    Case.objects.filter(pk=earlier.pk).update(anonymised_at=NOW)

    assert find(coordinator, _person(service, address=ADDRESS)).cases == []


def test_the_erasure_of_a_person_leaves_nothing_to_recognise_them_by(service, coordinator):
    earlier = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=50))
    requester = earlier.requester()
    assert find(coordinator, _person(service, address=ADDRESS)).cases

    anonymise._erase_party(requester)  # what the retention job and an erasure do to a person

    requester.refresh_from_db()
    requester.household.refresh_from_db()
    assert (requester.identity_key, requester.person_id) == ("", None)
    assert requester.household.address_key == ""
    assert find(coordinator, _person(service, address=ADDRESS)).cases == []


def test_a_case_of_another_service_with_the_same_name_telephone_and_address_never_shows(
    service, other_service, coordinator, member
):
    foreign_coordinator = member("coordinator", other_service)
    open_for(other_service, foreign_coordinator, opened_on=TODAY - dt.timedelta(days=10))
    own = open_for(service, coordinator, opened_on=TODAY)

    assert find(coordinator, probe_for_case(own), case=own).cases == []
    assert [e.pk for e in find(coordinator, _person(service, address=ADDRESS)).cases] == [own.pk]
    # Nor with the other service's own probe, asked by this service's coordination.
    foreign_probe = _person(other_service, address=ADDRESS)
    assert find(coordinator, foreign_probe).cases == []
    marks = earlier_lookup.matches_for_probes(coordinator, {"x": foreign_probe}, day=TODAY)
    assert marks == {"x": set()}


@pytest.mark.parametrize("role", ["reception", "board", "partner", "network_staff"])
def test_reception_the_board_partners_and_network_never_see_earlier_cases(
    service, coordinator, member, role
):
    open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=10))
    case = open_for(service, coordinator, opened_on=TODAY)
    someone = member(role)
    assert find(someone, probe_for_case(case), case=case).cases == []
    assert find(someone, _person(service, address=ADDRESS)).cases == []


def test_a_mediator_sees_them_for_their_own_case_with_a_link_only_to_what_they_may_open(
    service, coordinator, member
):
    from palabre.cases import actions

    earlier = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=10))
    case = open_for(service, coordinator, opened_on=TODAY)
    mediator = member("mediator")
    assert find(mediator, probe_for_case(case), case=case).cases == []
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])

    found = find(mediator, probe_for_case(case), case=case)

    assert _references(found) == [earlier.reference]
    assert found.cases[0].can_open is False


def test_the_lookup_costs_one_query_whatever_the_number_of_candidates(
    service, coordinator, django_assert_num_queries
):
    case = open_for(service, coordinator, opened_on=TODAY)
    case = Case.objects.prefetch_related("parties__household").get(pk=case.pk)
    probe = probe_for_case(case)
    open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=1))
    with django_assert_num_queries(1):
        found = find(coordinator, probe, case=case, answers=case.earlier_answers.all())
    assert len(found.cases) == 1 and not found.more

    for day in range(2, 2 + earlier_lookup.LIMIT + 3):
        open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=day))
    with django_assert_num_queries(1):
        found = find(coordinator, probe, case=case, answers=case.earlier_answers.all())
    assert len(found.cases) == earlier_lookup.LIMIT and found.more


def test_a_page_of_intakes_costs_two_queries_whatever_its_length(
    service, coordinator, django_assert_num_queries
):
    earlier = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=5))
    probes = {n: _person(service, phone=f"06 00 00 00 {n:02d}") for n in range(30)}
    probes["same"] = _person(service, address=ADDRESS)
    with django_assert_num_queries(2):
        marks = earlier_lookup.matches_for_probes(coordinator, probes, day=TODAY)
    assert marks["same"] == {earlier.pk}
    assert not any(marks[n] for n in range(30))


def test_keys_written_under_a_former_secret_key_are_still_found(service, coordinator, settings):
    earlier = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=5), address="")
    with override_settings(
        SECRET_KEY="a-new-secret-key-for-the-instance-0123456789",
        SECRET_KEY_FALLBACKS=[settings.SECRET_KEY],
    ):
        assert _references(find(coordinator, _person(service))) == [earlier.reference]
    assert Probe(organisation_id=service.pk, day=TODAY).is_empty


def test_refresh_identity_keys_writes_them_again_under_the_new_secret_key(
    service, coordinator, settings
):
    import io

    from django.core.management import call_command

    earlier = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=5))
    new_secret = "a-new-secret-key-for-the-instance-0123456789"
    with override_settings(SECRET_KEY=new_secret, SECRET_KEY_FALLBACKS=[]):
        assert find(coordinator, _person(service)).cases == []  # the old keys are not tried
        out = io.StringIO()
        call_command("refresh_identity_keys", stdout=out)
        assert "1 personnes, 1 foyers" in out.getvalue()  # the other party: no key
        assert _references(find(coordinator, _person(service))) == [earlier.reference]
        out = io.StringIO()
        call_command("refresh_identity_keys", stdout=out)
        assert "0 personnes, 0 foyers" in out.getvalue()
