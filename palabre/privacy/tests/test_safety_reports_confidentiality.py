"""The content of a *signalement exceptionnel* reaches its proposer and the coordination, and
no one else: a marker is planted in two reports (one proposed, one urgent), every page reachable
from the home page is crawled in each other role, the exports of case lists are read, and the
marker must be found nowhere — nor in the Journal or an e-mail."""

import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse

from palabre.core.models import JournalEntry
from palabre.privacy.tests import safety_support as support
from palabre.privacy.tests.safety_support import MARKER, propose, propose_urgent
from tests.crawling import crawl

clock = support.clock
team = support.team


@pytest.fixture
def reports(team):
    return [propose(team), propose_urgent(team, by=team["coordinator"])]


def _report_urls(reports):
    return [reverse("dpo:safety_report", args=[report.pk]) for report in reports]


@pytest.mark.parametrize(
    "who", ["reception", "board", "partner", "network_staff", "pair", "unassigned", "foreign"]
)
def test_the_content_of_a_report_reaches_no_one_else(
    who, team, reports, member, other_service, login
):
    membership = {
        "pair": team["pair"],  # the other mediator of the case: not the proposer
        "unassigned": None,
        "foreign": None,
    }.get(who)
    if who == "unassigned":
        membership = member("mediator")
    elif who == "foreign":
        membership = member("coordinator", other_service)
    elif membership is None:
        membership = member(who)
    client = login(membership)

    pages = list(crawl(client))
    extra = _report_urls(reports) + [
        reverse("dpo:safety_reports") + "?vue=tous",
        reverse("cases:detail", args=[team["case"].pk]),
    ]
    responses = pages + [(url, client.get(url)) for url in extra]

    assert pages
    for url, response in responses:
        assert MARKER not in response.content.decode(errors="ignore"), url


def test_the_proposer_and_the_coordination_do_read_it(team, reports, login):
    for membership in (team["mediator"], team["second"]):
        response = login(membership).get(_report_urls(reports)[0])
        assert MARKER in response.content.decode()


def test_exports_of_case_lists_and_the_journal_carry_no_content(team, reports, login):
    client = login(team["coordinator"])
    for extension in ("csv", "ods", "xlsx"):
        response = client.get(reverse("reports:case_list_export", args=[extension]))
        assert response.status_code == 200
        content = b"".join(response) if response.streaming else response.content
        if extension != "csv":  # ODS and XLSX are zip files: read every part
            archive = zipfile.ZipFile(io.BytesIO(content))
            content = b"".join(archive.read(name) for name in archive.namelist())
        assert MARKER.encode() not in content, extension
    entries = JournalEntry.objects.all()
    assert entries and all(MARKER not in e.summary + str(e.data) for e in entries)
    assert all(MARKER not in message.body for message in mail.outbox)
