"""Pooled funding search through its pages: the staff publish a call (a new funder with it),
members see the calls that fit them first, mark their interest, their application and its
result; the network sees who did what per call, and each funder's history across years. Bad
input answers in French and changes nothing."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from palabre.core.models import JournalEntry
from palabre.network import actions_funding
from palabre.network.models import FundingApplication, FundingCall
from palabre.network.tests.funding_support import (
    TODAY,
    publish,
)
from palabre.partners.models import Partner, PartnerName


def _call_data(**changes):
    data = {
        "title": "Prévenir les conflits de voisinage",
        "funder": "",
        "new_funder_name": "Fondation du Logement",
        "new_funder_kind": "FOUNDATION",
        "amount_min": "5000",
        "amount_max": "25000",
        "amount_total": "",
        "opens_on": TODAY.isoformat(),
        "deadline": (TODAY + dt.timedelta(days=40)).isoformat(),
        "eligibility": "Associations de médiation.",
        "legal_types": ["ASSOCIATION"],
        "domains": ["NEIGHBOURHOOD_CONFLICTS"],
        "regions": ["BRE"],
        "url": "https://exemple.fr/appel",
    }
    data.update(changes)
    return data


def test_the_staff_publish_a_call_with_a_new_funder(funding_world, login):
    client = login(funding_world["staff"])
    assert client.get(reverse("network:funding_call_create")).status_code == 200
    response = client.post(reverse("network:funding_call_create"), _call_data())
    assert response.status_code == 302
    call = FundingCall.objects.get(title="Prévenir les conflits de voisinage")
    assert call.funder.name == "Fondation du Logement" and call.funder.is_funder
    assert call.funder.organisation == funding_world["network"]
    assert (call.regions, call.status) == (["BRE"], "OPEN")
    assert JournalEntry.objects.filter(verb="funding_call_published", subject_id=call.pk).exists()


def test_bad_calls_are_refused_in_french_and_nothing_is_saved(funding_world, login):
    client = login(funding_world["staff"])
    before = (FundingCall.objects.count(), Partner.objects.count())
    cases = [
        ({"deadline": (TODAY - dt.timedelta(days=1)).isoformat()}, "La date limite ne peut pas"),
        ({"amount_min": "30000"}, "Le montant minimum dépasse le montant maximum"),
        ({"amount_total": "1000"}, "Le montant maximum dépasse l&#x27;enveloppe totale"),
        ({"new_funder_name": ""}, "Indiquez le financeur"),
        (
            {"funder": str(funding_world["funder"].pk)},
            "Choisissez un financeur de la liste ou nommez-en un nouveau",
        ),
        ({"amount_max": "-5"}, "supérieure ou égale à 0"),
        ({"regions": ["XXX"]}, "Sélectionnez un choix valide"),
        ({"title": ""}, "Ce champ est obligatoire"),
    ]
    for changes, message in cases:
        response = client.post(reverse("network:funding_call_create"), _call_data(**changes))
        assert response.status_code == 200, changes
        assert message in response.content.decode(), changes
    assert (FundingCall.objects.count(), Partner.objects.count()) == before


def test_the_staff_edit_and_close_a_call(funding_world, login):
    call = funding_world["call"]
    client = login(funding_world["staff"])
    url = reverse("network:funding_call_edit", args=[call.pk])
    assert client.get(url).status_code == 200
    data = _call_data(
        new_funder_name="", funder=str(funding_world["funder"].pk), status="CLOSED", title="Clos"
    )
    assert client.post(url, data).status_code == 302
    call.refresh_from_db()
    assert (call.title, call.status) == ("Clos", "CLOSED")


def test_a_member_sees_the_calls_that_fit_it_first_and_can_see_all(funding_world, login):
    world = funding_world
    publish(
        world["network"], world["funder"], title="Transports du soir", regions=["IDF"],
        domains=["TRANSPORT"],
    )  # fmt: skip
    publish(world["network"], world["funder"], title="Échu", deadline_in=-1)
    client = login(world["coordinator"])
    page = client.get(reverse("network:funding")).content.decode()
    fitting, others = page.split("Les autres appels ouverts")
    assert "Médiation de voisinage" in fitting and "Transports du soir" not in page
    assert "Voir l'autre appel ouvert" in others and "Échu" not in page
    page = client.get(reverse("network:funding") + "?tous=1").content.decode()
    assert "Transports du soir" in page.split("Les autres appels ouverts")[1]


def test_a_member_marks_interest_then_its_application_then_its_result(funding_world, login):
    world = funding_world
    call = world["call"]
    client = login(world["coordinator"])
    url = reverse("network:funding_call", args=[call.pk])
    assert "Signaler notre intérêt" in client.get(url).content.decode()
    client.post(reverse("network:funding_interest", args=[call.pk]))
    application = FundingApplication.objects.get(call=call, member=world["member"])
    assert (application.stage, application.interested_on) == ("INTEREST", TODAY)
    # Twice: refused, still one.
    response = client.post(reverse("network:funding_interest", args=[call.pk]), follow=True)
    assert "Votre structure suit déjà cet appel." in response.content.decode()
    assert FundingApplication.objects.count() == 1

    apply_url = reverse("network:funding_apply", args=[call.pk])
    future = (TODAY + dt.timedelta(days=1)).isoformat()
    response = client.post(apply_url, {"applied_on": future})
    assert "La date de dépôt ne peut pas être dans le futur." in response.content.decode()
    too_early = (call.opens_on - dt.timedelta(days=1)).isoformat()
    assert (
        "précéder l&#x27;ouverture"
        in client.post(apply_url, {"applied_on": too_early}).content.decode()
    )
    application.refresh_from_db()
    assert application.stage == "INTEREST" and application.applied_on is None
    assert client.post(apply_url, {"applied_on": TODAY.isoformat()}).status_code == 302
    application.refresh_from_db()
    assert (application.stage, application.applied_on) == ("APPLIED", TODAY)

    result_url = reverse("network:funding_result", args=[call.pk])
    bad = [
        ({"result": "OBTAINED", "result_on": TODAY.isoformat()}, "Indiquez le montant obtenu."),
        (
            {"result": "REFUSED", "result_on": TODAY.isoformat(), "amount": "100"},
            "Un montant ne s&#x27;indique que pour un financement obtenu.",
        ),
        ({"result": "MAYBE", "result_on": TODAY.isoformat()}, "Sélectionnez un choix valide"),
        ({"result": "OBTAINED", "result_on": future, "amount": "100"}, "dans le futur"),
    ]
    for data, message in bad:
        response = client.post(result_url, data)
        assert response.status_code == 200 and message in response.content.decode(), data
    application.refresh_from_db()
    assert application.stage == "APPLIED" and application.amount_obtained is None
    data = {"result": "OBTAINED", "result_on": TODAY.isoformat(), "amount": "12500"}
    assert client.post(result_url, data).status_code == 302
    application.refresh_from_db()
    assert (application.stage, application.amount_obtained) == ("OBTAINED", Decimal("12500"))
    assert "déjà enregistré" in client.post(result_url, data).content.decode()
    # The staff see it on the call's page.
    page = login(world["staff"]).get(url).content.decode()
    assert "Médiation de Rennes" in page and "Obtenu" in page


def test_an_interest_can_be_withdrawn_but_a_refusal_needs_an_application(funding_world):
    world = funding_world
    application = actions_funding.mark_interest(
        call=world["call"], member=world["member"], by=world["coordinator"]
    )
    for result in ("REFUSED", "OBTAINED"):
        try:
            actions_funding.record_result(
                application=application, by=None, result=result, result_on=TODAY, amount=None
            )
        except actions_funding.Refused as refused:
            assert "Enregistrez d'abord le dépôt" in refused.message
        else:
            raise AssertionError(result)
    actions_funding.record_result(
        application=application, by=None, result="WITHDRAWN", result_on=TODAY
    )
    application.refresh_from_db()
    assert application.stage == "WITHDRAWN"


def test_no_interest_in_a_closed_or_past_call(funding_world):
    world = funding_world
    past = publish(world["network"], world["funder"], title="Échu", deadline_in=-1)
    for call in (past,):
        try:
            actions_funding.mark_interest(call=call, member=world["member"], by=None)
        except actions_funding.Refused as refused:
            assert "Cet appel est clos" in refused.message
        else:
            raise AssertionError
    assert not FundingApplication.objects.exists()


def test_the_funders_history_gives_each_year_its_name_applicants_and_amounts(funding_world, login):
    world = funding_world
    network, funder = world["network"], world["funder"]
    PartnerName.objects.create(
        organisation=network,
        partner=funder,
        name="Fondation Ancienne",
        valid_until=dt.date(2025, 3, 16),
    )
    for year, amount in ((2024, Decimal("9000")), (2025, Decimal("11000"))):
        call = publish(
            network, funder, title=f"Appel {year}", opens_on=dt.date(year, 5, 1),
            deadline=dt.date(year, 6, 30),
        )  # fmt: skip
        for member in (world["member"], world["other_member"]):
            actions_funding.record_application(
                call=call, member=member, by=None, applied_on=dt.date(year, 6, 1)
            )
        first = call.applications.get(member=world["member"])
        actions_funding.record_result(
            application=first, by=None, result="OBTAINED", result_on=dt.date(year, 9, 1),
            amount=amount,
        )  # fmt: skip
    client = login(world["staff"])
    assert "Fondation de France" in client.get(reverse("network:funders")).content.decode()
    page = client.get(reverse("network:funder", args=[funder.pk])).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert len(rows) == 3  # 2026 (the open call), 2025, 2024
    assert "2024" in rows[2] and "Fondation Ancienne" in rows[2] and "9\xa0000" in rows[2]
    assert "2025" in rows[1] and "Fondation de France" in rows[1] and "11\xa0000" in rows[1]
    assert rows[1].count(">2<") == 1  # two applicants in 2025
