import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.models import Case, FollowUp
from palabre.cases.tests.factories import (
    CaseFactory,
    CommuneFactory,
    MembershipFactory,
    QuartierFactory,
)

LIST = reverse("cases:list")
TODAY = reverse("cases:today")
OVERVIEW = reverse("cases:overview")
FIRST_CONTACT = reverse("cases:first_contact")
SECRET = "Confidence : il boit trop depuis son licenciement"


def detail_url(case):
    return reverse("cases:detail", args=[case.pk])


def page(response):
    assert response.status_code == 200
    content = response.content.decode()
    assert "INVALID[" not in content
    return html.unescape(content)


def open_case(service, by, **kwargs):
    return CaseFactory(organisation=service, by=by, **kwargs)


@pytest.fixture
def mediator(member):
    return member("mediator")


@pytest.fixture
def two_cases(service, coordinator, mediator):
    """Case A and case B differ on every filter of the list."""
    commune_a = CommuneFactory(organisation=service, name="Rennes")
    quartier_a = QuartierFactory(commune=commune_a, name="Maurepas", is_qpv=True)
    commune_b = CommuneFactory(organisation=service, name="Cesson-Sévigné")
    a = open_case(
        service,
        coordinator,
        opened_on=dt.date(2025, 3, 1),
        commune=commune_a,
        quartier=quartier_a,
        primary_conflict=codes.ConflictCategory.NOISE,
        secondary_conflicts=[codes.ConflictCategory.ANIMALS],
        referral_source=codes.ReferralSource.SELF,
        requester_last_name="Le Gall",
        requester_first_name="Éloïse",
    )
    b = open_case(
        service,
        coordinator,
        opened_on=dt.date(2025, 9, 1),
        commune=commune_b,
        primary_conflict=codes.ConflictCategory.VEGETATION,
        referral_source=codes.ReferralSource.SOCIAL_LANDLORD,
        requester_last_name="Dupont",
        requester_first_name="Marc",
        other_party_last_name="Nguyen",
        other_party_first_name="Linh",
    )
    actions.qualify(case=a, by=coordinator)
    actions.assign_mediators(case=a, by=coordinator, mediators=[mediator, coordinator])
    Case.objects.filter(pk=a.pk).update(stage_reached=codes.Stage.REQUESTER_INTERVIEWED)
    return {
        "a": a,
        "b": b,
        "commune_a": commune_a,
        "quartier_a": quartier_a,
        "commune_b": commune_b,
    }


def test_reception_lists_every_case_of_the_service_and_none_of_another(
    login, member, service, other_service, coordinator
):
    own = open_case(service, coordinator)
    foreign = open_case(other_service, member("coordinator", organisation=other_service))
    content = page(login(member("reception")).get(LIST))
    assert detail_url(own) in content
    assert detail_url(foreign) not in content
    assert "1 dossier" in content


def test_mediator_sees_only_the_cases_assigned_to_them(login, service, coordinator, mediator):
    mine = open_case(service, coordinator)
    other = open_case(service, coordinator)
    actions.assign_mediators(case=mine, by=coordinator, mediators=[mediator])
    content = page(login(mediator).get(LIST))
    assert detail_url(mine) in content
    assert detail_url(other) not in content


def test_a_mediator_no_longer_sees_a_case_once_withdrawn(login, service, coordinator, mediator):
    case = open_case(service, coordinator)
    actions.assign_mediators(case=case, by=coordinator, mediators=[mediator])
    actions.assign_mediators(case=case, by=coordinator, mediators=[coordinator])
    assert detail_url(case) not in page(login(mediator).get(LIST))


@pytest.mark.parametrize("role", ["board", "partner", "network_staff"])
@pytest.mark.parametrize("url", [LIST, TODAY, FIRST_CONTACT])
def test_roles_without_case_access_get_404_on_case_pages(login, member, case, role, url):
    assert login(member(role)).get(url).status_code == 404


