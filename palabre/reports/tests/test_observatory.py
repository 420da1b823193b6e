"""The observatory: the document a service shares, what the receiver accepts and refuses, the
consent of a service of this instance, the network's dashboards with their small counts hidden,
who reaches what, and the demo."""

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from palabre.cases.models import PrivateNote
from palabre.cases.tests.factories import MembershipFactory, OrganisationFactory
from palabre.core.actions import Refused
from palabre.core.models import JournalEntry
from palabre.network.models import Member
from palabre.reports import actions, observatory, observatory_tables
from palabre.reports.demo_observatory import CONFLICTS, SOURCES, seed_observatory
from palabre.reports.models import (
    PushKey,
    ReceivedDocument,
    SharedFigures,
    SharingConsent,
)
from palabre.reports.tables import SUPPRESSED
from palabre.reports.tests.observatory_support import SECRET, document, figures, shared

RECEIVE = "/bilans/observatoire/reception/"


def receive(doc, *, key_id="obs-essai", secret=SECRET, body=None, now=None):
    body = observatory.encode(doc) if body is None else body
    return observatory.receive(
        body=body, key_id=key_id, signature=observatory.sign(body, secret), now=now
    )


def nothing_stored():
    return not ReceivedDocument.objects.exists() and not SharedFigures.objects.exists()


# --- The document ---------------------------------------------------------------------------------


def test_a_service_shares_its_year_counted_by_the_indicators_and_nothing_about_a_person(world):
    shared_figures = observatory.figures_of(world["service"], 2026)

    assert shared_figures == {
        "new_cases": 21,
        "treated_cases": 22,
        "closed_cases": 7,
        "agreements": 3,
        "acceptance_accepted": 4,
        "acceptance_answered": 5,
        "interviews": 9,
        "joint_meetings": 4,
        "information_requests": 3,
        "closure_delay_cases": 7,
        "closure_delay_median_days": 61.0,
        "by_conflict": {"NOISE": 18, "VEGETATION": 2, "ANIMALS": 1},
        "by_referral_source": {"SELF": 17, "SOCIAL_LANDLORD": 2, "POLICE_NATIONALE": 2},
    }
    built = observatory.build_document(
        organisation=world["service"], year=2026, network="reseau", key_id="obs-1"
    )
    assert observatory.validate(built) == []
    assert "Demandeur" not in observatory.encode(built).decode()


def _documented_schema():
    text = (Path(settings.BASE_DIR) / "docs" / "observatory-schema.md").read_text()
    blocks = re.findall(r"```json\n(.*?)```", text, re.S)
    return json.loads(blocks[0]), json.loads(blocks[-1])


def test_the_documented_schema_names_the_keys_the_receiver_checks():
    example, schema = _documented_schema()

    assert schema["$id"] == observatory.SCHEMA
    assert set(schema["properties"]) == set(observatory.KEYS[observatory.FIGURES])
    assert schema["required"] == list(observatory.ENVELOPE)
    assert schema["properties"]["figures"]["required"] == list(observatory.FIGURE_KEYS)
    assert observatory.validate(example, today=dt.date(2027, 1, 20)) == []


# --- Receiving ------------------------------------------------------------------------------------


def test_a_signed_document_is_stored_as_the_members_figures_of_its_year(key):
    doc = document(key)

    received = receive(doc)

    stored = SharedFigures.objects.get()
    assert (stored.member, stored.year, stored.payload) == (key.member, 2026, doc["figures"])
    assert str(received.document_id) == doc["document_id"]
    assert JournalEntry.objects.filter(verb="observatory_figures_received").count() == 1


def test_the_same_document_sent_twice_is_refused_as_a_replay(key):
    doc = document(key)
    receive(doc)

    with pytest.raises(observatory.Rejected) as refused:
        receive(doc)

    assert refused.value.status == 409
    assert "déjà été reçu" in refused.value.message
    assert ReceivedDocument.objects.count() == 1


