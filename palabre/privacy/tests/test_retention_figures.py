"""The purge moves no figure and leaves no one behind (lessons-from-peers, « Data protection »:
DORA's anonymisation overwrote a date its statistics used; RDV's purge broke a connected
product's links).

On the service counted by hand, every person planted in it (retention_support.py): every report
and indicator is read in January 2027, the clock moves to 2030 and the retention job anonymises
every closed case, then everything is read again in January 2027 — the same figures, to the
unit, at the service's level and at its network's; not one name, phone, e-mail, address, note or
typed text of an anonymised case left in any text column of any table; the partner's portal and
the observatory still answer, and say « anonymisé ».
"""

import datetime as dt

import pytest
from django.urls import reverse

from palabre.cases import codes
from palabre.cases.models import Case, ConsentRecord
from palabre.partners.tests.factories import ContactFactory, ConventionFactory
from palabre.privacy import purge
from palabre.privacy.due import ANONYMISED
from palabre.privacy.retention import HoldReason
from palabre.privacy.retention_actions import place_hold
from palabre.privacy.tests import retention_support as support
from palabre.referrals import figures as referral_figures
from palabre.referrals.models import Origin, Referral
from palabre.reports import actions as report_actions
from palabre.reports import funder, indicators, observatory, observatory_tables, report
from palabre.reports.scope import Scope
from palabre.reports.tests import conftest as counted_by_hand
from tests.test_same_number import same_number_everywhere

world = support.world
planted = support.planted
clock = support.clock
network = counted_by_hand.network
staff = counted_by_hand.staff
make_member = counted_by_hand.make_member

AFTER_EVERYTHING = dt.datetime(2030, 6, 1, 3, tzinfo=support.PARIS)
YEARS = (2025, 2026, 2027)


@pytest.fixture
def convention(world):
    """The landlord's convention (cases 1, 3 and 7), its referrals sent by the landlord."""
    landlord = world["landlords"]["archipel"]
    convention = ConventionFactory(organisation=world["service"], funder=landlord)
    convention.scope_landlords.set([landlord])
    convention.partners.add(landlord)
    return convention


@pytest.fixture
def sharing(planted, network, make_member, coordinator):
    """The service shares its figures with its network (the observatory computes them)."""
    service = planted["service"]
    service.networks.add(network)
    make_member("Service Un", organisation=service, region="BRE")
    report_actions.share_figures(network=network, by=coordinator)
    return network


def _scopes(world):
    villejean = world["rennes"].quartiers.get(name="Villejean")
    yield "service", {}
    yield "cesson", {"communes": (world["cesson"].pk,)}
    yield "villejean", {"communes": (world["rennes"].pk,), "quartiers": (villejean.pk,)}


def every_figure(world, convention, network) -> dict:
    """Every figure Palabre computes for the service and its network, as values."""
    service = world["service"]
    found = {}
    for year in YEARS:
        for name, narrowing in _scopes(world):
            scope = Scope.of_year(service, year, **narrowing)
            figures = indicators.compute(scope)
            found["figures", year, name] = figures
            found["tables", year, name] = report.activity_tables(
                figures, indicators.compute(scope.previous_year())
            )
        found["observatory", year] = observatory.figures_of(service, year)
        found["network", year] = [
            (e.member.pk, e.figures) for e in observatory_tables.entries(network, year)
        ]
        found["convention", year] = referral_figures.compute(
            convention, dt.date(year, 1, 1), dt.date(year, 12, 31)
        ).rows(suppress=True)
    report_2026 = funder.compose(convention, 2026)
    found["funder"] = (report_2026.tables, report_2026.notes, report_2026.title)
    params = {"convention": str(convention.pk), "year": 2026, "until": "2026-12-31"}
    _name, _type, content = funder.build_funder_report(service, params, lambda *a: None, "csv")
    found["funder csv"] = content
    return found


def every_page_figure(client, world, staff_client) -> dict:
    """What the pages show: the dashboard's cards, charts and tables, each figure's list and
    downloads (``same_number_everywhere``), the case list's counts, the network's observatory."""
    found = {}
    for query in (
        {"annee": "2026"},
        {"annee": "2025"},
        {"annee": "2026", "commune": world["cesson"].pk},
    ):
        page = client.get(reverse("reports:dashboard"), query)
        found["cards", str(query)] = page.context["cards"]
        found["charts", str(query)] = repr(page.context["charts"])
        found["tables", str(query)] = page.context["tables"]
        found["everywhere", str(query)] = same_number_everywhere(client, query)
    for period in ("ouverts", "traites", "clos"):
        listed = client.get(
            reverse("cases:list"), {"periode": period, "du": "2025-01-01", "au": "2027-12-31"}
        )
        found["list", period] = listed.context["page_obj"].paginator.count
    page = staff_client.get(reverse("reports:observatory"), {"annee": "2026"})
    assert page.status_code == 200
    found["observatory"] = [repr(page.context[name]) for name in ("cards", "tables", "breakdowns")]
    return found