@pytest.mark.parametrize("role", ["mediator", "reception", "partner", "network_staff"])
def test_only_coordination_and_board_see_the_overview(login, member, role):
    assert login(member(role)).get(OVERVIEW).status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "QUALIFIED"}, "a"),
        ({"status": "NEW"}, "b"),
        ({"stage": "REQUESTER_INTERVIEWED"}, "a"),
        ({"stage": "INTAKE_ONLY"}, "b"),
        ({"commune": "commune_b"}, "b"),
        ({"quartier": "quartier_a"}, "a"),
        ({"category": "NOISE"}, "a"),
        ({"category": "ANIMALS"}, "a"),
        ({"category": "VEGETATION"}, "b"),
        ({"referral_source": "SOCIAL_LANDLORD"}, "b"),
        ({"mediator": "mediator"}, "a"),
        ({"du": "2025-06-01"}, "b"),
        ({"au": "2025-06-01"}, "a"),
        ({"du": "2025-01-01", "au": "2025-03-31"}, "a"),
        ({"periode": "ouverts", "du": "2025-01-01", "au": "2025-03-31"}, "a"),
        ({"q": "nguyen"}, "b"),
    ],
)
def test_each_filter_narrows_the_list(login, coordinator, mediator, two_cases, params, expected):
    objects = {**two_cases, "mediator": mediator}
    query = {
        key: str(objects[value].pk) if value in objects else value for key, value in params.items()
    }
    content = page(login(coordinator).get(LIST, query))
    kept, dropped = two_cases[expected], two_cases["b" if expected == "a" else "a"]
    assert detail_url(kept) in content
    assert detail_url(dropped) not in content
    assert "1 dossier" in content


def test_search_ignores_accents_and_case_on_party_names(login, coordinator, two_cases):
    content = page(login(coordinator).get(LIST, {"q": "Eloise le gall"}))
    assert detail_url(two_cases["a"]) in content
    assert detail_url(two_cases["b"]) not in content


def test_search_finds_a_case_by_its_reference(login, coordinator, two_cases):
    content = page(login(coordinator).get(LIST, {"q": two_cases["b"].reference}))
    assert detail_url(two_cases["b"]) in content
    assert detail_url(two_cases["a"]) not in content


def test_search_with_no_match_says_so(login, coordinator, two_cases):
    content = page(login(coordinator).get(LIST, {"q": "Personne de ce nom"}))
    assert "Aucun dossier ne correspond à ces filtres." in content


def test_the_commune_filter_offers_only_the_service_communes(
    login, coordinator, other_service, two_cases
):
    CommuneFactory(organisation=other_service, name="Commune d'ailleurs")
    content = page(login(coordinator).get(LIST))
    assert "Cesson-Sévigné" in content
    assert "Commune d'ailleurs" not in content


def test_a_foreign_commune_in_the_filter_is_an_error_not_a_leak(
    login, coordinator, other_service, two_cases
):
    foreign = CommuneFactory(organisation=other_service)
    content = page(login(coordinator).get(LIST, {"commune": str(foreign.pk)}))
    assert "Sélectionnez un choix valide" in content
    assert detail_url(two_cases["a"]) not in content


def references_in_order(content, cases):
    positions = {case.reference: content.index(detail_url(case)) for case in cases}
    return sorted(positions, key=positions.get)


def test_sorting_by_reference_both_ways(login, service, coordinator):
    cases = [open_case(service, coordinator) for _ in range(3)]
    client = login(coordinator)
    ascending = references_in_order(page(client.get(LIST, {"tri": "reference"})), cases)
    descending = references_in_order(page(client.get(LIST, {"tri": "-reference"})), cases)
    assert ascending == sorted(c.reference for c in cases)
    assert descending == list(reversed(ascending))


def test_sorting_by_opening_date_commune_and_status(login, service, coordinator):
    early = open_case(
        service,
        coordinator,
        opened_on=dt.date(2025, 1, 10),
        commune=CommuneFactory(organisation=service, name="Zédé"),
    )
    late = open_case(
        service,
        coordinator,
        opened_on=dt.date(2025, 5, 10),
        commune=CommuneFactory(organisation=service, name="Acigné"),
    )
    actions.qualify(case=early, by=coordinator)
    client = login(coordinator)
    assert references_in_order(page(client.get(LIST, {"tri": "opened_on"})), [early, late]) == [
        early.reference,
        late.reference,
    ]
    assert references_in_order(page(client.get(LIST)), [early, late]) == [
        late.reference,
        early.reference,
    ]
    assert references_in_order(page(client.get(LIST, {"tri": "commune"})), [early, late]) == [
        late.reference,
        early.reference,
    ]
    # New comes before Qualified in the process.
    assert references_in_order(page(client.get(LIST, {"tri": "status"})), [early, late]) == [
        late.reference,
        early.reference,
    ]
    assert references_in_order(page(client.get(LIST, {"tri": "-status"})), [early, late]) == [
        early.reference,
        late.reference,
    ]


def test_an_unknown_sort_is_a_french_error(login, coordinator, case):
    content = page(login(coordinator).get(LIST, {"tri": "private_notes__text"}))
    assert "Sélectionnez un choix valide" in content


