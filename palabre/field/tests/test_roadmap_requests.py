"""Partners' requests for rounds: a landlord asks for passes through one of its residences, the
coordination puts the request on a shift's feuille de route or declines it, the team sees it on
the shift, and the partner sees only where its request stands.

The night service of conftest: tonight's shift (Friday 11 December 2026, 22:00–06:00) goes
through Maurepas, where Les Glycines (Archipel Habitat) and Les Lilas (Néotoa) stand; Les Ajoncs
(Archipel) is in Le Blosne, outside it. The clock stands at 23:30 that evening."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases.tests.factories import CommuneFactory, MembershipFactory
from palabre.core.models import JournalEntry
from palabre.field import actions, nights
from palabre.field import roadmap_requests_actions as requests
from palabre.field.actions import FieldRefused
from palabre.field.models import RoadmapItem, RoadmapRequest
from palabre.field.roadmap_requests import RequestStatus
from palabre.field.tests import watch_world
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at
from palabre.field.views.roadmap_requests import shown

WEEK = {"first_day": EVENING, "last_day": EVENING + dt.timedelta(days=6)}


@pytest.fixture
def landlords(service, place, coordinator):
    return watch_world.landlords(service, place, coordinator)


@pytest.fixture
def agent(member, landlords):
    """An account of Archipel Habitat's staff."""
    return watch_world.partner_account(member, landlords["archipel"])


@pytest.fixture
def other_agent(member, landlords):
    """An account of Néotoa's staff."""
    return watch_world.partner_account(member, landlords["neotoa"])


@pytest.fixture
def ask(clock, landlords, agent, place):
    """``ask(**changes)``: Archipel asks for passes in Les Glycines' halls this week."""

    def make(**changes):
        fields = {
            "partner": landlords["archipel"],
            "by": agent,
            "residence": place["glycines"],
            "place_label": "Hall B",
            "text": "Regroupements dans les halls en soirée",
            **WEEK,
        }
        return requests.ask_for_rounds(**{**fields, **changes})

    return make


def later_shift(service, coordinator, team, place, day, **territory):
    starts_at, ends_at = nights.bounds(day, dt.time(22), dt.time(6))
    return actions.plan_shift(
        organisation=service,
        by=coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        **(territory or {"quartiers": [place["maurepas"]]}),
    )


# --- The partner asks ---------------------------------------------------------------------------


def test_a_landlord_asks_for_rounds_in_its_residence_and_the_journal_keeps_no_text(ask, agent):
    asked = ask()

    assert asked.status == RequestStatus.PENDING
    assert (asked.partner.name, asked.asked_by) == ("Archipel Habitat", agent)
    entry = JournalEntry.objects.get(verb="roadmap_request_made")
    assert entry.summary == (
        "Demande de passage de Archipel Habitat : Les Glycines, du 11/12/2026 au 17/12/2026"
    )
    assert "Regroupements" not in entry.summary + str(entry.data)


def test_a_landlord_cannot_ask_about_a_place_it_does_not_manage(ask, landlords):
    with pytest.raises(FieldRefused) as refused:
        ask(residence=landlords["lilas"])

    assert refused.value.message == (
        "Archipel Habitat ne gère pas la résidence « Les Lilas » : une demande de passage ne "
        "porte que sur une résidence de votre patrimoine."
    )
    assert not RoadmapRequest.objects.exists()
    assert not JournalEntry.objects.filter(verb="roadmap_request_made").exists()


@pytest.mark.parametrize(
    "text, says",
    [
        ("Appeler Mme Le Gall au 06 12 34 56 78", "ni numéro de téléphone"),
        ("Écrire à locataire@exemple.fr", "ni adresse e-mail"),
        ("Passer voir M. Durand, 3e étage", "Ne nommez personne"),
        ("Suite à la main courante de lundi", "main courante"),
        ("   ", "Dites ce que vous demandez"),
        ("x" * 201, "dépasse 200 caractères"),
    ],
)
def test_a_request_says_where_and_why_never_who(ask, text, says):
    with pytest.raises(FieldRefused) as refused:
        ask(text=text)

    assert says in refused.value.message
    assert not RoadmapRequest.objects.exists()


