"""The lines of the schedule that are not a case: referrals and appointments without a case,
the accounts of people who left, the contacts of partners and of a network's members."""

import datetime as dt

import pytest

from palabre.cases import actions as case_actions
from palabre.cases import codes
from palabre.cases.tests.factories import CaseFactory, MembershipFactory, OrganisationFactory
from palabre.core.models import JournalEntry
from palabre.network.models import (
    ActionItem,
    CertificationRecord,
    Event,
    Member,
    MemberContact,
    Registration,
)
from palabre.organisations.models import Membership
from palabre.partners.models import Contact
from palabre.partners.tests.factories import ContactFactory, PartnerFactory, VenueFactory
from palabre.permanences.models import (
    Appointment,
    AppointmentState,
    BookingChannel,
    Occurrence,
    Permanence,
)
from palabre.privacy import purge
from palabre.privacy.due import ANONYMISED, ANONYMOUS_DOMAIN
from palabre.privacy.retention import RetentionSchedule
from palabre.privacy.tests import retention_support as support
from palabre.referrals.models import Decision, DeclineReason, Origin, Referral, ReferralLink

clock = support.clock
at = support.at


def run_on(clock, day: str):
    clock(at(day, 3))
    return purge.apply()


# --- Referrals and appointments without a case --------------------------------------------------


def test_a_declined_referral_loses_its_person_two_years_after_the_answer(service, clock):
    referral = Referral.objects.create(
        organisation=service,
        origin=Origin.PUBLIC_FORM,
        received_at=at("2026-02-01"),
        requester_first_name="Maëlle",
        requester_last_name="Quéré",
        requester_phone="06 55 44 33 22",
        requester_address="1 rue Haute",
        conflict_category=codes.ConflictCategory.NOISE,
        agreed_to_be_contacted=True,
        decision=Decision.DECLINED,
        decline_reason=DeclineReason.OUT_OF_TERRITORY,
        decided_at=at("2026-02-03"),
    )
    pending = Referral.objects.create(
        organisation=service,
        origin=Origin.PUBLIC_FORM,
        received_at=at("2026-02-01"),
        requester_first_name="Yann",
        requester_last_name="Le Bihan",
        conflict_category=codes.ConflictCategory.NOISE,
        agreed_to_be_contacted=True,
    )

    run_on(clock, "2028-02-02")
    referral.refresh_from_db()
    assert referral.requester_last_name == "Quéré"

    run_on(clock, "2028-02-03")
    referral.refresh_from_db()
    pending.refresh_from_db()
    assert (referral.requester_first_name, referral.requester_last_name) == ("", ANONYMISED)
    assert (referral.requester_phone, referral.requester_address) == ("", "")
    assert (referral.decision, referral.decline_reason) == (Decision.DECLINED, "OUT_OF_TERRITORY")
    assert referral.received_at == at("2026-02-01")
    assert pending.requester_last_name == "Le Bihan"  # waiting for an answer: kept


def test_an_appointment_without_a_case_loses_its_name_a_year_after_the_session(
    service, coordinator, clock
):
    venue = VenueFactory(organisation=service)
    permanence = Permanence.objects.create(
        organisation=service,
        venue=venue,
        weekday=1,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
        valid_from=dt.date(2026, 3, 3),
    )
    session = Occurrence.objects.create(
        organisation=service,
        permanence=permanence,
        planned_on=dt.date(2026, 3, 3),
        starts_at=at("2026-03-03", 14),
        ends_at=at("2026-03-03", 17),
    )
    case = CaseFactory(organisation=service, by=coordinator)
    alone, of_a_case = (
        Appointment.objects.create(
            organisation=service,
            occurrence=session,
            starts_at=at("2026-03-03", hour),
            state=AppointmentState.CAME,
            channel=BookingChannel.STAFF,
            first_name="Soizic",
            last_name="Le Goff",
            phone="06 10 20 30 40",
            secret=secret,
            case=linked,
        )
        for secret, linked, hour in (("a", None, 14), ("b", case, 15))
    )

    run_on(clock, "2027-03-03")

    alone.refresh_from_db()
    of_a_case.refresh_from_db()
    assert (alone.first_name, alone.last_name, alone.phone, alone.state) == (
        "",
        ANONYMISED,
        "",
        AppointmentState.CAME,
    )
    assert of_a_case.last_name == "Le Goff"  # the open case keeps it


# --- Accounts -----------------------------------------------------------------------------------


def _leave(membership, day, clock):
    """The membership ends on ``day`` (made inactive then)."""
    clock(at(day))
    membership.is_active = False
    membership.save()


def test_a_volunteer_who_left_two_years_ago_is_forgotten_and_still_counted(
    service, coordinator, member, clock
):
    volunteer = member("mediator")
    user = volunteer.user
    name = user.get_full_name()
    case = CaseFactory(organisation=service, by=coordinator)
    case_actions.assign_mediators(case=case, by=coordinator, mediators=[volunteer])
    _leave(volunteer, "2026-03-01", clock)

    run_on(clock, "2028-02-29")
    user.refresh_from_db()
    assert user.get_full_name() == name

    run_on(clock, "2028-03-01")

    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.is_active) == ("", ANONYMISED, False)
    assert user.email.endswith(f"@{ANONYMOUS_DOMAIN}")
    assert not user.has_usable_password()
    assert Membership.objects.filter(pk=volunteer.pk, role="mediator").exists()
    summaries = JournalEntry.objects.filter(verb="assigned").values_list("summary", flat=True)
    assert [s for s in summaries if name in s] == []
    assert any(ANONYMISED in s for s in summaries)


