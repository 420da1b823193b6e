"""Merging two records of one person in a service (docs/adr/0027): nothing lost (counted before
and after), everything following the kept record, journalled, refused across services."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases import actions, codes, earlier_lookup, merge
from palabre.cases.merge import MergeRefused, kept_record_id, merge_records
from palabre.cases.models import (
    AcquaintanceDeclaration,
    Case,
    ConsentRecord,
    ContactAttempt,
    Household,
    Interview,
    Party,
    Person,
    PrivateNote,
)
from palabre.cases.tests.earlier_support import (  # noqa: F401 (intake_day: a fixture)
    NOW,
    TODAY,
    intake_day,
    open_for,
)
from palabre.core.journal import entries_for
from palabre.core.notices import NoticeMethod
from palabre.privacy import rights_actions
from palabre.privacy.notices import NoticeGiven
from palabre.privacy.rights import RightsRequest

pytestmark = pytest.mark.usefixtures("intake_day")

COUNTED = {
    "consents": (ConsentRecord, "party"),
    "interviews": (Interview, "party"),
    "attempts": (ContactAttempt, "party"),
    "notes": (PrivateNote, "source_party"),
    "notices": (NoticeGiven, "party"),
}


def _counts(records):
    ids = [record.pk for record in records]
    counts = {
        name: model.objects.filter(**{f"{field}__in": ids}).count()
        for name, (model, field) in COUNTED.items()
    }
    counts["rights_requests"] = RightsRequest.objects.filter(parties__in=ids).distinct().count()
    counts["cases"] = len({record.case_id for record in records})
    return counts


def _history(
    case, party, by, *, kinds=(codes.ConsentKind.CONTACT_OTHER_PARTY,), way=NoticeMethod.HANDED
):
    """Consents, an interview, a contact attempt, a note of their words, an information given."""
    for kind in kinds:
        ConsentRecord.objects.create(
            organisation=case.organisation,
            case=case,
            party=party,
            kind=kind,
            given_on=TODAY,
            method=codes.ConsentMethod.IN_PERSON,
            recorded_by=by.user,
        )
    Interview.objects.create(
        organisation=case.organisation,
        case=case,
        party=party,
        scheduled_at=NOW,
        channel=codes.InterviewChannel.choices[0][0],
    )
    ContactAttempt.objects.create(
        organisation=case.organisation,
        case=case,
        party=party,
        attempted_on=TODAY,
        channel=codes.ContactAttemptChannel.PHONE,
        result=codes.ContactAttemptResult.choices[0][0],
    )
    actions.add_private_note(case=case, by=by, text="Ses propos.", source_party=party)
    NoticeGiven.objects.create(
        organisation=case.organisation,
        kind="REQUESTER",
        version="1",
        method=way,
        party=party,
        given_at=NOW,
    )


@pytest.fixture
def twice(service, coordinator):
    """One case where the requester was entered twice: the second record, with no phone on the
    first, has its own household, history, and a rights request naming both."""
    case = open_for(service, coordinator, opened_on=TODAY - dt.timedelta(days=20), phone="")
    kept = case.requester()
    duplicate = actions.add_party(
        case=case,
        by=coordinator,
        role=codes.PartyRole.REQUESTER,
        last_name="LE GALL",
        first_name="Eloise",
        phone="06 12 34 56 78",
        address="12 rue de Brest",
    )
    _history(case, kept, coordinator)
    _history(
        case,
        duplicate,
        coordinator,
        kinds=(
            codes.ConsentKind.CONTACT_OTHER_PARTY,
            codes.ConsentKind.JOINT_MEETING,
        ),
        way=NoticeMethod.ORAL,
    )
    for party in (kept, duplicate):  # the same person knew the same member: kept once
        AcquaintanceDeclaration.objects.create(
            organisation=service, case=case, party=party, membership=coordinator
        )
    rights_actions.receive_request(
        organisation=service,
        by=coordinator,
        kind="ACCESS",
        parties=[kept, duplicate],
        received_on=TODAY,
        received_through="LETTER",
    )
    return case, kept, duplicate


def test_a_person_entered_twice_in_a_case_becomes_one_record_and_loses_nothing(twice, coordinator):
    case, kept, duplicate = twice
    before = _counts([kept, duplicate])
    household = duplicate.household_id

    merge_records(kept=kept, duplicate=duplicate, by=coordinator)

    assert not Party.objects.filter(pk=duplicate.pk).exists()
    assert _counts([kept]) == before
    kept.refresh_from_db()
    assert kept.phone == "06 12 34 56 78"  # what the kept record lacked
    assert kept.identity_key
    assert not Household.objects.filter(pk=household).exists()
    active = ConsentRecord.objects.filter(party=kept).active()
    assert sorted(active.values_list("kind", flat=True)) == ["CONTACT_OTHER_PARTY", "JOINT_MEETING"]
    assert AcquaintanceDeclaration.objects.filter(party=kept).count() == 1
    assert RightsRequest.objects.get().parties.get() == kept


def test_the_same_information_given_to_both_records_is_kept_once(twice, coordinator):
    case, kept, duplicate = twice
    NoticeGiven.objects.create(
        organisation=case.organisation,
        kind="REQUESTER",
        version="1",
        method=NoticeMethod.ORAL,
        party=kept,
        given_at=NOW,
    )

    merge_records(kept=kept, duplicate=duplicate, by=coordinator)

    assert NoticeGiven.objects.filter(party=kept).count() == 2  # handed, and said aloud once
    line = entries_for(case).get(verb="records_folded")
    assert line.data["moved"]["privacy.noticegiven"] == {"moved": 0, "kept_once": 1}


def test_the_merge_is_journalled_and_an_old_record_id_leads_to_the_kept_one(twice, coordinator):
    case, kept, duplicate = twice

    merge_records(kept=kept, duplicate=duplicate, by=coordinator)

    line = entries_for(case).get(verb="records_folded")
    assert line.data["kept"] == str(kept.pk) and line.data["merged"] == str(duplicate.pk)
    assert "Gall" not in line.summary and "06 12" not in str(line.data)
    assert kept_record_id(case.organisation_id, duplicate.pk) == str(kept.pk)
    assert kept_record_id(case.organisation_id, kept.pk) == str(kept.pk)


def test_the_preview_says_what_moves_before_anything_changes(twice, coordinator):
    case, kept, duplicate = twice

    shown = merge.preview(kept=kept, duplicate=duplicate, by=coordinator)

    moves = dict(shown.moves)
    assert shown.same_case and not shown.problems
    assert moves["consentements"] == 2 and moves["entretiens"] == 1
    assert moves["tentatives de contact"] == 1 and moves["demandes d'exercice de ses droits"] == 1
    assert "téléphone" in shown.filled
    assert Party.objects.filter(pk=duplicate.pk).exists()


@pytest.fixture
def two_cases(service, coordinator):
    """The same person in two cases, her name and phone typed differently the second time."""
    first = open_for(
        service,
        coordinator,
        opened_on=TODAY - dt.timedelta(days=300),
        closed_on=TODAY - dt.timedelta(days=200),
        last_name="Diallo",
        first_name="Fatou",
        phone="06 11 11 11 11",
        address="3 place Hoche",
    )
    second = open_for(
        service,
        coordinator,
        opened_on=TODAY,
        last_name="Dialo",
        first_name="Fatou",
        phone="07 22 22 22 22",
        address="9 rue de Nantes",
    )
    _history(first, first.requester(), coordinator)
    return first, second


def test_records_in_two_cases_become_one_person_and_the_intake_then_finds_the_earlier_case(
    two_cases, coordinator
):
    first, second = two_cases
    kept, duplicate = second.requester(), first.requester()
    assert (
        earlier_lookup.find(coordinator, earlier_lookup.probe_for_case(second), case=second).cases
        == []
    )
    before = _counts([kept]), _counts([duplicate])

    merge_records(kept=kept, duplicate=duplicate, by=coordinator)

    records = merge.records_of(Party.objects.get(pk=kept.pk))
    assert {r.pk for r in records} == {kept.pk, duplicate.pk}
    after = _counts(records)
    assert after == {key: before[0][key] + before[1][key] for key in after}
    duplicate.refresh_from_db()
    assert (duplicate.last_name, duplicate.phone) == ("Diallo", "06 11 11 11 11")  # as recorded
    second = Case.objects.get(pk=second.pk)
    found = earlier_lookup.find(coordinator, earlier_lookup.probe_for_case(second), case=second)
    assert [e.reference for e in found.cases] == [first.reference]
    assert found.cases[0].reasons == ["une fiche réunie avec celle de la personne"]
    assert entries_for(first).filter(verb="records_merged").count() == 1
    assert entries_for(second).filter(verb="records_merged").count() == 1


def test_merging_two_persons_gathers_every_record_already_joined_to_either(
    service, coordinator, two_cases
):
    first, second = two_cases
    third = open_for(service, coordinator, opened_on=TODAY, last_name="Diallo", phone="")
    fourth = open_for(service, coordinator, opened_on=TODAY, last_name="Dyallo", phone="")
    merge_records(kept=second.requester(), duplicate=first.requester(), by=coordinator)
    merge_records(kept=third.requester(), duplicate=fourth.requester(), by=coordinator)
    assert Person.objects.count() == 2

    merge_records(kept=third.requester(), duplicate=second.requester(), by=coordinator)

    assert Person.objects.count() == 1
    person = Person.objects.get()
    assert person.records.count() == 4


def test_a_record_of_another_service_is_refused_and_nothing_changes(
    service, other_service, coordinator, member, two_cases
):
    first, _second = two_cases
    foreign = open_for(other_service, member("coordinator", other_service), opened_on=TODAY)
    before = _counts([first.requester()]), _counts([foreign.requester()])

    with pytest.raises(MergeRefused, match="pas du même service"):
        merge_records(kept=first.requester(), duplicate=foreign.requester(), by=coordinator)

    assert (_counts([first.requester()]), _counts([foreign.requester()])) == before
    assert not Person.objects.exists()


@pytest.mark.parametrize("why", ["mediator", "anonymised", "two roles", "same record"])
def test_what_cannot_be_merged_is_refused_with_a_reason(
    service, coordinator, member, two_cases, why
):
    first, second = two_cases
    kept, duplicate, by = second.requester(), first.requester(), coordinator
    if why == "mediator":
        by = member("mediator")
    elif why == "anonymised":
        Case.objects.filter(pk=first.pk).update(anonymised_at=NOW)
        duplicate = Party.objects.select_related("case").get(pk=duplicate.pk)
    elif why == "two roles":
        duplicate = second.other_parties()[0]
    else:
        duplicate = kept
    with pytest.raises(MergeRefused):
        merge_records(kept=kept, duplicate=duplicate, by=by)
    assert not Person.objects.exists()
    assert Party.objects.filter(pk=duplicate.pk).exists()


# --- Pages -------------------------------------------------------------------------------------


def test_the_coordination_finds_the_other_record_sees_the_preview_and_merges(
    login, coordinator, two_cases
):
    first, second = two_cases
    client = login(coordinator)
    kept, duplicate = second.requester(), first.requester()

    page = client.get(reverse("cases:merge_choose", args=[kept.pk]), {"q": "fatou"})
    assert first.reference in page.content.decode()
    confirm = reverse("cases:merge_confirm", args=[kept.pk, duplicate.pk])
    preview = client.get(confirm).content.decode()
    assert "Ce que la réunion déplace" in preview and first.reference in preview

    refused = client.post(confirm, {})
    assert refused.status_code == 400 and not Person.objects.exists()
    done = client.post(confirm, {"confirmed": "on"})
    assert done.status_code == 302
    assert Party.objects.get(pk=duplicate.pk).person_id == Party.objects.get(pk=kept.pk).person_id


def test_the_search_never_lists_another_services_records(
    login, service, other_service, coordinator, member, two_cases
):
    _first, second = two_cases
    foreign = open_for(
        other_service,
        member("coordinator", other_service),
        opened_on=TODAY,
        last_name="Dialo",
        first_name="Fatou",
        phone="07 22 22 22 22",
    )
    client = login(coordinator)
    for text in ("Fatou Dialo", "07 22 22 22 22"):
        page = client.get(
            reverse("cases:merge_choose", args=[second.requester().pk]), {"q": text}
        ).content.decode()
        assert str(foreign.requester().pk) not in page
    url = reverse("cases:merge_confirm", args=[second.requester().pk, foreign.requester().pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirmed": "on"}).status_code == 404
    assert not Person.objects.exists()


def test_the_party_card_offers_the_merge_to_the_coordination_only(
    login, member, coordinator, two_cases
):
    _first, second = two_cases
    url = reverse("cases:merge_choose", args=[second.requester().pk])
    detail = reverse("cases:detail", args=[second.pk])
    assert url in login(coordinator).get(detail).content.decode()
    assert url not in login(member("reception")).get(detail).content.decode()


def test_each_merge_page_writes_one_line_of_the_access_log(login, coordinator, two_cases):
    from palabre.privacy.access_log import AccessRecord

    first, second = two_cases
    kept, duplicate = second.requester(), first.requester()
    client = login(coordinator)

    client.get(reverse("cases:merge_choose", args=[kept.pk]), {"q": "fatou"})
    client.get(reverse("cases:merge_confirm", args=[kept.pk, duplicate.pk]))

    lines = list(AccessRecord.objects.values_list("party_id", "case_id"))
    assert sorted(lines) == sorted([(kept.pk, second.pk), (duplicate.pk, first.pk)])