def test_an_old_document_replayed_after_newer_figures_is_still_refused(key):
    first = document(key)
    receive(first)
    receive(document(key, figures=figures(new_cases=45, treated_cases=60)))

    with pytest.raises(observatory.Rejected) as refused:
        receive(first)

    assert refused.value.status == 409
    assert SharedFigures.objects.get().payload["new_cases"] == 45


def test_figures_older_than_those_received_for_the_same_year_are_refused(key):
    receive(document(key))
    earlier = (timezone.now() - dt.timedelta(minutes=5)).astimezone(dt.UTC).isoformat()

    with pytest.raises(observatory.Rejected) as refused:
        receive(document(key, sent_at=earlier, figures=figures(new_cases=1)))

    assert refused.value.status == 409
    assert SharedFigures.objects.get().payload["new_cases"] == 40


def test_a_tampered_body_fails_the_signature_and_nothing_is_stored(key):
    body = observatory.encode(document(key))
    signature = observatory.sign(body, SECRET)
    tampered = body.replace(b'"new_cases": 40', b'"new_cases": 400')

    with pytest.raises(observatory.Rejected) as refused:
        observatory.receive(body=tampered, key_id=key.key_id, signature=signature)

    assert refused.value.status == 401
    assert "Signature invalide" in refused.value.message
    assert nothing_stored()


@pytest.mark.parametrize(
    "key_id, secret",
    [("obs-inconnue", SECRET), ("obs-essai", "un-autre-secret"), ("", SECRET)],
    ids=["unknown key", "wrong secret", "no key"],
)
def test_a_document_without_a_valid_key_is_refused(key, key_id, secret):
    with pytest.raises(observatory.Rejected) as refused:
        receive(document(key), key_id=key_id, secret=secret)

    assert refused.value.status == 401
    assert nothing_stored()


def test_a_revoked_key_signs_nothing(key, staff):
    actions.revoke_push_key(key=key, by=staff)

    with pytest.raises(observatory.Rejected) as refused:
        receive(document(key))

    assert refused.value.status == 401
    assert nothing_stored()


MALFORMED = {
    "missing key": (lambda d: d.pop("year"), "Clé manquante : « year »"),
    "unknown key": (lambda d: d.update(comment="x"), "Clé inconnue : « comment »"),
    "negative number": (
        lambda d: d["figures"].update(new_cases=-1),
        "« figures.new_cases » doit être un entier positif ou nul",
    ),
    "wrong type": (
        lambda d: d["figures"].update(interviews="80"),
        "« figures.interviews » doit être un entier positif ou nul",
    ),
    "boolean as a count": (
        lambda d: d["figures"].update(joint_meetings=True),
        "« figures.joint_meetings » doit être un entier",
    ),
    "missing figure": (
        lambda d: d["figures"].pop("agreements"),
        "Clé manquante : « figures.agreements »",
    ),
    "a name among the figures": (
        lambda d: d["figures"].update(requester="Mme Durand"),
        "Clé inconnue : « figures.requester »",
    ),
    "unknown code": (
        lambda d: d["figures"]["by_conflict"].update(GOSSIP=2),
        "Code inconnu dans « figures.by_conflict » : « GOSSIP »",
    ),
    "year in the future": (lambda d: d.update(year=2999), "« year » doit être une année"),
    "year as text": (lambda d: d.update(year="2026"), "« year » doit être une année"),
    "schema version": (lambda d: d.update(schema="palabre-observatoire/9"), "« schema »"),
    "document id": (lambda d: d.update(document_id="12"), "« document_id » doit être un UUID"),
    "date without zone": (lambda d: d.update(sent_at="2026-11-30T10:00:00"), "« sent_at »"),
    "part above its whole": (
        lambda d: d["figures"].update(agreements=31),
        "« figures.agreements » ne peut pas dépasser « figures.closed_cases »",
    ),
    "other key's document": (
        lambda d: d.update(member_key_id="obs-autre"),
        "« member_key_id » ne correspond pas",
    ),
    "other network": (lambda d: d.update(network="autre-reseau"), "« network » ne désigne pas"),
    "figures not an object": (lambda d: d.update(figures=[1, 2]), "« figures » doit être un objet"),
}


