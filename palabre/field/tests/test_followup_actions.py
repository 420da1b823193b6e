"""What follows an intervention, verb by verb: a person named only with their agreement, a case
opened from the intervention, an orientation to a partner — each refusal in French, with nothing
changed."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from palabre.cases import codes as case_codes
from palabre.cases.models import Case
from palabre.cases.tests.factories import CommuneFactory
from palabre.core.actions import Refused
from palabre.core.models import JournalEntry
from palabre.field import followup_actions
from palabre.field.actions import FieldRefused
from palabre.field.codes import (
    Initiator,
    InterventionType,
    OrientationReason,
    OrientationStatus,
    PlaceKind,
)
from palabre.field.models import NamedPerson, PartnerOrientation, Shift, ShiftStatus
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, NEXT_MORNING, at
from palabre.partners.models import PartnerKind
from palabre.partners.tests.factories import PartnerFactory

NAMED = {"agreed_to_be_named": True, "first_name": "Rosine", "last_name": "Le Bihan"}


@pytest.fixture
def intervention(shift, record):
    return record(shift)


@pytest.fixture
def ccas(service):
    return PartnerFactory(organisation=service, kind=PartnerKind.SOCIAL_SERVICE, name="CCAS")


def _journal(intervention):
    return JournalEntry.objects.filter(subject_id=intervention.pk)


# --- The person ---------------------------------------------------------------------------------


def test_a_person_is_named_with_their_agreement_and_who_recorded_it(
    intervention, coordinator, clock
):
    person = followup_actions.record_person(
        intervention=intervention,
        by=coordinator,
        **NAMED,
        agreed_to_be_contacted=True,
        phone=" 06 12 34 56 78 ",
    )
    person.refresh_from_db()
    assert str(person) == "Rosine Le Bihan" and person.phone == "06 12 34 56 78"
    assert person.consent_recorded_by == coordinator
    assert person.consent_recorded_at == at(EVENING, 23, 30)
    assert person.agreements() == ["être nommée", "être contactée"]
    [entry] = _journal(intervention).filter(verb="person_recorded")
    assert entry.summary == "Accord de la personne enregistré : être nommée, être contactée"
    assert "Rosine" not in entry.summary + str(entry.data)
    assert "Bihan" not in entry.summary + str(entry.data)


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"last_name": "Le Bihan", "agreed_to_be_contacted": True}, "pas accepté d'être nommée"),
        ({"usual_name": "Momo", "agreed_to_be_oriented": True}, "pas accepté d'être nommée"),
        ({"phone": "0612345678", "agreed_to_be_named": True}, "pas accepté d'être contactée"),
        ({"email": "rosine@example.org", **NAMED}, "pas accepté d'être contactée"),
        ({"first_name": "Rosine"}, "sans son accord, rien n'est enregistré"),
        ({}, "sans son accord, rien n'est enregistré"),
        ({"email": "pas-une-adresse", "agreed_to_be_contacted": True}, "pas valide"),
        ({"last_name": "x" * 81, "agreed_to_be_named": True}, "trop long"),
    ],
)
def test_no_name_nor_contact_is_kept_without_the_matching_agreement(
    intervention, coordinator, fields, said
):
    with pytest.raises(FieldRefused) as refused:
        followup_actions.record_person(intervention=intervention, by=coordinator, **fields)
    assert said in refused.value.message
    assert not NamedPerson.objects.exists()
    assert not _journal(intervention).exclude(verb="intervention_recorded").exists()


def test_a_refused_change_leaves_the_person_as_recorded(intervention, coordinator):
    followup_actions.record_person(intervention=intervention, by=coordinator, **NAMED)
    with pytest.raises(FieldRefused):
        followup_actions.record_person(
            intervention=intervention, by=coordinator, last_name="Autre", agreed_to_be_named=False,
            agreed_to_be_oriented=True,
        )  # fmt: skip
    person = NamedPerson.objects.get()
    assert (person.last_name, person.agreed_to_be_named) == ("Le Bihan", True)


def test_the_database_itself_refuses_a_name_without_the_agreement(intervention, clock):
    with pytest.raises(IntegrityError), transaction.atomic():
        NamedPerson.objects.create(
            organisation=intervention.organisation,
            intervention=intervention,
            last_name="Le Bihan",
            agreed_to_be_oriented=True,
            consent_recorded_at=at(EVENING, 23),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        NamedPerson.objects.create(
            organisation=intervention.organisation,
            intervention=intervention,
            phone="0612345678",
            agreed_to_be_named=True,
            consent_recorded_at=at(EVENING, 23),
        )


def test_the_agreement_keeps_who_gave_it_until_it_changes(
    intervention, coordinator, correspondents, clock
):
    followup_actions.record_person(intervention=intervention, by=coordinator, **NAMED)
    clock(at(EVENING, 23, 50))
    followup_actions.record_person(
        intervention=intervention, by=correspondents[0], **NAMED | {"first_name": "Rosie"}
    )
    person = NamedPerson.objects.get()
    assert person.first_name == "Rosie"
    assert (person.consent_recorded_by, person.consent_recorded_at) == (
        coordinator,
        at(EVENING, 23, 30),
    )
    followup_actions.record_person(
        intervention=intervention, by=correspondents[0], **NAMED, agreed_to_be_oriented=True
    )
    person.refresh_from_db()
    assert (person.consent_recorded_by, person.consent_recorded_at) == (
        correspondents[0],
        at(EVENING, 23, 50),
    )


def test_forgetting_the_person_erases_them_and_says_so_without_their_name(
    intervention, coordinator
):
    followup_actions.record_person(intervention=intervention, by=coordinator, **NAMED)
    followup_actions.forget_person(intervention=intervention, by=coordinator)
    assert not NamedPerson.objects.exists()
    assert _journal(intervention).filter(verb="person_forgotten").count() == 1
    with pytest.raises(FieldRefused, match="Aucune personne"):
        followup_actions.forget_person(intervention=intervention, by=coordinator)


def test_nothing_is_recorded_on_an_intervention_of_a_cancelled_shift(
    intervention, coordinator, ccas
):
    Shift.objects.filter(pk=intervention.shift_id).update(status=ShiftStatus.CANCELLED)
    with pytest.raises(FieldRefused, match="annulée"):
        followup_actions.record_person(intervention=intervention, by=coordinator, **NAMED)
    with pytest.raises(FieldRefused, match="annulée"):
        followup_actions.orient(
            intervention=intervention, by=coordinator, partner=ccas,
            reason=OrientationReason.RIGHTS, agreed_now=True,
        )  # fmt: skip
    assert not NamedPerson.objects.exists() and not PartnerOrientation.objects.exists()


# --- A mediation case ---------------------------------------------------------------------------


def test_a_case_opens_from_the_intervention_prefilled_and_linked(shift, record, coordinator, place):
    intervention = record(
        shift,
        type=InterventionType.NOISE_NIGHT,
        place_kind=PlaceKind.HALL,
        place=Place(residence=place["glycines"]),
        place_label="Hall B",
    )
    followup_actions.record_person(
        intervention=intervention, by=coordinator, **NAMED, agreed_to_be_contacted=True,
        phone="0612345678",
    )  # fmt: skip
    case = followup_actions.open_case_from(intervention=intervention, by=coordinator)
    intervention.refresh_from_db()
    assert intervention.case == case
    assert case.referral_source == case_codes.ReferralSource.NIGHT_MEDIATION
    assert case.first_contact_channel == case_codes.Channel.OUTREACH
    assert case.opened_on == EVENING
    assert (case.commune, case.quartier) == (place["rennes"], place["maurepas"])
    assert case.landlord == place["glycines"].landlord
    assert case.housing == case_codes.Housing.SOCIAL_RENTAL
    assert case.primary_conflict().category == case_codes.ConflictCategory.NOISE
    requester = case.requester()
    assert (requester.first_name, requester.last_name, requester.phone) == (
        "Rosine",
        "Le Bihan",
        "0612345678",
    )
    assert requester.address.endswith("Hall B")
    [entry] = _journal(intervention).filter(verb="case_opened")
    assert case.reference in entry.summary and "Bihan" not in entry.summary


def test_a_residents_call_opens_a_case_by_phone_under_the_name_they_go_by(
    shift, record, coordinator, place
):
    intervention = record(
        shift,
        type=InterventionType.NEIGHBOUR_CONFLICT,
        initiated_by=Initiator.RESIDENT_CALL,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(quartier=place["maurepas"]),
    )
    followup_actions.record_person(
        intervention=intervention, by=coordinator, agreed_to_be_named=True, usual_name="Momo"
    )
    case = followup_actions.open_case_from(
        intervention=intervention,
        by=coordinator,
        primary_conflict=case_codes.ConflictCategory.RELATIONAL,
    )
    assert case.first_contact_channel == case_codes.Channel.PHONE
    assert case.requester().last_name == "Momo"
    assert case.requester().phone == ""  # no agreement to be contacted, nothing to copy


@pytest.mark.parametrize(
    ("agreements", "said"),
    [
        (None, "enregistrez d'abord son accord"),
        ({"agreed_to_be_oriented": True}, "enregistrez d'abord son accord"),
    ],
)
def test_no_case_opens_without_the_agreement_to_be_named(
    intervention, coordinator, agreements, said
):
    if agreements:
        followup_actions.record_person(intervention=intervention, by=coordinator, **agreements)
    with pytest.raises(FieldRefused, match=said):
        followup_actions.open_case_from(intervention=intervention, by=coordinator)
    assert not Case.objects.exists()
    intervention.refresh_from_db()
    assert intervention.case is None


def test_an_intervention_opens_one_case_only(intervention, coordinator):
    followup_actions.record_person(intervention=intervention, by=coordinator, **NAMED)
    case = followup_actions.open_case_from(intervention=intervention, by=coordinator)
    with pytest.raises(FieldRefused, match=f"déjà ouvert le dossier {case.reference}"):
        followup_actions.open_case_from(intervention=intervention, by=coordinator)
    assert Case.objects.count() == 1


def test_a_case_refused_by_the_case_rules_leaves_nothing_behind(shift, record, coordinator, place):
    intervention = record(shift, type=InterventionType.HOMELESS)
    followup_actions.record_person(intervention=intervention, by=coordinator, **NAMED)
    with pytest.raises(FieldRefused, match="motif principal"):  # nothing to guess it from
        followup_actions.open_case_from(intervention=intervention, by=coordinator)
    with pytest.raises(Refused, match="n'appartient pas à la commune"):
        followup_actions.open_case_from(
            intervention=intervention,
            by=coordinator,
            primary_conflict=case_codes.ConflictCategory.OTHER,
            commune=CommuneFactory(organisation=shift.organisation, name="Cesson-Sévigné"),
        )
    assert not Case.objects.exists()
    intervention.refresh_from_db()
    assert intervention.case_id is None
    case = followup_actions.open_case_from(
        intervention=intervention,
        by=coordinator,
        primary_conflict=case_codes.ConflictCategory.OTHER,
    )
    assert case.reference == "2026-0001"  # the refused attempts took no number


# --- Mise en relation ---------------------------------------------------------------------------


def test_an_orientation_needs_the_persons_agreement(intervention, coordinator, ccas):
    with pytest.raises(FieldRefused, match="avec l'accord de la personne"):
        followup_actions.orient(
            intervention=intervention, by=coordinator, partner=ccas,
            reason=OrientationReason.SOCIAL_SUPPORT,
        )  # fmt: skip
    assert not PartnerOrientation.objects.exists() and not NamedPerson.objects.exists()


def test_an_agreement_given_with_the_orientation_is_recorded_with_it(
    intervention, correspondents, ccas, mailoutbox
):
    orientation = followup_actions.orient(
        intervention=intervention,
        by=correspondents[0],
        partner=ccas,
        reason=OrientationReason.SOCIAL_SUPPORT,
        agreed_now=True,
    )
    assert orientation.status == OrientationStatus.PROPOSED
    assert orientation.oriented_on == EVENING
    person = NamedPerson.objects.get()
    assert person.agreements() == ["être orientée vers un partenaire"]
    assert not person.is_named and person.consent_recorded_by == correspondents[0]
    [entry] = _journal(intervention).filter(verb="oriented")
    assert entry.summary == "Orientation vers CCAS : Accompagnement social, aide matérielle"
    assert mailoutbox == []  # the partner is told nothing by Palabre


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"reason": "HEALTH"}, "Choisissez le motif"),
        ({"oriented_on": EVENING - dt.timedelta(days=1)}, "du soir de l'intervention"),
        ({"oriented_on": NEXT_MORNING + dt.timedelta(days=1)}, "à aujourd'hui"),
        ({"status": "CLOSED"}, "où en est"),
        ({"partner": "foreign"}, "partenaire actif du service"),
        ({"partner": "inactive"}, "partenaire actif du service"),
    ],
)
def test_a_bad_orientation_is_refused_and_nothing_is_kept(
    intervention, coordinator, ccas, other_service, service, change, said
):
    if change.get("partner") == "foreign":
        change["partner"] = PartnerFactory(organisation=other_service, name="CCAS")
    elif change.get("partner") == "inactive":
        change["partner"] = PartnerFactory(organisation=service, name="Fermé", is_active=False)
    arguments = {"partner": ccas, "reason": OrientationReason.SHELTER, "agreed_now": True}
    with pytest.raises(FieldRefused, match=said):
        followup_actions.orient(intervention=intervention, by=coordinator, **arguments | change)
    assert not PartnerOrientation.objects.exists()
    assert not NamedPerson.objects.exists()  # the agreement given with it is not kept either


def test_a_person_is_oriented_once_to_each_partner(intervention, coordinator, ccas, service):
    followup_actions.record_person(
        intervention=intervention, by=coordinator, agreed_to_be_oriented=True
    )
    followup_actions.orient(
        intervention=intervention, by=coordinator, partner=ccas, reason=OrientationReason.RIGHTS
    )
    with pytest.raises(FieldRefused, match="déjà orientée vers CCAS"):
        followup_actions.orient(
            intervention=intervention, by=coordinator, partner=ccas,
            reason=OrientationReason.SHELTER,
        )  # fmt: skip
    adil = PartnerFactory(organisation=service, name="ADIL")
    followup_actions.orient(
        intervention=intervention, by=coordinator, partner=adil,
        reason=OrientationReason.LEGAL_ADVICE,
    )  # fmt: skip
    assert PartnerOrientation.objects.count() == 2


def test_an_orientation_moves_forward_only(intervention, coordinator, ccas, clock):
    orientation = followup_actions.orient(
        intervention=intervention, by=coordinator, partner=ccas,
        reason=OrientationReason.RIGHTS, agreed_now=True,
    )  # fmt: skip
    clock(at(NEXT_MORNING, 10))
    followup_actions.advance_orientation(
        orientation=orientation, by=coordinator, status=OrientationStatus.CONTACT_MADE
    )
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.CONTACT_MADE
    assert orientation.status_changed_at == at(NEXT_MORNING, 10)
    for status in (OrientationStatus.ACCEPTED, OrientationStatus.CONTACT_MADE, "DONE"):
        with pytest.raises(FieldRefused):
            followup_actions.advance_orientation(
                orientation=orientation, by=coordinator, status=status
            )
    orientation.refresh_from_db()
    assert orientation.status == OrientationStatus.CONTACT_MADE
    assert _journal(intervention).filter(verb="orientation_advanced").count() == 1


def test_forgetting_the_person_keeps_the_orientations_for_the_figures(
    intervention, coordinator, ccas
):
    followup_actions.orient(
        intervention=intervention, by=coordinator, partner=ccas,
        reason=OrientationReason.RIGHTS, agreed_now=True,
    )  # fmt: skip
    followup_actions.forget_person(intervention=intervention, by=coordinator)
    assert PartnerOrientation.objects.count() == 1