def test_pagination_splits_the_list_and_keeps_the_filters(login, service, coordinator, settings):
    settings.PALABRE_PAGE_SIZE = 2
    cases = [open_case(service, coordinator) for _ in range(5)]
    client = login(coordinator)
    first = page(client.get(LIST, {"tri": "reference"}))
    assert "5 dossiers" in first
    assert "Page 1 sur 3" in first
    assert sum(detail_url(c) in first for c in cases) == 2
    assert "tri=reference&page=2" in first
    last = page(client.get(LIST, {"tri": "reference", "page": "3"}))
    assert [detail_url(c) in last for c in cases] == [False, False, False, False, True]


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("99", "Page 3 sur 3"), ("abc", "Page 1 sur 3"), ("-1", "Page 3 sur 3"), ("", "Page 1 sur 3")],
)
def test_an_invalid_page_falls_back_to_a_real_page(
    login, service, coordinator, settings, asked, shown
):
    settings.PALABRE_PAGE_SIZE = 2
    for _ in range(5):
        open_case(service, coordinator)
    assert shown in page(login(coordinator).get(LIST, {"page": asked}))


def test_an_htmx_request_gets_only_the_results(login, coordinator, two_cases):
    response = login(coordinator).get(LIST, {"status": "NEW"}, headers={"HX-Request": "true"})
    content = page(response)
    assert "<html" not in content
    assert "<form" not in content
    assert detail_url(two_cases["b"]) in content
    assert detail_url(two_cases["a"]) not in content
    assert "HX-Request" in response["Vary"]


def test_the_full_page_carries_the_htmx_form_and_a_plain_submit(login, coordinator, case):
    content = page(login(coordinator).get(LIST))
    assert "<html" in content
    assert 'data-hx-get="/dossiers/"' in content
    assert 'data-hx-target="#resultats"' in content
    assert 'data-hx-push-url="true"' in content
    assert 'id="resultats"' in content
    assert re.search(r'<button type="submit"[^>]*>Filtrer</button>', content)


def test_an_htmx_history_restore_gets_the_full_page(login, coordinator, case):
    response = login(coordinator).get(
        LIST, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in page(response)


@pytest.fixture
def around_2025(service, coordinator):
    """Cases on either side of the year 2025, by their opening and closing days."""
    made = {}
    for name, opened, closed in [
        ("closed_before", "2024-01-01", "2024-12-31"),
        ("closed_on_first_day", "2024-12-01", "2025-01-01"),
        ("closed_after_first_day", "2024-12-01", "2025-01-10"),
        ("opened_in", "2025-06-01", None),
        ("opened_on_last_day", "2025-12-31", "2026-01-05"),
        ("opened_after", "2026-01-01", None),
        ("still_open", "2023-05-01", None),
    ]:
        case = open_case(service, coordinator, opened_on=dt.date.fromisoformat(opened))
        if closed:
            Case.objects.filter(pk=case.pk).update(
                status=codes.Status.CLOSED,
                closed_on=dt.date.fromisoformat(closed),
                closure_reason=codes.ClosureReason.NO_AGREEMENT
                if name == "closed_before"
                else codes.ClosureReason.AGREEMENT_FULL,
            )
        made[name] = case
    return made


YEAR_2025 = {"du": "2025-01-01", "au": "2025-12-31"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # New cases: opened on a day of the period, both days included.
        ({"periode": "ouverts", **YEAR_2025}, {"opened_in", "opened_on_last_day"}),
        # Treated: opened on or before the last day, not closed before the first.
        (
            {"periode": "traites", **YEAR_2025},
            {
                "closed_on_first_day",
                "closed_after_first_day",
                "opened_in",
                "opened_on_last_day",
                "still_open",
            },
        ),
        # Closed: closed on a day of the period.
        ({"periode": "clos", **YEAR_2025}, {"closed_on_first_day", "closed_after_first_day"}),
        # One bound: the other side of the period stays open.
        (
            {"periode": "traites", "du": "2025-01-02"},
            {
                "closed_after_first_day",
                "opened_in",
                "opened_on_last_day",
                "opened_after",
                "still_open",
            },
        ),
        ({"periode": "clos", "au": "2024-12-31"}, {"closed_before"}),
        # Closed, whenever.
        (
            {"periode": "clos"},
            {
                "closed_before",
                "closed_on_first_day",
                "closed_after_first_day",
                "opened_on_last_day",
            },
        ),
        ({"periode": "clos", "closure_reason": "NO_AGREEMENT"}, {"closed_before"}),
    ],
)
def test_the_period_filter_counts_as_the_activity_figures_do(
    login, coordinator, around_2025, params, expected
):
    response = login(coordinator).get(LIST, params)
    assert not response.context["form"].errors
    listed = {case.pk for case in response.context["page_obj"].paginator.object_list}
    assert listed == {around_2025[name].pk for name in expected}
    assert response.context["total"] == len(expected)