def test_a_person_still_active_elsewhere_keeps_the_account(service, member, clock):
    volunteer = member("mediator")
    MembershipFactory(user=volunteer.user, organisation=OrganisationFactory(), role="board")
    _leave(volunteer, "2024-01-01", clock)

    run_on(clock, "2030-01-01")

    volunteer.user.refresh_from_db()
    assert volunteer.user.is_active and volunteer.user.last_name != ANONYMISED


def test_a_service_may_keep_its_volunteers_longer(service, member, clock):
    RetentionSchedule.objects.create(organisation=service, volunteer_months=60)
    volunteer = member("mediator")
    _leave(volunteer, "2026-01-01", clock)

    run_on(clock, "2029-01-01")
    volunteer.user.refresh_from_db()
    assert volunteer.user.is_active


# --- Contacts of partners and of a network's members --------------------------------------------


def test_the_contact_of_a_partner_that_left_is_forgotten_two_years_later(service, clock):
    partner = PartnerFactory(organisation=service)
    contact = ContactFactory(partner=partner, job_title="Chargée de clientèle", phone="02 99")
    staying = ContactFactory(partner=PartnerFactory(organisation=service))
    link = ReferralLink.objects.create(
        organisation=service,
        partner=partner,
        recipient_email="agent@bailleur.example",
        expires_at=at("2026-01-20"),
    )
    clock(at("2026-01-15"))
    partner.is_active = False
    partner.save()

    run_on(clock, "2028-01-21")  # the partner left on 15 January 2026, the link ended on the 20th

    contact.refresh_from_db()
    link.refresh_from_db()
    assert (contact.first_name, contact.last_name, contact.job_title, contact.email) == (
        "",
        ANONYMISED,
        "",
        "",
    )
    assert link.recipient_email == ""
    assert Contact.objects.get(pk=staying.pk).last_name == staying.last_name


@pytest.fixture
def network(db):
    return OrganisationFactory(kind="NETWORK")


def test_the_contacts_of_a_member_that_left_the_network_are_forgotten_a_year_later(network, clock):
    member = Member.objects.create(network=network, name="Médiation Ouest", region="BRE")
    contact = MemberContact.objects.create(
        network=network, member=member, first_name="Anne", last_name="Guillou", email="a@o.fr"
    )
    event = Event.objects.create(
        network=network, kind="NATIONAL_MEETING", title="Rencontre", starts_on=dt.date(2025, 5, 1)
    )
    Registration.objects.create(network=network, event=event, member=member, name="Paul Tanguy")
    record = CertificationRecord.objects.create(
        network=network, member=member, scheme="AFNOR_SOCIAL_MEDIATION"
    )
    ActionItem.objects.create(
        record=record, action="Charte", owner_name="Paul Tanguy", due_on=dt.date(2025, 6, 1)
    )
    clock(at("2026-01-10"))
    member.is_active = False
    member.save()

    run_on(clock, "2027-01-11")

    contact.refresh_from_db()
    assert (contact.first_name, contact.last_name, contact.email) == ("", ANONYMISED, "")
    assert list(Registration.objects.values_list("name", flat=True)) == [ANONYMISED]
    assert list(ActionItem.objects.values_list("owner_name", flat=True)) == [""]
    assert Member.objects.get(pk=member.pk).name == "Médiation Ouest"


def test_the_contacts_of_a_coownership_are_forgotten_two_years_after_its_follow_up(
    service, coordinator, clock
):
    from palabre.cases.tests.factories import CommuneFactory
    from palabre.outreach import coownership_actions
    from palabre.outreach.models import Coownership, CoownershipContact

    clock(at("2026-01-10"))
    rennes = CommuneFactory(organisation=service, name="Rennes")

    def follow(name):
        building = coownership_actions.follow_coownership(
            organisation=service, by=coordinator, name=name, address="1 rue",
            commune=rennes, followed_since=dt.date(2025, 1, 1),
        )  # fmt: skip
        coownership_actions.add_contact(
            coownership=building, by=coordinator, name=f"Présidence {name}",
            role="COUNCIL_CHAIR", phone="02 99 00 00 00",
        )  # fmt: skip
        return building

    closed = follow("Les Tilleuls")
    follow("Le Grand Pré")
    coownership_actions.close_follow_up(coownership=closed, by=coordinator, on=dt.date(2026, 1, 10))

    assert run_on(clock, "2028-01-10")[service].get("partner_contacts", 0) == 0
    counts = run_on(clock, "2028-01-11")[service]

    assert counts["partner_contacts"] == 1
    assert list(CoownershipContact.objects.values_list("name", flat=True)) == [
        "Présidence Le Grand Pré"
    ]
    assert Coownership.objects.count() == 2  # the buildings and their history stay
