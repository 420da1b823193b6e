"""Every read of a case page, its notes, a letter, an attestation or an export of personal data
is recorded — who, when, what, from which organisation — for one INSERT per page whatever the
number of rows; the log cannot be changed nor emptied through the application."""

import datetime as dt
import logging
import zoneinfo

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, UserFactory
from palabre.core import reads
from palabre.core.reads import Read
from palabre.privacy.access_log import AccessRecord, AppendOnly

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 12, 10, 10, 30, tzinfo=PARIS)
NAME = "Kerbrat"


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def case(service, coordinator, clock):
    return CaseFactory(
        organisation=service,
        by=coordinator,
        opened_on=dt.date(2026, 11, 2),
        requester_last_name=NAME,
        requester_first_name="Gwenola",
    )


@pytest.fixture
def contacting(case, coordinator, member):
    """The case at « Prise de contact avec l'autre partie »: its letters can be written."""
    mediator = member("mediator")
    requester = case.requester()
    actions.qualify(case=case, by=coordinator)
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    interview = actions.schedule_interview(
        case=case,
        by=coordinator,
        party=requester,
        scheduled_at=NOW - dt.timedelta(days=3),
        channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
    )
    actions.record_interview(interview=interview, by=mediator, held=True, duration_minutes=45)
    actions.record_consent(
        case=case,
        by=mediator,
        party=requester,
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=NOW.date(),
        method=codes.ConsentMethod.IN_PERSON,
    )
    actions.start_contacting_other_party(case=case, by=coordinator)
    return case


def _inserts(queries):
    return [
        q for q in queries if q["sql"].startswith("INSERT") and "privacy_accessrecord" in q["sql"]
    ]


# --- What a read records ------------------------------------------------------------------------


def test_the_case_page_records_who_when_what_and_from_where(login, case, coordinator):
    response = login(coordinator).get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert record.organisation_id == case.organisation_id
    assert record.viewer_organisation_id == coordinator.organisation_id
    assert record.membership == coordinator
    assert record.user == coordinator.user
    assert record.role == "coordinator"
    assert record.read_at == NOW
    assert record.kind == Read.NOTES  # the coordination sees the notes on the page
    assert record.case_id == case.pk
    assert record.party_id is None
    assert record.count is None
    assert record.path == f"/dossiers/{case.pk}/"


def test_the_reception_reads_the_case_page_without_its_notes(login, case, member):
    reception = member("reception")

    login(reception).get(reverse("cases:detail", args=[case.pk]))

    record = AccessRecord.objects.get()
    assert (record.kind, record.role, record.membership) == (Read.CASE_PAGE, "reception", reception)


def test_a_step_page_of_the_case_is_a_read_of_the_case(login, case, coordinator):
    url = reverse("cases:action", args=[case.pk, "modifier"])

    assert login(coordinator).get(url).status_code == 200

    record = AccessRecord.objects.get()
    assert (record.kind, record.case_id, record.path) == (Read.CASE_PAGE, case.pk, url)


@pytest.mark.parametrize("role", ["mediator", "board", "partner", "network_staff"])
def test_a_refused_read_records_nothing(login, case, member, role):
    assert login(member(role)).get(reverse("cases:detail", args=[case.pk])).status_code == 404

    assert not AccessRecord.objects.exists()


def test_a_foreign_service_s_coordinator_leaves_no_read_of_a_case_they_cannot_see(
    login, case, other_service
):
    foreign = MembershipFactory(organisation=other_service, role="coordinator")

    assert login(foreign).get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert not AccessRecord.objects.exists()


def test_the_letters_record_the_person_they_are_for(login, contacting, coordinator):
    client = login(coordinator)
    other = contacting.other_parties()[0]
    requester = contacting.requester()

    letter = client.get(reverse("cases:invitation_letter", args=[contacting.pk, other.pk]))
    attestation = client.get(reverse("cases:attestation", args=[contacting.pk, requester.pk]))

    assert letter["Content-Type"] == attestation["Content-Type"] == "application/pdf"
    rows = {
        (r.kind, r.party_id, r.case_id)
        for r in AccessRecord.objects.filter(kind__in=["letter", "attestation"])
    }
    assert rows == {
        (Read.LETTER, other.pk, contacting.pk),
        (Read.ATTESTATION, requester.pk, contacting.pk),
    }


def test_a_letter_that_cannot_be_written_yet_is_not_a_read(login, case, coordinator):
    other = case.other_parties()[0]

    response = login(coordinator).get(reverse("cases:invitation_letter", args=[case.pk, other.pk]))

    assert response.status_code == 302
    assert not AccessRecord.objects.filter(kind=Read.LETTER).exists()


def test_an_export_records_one_read_with_its_count_and_no_searched_word(
    login, case, coordinator, service
):
    CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 11, 3))

    response = login(coordinator).get(
        reverse("reports:case_list_export", args=["csv"]), {"q": NAME.lower()}
    )

    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.count, record.case_id) == (Read.EXPORT, 1, None)
    assert record.organisation_id == service.pk
    assert record.path == "/bilans/dossiers.csv"
    assert NAME.lower() not in str(vars(record)).lower()


