"""The coordination's journey: find the person across the service's cases, record the request,
follow it from its page, answer it; the requests waiting for an answer on « Aujourd'hui »,
overdue ones first and flagged."""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.privacy import rights_actions as actions
from palabre.privacy.rights import ReceivedThrough, RightsKind, RightsRequest, RightsStatus
from palabre.privacy.rights_panel import today_panel
from palabre.privacy.tests import rights_support as support
from palabre.privacy.tests.rights_support import TODAY

clock = support.clock
world = support.world
NEW = reverse("privacy:rights_new")


def _found(client, text):
    response = client.get(NEW, {"q": text})
    assert response.status_code == 200
    return {(p.case.reference, str(p)) for p in response.context["found"]}


def test_the_person_is_found_by_name_phone_or_email_whatever_the_accents(login, coordinator, world):
    client = login(coordinator)
    both = {("2026-0001", "Éloïse Le Gall"), ("2026-0002", "Eloise LE GALL")}

    assert _found(client, "eloise le gall") == both
    assert _found(client, "LÉGALL") == set()
    assert _found(client, "+33 6 12 34 56 78") == both
    assert _found(client, "06.12.34.56.78") == both
    assert _found(client, "ELOISE.LEGALL@exemple.fr") == {("2026-0001", "Éloïse Le Gall")}
    assert _found(client, "2026-0002") == {("2026-0002", "Bertrand Demandeurmarqueur"),
                                           ("2026-0002", "Eloise LE GALL")}  # fmt: skip


def test_nothing_found_says_so_in_french(login, coordinator, world):
    response = login(coordinator).get(NEW, {"q": "Personne Inconnue"})

    assert "Aucune fiche ne correspond" in response.content.decode()


def test_a_request_is_recorded_for_the_records_ticked(login, coordinator, world):
    parties = world["eloise"]

    response = login(coordinator).post(
        NEW,
        {
            "q": "le gall",
            "parties": [p.pk for p in parties],
            "kind": RightsKind.ACCESS,
            "received_on": TODAY.isoformat(),
            "received_through": ReceivedThrough.LETTER,
            "identity_method": "",
            "details": "Une copie de tout ce qui la concerne",
        },
        follow=True,
    )

    request = RightsRequest.objects.get()
    assert response.redirect_chain[-1][0] == reverse("privacy:rights_detail", args=[request.pk])
    assert set(request.parties.all()) == set(parties)
    assert request.deadline == dt.date(2026, 4, 16)
    page = response.content.decode()
    assert "réponse attendue au plus tard le 16/04/2026" in page
    assert "Disponible une fois l'identité de la personne vérifiée." in page


def test_a_request_without_a_record_ticked_is_refused_in_french(login, coordinator, world):
    response = login(coordinator).post(
        NEW,
        {
            "q": "le gall",
            "kind": RightsKind.ACCESS,
            "received_on": TODAY.isoformat(),
            "received_through": ReceivedThrough.LETTER,
        },  # fmt: skip
    )

    assert response.status_code == 400
    assert "Cochez au moins une fiche de la personne." in response.content.decode()
    assert not RightsRequest.objects.exists()


def test_a_record_of_another_search_cannot_be_slipped_in(login, coordinator, world):
    response = login(coordinator).post(
        NEW,
        {
            "q": "le gall",
            "parties": [world["neighbour"].pk],
            "kind": RightsKind.ACCESS,
            "received_on": TODAY.isoformat(),
            "received_through": ReceivedThrough.LETTER,
        },  # fmt: skip
    )

    assert response.status_code == 400
    assert not RightsRequest.objects.exists()


@pytest.fixture
def rectification(world, coordinator):
    return actions.receive_request(
        organisation=coordinator.organisation,
        by=coordinator,
        kind=RightsKind.RECTIFICATION,
        parties=world["eloise"],
        received_on=dt.date(2026, 2, 10),
        received_through=ReceivedThrough.EMAIL,
        details="Nouveau numéro de téléphone",
    )


def test_the_request_page_leads_to_the_case_pages_to_correct_her_data(
    login, coordinator, world, rectification
):
    response = login(coordinator).get(reverse("privacy:rights_detail", args=[rectification.pk]))

    page = response.content.decode()
    first, second = world["eloise"]
    assert reverse("cases:detail", args=[first.case_id]) + f"#party-{first.pk}" in page
    assert reverse("cases:action", args=[second.case_id, "modifier"]) in page
    assert (
        reverse("cases:action", args=[first.case_id, "coordonnees"]) + f"?partie={first.pk}" in page
    )
    assert "La rectification se fait depuis la page du dossier" in page
    assert "En retard" in page
    assert "Réponse au plus tard le 10/03/2026" in page
    assert [step["slug"] for step in response.context["steps"]] == [
        "identite",
        "prendre-en-charge",
        "traiter",
        "refuser",
    ]


def test_the_steps_are_answered_from_their_pages(login, coordinator, rectification):
    client = login(coordinator)
    step = "privacy:rights_step"

    form = client.get(reverse(step, args=[rectification.pk, "traiter"]))
    refused = client.post(
        reverse(step, args=[rectification.pk, "traiter"]), {"answered_on": TODAY.isoformat()}
    )
    checked = client.post(
        reverse(step, args=[rectification.pk, "identite"]), {"identity_method": "KNOWN_EMAIL"}
    )
    done = client.post(
        reverse(step, args=[rectification.pk, "traiter"]), {"answered_on": TODAY.isoformat()}
    )

    assert form.status_code == 200 and "Réponse donnée le" in form.content.decode()
    assert refused.status_code == 200
    assert "Vérifiez d&#x27;abord l&#x27;identité" in refused.content.decode()
    assert checked.status_code == 302 and done.status_code == 302
    rectification.refresh_from_db()
    assert rectification.status == RightsStatus.DONE
    assert client.get(reverse(step, args=[rectification.pk, "inconnue"])).status_code == 404


