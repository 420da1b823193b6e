"""Answering a request: identity first, an answer with its date, a refusal with its reason; the
other party's objection closes and minimises; erasure anonymises through the retention job's own
function when nothing keeps the data, and erases nothing otherwise."""

import datetime as dt

import pytest

from palabre.cases import actions as case_actions
from palabre.cases import codes
from palabre.cases.models import Agreement, Case, Party, PrivateNote
from palabre.core.models import JournalEntry
from palabre.permanences.models import Appointment
from palabre.privacy import rights_actions as actions
from palabre.privacy import rights_erasure
from palabre.privacy.retention import HoldReason, LegalHold
from palabre.privacy.rights import ReceivedThrough, RightsKind, RightsStatus
from palabre.privacy.tests import rights_support as support
from palabre.privacy.tests.rights_support import NEIGHBOUR, TODAY, at

clock = support.clock
world = support.world
ANONYMISED = "anonymisé"


def _request(coordinator, parties, kind=RightsKind.ACCESS, identity_method="KNOWN_EMAIL"):
    return actions.receive_request(
        organisation=coordinator.organisation,
        by=coordinator,
        kind=kind,
        parties=parties,
        received_on=dt.date(2026, 3, 9),
        received_through=ReceivedThrough.EMAIL,
        identity_method=identity_method,
    )


def _summaries(request):
    return list(
        JournalEntry.objects.filter(subject_id=request.pk).values_list("summary", flat=True)
    )


# --- Answering ----------------------------------------------------------------------------------


def test_an_answer_waits_for_the_identity_check(world, coordinator):
    request = _request(coordinator, world["eloise"], identity_method="")

    with pytest.raises(actions.RightsRefused, match="identité"):
        actions.complete(rights_request=request, by=coordinator, answered_on=TODAY)
    request = actions.check_identity(
        rights_request=request, by=coordinator, identity_method="ID_SHOWN"
    )
    request = actions.complete(rights_request=request, by=coordinator, answered_on=TODAY)

    assert request.status == RightsStatus.DONE
    assert request.answered_on == TODAY
    assert request.answered_by == coordinator.user
    assert "Identité vérifiée : pièce d'identité présentée sur place (sans copie)" in _summaries(
        request
    )


def test_a_refusal_keeps_its_reason_on_the_request_and_out_of_the_journal(world, coordinator):
    request = _request(coordinator, world["eloise"])

    with pytest.raises(actions.RightsRefused, match="motif"):
        actions.refuse(rights_request=request, by=coordinator, reason=" ", answered_on=TODAY)
    request = actions.refuse(
        rights_request=request,
        by=coordinator,
        reason="Demande manifestement excessive : troisième demande du mois",
        answered_on=TODAY,
    )

    assert request.status == RightsStatus.REFUSED
    assert request.refusal_reason.startswith("Demande manifestement excessive")
    assert "Demande refusée, avec son motif" in _summaries(request)
    assert not any("excessive" in summary for summary in _summaries(request))


def test_an_answered_request_cannot_be_answered_again(world, coordinator):
    request = _request(coordinator, world["eloise"])
    request = actions.complete(rights_request=request, by=coordinator, answered_on=TODAY)

    with pytest.raises(actions.RightsRefused, match="déjà reçu sa réponse"):
        actions.refuse(rights_request=request, by=coordinator, reason="Non", answered_on=TODAY)


def test_an_answer_dated_before_the_request_is_refused(world, coordinator):
    request = _request(coordinator, world["eloise"])

    with pytest.raises(actions.RightsRefused, match="précède"):
        actions.complete(rights_request=request, by=coordinator, answered_on=dt.date(2026, 3, 1))


def test_an_erasure_request_is_not_marked_done_without_erasing(world, coordinator):
    request = _request(coordinator, world["eloise"], kind=RightsKind.ERASURE)

    with pytest.raises(actions.RightsRefused, match="effaçant"):
        actions.complete(rights_request=request, by=coordinator, answered_on=TODAY)


# --- Objection ----------------------------------------------------------------------------------


def test_the_neighbours_objection_closes_his_case_and_erases_his_identity(world, coordinator):
    neighbour, case = world["neighbour"], world["first"]
    request = _request(coordinator, [neighbour], kind=RightsKind.OBJECTION)

    request = rights_erasure.apply_objection(rights_request=request, by=coordinator, on=TODAY)

    case.refresh_from_db()
    neighbour.refresh_from_db()
    assert case.status == codes.Status.CLOSED
    assert case.closure_reason == codes.ClosureReason.OTHER_PARTY_REFUSED
    assert case.closed_on == TODAY
    assert (neighbour.last_name, neighbour.phone, neighbour.email) == (ANONYMISED, "", "")
    assert neighbour.household.address == ""
    assert NEIGHBOUR not in case.search_text.casefold()
    assert case.requester().last_name == "Le Gall"
    assert request.status == RightsStatus.DONE
    entry = JournalEntry.objects.get(subject_id=request.pk, verb="objection_applied")
    assert entry.summary == "Opposition appliquée : 1 dossier(s) clos, 1 identité(s) effacée(s)"
    assert entry.data["cases"] == [str(case.pk)]
    erased = JournalEntry.objects.get(subject_id=case.pk, verb="party_erased")
    assert erased.summary == "Identité de l'autre partie effacée (opposition de la personne)"