@pytest.mark.parametrize(
    "first, last, says",
    [
        (EVENING + dt.timedelta(days=3), EVENING + dt.timedelta(days=1), "avant son début"),
        (EVENING - dt.timedelta(days=1), EVENING + dt.timedelta(days=1), "dans le passé"),
        (EVENING, EVENING + dt.timedelta(days=93), "93 jours au plus"),
        (EVENING + dt.timedelta(days=400), EVENING + dt.timedelta(days=401), "plus d'un an"),
    ],
)
def test_the_period_asked_is_to_come_and_not_too_long(ask, first, last, says):
    with pytest.raises(FieldRefused) as refused:
        ask(first_day=first, last_day=last)

    assert says in refused.value.message
    assert not RoadmapRequest.objects.exists()


# --- The coordination answers -------------------------------------------------------------------


def test_the_coordination_puts_the_request_on_a_shift_of_the_period(ask, shift, coordinator):
    asked = ask()

    item = requests.accept_request(roadmap_request=asked, shift=shift, by=coordinator)

    asked.refresh_from_db()
    assert (asked.status, asked.decided_by) == (RequestStatus.ACCEPTED, coordinator)
    assert (item.shift, item.residence, item.partner_request) == (shift, asked.residence, asked)
    assert item.text == "Regroupements dans les halls en soirée (Hall B)"
    entry = JournalEntry.objects.get(verb="roadmap_request_accepted")
    assert entry.summary == (
        "Demande de passage de Archipel Habitat mise sur la feuille de route de la tournée du "
        "11/12/2026"
    )


def test_an_accepted_request_may_go_on_a_second_shift_but_not_twice_on_one(
    ask, shift, coordinator, service, team, place
):
    asked = ask()
    tomorrow = later_shift(service, coordinator, team, place, NEXT_MORNING)
    requests.accept_request(roadmap_request=asked, shift=shift, by=coordinator)
    requests.accept_request(roadmap_request=asked, shift=tomorrow, by=coordinator)

    with pytest.raises(FieldRefused) as refused:
        requests.accept_request(roadmap_request=asked, shift=shift, by=coordinator)

    assert "déjà sur la feuille de route" in refused.value.message
    assert asked.items.count() == 2


def test_a_shift_that_cannot_carry_the_request_is_refused_with_the_reason(
    ask, shift, coordinator, service, team, place, clock
):
    asked = ask()
    outside_period = later_shift(service, coordinator, team, place, EVENING + dt.timedelta(days=8))
    blosne = later_shift(
        service, coordinator, team, place, NEXT_MORNING, quartiers=[place["blosne"]]
    )
    cancelled = later_shift(service, coordinator, team, place, EVENING + dt.timedelta(days=2))
    actions.cancel_shift(shift=cancelled, by=coordinator)
    cases = [
        (outside_period, "pas dans la période demandée (du 11/12/2026 au 17/12/2026)"),
        (blosne, "La résidence « Les Glycines » n'est pas dans le territoire de cette tournée"),
        (cancelled, "Cette tournée est annulée."),
    ]
    for other, says in cases:
        with pytest.raises(FieldRefused) as refused:
            requests.accept_request(roadmap_request=asked, shift=other, by=coordinator)
        assert says in refused.value.message
    clock(at(NEXT_MORNING, 7))
    with pytest.raises(FieldRefused) as refused:
        requests.accept_request(roadmap_request=asked, shift=shift, by=coordinator)
    assert "terminée" in refused.value.message
    asked.refresh_from_db()
    assert asked.status == RequestStatus.PENDING and not RoadmapItem.objects.exists()


def test_a_declined_request_carries_its_reason_and_goes_on_no_shift(ask, shift, coordinator):
    asked = ask()
    with pytest.raises(FieldRefused):
        requests.decline_request(roadmap_request=asked, by=coordinator, reason=" ")

    requests.decline_request(
        roadmap_request=asked, by=coordinator, reason="Pas de tournée dans ce secteur ce mois-ci"
    )

    asked.refresh_from_db()
    assert asked.status == RequestStatus.DECLINED
    with pytest.raises(FieldRefused):
        requests.accept_request(roadmap_request=asked, shift=shift, by=coordinator)
    with pytest.raises(FieldRefused):
        requests.decline_request(roadmap_request=asked, by=coordinator, reason="Encore")
    entry = JournalEntry.objects.get(verb="roadmap_request_declined")
    assert "secteur" not in entry.summary + str(entry.data)