def test_an_open_case_shows_why_erasure_must_wait(login, coordinator, world):
    request = actions.receive_request(
        organisation=coordinator.organisation,
        by=coordinator,
        kind=RightsKind.ERASURE,
        parties=world["eloise"],
        received_on=TODAY,
        received_through=ReceivedThrough.IN_PERSON,
        identity_method="ID_SHOWN",
    )

    page = login(coordinator).get(reverse("privacy:rights_detail", args=[request.pk]))

    assert page.context["erasure_grounds"][0].startswith("le dossier 2026-0001 est en cours")
    assert "L'effacement n'est pas possible pour l'instant" in page.content.decode()


# --- « Aujourd'hui » and the list ---------------------------------------------------------------


def _requests(coordinator, world):
    def receive(kind, received_on):
        return actions.receive_request(
            organisation=coordinator.organisation,
            by=coordinator,
            kind=kind,
            parties=world["eloise"],
            received_on=received_on,
            received_through=ReceivedThrough.EMAIL,
            identity_method="KNOWN_EMAIL",
        )

    recent = receive(RightsKind.ACCESS, dt.date(2026, 3, 12))
    late = receive(RightsKind.ERASURE, dt.date(2026, 2, 3))
    done = receive(RightsKind.RECTIFICATION, dt.date(2026, 1, 20))
    actions.complete(rights_request=done, by=coordinator, answered_on=dt.date(2026, 2, 1))
    return recent, late, done


def test_today_lists_the_open_requests_overdue_first_and_flagged(login, coordinator, world):
    recent, late, _done = _requests(coordinator, world)

    response = login(coordinator).get(reverse("cases:today"))

    (panel,) = [p for p in response.context["panels"] if p["card"]["key"] == "droits"]
    card = panel["card"]
    assert card["title"] == "Droits des personnes : demandes à traiter, dont 1 en retard"
    assert [line["url"] for line in card["lines"]] == [
        reverse("privacy:rights_detail", args=[late.pk]),
        reverse("privacy:rights_detail", args=[recent.pk]),
    ]
    assert [line["flag"] for line in card["lines"]] == ["En retard", ""]
    assert card["more_url"] is None
    assert card["lines"][0]["detail"] == "délai dépassé depuis le 03/03/2026"
    page = response.content.decode()
    assert '<span class="badge text-bg-danger">En retard</span>' in page


@pytest.mark.parametrize("role", ["mediator", "reception"])
def test_today_shows_no_rights_request_to_the_rest_of_the_team(
    login, member, coordinator, world, role
):
    _requests(coordinator, world)

    response = login(member(role)).get(reverse("cases:today"))

    assert not [p for p in response.context["panels"] if p["card"]["key"] == "droits"]
    assert "Droits des personnes" not in response.content.decode()


def test_today_has_no_rights_card_when_nothing_waits(login, coordinator, world):
    response = login(coordinator).get(reverse("cases:today"))

    assert not [p for p in response.context["panels"] if p["card"]["key"] == "droits"]


def test_the_list_puts_overdue_requests_first_and_keeps_answered_ones_under_all(
    login, coordinator, world
):
    recent, late, done = _requests(coordinator, world)
    client = login(coordinator)

    waiting = client.get(reverse("privacy:rights_list"))
    everything = client.get(reverse("privacy:rights_list"), {"etat": "toutes"})

    assert list(waiting.context["requests"]) == [late, recent]
    assert list(everything.context["requests"]) == [late, recent, done]
    assert waiting.context["overdue"] == 1
    assert "1 demande a dépassé sa date limite de réponse." in waiting.content.decode()


def test_every_rights_page_renders_every_variable(login, coordinator, world, rectification):
    client = login(coordinator)
    detail = reverse("privacy:rights_detail", args=[rectification.pk])
    urls = [
        reverse("privacy:rights_list"),
        reverse("privacy:rights_list") + "?etat=toutes",
        NEW,
        NEW + "?q=le+gall",
        detail,
        reverse("privacy:rights_step", args=[rectification.pk, "prolonger"]),
        reverse("cases:today"),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "INVALID[" not in response.content.decode(), url


def test_a_full_card_counts_every_waiting_request_in_one_more_query(
    coordinator, world, django_assert_num_queries
):
    for day in [dt.date(2026, 1, 5 + n) for n in range(5)] + [TODAY, TODAY]:
        actions.receive_request(
            organisation=coordinator.organisation,
            by=coordinator,
            kind=RightsKind.ACCESS,
            parties=world["eloise"][:1],
            received_on=day,
            received_through=ReceivedThrough.EMAIL,
        )

    with django_assert_num_queries(2):
        card = today_panel(coordinator, TODAY)["card"]

    assert card["count"] == 7
    assert card["more_url"] == reverse("privacy:rights_list")
    assert card["title"].endswith("dont 5 en retard")
    assert [line["flag"] for line in card["lines"]] == ["En retard"] * 5 + [""]