def test_a_kind_of_period_not_offered_is_a_french_error_and_an_empty_list(
    login, coordinator, around_2025
):
    content = page(login(coordinator).get(LIST, {"periode": "demain", **YEAR_2025}))
    assert "Sélectionnez un choix valide" in content
    assert "0 dossier" in content


def test_a_bad_date_filter_answers_in_french_with_an_empty_list(login, coordinator, two_cases):
    content = page(login(coordinator).get(LIST, {"du": "31/02/2025"}))
    assert "Saisissez une date valide." in content
    assert "0 dossier" in content
    assert detail_url(two_cases["a"]) not in content
    assert detail_url(two_cases["b"]) not in content


def test_an_inverted_period_is_refused(login, coordinator, two_cases):
    content = page(login(coordinator).get(LIST, {"du": "2025-12-01", "au": "2025-01-01"}))
    assert "La date de fin précède la date de début." in content
    assert "0 dossier" in content


@pytest.mark.parametrize(
    "params",
    [
        {"status": "DELETED"},
        {"mediator": "pas-un-uuid"},
        {"quartier": "0"},
        {"page": "x" * 500},
        {"q": "x" * 500},
        {"commune": "00000000-0000-0000-0000-000000000000"},
        {"periode": "demain"},
        {"closure_reason": "OUBLI"},
        {"periode": "clos", "au": "hier"},
    ],
)
def test_bad_filter_values_never_break_the_page(login, coordinator, two_cases, params):
    page(login(coordinator).get(LIST, params))


def test_the_table_shows_the_columns_of_a_case(login, coordinator, two_cases, mediator):
    content = page(login(coordinator).get(LIST))
    for header in [
        "Référence",
        "Ouvert le",
        "État",
        "Étape atteinte",
        "Commune / quartier",
        "Motif principal",
        "Origine",
        "Binôme",
    ]:
        assert header in content
    assert "Recevable, à planifier" in content  # the status is said in words
    assert "Rennes / Maurepas" in content
    assert "Bruit" in content
    assert "Démarche personnelle" in content
    assert str(mediator.user) in content
    assert "01/03/2025" in content


def test_listing_thirty_cases_costs_a_bounded_number_of_queries(
    login, service, coordinator, member, django_assert_max_num_queries
):
    mediators = [member("mediator") for _ in range(2)]
    commune = CommuneFactory(organisation=service)
    quartier = QuartierFactory(commune=commune)
    for _ in range(30):
        case = open_case(
            service,
            coordinator,
            commune=commune,
            quartier=quartier,
            secondary_conflicts=[codes.ConflictCategory.SMELLS],
        )
        actions.assign_mediators(case=case, by=coordinator, mediators=mediators)
    client = login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"tri": "commune"})
    assert "30 dossiers" in page(response)
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"category": "NOISE", "mediator": str(mediators[0].pk)})
    assert "30 dossiers" in page(response)


# --- Aujourd'hui --------------------------------------------------------------------------------


def move_to_contacting(case, by):
    actions.qualify(case=case, by=by)
    interview = actions.schedule_interview(
        case=case,
        by=by,
        party=case.requester(),
        scheduled_at=timezone.now(),
        channel=codes.InterviewChannel.PHONE,
    )
    actions.record_interview(interview=interview, by=by, held=True)
    actions.record_consent(
        case=case,
        by=by,
        party=case.requester(),
        kind=codes.ConsentKind.CONTACT_OTHER_PARTY,
        given_on=timezone.localdate(),
        method=codes.ConsentMethod.IN_PERSON,
    )
    actions.start_contacting_other_party(case=case, by=by)
    return case


def card(content, key):
    """The HTML of one card of the « Aujourd'hui » page."""
    match = re.search(
        rf'<section class="card h-100" aria-labelledby="carte-{key}">(.*?)</section>', content, re.S
    )
    assert match, key
    return match.group(1)