# --- What the partner sees ----------------------------------------------------------------------


def test_the_partner_sees_waiting_accepted_then_taken_in_hand_once_the_shift_is_over(
    ask, shift, coordinator, clock
):
    asked = ask()
    assert shown(asked, at(EVENING, 23, 30)).label == "En attente de réponse"
    requests.accept_request(roadmap_request=asked, shift=shift, by=coordinator)
    asked = RoadmapRequest.objects.get(pk=asked.pk)

    assert shown(asked, at(EVENING, 23, 30)).label == "Acceptée"
    assert shown(asked, at(NEXT_MORNING, 7)).label == "Prise en compte le 11/12/2026"


def test_a_cancelled_shift_takes_nothing_in_hand(ask, coordinator, service, team, place, shift):
    asked = ask()
    coming = later_shift(service, coordinator, team, place, EVENING + dt.timedelta(days=2))
    requests.accept_request(roadmap_request=asked, shift=coming, by=coordinator)
    actions.cancel_shift(shift=coming, by=coordinator)
    asked = RoadmapRequest.objects.get(pk=asked.pk)

    assert shown(asked, at(EVENING + dt.timedelta(days=4), 7)).label == "Acceptée"


def test_the_team_sees_the_request_on_its_shift_and_in_quick_entry(
    ask, shift, coordinator, login, correspondents
):
    shift.members.add(correspondents[0])
    requests.accept_request(roadmap_request=ask(), shift=shift, by=coordinator)
    client = login(correspondents[0])

    detail = client.get(reverse("field:shift", args=[shift.pk])).content.decode()
    entry = client.get(reverse("field:shift_entry", args=[shift.pk])).content.decode()

    for page in (detail, entry):
        assert "Regroupements dans les halls en soirée (Hall B)" in page
        assert "à la demande de Archipel Habitat" in page


# --- The pages ----------------------------------------------------------------------------------


def test_the_partner_sends_a_request_from_its_portal(login, agent, place, landlords, clock):
    client = login(agent)
    url = reverse("field:portal_roadmap_request_create")
    form = client.get(url).content.decode()
    assert "Ne nommez personne, ne recopiez aucun dossier." in form
    assert "Les Glycines" in form and "Les Ajoncs" in form and "Les Lilas" not in form

    response = client.post(
        url,
        {
            "residence": place["glycines"].pk,
            "place_label": "Hall B",
            "text": "Regroupements dans les halls en soirée",
            "first_day": "2026-12-12",
            "last_day": "2026-12-18",
        },
    )

    asked = RoadmapRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("field:portal_roadmap_request", args=[asked.pk])
    page = client.get(response.url).content.decode()
    assert "En attente de réponse" in page and "du 12/12/2026 au 18/12/2026" in page


def test_a_request_for_another_landlords_residence_comes_back_in_french(login, agent, landlords):
    response = login(agent).post(
        reverse("field:portal_roadmap_request_create"),
        {
            "residence": landlords["lilas"].pk,
            "text": "Passages",
            "first_day": "2026-12-12",
            "last_day": "2026-12-18",
        },
    )

    assert response.status_code == 400
    assert "Cette résidence n&#x27;est pas de votre patrimoine" in response.content.decode()
    assert not RoadmapRequest.objects.exists()


def test_bad_text_comes_back_beside_its_field_and_nothing_is_sent(login, agent, place):
    response = login(agent).post(
        reverse("field:portal_roadmap_request_create"),
        {
            "residence": place["glycines"].pk,
            "text": "Appeler le 06 12 34 56 78",
            "first_day": "2026-12-12",
            "last_day": "2026-12-18",
        },
    )

    assert response.status_code == 400
    assert "ni numéro de téléphone" in response.content.decode()
    assert not RoadmapRequest.objects.exists()


