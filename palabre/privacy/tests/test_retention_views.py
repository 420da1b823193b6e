"""The coordination's retention pages, the legal hold from the case page, the nightly command and
the worker's task."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from palabre.cases import codes
from palabre.cases.models import Case
from palabre.cases.tests.factories import CaseFactory
from palabre.core.models import JournalEntry
from palabre.privacy.retention import LINES, HoldReason, LegalHold, RetentionRun, RetentionSchedule
from palabre.privacy.tests import retention_support as support

clock = support.clock
at = support.at
SCHEDULE = reverse("retention:schedule")


@pytest.fixture
def coordination(login, coordinator, clock):
    return login(coordinator)


def closed_case(service, coordinator, closed_on: str, **fields):
    case = CaseFactory(
        organisation=service,
        by=coordinator,
        opened_on=dt.date.fromisoformat(closed_on) - dt.timedelta(days=20),
        **fields,
    )
    Case.objects.filter(pk=case.pk).update(
        status=codes.Status.CLOSED,
        closed_on=dt.date.fromisoformat(closed_on),
        closure_reason=codes.ClosureReason.REQUESTER_WITHDREW,
    )
    return Case.objects.get(pk=case.pk)


# --- The schedule -------------------------------------------------------------------------------


def test_the_schedule_shows_each_duration_beside_its_legal_basis(coordination):
    page = coordination.get(SCHEDULE)
    text = page.content.decode()
    assert "6 mois après la clôture du dossier" in text
    assert "24 mois après le dernier contact" in text
    assert "dès la clôture du dossier" in text and "0 mois" not in text  # the other party
    assert "Référentiel de la CNIL" in text and "art. 21-3" in text
    assert "Contacts des structures membres" not in text  # a network's line
    assert "Le service suit les durées proposées par la règle R8" in text


def _durations(**changes):
    values = {line.field: line.default for line in LINES if line.key != "network_contacts"}
    return {**values, **{key: str(value) for key, value in changes.items()}}


def test_the_coordination_shortens_the_notes_and_the_journal_says_from_what_to_what(
    coordination, service, coordinator
):
    response = coordination.post(reverse("retention:edit"), _durations(notes_months=3))

    assert response.status_code == 302
    assert RetentionSchedule.objects.get(organisation=service).notes_months == 3
    entry = JournalEntry.objects.get(verb="retention_changed")
    assert entry.summary == "Durées de conservation modifiées : Notes privées : 6 → 3 mois"
    assert entry.actor == coordinator.user
    page = coordination.get(SCHEDULE).content.decode()
    assert "3 mois après la clôture du dossier" in page and "proposition R8 : 6 mois" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"notes_months": 30}, "ne peut pas dépasser la durée des dossiers clos"),
        ({"case_months": 0}, "reste au moins un mois"),
        ({"case_months": 500}, "inférieure ou égale à 120"),
        ({"notes_months": "six"}, "Saisissez un nombre entier"),
    ],
)
def test_a_bad_duration_is_refused_in_french_and_nothing_changes(
    coordination, service, changes, message
):
    response = coordination.post(reverse("retention:edit"), _durations(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RetentionSchedule.objects.filter(organisation=service).exists()
    assert not JournalEntry.objects.filter(verb="retention_changed").exists()


# --- Next month ---------------------------------------------------------------------------------


def test_the_preview_lists_what_falls_due_within_a_month_and_the_cases_on_hold(
    coordination, service, coordinator
):
    soon = closed_case(service, coordinator, "2025-02-01")  # anonymised on 1 February 2027
    later = closed_case(service, coordinator, "2025-03-01")
    held = closed_case(service, coordinator, "2024-06-01")
    LegalHold.objects.create(
        organisation=service,
        case=held,
        reason=HoldReason.DISPUTE,
        placed_by=coordinator.user,
        placed_at=support.READ_AT,
    )

    page = coordination.get(reverse("retention:preview"))

    cases = next(item for item in page.context["upcoming"] if item.line.key == "cases")
    assert [(row.label, row.due_on) for row in cases.rows] == [
        (f"Dossier {soon.reference}", dt.date(2027, 2, 1))
    ]
    assert later.reference not in [row.label[-9:] for row in cases.rows]
    text = page.content.decode()
    assert held.reference in text and "Litige ou contentieux en cours" in text


def test_the_today_page_tells_the_coordination_what_falls_due(coordination, service, coordinator):
    soon = closed_case(service, coordinator, "2025-02-01")
    closed_case(service, coordinator, "2025-03-01")
    page = coordination.get(reverse("cases:today")).content.decode()
    card = page.split("Dossiers anonymisés d&#x27;ici un mois")[1].split("</section>")[0]
    assert soon.reference in card and "anonymisé le 01/02/2027" in card
    assert card.count("list-group-item") == 1


# --- The legal hold from the case page ----------------------------------------------------------


def test_the_coordination_keeps_a_case_for_a_legal_reason_then_lifts_it(
    coordination, service, coordinator
):
    case = closed_case(service, coordinator, "2026-06-01")
    conservation = reverse("retention:hold", args=[case.pk])
    detail = reverse("cases:detail", args=[case.pk])
    assert conservation in coordination.get(detail).content.decode()
    assert "Anonymisation prévue le 01/06/2028" in coordination.get(conservation).content.decode()

    refused = coordination.post(conservation, {"reason": "OTHER"})
    assert "Précisez l&#x27;obligation légale" in refused.content.decode()
    assert not LegalHold.objects.exists()

    placed = coordination.post(
        conservation, {"reason": "COURT_REQUEST", "detail": "Réquisition du TJ de Rennes"}
    )
    assert placed.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.placed_by, hold.reason) == (coordinator.user, "COURT_REQUEST")
    page = coordination.get(conservation).content.decode()
    assert "Conservé pour un motif légal" in page and "Réquisition du TJ de Rennes" in page
    assert "Conservation pour motif légal" in coordination.get(detail).content.decode()  # Journal
    again = coordination.post(conservation, {"reason": "DISPUTE"})
    assert "déjà conservé" in again.content.decode()

    coordination.post(reverse("retention:hold_lift", args=[case.pk, hold.pk]))

    hold.refresh_from_db()
    assert hold.lifted_by == coordinator.user and hold.lifted_at is not None
    history = JournalEntry.objects.filter(subject_id=case.pk, verb__startswith="legal_hold")
    assert sorted(history.values_list("verb", flat=True)) == [
        "legal_hold_lifted",
        "legal_hold_placed",
    ]


def test_a_mediator_sees_no_hold_button_and_everyone_reads_dossier_anonymise(
    login, member, service, coordinator, clock
):
    case = closed_case(service, coordinator, "2020-01-01")
    mediator = member("mediator")
    Case.objects.filter(pk=case.pk).update(anonymised_at=at("2023-01-01"))
    detail = reverse("cases:detail", args=[case.pk])
    reception = login(member("reception")).get(detail).content.decode()
    assert "Dossier anonymisé" in reception
    other = closed_case(service, coordinator, "2026-06-01")
    from palabre.cases.models import CaseAssignment

    CaseAssignment.objects.create(
        organisation=service, case=other, membership=mediator, assigned_on=dt.date(2026, 5, 1)
    )
    page = login(mediator).get(reverse("cases:detail", args=[other.pk])).content.decode()
    assert reverse("retention:hold", args=[other.pk]) not in page
    assert "Dossier anonymisé" not in page


# --- Runs, the yearly report, the command, the worker -------------------------------------------


def test_the_yearly_report_sums_the_runs_of_its_year_as_a_page_and_a_pdf(
    coordination, service, coordinator
):
    for day, counts, finished in (
        ("2026-03-01", {"cases": 2, "notes": 3}, True),
        ("2026-03-02", {"cases": 1, "errors": 1}, False),
        ("2027-01-02", {"cases": 40}, True),
    ):
        RetentionRun.objects.create(
            organisation=service,
            started_at=at(day, 3),
            finished_at=at(day, 4) if finished else None,
            counts=counts,
        )

    page = coordination.get(reverse("retention:report", args=[2026]))

    report = page.context["report"]
    counted = {line.key: n for line, n in report.counts}
    assert (counted["cases"], counted["notes"], report.total) == (3, 3, 6)
    assert (report.passes, report.interrupted, report.errors) == (2, 1, 1)
    pdf = coordination.get(reverse("retention:report_pdf", args=[2026]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    runs = coordination.get(reverse("retention:runs")).content.decode()
    assert "interrompu" in runs


def test_the_nightly_command_does_the_work_and_says_how_much(service, coordinator, clock):
    case = closed_case(service, coordinator, "2024-01-10")
    clock(at("2027-01-15", 3))
    out = io.StringIO()

    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Dossiers clos : 1" in out.getvalue() and "serait traité" in out.getvalue()
    assert Case.objects.get(pk=case.pk).anonymised_at is None

    call_command("apply_retention", stdout=out)
    assert Case.objects.get(pk=case.pk).anonymised_at is not None


def test_the_worker_runs_the_queued_pass(transactional_db, service, coordinator, clock):
    case = closed_case(service, coordinator, "2024-01-10")
    clock(at("2027-01-15", 3))
    out = io.StringIO()

    call_command("apply_retention", "--queue", stdout=out)
    assert "confié au worker" in out.getvalue()
    assert Case.objects.get(pk=case.pk).anonymised_at is None
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert Case.objects.get(pk=case.pk).anonymised_at is not None
    assert RetentionRun.objects.filter(finished_at__isnull=False).count() == 1
