"""What a person leaves through an invitation's link (docs/adr/0026) — the number to call back,
the days and hours — is theirs: in the copy of their data, and gone with their identity."""

import datetime as dt

import pytest

from palabre.cases import codes, invitation_actions
from palabre.cases.invitations import Invitation
from palabre.cases.models import Case
from palabre.cases.tests.factories import CaseFactory
from palabre.privacy import purge, rights_actions, subject_access
from palabre.privacy.rights import ReceivedThrough, RightsKind
from palabre.privacy.tests import retention_support as support

clock = support.clock
D = dt.date.fromisoformat
NUMBER = "06 52 48 17 90"


@pytest.fixture
def case(service, coordinator, clock):
    clock(support.at("2026-03-02"))
    case = CaseFactory(organisation=service, by=coordinator, opened_on=D("2026-03-02"))
    requester = case.requester()
    requester.email = "eloise@exemple.fr"
    requester.save()
    invitation = invitation_actions.invite_requester(case=case, by=coordinator)
    invitation_actions.ask_callback(
        invitation=invitation, days=["0", "4"], bands=["MIDDAY"], phone=NUMBER
    )
    return case


def test_the_copy_of_her_data_holds_her_answer_and_the_number_she_left(case, coordinator):
    request = rights_actions.receive_request(
        organisation=coordinator.organisation,
        by=coordinator,
        kind=RightsKind.ACCESS,
        parties=[case.requester()],
        received_on=D("2026-03-02"),
        received_through=ReceivedThrough.IN_PERSON,
        identity_method="ID_SHOWN",
    )
    export = subject_access.build(request)
    section = next(iter(export["dossiers"]))
    [invitation] = section["invitations_a_prendre_rendez_vous"]
    assert invitation["reponse"] == "Demande à être rappelé·e"
    assert invitation["numero_a_rappeler"] == NUMBER
    assert invitation["jours"] == ["lundi", "vendredi"]
    assert invitation["moments"] == ["entre midi et deux (12 h – 14 h)"]


def test_the_number_goes_when_the_case_is_anonymised(case, clock):
    Case.objects.filter(pk=case.pk).update(
        status=codes.Status.CLOSED,
        closed_on=D("2026-04-01"),
        closure_reason=codes.ClosureReason.REQUESTER_WITHDREW,
    )
    clock(support.at("2028-04-02", 3))
    purge.apply()
    assert Case.objects.get(pk=case.pk).anonymised_at is not None
    assert Invitation.objects.get(case=case).callback_phone == ""
