"""The case list's downloads (CSV, ODS, XLSX): who gets them, what they hold, what never leaves."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases import actions, codes
from palabre.cases.models import Case
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    OrganisationFactory,
    QuartierFactory,
)
from palabre.reports.tests.downloads import data_rows, text_of

FORMATS = ("csv", "ods", "xlsx")
LIST = reverse("cases:list")
MARKER = "MARQUEUR-CONFIDENTIEL-7Q"


def export(extension):
    return reverse("reports:case_list_export", args=[extension])


def references(response, extension):
    assert response.status_code == 200
    return {row[0] for row in data_rows(extension, response.content)}


@pytest.fixture
def own_and_foreign(service, other_service, coordinator, member):
    """A case of the service, one of another service, and the service's case assigned to
    nobody."""
    own = CaseFactory(organisation=service, by=coordinator)
    unassigned = CaseFactory(organisation=service, by=coordinator)
    foreign = CaseFactory(
        organisation=other_service, by=member("coordinator", organisation=other_service)
    )
    return own, unassigned, foreign


# --- Access -------------------------------------------------------------------------------------


# (role, of another service, what the download holds: None for a 404). The downloads follow the
# case list: the whole service for the coordination and the reception, a mediator's own cases,
# nothing for the others; another service's cases never.
READERS = [
    ("admin", False, {"own", "unassigned"}),
    ("coordinator", False, {"own", "unassigned"}),
    ("reception", False, {"own", "unassigned"}),
    ("mediator", False, {"own"}),
    ("board", False, None),
    ("partner", False, None),
    ("network_staff", False, None),
    ("coordinator", True, {"foreign"}),
    ("mediator", True, set()),
]


@pytest.mark.parametrize("extension", FORMATS)
@pytest.mark.parametrize(("role", "foreign", "holds"), READERS)
def test_the_downloads_hold_the_cases_of_the_list_and_no_others(
    login, member, other_service, coordinator, own_and_foreign, role, foreign, holds, extension
):
    own, unassigned, foreign_case = own_and_foreign
    reader = member(role, organisation=other_service if foreign else None)
    if role == "mediator" and not foreign:
        actions.assign_mediators(case=own, by=coordinator, mediators=[reader])
    response = login(reader).get(export(extension))
    if holds is None:
        assert response.status_code == 404
        return
    named = {"own": own, "unassigned": unassigned, "foreign": foreign_case}
    assert references(response, extension) == {named[key].reference for key in holds}
    # The list says the same, to the same person.
    assert login(reader).get(LIST).context["total"] == len(holds)


def test_a_network_and_its_own_admin_have_no_case_list_to_download(login, member):
    network = OrganisationFactory(name="Réseau", slug="reseau", kind="NETWORK")
    for extension in FORMATS:
        assert (
            login(member("admin", organisation=network)).get(export(extension)).status_code == 404
        )


def test_signed_out_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(export("csv"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_an_unknown_format_is_not_found(login, coordinator):
    assert login(coordinator).get(export("pdf")).status_code == 404


# --- What a download holds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extension", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ],
)
def test_a_download_is_a_file_of_its_format_never_kept_in_a_cache(
    login, coordinator, case, extension, content_type
):
    response = login(coordinator).get(export(extension))
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith('attachment; filename="dossiers-')
    assert response["Content-Disposition"].endswith(f'.{extension}"')
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("extension", FORMATS)
def test_a_row_gives_the_reference_the_dates_the_place_and_the_codes(
    login, service, coordinator, extension
):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas", is_qpv=True)
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        opened_on=dt.date(2026, 2, 3),
        commune=rennes,
        quartier=maurepas,
        referral_source=codes.ReferralSource.SOCIAL_LANDLORD,
        primary_conflict=codes.ConflictCategory.VEGETATION,
    )
    Case.objects.filter(pk=case.pk).update(is_qpv=True)
    actions.close(
        case=case,
        by=coordinator,
        reason=codes.ClosureReason.REQUESTER_WITHDREW,
        closed_on=dt.date(2026, 3, 4),
    )
    response = login(coordinator).get(export(extension))
    [row] = data_rows(extension, response.content)
    assert row == [
        case.reference,
        "2026-02-03",
        "2026-03-04",
        "Clos",
        "Saisine seule",
        "Désistement du demandeur",
        "Bailleur social",
        "Téléphone",
        "Végétation",
        "Rennes",
        "Maurepas",
        "oui",
    ]


def test_the_download_keeps_the_filters_and_the_order_of_the_list(login, service, coordinator):
    cases = [
        CaseFactory(organisation=service, by=coordinator, opened_on=dt.date(2026, month, 1))
        for month in (1, 5, 9)
    ]
    client = login(coordinator)
    query = {"periode": "ouverts", "du": "2026-02-01", "au": "2026-12-31", "tri": "opened_on"}
    listed = client.get(LIST, query)
    assert [case.reference for case in listed.context["cases"]] == [
        cases[1].reference,
        cases[2].reference,
    ]
    [download] = [link for link in listed.context["downloads"] if link["label"] == "CSV"]
    rows = data_rows("csv", client.get(download["url"]).content)
    assert [row[0] for row in rows] == [cases[1].reference, cases[2].reference]
    # The file says which cases it holds.
    text = text_of("csv", client.get(download["url"]).content)
    assert "Dossiers ouverts du 01/02/2026 au 31/12/2026" in text


def test_the_file_names_its_filters_but_never_the_words_searched_for(login, service, coordinator):
    rennes = CommuneFactory(organisation=service, name="Rennes")
    maurepas = QuartierFactory(commune=rennes, name="Maurepas")
    CaseFactory(
        organisation=service,
        by=coordinator,
        commune=rennes,
        quartier=maurepas,
        requester_last_name="Kerbrat",
    )
    response = login(coordinator).get(
        export("csv"),
        {"quartier": str(maurepas.pk), "periode": "traites", "du": "2000-01-01", "q": "kerbrat"},
    )
    [title, subtitle, generated, *_rest] = response.content.decode("utf-8-sig").splitlines()
    assert title == "Dossiers"
    assert subtitle == (
        "Dossiers traités depuis le 01/01/2000, Quartier : Rennes — Maurepas, "
        "recherche par nom ou par référence"
    )
    assert generated.startswith(service.name)
    assert "kerbrat" not in response.content.decode("utf-8-sig").lower()
    assert len(data_rows("csv", response.content)) == 1


def test_a_download_costs_the_same_queries_whatever_the_number_of_cases(
    login, service, coordinator, django_assert_max_num_queries
):
    for _ in range(30):
        CaseFactory(organisation=service, by=coordinator)
    client = login(coordinator)
    with django_assert_max_num_queries(10):
        assert len(data_rows("xlsx", client.get(export("xlsx")).content)) == 30


def test_the_list_offers_no_download_when_it_is_empty_or_its_filters_are_wrong(
    login, coordinator, case
):
    client = login(coordinator)
    assert client.get(LIST, {"du": "1999-99-99"}).context["downloads"] == []
    assert client.get(LIST, {"du": "2999-01-01"}).context["downloads"] == []
    assert len(client.get(LIST).context["downloads"]) == 3


def test_wrong_filters_lead_back_to_the_list_that_says_why(login, coordinator, case):
    client = login(coordinator)
    response = client.get(export("xlsx"), {"periode": "demain", "du": "2026-02-30"})
    assert response.status_code == 302
    assert response["Location"].startswith(LIST + "?")
    content = client.get(response["Location"]).content.decode()
    assert "Sélectionnez un choix valide" in content
    assert "Saisissez une date valide." in content


# --- Confidentiality ----------------------------------------------------------------------------


@pytest.mark.parametrize("extension", FORMATS)
def test_no_name_note_or_typed_text_ever_reaches_a_download(login, service, coordinator, extension):
    """A marker in every place a name or words can be typed: the parties' names, a private note
    (of a party), the referrer and landlord as written, the reason of a suspension, the detail
    of a closure. None reaches any download, whatever the filters, a search included."""
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        requester_last_name=f"{MARKER}-nom",
        requester_first_name=f"{MARKER}-prenom",
        other_party_last_name=f"{MARKER}-autre",
        requester_address=f"{MARKER}-adresse",
        referrer_name=f"{MARKER}-prescripteur",
        landlord_name=f"{MARKER}-bailleur",
    )
    actions.add_private_note(
        case=case,
        by=coordinator,
        text=f"{MARKER}-note",
        source_party=case.parties.get(role=codes.PartyRole.REQUESTER),
    )
    suspended = CaseFactory(organisation=service, by=coordinator)
    actions.suspend(case=suspended, by=coordinator, reason=f"{MARKER}-suspension")
    closed = CaseFactory(organisation=service, by=coordinator)
    actions.close(
        case=closed,
        by=coordinator,
        reason=codes.ClosureReason.REORIENTED,
        closed_on=dt.date.today(),
        detail=f"{MARKER}-detail",
    )
    client = login(coordinator)
    for query in ({}, {"q": MARKER}, {"q": case.reference}, {"periode": "clos"}):
        response = client.get(export(extension), query)
        assert response.status_code == 200
        assert MARKER not in text_of(extension, response.content), query
    assert len(data_rows(extension, client.get(export(extension)).content)) == 3
    found = client.get(export(extension), {"q": MARKER})
    assert [row[0] for row in data_rows(extension, found.content)] == [case.reference]