def test_every_figure_is_the_same_before_and_after_the_purge_and_no_one_is_left(
    planted, convention, sharing, staff, coordinator, login, client, clock, django_user_model
):
    from django.test import Client

    staff_client = Client()
    staff_client.force_login(staff.user)
    session = staff_client.session
    session["palabre_membership_id"] = str(staff.pk)
    session.save()
    coordination = login(coordinator)
    # A volunteer of every interview and meeting left the service: still counted after.
    leaving = planted["volunteers"][1]
    leaving.is_active = False
    leaving.save()
    volunteer = leaving.user.get_full_name()

    before = every_figure(planted, convention, sharing)
    pages_before = every_page_figure(coordination, planted, staff_client)
    text_before = support.every_text()
    for number in support.CLOSED:
        for mark in planted["marks"][number]:
            assert mark in text_before, mark  # the test can fail: every mark is there to find

    clock(AFTER_EVERYTHING)
    purge.apply()
    clock(support.READ_AT)

    assert set(
        Case.objects.filter(anonymised_at__isnull=False).values_list("reference", flat=True)
    ) == {planted["cases"][n].reference for n in support.CLOSED}
    assert every_figure(planted, convention, sharing) == before
    assert every_page_figure(coordination, planted, staff_client) == pages_before
    text_after = support.every_text()
    left = [
        (number, mark)
        for number in support.CLOSED
        for mark in support.marks(number).values()
        if mark in text_after
    ]
    assert left == []
    assert volunteer not in text_after
    leaving.user.refresh_from_db()
    assert (leaving.user.last_name, leaving.user.is_active) == (ANONYMISED, False)
    # The open cases keep everything.
    for number in support.OPEN:
        for mark in planted["marks"][number]:
            assert mark in text_after, (number, mark)


# --- Links from outside: the partner's portal, the observatory ----------------------------------


@pytest.fixture
def referrer(planted, member):
    """A landlord's agent with a partner account; the referrals of C1 (closed) and C7 (open)
    came from the landlord, and the requester of C1 agreed to the landlord knowing its status."""
    landlord = planted["landlords"]["archipel"]
    account = member("partner")
    ContactFactory(partner=landlord, membership=account)
    Referral.objects.filter(case__in=[planted["cases"][1], planted["cases"][7]]).update(
        partner=landlord, origin=Origin.PARTNER_ACCOUNT, agreed_to_share_status=True
    )
    first = planted["cases"][1]
    ConsentRecord.objects.create(
        organisation=first.organisation,
        case=first,
        party=first.parties.get(role=codes.PartyRole.REQUESTER),
        kind=codes.ConsentKind.SHARE_STATUS_WITH_REFERRER,
        given_on=first.opened_on,
        method=codes.ConsentMethod.choices[0][0],
    )
    return account


def test_the_partner_portal_and_the_observatory_answer_anonymise_for_a_purged_case(
    planted, referrer, sharing, staff, login, clock, coordinator
):
    kept = planted["cases"][9]
    place_hold(case=kept, by=coordinator, reason=HoldReason.DISPUTE)
    portal = login(referrer).get(reverse("referrals:portal"))
    assert "Nomdemandeur01" in portal.content.decode()

    clock(AFTER_EVERYTHING)
    purge.apply()
    clock(support.READ_AT)

    portal = login(referrer).get(reverse("referrals:portal"))
    assert portal.status_code == 200
    rows = {referral.case_id: shown for referral, shown in portal.context["rows"]}
    page = portal.content.decode()
    assert "Nomdemandeur01" not in page and "anonymisé" in page
    assert "Nomdemandeur07" in page  # the open case keeps its person
    assert rows[planted["cases"][1].pk].progress == "CLOSED"  # the status still says closed
    network_page = login(staff).get(reverse("reports:observatory"), {"annee": "2026"})
    assert network_page.status_code == 200
    member = network_page.context["entries"][0].member
    member_page = login(staff).get(
        reverse("reports:observatory_member", args=[member.pk]), {"annee": "2026"}
    )
    assert member_page.status_code == 200
    case_page = login(coordinator).get(reverse("cases:detail", args=[planted["cases"][1].pk]))
    assert case_page.status_code == 200
    assert "Dossier anonymisé" in case_page.content.decode()
    # The case under a legal hold keeps every one of its people and words.
    kept.refresh_from_db()
    assert kept.anonymised_at is None
    text = support.every_text()
    assert all(mark in text for mark in planted["marks"][9])