def test_the_training_documents_with_names_are_reads_of_their_organiser(
    login, service, coordinator, clock
):
    from palabre.training import actions as training

    module = training.create_module(
        organiser=service, by=coordinator, title="Écoute active", duration_hours=7
    )
    session = training.create_session(
        module=module,
        by=coordinator,
        starts_on=dt.date(2026, 12, 15),
        ends_on=dt.date(2026, 12, 15),
        place="Maison de quartier",
        trainer="A. Formatrice",
        capacity=10,
    )
    training.enrol(session=session, person=coordinator, by=coordinator)

    response = login(coordinator).get(reverse("training:attendance_sheet", args=[session.pk]))

    assert response.status_code == 200
    record = AccessRecord.objects.get()
    assert (record.kind, record.organisation_id) == (Read.TRAINING_SHEET, service.pk)


# --- One INSERT per page, whatever its size -----------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return context.captured_queries


def test_an_export_of_fifty_cases_costs_the_queries_of_an_export_of_two(
    login, case, coordinator, service
):
    client = login(coordinator)
    url = reverse("reports:case_list_export", args=["xlsx"])
    CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, 11, 3))
    two = _queries(client, url)
    for day in range(48):
        CaseFactory(
            organisation=service, by=coordinator, opened_on=dt.date(2026, 10, 1) + dt.timedelta(day)
        )

    fifty = _queries(client, url)

    assert len(fifty) == len(two)
    assert len(_inserts(two)) == len(_inserts(fifty)) == 1
    assert [r.count for r in AccessRecord.objects.order_by("count")] == [2, 50]


def test_the_log_adds_exactly_one_query_to_the_case_page(
    login, case, coordinator, monkeypatch, django_assert_max_num_queries
):
    client = login(coordinator)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)  # warms the session and the membership up
    with_log = _queries(client, url)
    monkeypatch.setattr(reads, "_recorders", [])

    without_log = _queries(client, url)

    assert len(with_log) == len(without_log) + 1
    assert len(_inserts(with_log)) == 1


def test_a_case_with_many_people_costs_the_queries_of_a_case_with_two(login, case, coordinator):
    client = login(coordinator)
    url = reverse("cases:detail", args=[case.pk])
    client.get(url)
    two = _queries(client, url)
    for number in range(10):
        actions.add_party(
            case=case,
            by=coordinator,
            role=codes.PartyRole.OTHER_PARTICIPANT,
            last_name=f"P{number}",
        )

    twelve = _queries(client, url)

    assert len(twelve) == len(two)
    assert len(_inserts(twelve)) == 1


# --- Append-only --------------------------------------------------------------------------------


def test_a_record_cannot_be_changed_nor_deleted(login, case, coordinator):
    login(coordinator).get(reverse("cases:detail", args=[case.pk]))
    record = AccessRecord.objects.get()

    record.kind = Read.CASE_PAGE
    with pytest.raises(AppendOnly):
        record.save()
    with pytest.raises(AppendOnly):
        record.delete()
    with pytest.raises(AppendOnly):
        AccessRecord.objects.filter(pk=record.pk).update(kind=Read.CASE_PAGE)
    with pytest.raises(AppendOnly):
        AccessRecord.objects.all().delete()

    record.refresh_from_db()
    assert record.kind == Read.NOTES


def test_the_technical_administration_only_reads_the_log(client, login, case, coordinator):
    login(coordinator).get(reverse("cases:detail", args=[case.pk]))
    record = AccessRecord.objects.get()
    admin = UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = admin
    model_admin = site._registry[AccessRecord]

    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, record)
    assert not model_admin.has_delete_permission(request, record)

    client.force_login(admin)
    delete = reverse("admin:privacy_accessrecord_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessRecord.objects.filter(pk=record.pk).exists()


def test_removing_a_membership_keeps_who_read(login, case, member):
    reception = member("reception")
    login(reception).get(reverse("cases:detail", args=[case.pk]))

    reception.delete()

    record = AccessRecord.objects.get()
    assert (record.membership, record.user, record.role) == (None, reception.user, "reception")


# --- Nothing personal in the log lines ----------------------------------------------------------


def test_reads_put_no_name_in_the_log_lines(login, contacting, coordinator, caplog):
    client = login(coordinator)
    requester = contacting.requester()
    with caplog.at_level(logging.DEBUG):
        client.get(reverse("cases:detail", args=[contacting.pk]))
        client.get(reverse("cases:attestation", args=[contacting.pk, requester.pk]))
        client.get(reverse("reports:case_list_export", args=["csv"]), {"q": NAME})
        client.get(reverse("privacy:case_access_log", args=[contacting.pk]))

    assert AccessRecord.objects.count() == 3
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert NAME not in text
    assert "Gwenola" not in text
    assert coordinator.user.email not in text