def test_today_lists_the_work_of_the_coordination(login, service, coordinator, mediator):
    today = timezone.localdate()
    new = open_case(service, coordinator)
    in_interview = open_case(service, coordinator)
    actions.qualify(case=in_interview, by=coordinator)
    actions.assign_mediators(case=in_interview, by=coordinator, mediators=[mediator, coordinator])
    actions.schedule_interview(
        case=in_interview,
        by=coordinator,
        party=in_interview.requester(),
        scheduled_at=timezone.make_aware(dt.datetime.combine(today, dt.time(23, 30))),
        channel=codes.InterviewChannel.IN_PERSON_PERMANENCE,
        place="Maison de quartier",
    )
    to_chase = move_to_contacting(open_case(service, coordinator), coordinator)
    suspended = open_case(service, coordinator)
    actions.suspend(
        case=suspended,
        by=coordinator,
        reason="Procédure judiciaire",
        on=today - dt.timedelta(days=61),
    )
    followed = open_case(service, coordinator)
    FollowUp.objects.create(
        organisation=service, case=followed, due_on=today + dt.timedelta(days=3)
    )
    actions.record_information_request(
        organisation=service,
        by=coordinator,
        received_on=today,
        channel=codes.Channel.PHONE,
        topic=codes.InformationTopic.HOW_MEDIATION_WORKS,
    )
    content = page(login(coordinator).get(TODAY))
    assert "Ce qui m'attend aujourd'hui" in content
    assert detail_url(new) in card(content, "new")
    assert detail_url(in_interview) not in card(content, "new")
    assert detail_url(new) in card(content, "unpaired")
    assert detail_url(in_interview) not in card(content, "unpaired")
    assert detail_url(in_interview) in card(content, "appointments_today")
    assert "23:30" in card(content, "appointments_today")
    assert "Maison de quartier" in card(content, "appointments_today")
    assert "Rien à faire ici." not in card(content, "to_chase")
    assert detail_url(to_chase) in card(content, "to_chase")
    assert "aucune tentative enregistrée" in card(content, "to_chase")
    assert detail_url(suspended) in card(content, "long_suspended")
    assert detail_url(followed) in card(content, "follow_ups")
    assert "Aucun rendez-vous dans les 7 prochains jours." in card(content, "appointments_upcoming")
    assert "Demandes d'information enregistrées aujourd'hui" in content


def test_today_says_when_there_is_nothing_to_do(login, coordinator):
    content = page(login(coordinator).get(TODAY))
    assert "Rien à faire ici." in card(content, "new")
    assert "Aucun rendez-vous aujourd'hui." in card(content, "appointments_today")


def test_a_contact_attempt_older_than_two_weeks_is_to_chase_a_recent_one_is_not(
    login, service, coordinator
):
    today = timezone.localdate()
    old = move_to_contacting(open_case(service, coordinator), coordinator)
    recent = move_to_contacting(open_case(service, coordinator), coordinator)
    for case, days in [(old, 20), (recent, 3)]:
        actions.record_contact_attempt(
            case=case,
            by=coordinator,
            party=case.other_parties()[0],
            channel=codes.ContactAttemptChannel.LETTER,
            attempted_on=today - dt.timedelta(days=days),
            result=codes.ContactAttemptResult.SENT,
        )
    chase = card(page(login(coordinator).get(TODAY)), "to_chase")
    assert detail_url(old) in chase
    assert detail_url(recent) not in chase


def test_today_of_a_mediator_is_limited_to_their_cases(login, service, coordinator, mediator):
    mine = open_case(service, coordinator)
    other = open_case(service, coordinator)
    actions.assign_mediators(case=mine, by=coordinator, mediators=[mediator])
    content = page(login(mediator).get(TODAY))
    assert detail_url(mine) in content
    assert detail_url(other) not in content
    assert "Demandes d'information" not in content


def test_today_of_reception_lists_the_day_appointments_and_first_contact_links(
    login, service, coordinator, member
):
    case = open_case(service, coordinator)
    actions.qualify(case=case, by=coordinator)
    actions.schedule_interview(
        case=case,
        by=coordinator,
        party=case.requester(),
        scheduled_at=timezone.make_aware(
            dt.datetime.combine(timezone.localdate(), dt.time(23, 45))
        ),
        channel=codes.InterviewChannel.PHONE,
    )
    content = page(login(member("reception")).get(TODAY))
    assert detail_url(case) in card(content, "appointments_today")
    assert 'aria-labelledby="carte-new"' not in content
    assert FIRST_CONTACT in content