def test_the_coordination_accepts_from_the_request_page(ask, shift, coordinator, login):
    asked = ask()
    client = login(coordinator)
    page = client.get(reverse("field:roadmap_request", args=[asked.pk])).content.decode()
    assert "Soirée du vendredi 11 décembre 2026, 22 h – 6 h — Équipe de nuit" in page

    response = client.post(
        reverse("field:roadmap_request_accept", args=[asked.pk]), {"shift": shift.pk}
    )

    assert response.status_code == 302
    assert RoadmapItem.objects.get().partner_request == asked
    listing = client.get(reverse("field:roadmap_requests") + "?etat=acceptees").content.decode()
    assert reverse("field:roadmap_request", args=[asked.pk]) in listing


def test_a_foreign_shift_posted_to_accept_is_refused_and_nothing_changes(
    ask, coordinator, login, other_service
):
    foreign_coordinator = MembershipFactory(organisation=other_service, role="coordinator")
    correspondent = MembershipFactory(organisation=other_service, role="mediator")
    team = actions.create_team(
        organisation=other_service, by=foreign_coordinator, name="Ailleurs", members=[correspondent]
    )
    starts_at, ends_at = nights.bounds(EVENING, dt.time(22), dt.time(6))
    foreign = actions.plan_shift(
        organisation=other_service,
        by=foreign_coordinator,
        team=team,
        starts_at=starts_at,
        ends_at=ends_at,
        communes=[CommuneFactory(organisation=other_service)],
    )
    asked = ask()

    response = login(coordinator).post(
        reverse("field:roadmap_request_accept", args=[asked.pk]), {"shift": foreign.pk}
    )

    assert response.status_code == 400
    assert "ne peut pas recevoir la demande" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == RequestStatus.PENDING and not RoadmapItem.objects.exists()


def test_the_coordination_declines_and_the_partner_reads_the_reason(ask, coordinator, login, agent):
    asked = ask()
    url = reverse("field:roadmap_request_decline", args=[asked.pk])
    refused = login(coordinator).post(url, {"reason": "Voir Mme Martin"})
    assert refused.status_code == 400 and "Ne nommez personne" in refused.content.decode()

    login(coordinator).post(url, {"reason": "Pas de tournée dans ce secteur ce mois-ci"})

    page = login(agent).get(reverse("field:portal_roadmap_request", args=[asked.pk]))
    content = page.content.decode()
    assert "Déclinée" in content and "Pas de tournée dans ce secteur ce mois-ci" in content


def test_the_navigation_offers_the_requests_to_a_landlord_and_to_the_coordination(
    login, agent, coordinator, member, landlords
):
    def navbar(membership):
        content = login(membership).get(reverse("home"), follow=True).content.decode()
        return content[content.index("<nav") : content.index("</nav>")]

    city_agent = watch_world.partner_account(member, landlords["city"])
    assert reverse("field:portal_roadmap_requests") in navbar(agent)
    assert reverse("field:portal_roadmap_requests") not in navbar(city_agent)
    assert reverse("field:roadmap_requests") in navbar(coordinator)


def test_the_coordination_finds_the_waiting_requests_on_its_today_page(
    ask, shift, coordinator, login, correspondents
):
    answered, waiting = ask(), ask(text="Porte du local vélos forcée")
    requests.accept_request(roadmap_request=answered, shift=shift, by=coordinator)

    today = login(coordinator).get(reverse("cases:today")).content.decode()
    mediator = login(correspondents[0]).get(reverse("cases:today")).content.decode()

    assert "Demandes de passage à traiter" in today
    assert reverse("field:roadmap_request", args=[waiting.pk]) in today
    assert reverse("field:roadmap_request", args=[answered.pk]) not in today
    assert "Demandes de passage à traiter" not in mediator


def test_a_request_taken_off_its_only_shift_is_flagged_to_the_coordination(
    ask, shift, coordinator, login
):
    asked = ask()
    item = requests.accept_request(roadmap_request=asked, shift=shift, by=coordinator)
    url = reverse("field:roadmap_request", args=[asked.pk])
    assert "plus sur aucune tournée" not in login(coordinator).get(url).content.decode()

    actions.remove_roadmap_item(item=item, by=coordinator)

    page = login(coordinator).get(url).content.decode()
    assert "plus sur aucune tournée" in page
    assert "Inscrire sur cette tournée" in page