def test_an_objection_that_cannot_close_the_case_changes_nothing(world, coordinator):
    case = world["first"]
    Case.objects.filter(pk=case.pk).update(commune=None)
    request = _request(coordinator, [world["neighbour"]], kind=RightsKind.OBJECTION)

    with pytest.raises(actions.RightsRefused, match=f"Dossier {case.reference} : .*commune"):
        rights_erasure.apply_objection(rights_request=request, by=coordinator, on=TODAY)

    case.refresh_from_db()
    request.refresh_from_db()
    assert case.status == codes.Status.CONTACTING_OTHER_PARTY
    assert Party.objects.get(pk=world["neighbour"].pk).last_name == NEIGHBOUR
    assert request.status == RightsStatus.RECEIVED


def test_a_requester_does_not_object_through_this_step(world, coordinator):
    request = _request(coordinator, [world["first"].requester()], kind=RightsKind.OBJECTION)

    with pytest.raises(actions.RightsRefused, match="désiste"):
        rights_erasure.apply_objection(rights_request=request, by=coordinator, on=TODAY)

    assert not Case.objects.get(pk=world["first"].pk).is_closed


# --- Erasure ------------------------------------------------------------------------------------


def _close_both(world, coordinator):
    for case in (world["first"], world["second"]):
        case_actions.close(
            case=case,
            by=coordinator,
            reason=codes.ClosureReason.REQUESTER_WITHDREW,
            closed_on=dt.date(2026, 3, 2),
        )


def test_erasure_is_refused_while_a_case_is_open_and_nothing_is_erased(world, coordinator):
    request = _request(coordinator, world["eloise"], kind=RightsKind.ERASURE)

    with pytest.raises(actions.RightsRefused) as refusal:
        rights_erasure.erase(rights_request=request, by=coordinator, on=TODAY)

    assert "le dossier 2026-0001 est en cours" in refusal.value.message
    assert "le dossier 2026-0002 est en cours" in refusal.value.message
    assert Party.objects.filter(case=world["first"], last_name="Le Gall").exists()
    assert PrivateNote.objects.count() == 3


def test_a_legal_hold_or_a_kept_agreement_is_a_ground_to_refuse(world, coordinator, clock):
    first, second = world["first"], world["second"]
    for party in (first.requester(), world["neighbour"]):
        case_actions.record_consent(
            case=first,
            by=coordinator,
            party=party,
            kind=codes.ConsentKind.KEEP_AGREEMENT_COPY,
            given_on=dt.date(2026, 2, 20),
            method=codes.ConsentMethod.IN_PERSON,
        )
    Agreement.objects.create(
        organisation=first.organisation,
        case=first,
        reached_on=dt.date(2026, 2, 20),
        form=codes.AgreementForm.WRITTEN_SIGNED,
        scope=codes.AgreementScope.FULL,
    )
    _close_both(world, coordinator)
    LegalHold.objects.create(
        organisation=second.organisation,
        case=second,
        reason=HoldReason.DISPUTE,
        placed_by=coordinator.user,
        placed_at=at(TODAY, 9),
    )
    request = _request(coordinator, world["eloise"], kind=RightsKind.ERASURE)

    grounds = rights_erasure.erasure_grounds(request)

    assert grounds == [
        "une copie de l'accord du dossier 2026-0001 est conservée, avec l'accord des parties, "
        "pour son exécution",
        "le dossier 2026-0002 est conservé pour un motif légal : litige ou contentieux en cours",
    ]
    with pytest.raises(actions.RightsRefused, match="Rien n'est effacé"):
        rights_erasure.erase(rights_request=request, by=coordinator, on=TODAY)


def test_erasure_anonymises_her_closed_cases_through_the_retention_function(
    world, coordinator, clock
):
    _close_both(world, coordinator)
    past = Appointment.objects.get(email="Eloise.LeGall@exemple.fr")
    clock(at(dt.date(2026, 3, 20), 10))  # her booking without a case is now past
    request = _request(coordinator, world["eloise"], kind=RightsKind.ERASURE)

    request = rights_erasure.erase(rights_request=request, by=coordinator, on=dt.date(2026, 3, 20))

    for case in (world["first"], world["second"]):
        case.refresh_from_db()
        assert case.anonymised_at is not None
        assert {p.last_name for p in case.parties.all()} == {ANONYMISED}
        assert not case.private_notes.exists()
    past.refresh_from_db()
    assert (past.last_name, past.email) == (ANONYMISED, "")
    assert Appointment.objects.get(last_name=support.STRANGER).email == "inconnue@exemple.fr"
    assert request.status == RightsStatus.DONE
    assert set(request.parties.all()) == set(world["eloise"])  # the proof of the answer stays
    assert "Effacement : 2 dossier(s) anonymisé(s)" in _summaries(request)