def test_today_costs_a_bounded_number_of_queries(
    login, service, coordinator, django_assert_max_num_queries
):
    """At most two queries a card (three with appointments), however full every card is."""
    today_late = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(23, 50)))
    for _ in range(8):
        case = open_case(service, coordinator)
        actions.qualify(case=case, by=coordinator)
        for when in (today_late, timezone.now() + dt.timedelta(days=2)):
            actions.schedule_interview(
                case=case,
                by=coordinator,
                party=case.requester(),
                scheduled_at=when,
                channel=codes.InterviewChannel.PHONE,
            )
        open_case(service, coordinator)
        FollowUp.objects.create(organisation=service, case=case, due_on=timezone.localdate())
    client = login(coordinator)
    # 25, the callbacks' card (adr/0026) and the session, read from the database (adr/0039)
    with django_assert_max_num_queries(27):
        content = page(client.get(TODAY))
    assert "Voir les 8" in content


# --- Activity overview --------------------------------------------------------------------------


def test_board_sees_the_overview_with_counts_and_no_personal_data(
    login, service, coordinator, member, two_cases
):
    this_year = open_case(
        service,
        coordinator,
        opened_on=timezone.localdate(),
        requester_last_name="Kerbrat",
        requester_first_name="Anne",
    )
    # The board member's own name is on the page (the person's menu): a fixed one, never a
    # random surname that could be one of the parties' below.
    board = MembershipFactory(organisation=service, role="board", user__last_name="Lebreton")
    content = page(login(board).get(OVERVIEW))
    assert "Nouveaux dossiers" in content
    assert re.search(r'Nouveaux dossiers</p>\s*<p class="display-6 mb-0">1</p>', content)
    assert LIST + "?" not in content  # the board reads no list
    for text in ["Le Gall", "Kerbrat", "Dupont", "Moreau", "Nguyen", this_year.reference]:
        assert text not in content
    assert "/dossiers/" + str(this_year.pk) not in content
    assert reverse("cases:detail", args=[this_year.pk]) not in content


def test_the_overview_counts_a_chosen_year(login, coordinator, two_cases):
    actions.close(
        case=two_cases["b"],
        by=coordinator,
        reason=codes.ClosureReason.OUT_OF_SCOPE,
        closed_on=dt.date(2025, 10, 1),
    )
    client = login(coordinator)
    content = page(client.get(OVERVIEW, {"year": "2025"}))
    assert "Activité du service en 2025" in content
    # Each count leads the coordination to its cases, as many in the list.
    for label, count, period in [("Nouveaux dossiers", 2, "ouverts"), ("Dossiers clos", 1, "clos")]:
        found = re.search(
            re.escape(label) + r'</p>\s*<p class="display-6 mb-0"><a href="([^"]+)">(\d+)<span '
            r'class="visually-hidden"> — voir ces dossiers</span></a></p>',
            content,
        )
        assert found, label
        url, shown = found.groups()
        assert int(shown) == count
        assert url == f"{LIST}?periode={period}&du=2025-01-01&au=2025-12-31"
        assert client.get(url).context["total"] == count
    assert "Hors champ / non recevable" in content
    assert "Végétation" in content
    assert "Cesson-Sévigné" in content
    assert "Recevable, à planifier" in content


def test_a_bad_year_falls_back_to_the_current_year(login, coordinator, case):
    content = page(login(coordinator).get(OVERVIEW, {"year": "pas-une-annee"}))
    assert f"Activité du service en {timezone.localdate().year}" in content


def test_the_overview_costs_a_bounded_number_of_queries(
    login, service, coordinator, member, django_assert_max_num_queries
):
    for _ in range(15):
        open_case(service, coordinator, opened_on=timezone.localdate())
    client = login(member("board"))
    with django_assert_max_num_queries(12):
        page(client.get(OVERVIEW))


# --- Confidentiality ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "coordinator", "mediator", "reception", "board"])
def test_a_private_note_never_appears_on_lists_today_or_overview(
    login, service, coordinator, member, role
):
    case = open_case(service, coordinator)
    viewer = member(role)
    if role == "mediator":
        actions.assign_mediators(case=case, by=coordinator, mediators=[viewer])
    actions.add_private_note(case=case, by=coordinator, text=SECRET)
    client = login(viewer)
    for url in [LIST, TODAY, OVERVIEW, f"{LIST}?q=licenciement"]:
        response = client.get(url)
        assert response.status_code in (200, 404)
        assert SECRET not in response.content.decode()
    # Notes are not searchable either.
    assert detail_url(case) not in client.get(LIST, {"q": "licenciement"}).content.decode()