@pytest.mark.parametrize("spoil, problem", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_document_is_refused_with_the_problem_in_french_and_nothing_stored(
    key, spoil, problem
):
    doc = document(key)
    spoil(doc)

    with pytest.raises(observatory.Rejected) as refused:
        receive(doc)

    assert refused.value.status == 400
    assert refused.value.message == "Document mal formé : rien n'a été enregistré."
    assert any(problem in found for found in refused.value.problems), refused.value.problems
    assert nothing_stored()


@pytest.mark.parametrize("body", [b"{pas du json", b"[" * 5_000 + b"]" * 5_000])
def test_a_body_that_is_not_json_is_refused(key, body):
    with pytest.raises(observatory.Rejected) as refused:
        receive(None, body=body)

    assert (refused.value.status, nothing_stored()) == (400, True)
    assert "JSON" in refused.value.message


def test_a_document_sent_too_long_ago_is_refused(key):
    doc = document(key)

    with pytest.raises(observatory.Rejected) as refused:
        receive(doc, now=timezone.now() + dt.timedelta(minutes=11))

    assert refused.value.status == 400
    assert "10 minutes" in refused.value.message
    assert nothing_stored()


def test_a_withdrawal_removes_every_figure_of_the_member(key):
    receive(document(key, year=2025))
    receive(document(key, year=2026))
    withdrawal = document(key)
    del withdrawal["year"], withdrawal["figures"]
    withdrawal["type"] = "withdrawal"

    receive(withdrawal)

    assert not SharedFigures.objects.exists()
    assert ReceivedDocument.objects.filter(kind="withdrawal").count() == 1


def test_the_receiving_address_answers_in_json_without_an_account(client, key):
    body = observatory.encode(document(key))

    def post(body, signature):
        return client.post(
            RECEIVE,
            body,
            content_type="application/json",
            headers={"X-Palabre-Key": key.key_id, "X-Palabre-Signature": signature},
        )

    accepted = post(body, observatory.sign(body, SECRET))
    replayed = post(body, observatory.sign(body, SECRET))
    too_big = post(b" " * (observatory.MAX_BYTES + 1), "x")

    assert accepted.status_code == 201 and accepted.json()["accepted"] is True
    assert replayed.status_code == 409
    assert "déjà été reçu" in replayed.json()["error"]
    assert too_big.status_code == 413
    assert client.get(RECEIVE).status_code == 405


# --- A service of this instance shares, then withdraws ------------------------------------------


@pytest.fixture
def sharing_service(world, network, make_member):
    service = world["service"]
    service.networks.add(network)
    make_member("Service Un", organisation=service, region="BRE")
    return service


def test_a_service_shares_its_figures_and_the_network_computes_them(
    sharing_service, network, coordinator
):
    actions.share_figures(network=network, by=coordinator)

    found = observatory_tables.entries(network, 2026)

    assert [(e.member.name, e.source, e.figures["new_cases"]) for e in found] == [
        ("Service Un", "local", 21)
    ]
    assert JournalEntry.objects.filter(verb="observatory_sharing_given").count() == 1


def test_a_withdrawn_consent_leaves_the_next_computation(sharing_service, network, coordinator):
    actions.share_figures(network=network, by=coordinator)
    actions.withdraw_figures(network=network, by=coordinator)

    assert observatory_tables.entries(network, 2026) == []
    consent = SharingConsent.objects.get()
    assert consent.withdrawn_by == coordinator.user
    assert JournalEntry.objects.filter(verb="observatory_sharing_withdrawn").count() == 1


def test_a_service_shares_only_with_its_own_networks_and_once(service, network, coordinator):
    with pytest.raises(Refused):
        actions.share_figures(network=network, by=coordinator)
    service.networks.add(network)
    actions.share_figures(network=network, by=coordinator)
    with pytest.raises(Refused):
        actions.share_figures(network=network, by=coordinator)


def test_the_coordinator_shares_and_withdraws_from_the_sharing_page(
    sharing_service, network, coordinator, login
):
    client = login(coordinator)
    url = reverse("reports:observatory_sharing_decision", args=[network.pk])

    page = client.get("/bilans/observatoire/partage/")
    client.post(url, {"decision": "share"})
    shared_page = client.get("/bilans/observatoire/partage/")
    client.post(url, {"decision": "withdraw"})

    assert "Non partagés" in page.content.decode()
    assert "Partagés depuis le" in shared_page.content.decode()
    assert not SharingConsent.objects.active().exists()
    assert SharingConsent.objects.count() == 1


# --- The network's dashboards ---------------------------------------------------------------------


def test_the_dashboard_sums_members_by_region_and_hides_counts_under_five(
    sharing_service, network, coordinator, make_member, staff, login
):
    actions.share_figures(network=network, by=coordinator)
    shared(make_member("Médiation Lyon", region="ARA"), 2026, figures())

    found = observatory_tables.entries(network, 2026)
    activity, results = observatory_tables.group_tables(found, "region")

    by_label = {row[0]: row for row in activity.rows}
    assert by_label["Bretagne"][1:] == [1, 21, 22, 7, 9, SUPPRESSED, SUPPRESSED]
    assert by_label["Ensemble des structures"][1:] == [2, 61, 74, 37, 89, 13, 28]
    brittany = next(row for row in results.rows if row[0] == "Bretagne")
    assert brittany[3:] == [SUPPRESSED, SUPPRESSED, 5, SUPPRESSED, SUPPRESSED]
    page = login(staff).get("/bilans/observatoire/?annee=2026&par=legal_type").content.decode()
    assert "Activité par type de structure" in page
    assert "&lt; 5" in page
    assert "Médiation Lyon" in page and "Service Un" in page


def test_a_pole_sees_its_own_members_only(network, make_member, staff, login, other_service):
    from palabre.network.models import Pole

    west = Pole.objects.create(network=network, name="Pôle Ouest", regions=["BRE"])
    inside, outside = make_member("Médiation Brest"), make_member("Médiation Nice", region="PAC")
    inside.pole = west
    inside.save()
    shared(inside, 2026, figures())
    shared(outside, 2026, figures())
    client = login(staff)
    page = client.get(f"/bilans/observatoire/?annee=2026&pole={west.pk}").content.decode()
    assert "Observatoire du pôle Pôle Ouest" in page
    assert "Médiation Brest" in page and "Médiation Nice" not in page
    foreign = Pole.objects.create(network=other_service, name="Ailleurs")
    assert client.get(f"/bilans/observatoire/?pole={foreign.pk}").status_code == 404


def test_the_dashboard_groups_by_type_and_phase(network, make_member):
    shared(make_member("A", legal_type="CITY", phase="LAUNCH"), 2026, figures())
    shared(make_member("B", legal_type="CITY", phase="PERMANENT"), 2026, figures())
    found = observatory_tables.entries(network, 2026)

    by_type = observatory_tables.group_tables(found, "legal_type")[0]
    by_phase = observatory_tables.group_tables(found, "phase")[0]

    assert [row[:3] for row in by_type.rows] == [
        ["Commune", 2, 80],
        ["Ensemble des structures", 2, 80],
    ]
    assert [row[:3] for row in by_phase.rows] == [
        ["En lancement", 1, 40],
        ["Pérenne", 1, 40],
        ["Ensemble des structures", 2, 80],
    ]


def test_inactive_members_and_other_years_are_not_counted(network, make_member):
    gone = make_member("Ancien membre")
    gone.is_active = False
    gone.save()
    shared(gone, 2026, figures())
    shared(make_member("Autre année"), 2025, figures())

    assert observatory_tables.entries(network, 2026) == []


def test_a_member_is_compared_with_the_median_of_the_others_of_its_kind(network, make_member):
    me = make_member("Moi")
    for name, new in (("P1", 10), ("P2", 30), ("P3", 50)):
        shared(make_member(name), 2026, figures(new_cases=new, closed_cases=3, agreements=3))
    shared(make_member("Autre type", legal_type="CITY"), 2026, figures(new_cases=999))
    shared(me, 2026, figures(new_cases=4, closure_delay_cases=4, closed_cases=4, agreements=2))
    found = observatory_tables.entries(network, 2026)
    entry = next(e for e in found if e.member == me)
    peers = observatory_tables.peers_of(entry, found)

    counts, rates, delays = observatory_tables.comparison_tables(entry, peers)

    assert [p.member.name for p in peers] == ["P1", "P2", "P3"]
    rows = {row[0]: row[1:] for row in counts.rows}
    assert rows["Nouvelles saisines"] == [SUPPRESSED, 30]
    assert rows["Situations closes"] == [SUPPRESSED, SUPPRESSED]  # the peers' median is 3
    assert rates.rows[0][1:] == [SUPPRESSED, None]  # no peer has a rate that can be shown
    assert delays.rows[0][1:] == [SUPPRESSED, 45]


def test_no_median_is_shown_with_fewer_than_three_comparable_members(network, make_member):
    me = make_member("Moi")
    shared(make_member("Seul pair"), 2026, figures(new_cases=30))
    shared(me, 2026, figures())
    found = observatory_tables.entries(network, 2026)
    entry = next(e for e in found if e.member == me)

    counts = observatory_tables.comparison_tables(entry, observatory_tables.peers_of(entry, found))

    assert {row[0]: row[1:] for row in counts[0].rows}["Nouvelles saisines"] == [40, None]


def test_the_comparison_page_shows_the_member_and_hides_small_counts(
    network, make_member, staff, login
):
    me = make_member("Médiation Brest")
    shared(me, 2026, figures(joint_meetings=3))

    page = login(staff).get(reverse("reports:observatory_member", args=[me.pk]), {"annee": 2026})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Médiation Brest — 2026" in text
    assert "&lt; 5" in text
    assert "Il en faut au moins 3" in text


# --- Keys -----------------------------------------------------------------------------------------


def test_network_staff_give_a_member_a_key_whose_secret_is_shown_once(
    network, make_member, staff, login
):
    member = make_member("Médiation Nantes")
    client = login(staff)

    created = client.post("/bilans/observatoire/cles/", {"member": member.pk})
    listed = client.get("/bilans/observatoire/cles/")

    key = PushKey.objects.get()
    assert key.secret in created.content.decode()
    assert key.key_id in listed.content.decode()
    assert key.secret not in listed.content.decode()
    client.post(reverse("reports:observatory_key_revoke", args=[key.pk]))
    key.refresh_from_db()
    assert key.revoked_at is not None


# --- Who reaches what -----------------------------------------------------------------------------

NETWORK_PAGES = ["/bilans/observatoire/", "/bilans/observatoire/cles/"]


@pytest.mark.parametrize(
    "role, in_network, reaches",
    [
        ("network_staff", True, True),
        ("admin", True, True),
        ("partner", True, False),
        ("admin", False, False),
        ("coordinator", False, False),
        ("board", False, False),
        ("mediator", False, False),
    ],
)
def test_only_the_networks_staff_reach_its_observatory(
    network, service, role, in_network, reaches, login
):
    membership = MembershipFactory(organisation=network if in_network else service, role=role)
    client = login(membership)

    for url in NETWORK_PAGES:
        assert client.get(url).status_code == (200 if reaches else 404), url


@pytest.mark.parametrize(
    "role, reaches",
    [
        ("admin", True),
        ("coordinator", True),
        ("mediator", False),
        ("reception", False),
        ("board", False),
        ("partner", False),
    ],
)
def test_the_service_management_decides_what_it_shares(service, network, role, reaches, login):
    service.networks.add(network)
    client = login(MembershipFactory(organisation=service, role=role))

    page = client.get("/bilans/observatoire/partage/")
    decided = client.post(
        reverse("reports:observatory_sharing_decision", args=[network.pk]), {"decision": "share"}
    )

    assert page.status_code == (200 if reaches else 404)
    assert decided.status_code == (302 if reaches else 404)
    assert SharingConsent.objects.exists() is reaches


def test_network_staff_cannot_share_and_a_foreign_network_is_not_found(
    service, network, staff, coordinator, login
):
    foreign = OrganisationFactory(kind="NETWORK", slug="reseau-etranger")
    url = reverse("reports:observatory_sharing_decision", args=[foreign.pk])

    assert login(staff).get("/bilans/observatoire/partage/").status_code == 404
    assert login(coordinator).post(url, {"decision": "share"}).status_code == 404


def test_another_networks_member_and_key_are_not_found(network, staff, login):
    foreign = OrganisationFactory(kind="NETWORK", slug="reseau-etranger")
    member = Member.objects.create(
        network=foreign, name="Étranger", legal_type="CITY", region="IDF"
    )
    foreign_key = PushKey.objects.create(network=foreign, member=member, key_id="k", secret="s")
    client = login(staff)

    assert client.get(reverse("reports:observatory_member", args=[member.pk])).status_code == 404
    revoke = reverse("reports:observatory_key_revoke", args=[foreign_key.pk])
    assert client.post(revoke).status_code == 404


def test_the_network_never_sees_a_case_a_party_or_a_note(
    sharing_service, network, coordinator, make_member, staff, login, world, key
):
    """The service's cases carry names (« Demandeur 1 », « Autre 1 ») and a note; none of
    them appears on any page or answer of the observatory the network's account reaches."""
    case = world["cases"][1]
    PrivateNote.objects.create(
        organisation=case.organisation, case=case, author=coordinator.user, text="NOTE-SECRETE"
    )
    actions.share_figures(network=network, by=coordinator)
    me = Member.objects.get(organisation=sharing_service)
    client = login(staff)
    body = observatory.encode(document(key))
    answers = [
        client.get("/bilans/observatoire/?annee=2026"),
        client.get("/bilans/observatoire/?annee=2026&par=phase"),
        client.get("/bilans/observatoire/?annee=2026&par=legal_type"),
        client.get(reverse("reports:observatory_member", args=[me.pk]), {"annee": 2026}),
        client.get("/bilans/observatoire/cles/"),
        client.post(
            RECEIVE,
            body,
            content_type="application/json",
            headers={"X-Palabre-Key": key.key_id, "X-Palabre-Signature": "faux"},
        ),
    ]

    for answer in answers:
        text = answer.content.decode()
        assert answer.status_code in (200, 401)
        for marker in ("Demandeur", "Autre 1", "NOTE-SECRETE", "Villejean", "Archipel"):
            assert marker not in text, (answer.request["PATH_INFO"], marker)


# --- Demo -----------------------------------------------------------------------------------------


def test_the_demo_shares_the_service_and_stores_two_years_for_directory_members(
    network, service, make_member, staff, login
):
    service.networks.add(network)
    make_member("Cité et médiation", organisation=service)
    for n in range(4):
        make_member(
            f"Membre {n}", region=["BRE", "IDF"][n % 2], phase=["LAUNCH", "PERMANENT"][n % 2]
        )

    stored = seed_observatory(network, year=2025, members=3)

    assert stored == 6
    assert SharingConsent.objects.active().filter(organisation=service).exists()
    assert set(SharedFigures.objects.values_list("year", flat=True)) == {2024, 2025}
    for row in SharedFigures.objects.all():
        doc = {"schema": observatory.SCHEMA, "type": "figures", "document_id": str(row.pk),
               "sent_at": row.sent_at.isoformat(), "network": network.slug,
               "member_key_id": "obs-demo", "year": row.year, "figures": row.payload}  # fmt: skip
        assert observatory.validate(doc) == [], row.member
    page = login(staff).get("/bilans/observatoire/?annee=2025")
    assert page.status_code == 200
    assert "Membre 0" in page.content.decode()


def test_the_demo_uses_known_codes_only():
    assert set(CONFLICTS) <= set(observatory.BREAKDOWNS["by_conflict"])
    assert set(SOURCES) <= set(observatory.BREAKDOWNS["by_referral_source"])
