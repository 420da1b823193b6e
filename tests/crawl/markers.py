"""The canary: a distinct marker in every free-text field people type, and who may read each.

Each object of the demo gets its own marker (``QZXNOTE0042``), written at the head of the field,
so that a page carrying it says which object, which field, and therefore whose data it shows.
``Marker.viewers`` holds the keys of the walkers (``tests/crawl/roles.py``) allowed to see it.

Who may read what, from PRODUCT.md (« Confidentiality membrane », « Tenants are sealed ») and the
domain's rules R2, R4, R10 (mediation-domain.md § 6.3), as the existing confidentiality tests
already hold it:

* **What parties say and what mediators observe** — private notes (``PrivateNote.text``) and the
  reason a case is suspended (``Case.suspension_reason``, which may tell a hospitalisation or a
  procedure: docs/adr/0014) — only for the case's team: the coordination of its service and the
  mediators assigned to it now. Reception reads case pages but never notes.
* **The rest of a case** — the parties' names, their household's address, where an interview or
  a meeting takes place, the closure's detail (« vers qui », never a statement) — for whoever may
  open the case: its team and reception. Never for partners (status only), the board, the
  network, another service.
* **Information requests** (``oriented_to``) are first contacts: coordination and reception.
* **Referrals** (requester's name and address, availability, referrer's name) — the intake
  queue's readers (coordination, reception) and the partner accounts of the partner that sent
  them, who typed them: a partner already knows what it sent, and sees nothing of what followed.
* **Appointments** (the name a person booked under) — coordination and reception, the mediators
  holding that session, the case's team when it is linked to a case, and the partner who booked
  it for the person.
* **The partner directory and conventions**: a partner's description is the service's working
  knowledge (coordination, reception); a convention's purpose also reaches the board, which
  reads the conventions and their reports. A funder report's comment (``Narrative``) likewise.
* **Trainings**: a trainee's name is seen by the organiser's staff, by the coordination of the
  trainee's own service and by the trainee; an evaluation comment belongs to the organiser.
* **Field work**: an intervention's note and place, a shift report, a serious event, the
  roadmap — the field team (members of the shift's team) and the field service's coordination.
  A technical signal also reaches the partner it is routed to; a roadmap request is the
  partner's own text, and the reason it was declined is written for that partner.
* **The network's own records** (member contacts, certification notes, findings and actions,
  event descriptions, registrations): the network's staff only; a member service never sees its
  record there.
* **Co-ownerships followed**: the names of their contacts (council, syndic's manager) — the
  service's people who read outreach: coordination, mediators, reception.
* **Data protection**: rights requests and legal holds — the service's coordination; a safety
  report's content — its coordination and the person who proposed it.

Fields left without a marker, and why: names of staff accounts, organisations, communes,
quartiers, residences, venues and their access notes, permanence closures, training modules and
sessions, network poles, members and events' titles are reference data meant to be read by
everyone who reaches the page (often published on the public pages); e-mail addresses and phone
numbers are validated formats; ``search_text`` columns, journal summaries, report runs, keys and
codes are written by Palabre, not typed (a marker found in them would still be reported wherever
it shows).
"""

import re
from collections import Counter
from dataclasses import dataclass

from django.db import transaction

from palabre.cases.models import (
    Case,
    CaseAssignment,
    Commitment,
    Household,
    InformationRequest,
    Interview,
    Meeting,
    Party,
    PartyGroup,
    PrivateNote,
)
from palabre.field.followup import NamedPerson
from palabre.field.models import Intervention, RoadmapItem
from palabre.field.roadmap_requests import RoadmapRequest
from palabre.field.safety import SeriousEvent, ShiftReport
from palabre.field.watch import TechnicalSignal
from palabre.network.models import (
    ActionItem,
    CertificationRecord,
    Event,
    Finding,
    MemberContact,
    Registration,
)
from palabre.organisations.models import Role
from palabre.partners.models import Contact, Convention, Partner
from palabre.permanences.models import Appointment
from palabre.privacy.models import LegalHold, RightsRequest, SafetyReport
from palabre.referrals.models import Referral
from palabre.reports.models import Narrative
from palabre.training.models import Enrolment, Evaluation

FOUND = re.compile(r"QZX[A-Z]+\d{4}", re.IGNORECASE)
MANAGERS = {Role.ADMIN, Role.COORDINATOR}
INTAKE = MANAGERS | {Role.RECEPTION}


@dataclass(frozen=True)
class Marker:
    text: str
    field: str  # app.Model.field
    viewers: frozenset


def find(text: str) -> set:
    """The markers a page carries (whatever the case a template gave them)."""
    return {found.upper() for found in FOUND.findall(text)}


class People:
    """Which walkers a membership, a role in an organisation, a partner's accounts are."""

    def __init__(self, people):
        self.by_membership = {}
        self.roles = []  # (key, organisation id, role)
        for person in people:
            if person.anonymous:
                continue
            membership = person.membership()
            self.by_membership[membership.pk] = person.key
            self.roles.append((person.key, membership.organisation_id, membership.role))

    def in_role(self, organisation_id, roles) -> set:
        return {key for key, org, role in self.roles if org == organisation_id and role in roles}

    def of(self, memberships) -> set:
        return {self.by_membership[m] for m in memberships if m in self.by_membership}

    def of_partner(self, partner_id) -> set:
        accounts = Contact.objects.filter(partner_id=partner_id, membership__isnull=False)
        return self.of(accounts.values_list("membership_id", flat=True))


class Planter:
    def __init__(self, people: People):
        self.people = people
        self.markers: dict[str, Marker] = {}
        self.numbers = Counter()

    def plant(self, obj, field, code, viewers, *, replace=False):
        self.numbers[code] += 1
        text = f"QZX{code}{self.numbers[code]:04d}"
        model_field = obj._meta.get_field(field)
        current = getattr(obj, field) or ""
        value = text if replace or not current else f"{text} {current}"
        if model_field.max_length:
            value = value[: model_field.max_length]
        setattr(obj, field, value)
        obj.save(update_fields=[field])
        self.markers[text] = Marker(text, f"{obj._meta.label}.{field}", frozenset(viewers))

    # --- who ---

    def team_mediators(self, case) -> set:
        active = CaseAssignment.objects.filter(case=case, ended_at__isnull=True)
        return self.people.of(active.values_list("membership_id", flat=True))

    def case_team(self, case) -> set:
        return self.people.in_role(case.organisation_id, MANAGERS) | self.team_mediators(case)

    def case_readers(self, case) -> set:
        return self.people.in_role(case.organisation_id, INTAKE) | self.team_mediators(case)

    def field_team(self, shift) -> set:
        members = shift.team.members.values_list("pk", flat=True)
        return self.people.in_role(shift.organisation_id, MANAGERS) | self.people.of(members)


@transaction.atomic
def plant_all(people) -> dict[str, Marker]:
    planter = Planter(People(people))
    _cases(planter)
    _coownerships(planter)
    _intake(planter)
    _partners_and_reports(planter)
    _trainings(planter)
    _field(planter)
    _network(planter)
    _privacy(planter)
    return planter.markers


def _cases(p: Planter):
    for case in Case.objects.order_by("organisation_id", "reference"):
        if case.suspension_reason:
            p.plant(case, "suspension_reason", "SUSP", p.case_team(case))
        if case.is_closed:
            p.plant(case, "closure_detail", "CLOS", p.case_readers(case))
    for note in PrivateNote.objects.select_related("case").order_by("case_id", "created_at"):
        p.plant(note, "text", "NOTE", p.case_team(note.case))
    for party in Party.objects.select_related("case").order_by("case_id", "role"):
        p.plant(party, "last_name", "PARTY", p.case_readers(party.case), replace=True)
    for household in Household.objects.select_related("case").order_by("case_id", "pk"):
        p.plant(household, "address", "ADDR", p.case_readers(household.case))
    for interview in Interview.objects.select_related("case").order_by("case_id", "pk"):
        p.plant(interview, "place", "IPLACE", p.case_readers(interview.case))
    for meeting in Meeting.objects.select_related("case").order_by("case_id", "pk"):
        p.plant(meeting, "place", "MPLACE", p.case_readers(meeting.case))
    # Collective mediation (docs/adr/0035): a group's name and description, a group's
    # commitment as signed: the case page only, for whoever may open the case.
    for group in PartyGroup.objects.select_related("case").order_by("case_id", "created_at"):
        p.plant(group, "name", "GROUP", p.case_readers(group.case))
        p.plant(group, "description", "GDESC", p.case_readers(group.case))
    commitments = Commitment.objects.exclude(wording="").select_related("agreement__case")
    for commitment in commitments.order_by("agreement__case_id", "created_at"):
        p.plant(commitment, "wording", "GWORD", p.case_readers(commitment.agreement.case))


def _coownerships(p: Planter):
    """A co-ownership's contacts (docs/adr/0038): the service's people who read outreach."""
    from palabre.outreach.models import CoownershipContact

    contacts = CoownershipContact.objects.select_related("coownership")
    for contact in contacts.order_by("coownership_id", "created_at"):
        readers = p.people.in_role(contact.coownership.organisation_id, INTAKE | {Role.MEDIATOR})
        p.plant(contact, "name", "COPRO", readers, replace=True)


def _intake(p: Planter):
    for request in InformationRequest.objects.order_by("organisation_id", "received_on", "pk"):
        readers = p.people.in_role(request.organisation_id, INTAKE)
        p.plant(request, "oriented_to", "INFO", readers)
    for referral in Referral.objects.order_by("organisation_id", "pk"):
        readers = p.people.in_role(referral.organisation_id, INTAKE)
        if referral.partner_id:
            readers |= p.people.of_partner(referral.partner_id)
        p.plant(referral, "requester_last_name", "RREQ", readers, replace=True)
        p.plant(referral, "requester_address", "RADDR", readers)
        p.plant(referral, "availability", "RAVAIL", readers)
    appointments = Appointment.objects.select_related("occurrence", "case")
    for appointment in appointments.order_by("organisation_id", "pk"):
        readers = p.people.in_role(appointment.organisation_id, INTAKE)
        duties = appointment.occurrence.duties.values_list("mediator_id", flat=True)
        readers |= p.people.of(duties)
        if appointment.case is not None:
            readers |= p.case_readers(appointment.case)
        if appointment.partner_id:
            readers |= p.people.of_partner(appointment.partner_id)
        p.plant(appointment, "last_name", "APPT", readers, replace=True)


def _partners_and_reports(p: Planter):
    for partner in Partner.objects.order_by("organisation_id", "pk"):
        p.plant(partner, "description", "PDESC", p.people.in_role(partner.organisation_id, INTAKE))
    for convention in Convention.objects.order_by("organisation_id", "pk"):
        readers = p.people.in_role(convention.organisation_id, INTAKE | {Role.BOARD})
        p.plant(convention, "purpose", "CONV", readers)
    for narrative in Narrative.objects.order_by("organisation_id", "pk"):
        readers = p.people.in_role(narrative.organisation_id, MANAGERS | {Role.BOARD})
        p.plant(narrative, "text", "NARR", readers)


def _trainings(p: Planter):
    enrolments = Enrolment.objects.select_related("session__module")
    for enrolment in enrolments.order_by("session_id", "pk"):
        organiser = enrolment.session.module.organiser_id
        staff = {Role.ADMIN, Role.COORDINATOR, Role.NETWORK_STAFF}
        readers = p.people.in_role(organiser, staff)
        if enrolment.organisation_id:
            readers |= p.people.in_role(enrolment.organisation_id, MANAGERS)
        if enrolment.user_id:
            own = enrolment.user.memberships.values_list("pk", flat=True)
            readers |= p.people.of(own)
        p.plant(enrolment, "last_name", "ENROL", readers, replace=True)
    for evaluation in Evaluation.objects.select_related("enrolment__session__module"):
        organiser = evaluation.enrolment.session.module.organiser_id
        readers = p.people.in_role(organiser, {Role.ADMIN, Role.COORDINATOR, Role.NETWORK_STAFF})
        p.plant(evaluation, "comment", "EVAL", readers)


def _field(p: Planter):
    for item in RoadmapItem.objects.select_related("shift__team").order_by("shift_id", "pk"):
        p.plant(item, "text", "ROAD", p.field_team(item.shift))
    interventions = Intervention.objects.select_related("shift__team").order_by("pk")
    for intervention in interventions:
        team = p.field_team(intervention.shift)
        p.plant(intervention, "note", "INOTE", team)
        p.plant(intervention, "place_label", "IPLC", team)
    for report in ShiftReport.objects.select_related("shift__team"):
        p.plant(report, "summary", "SREP", p.field_team(report.shift))
    for event in SeriousEvent.objects.select_related("shift__team"):
        p.plant(event, "description", "SEV", p.field_team(event.shift))
    for person in NamedPerson.objects.select_related("intervention__shift__team"):
        p.plant(person, "last_name", "NAMED", p.field_team(person.intervention.shift), replace=True)
    for request in RoadmapRequest.objects.order_by("pk"):
        partner = p.people.of_partner(request.partner_id)
        managers = p.people.in_role(request.organisation_id, MANAGERS)
        team = set()
        for item in RoadmapItem.objects.filter(partner_request=request).select_related(
            "shift__team"
        ):
            team |= p.field_team(item.shift)
        p.plant(request, "text", "RRQ", managers | partner | team)
        if request.decline_reason:
            p.plant(request, "decline_reason", "RRDEC", managers | partner)
    for signal in TechnicalSignal.objects.select_related("shift__team").order_by("pk"):
        readers = p.people.in_role(signal.organisation_id, MANAGERS)
        if signal.shift is not None:
            readers |= p.field_team(signal.shift)
        if signal.partner_id:
            readers |= p.people.of_partner(signal.partner_id)
        p.plant(signal, "description", "SIG", readers)


def _network(p: Planter):
    staff = {Role.ADMIN, Role.NETWORK_STAFF}
    for contact in MemberContact.objects.order_by("pk"):
        p.plant(
            contact, "last_name", "MCONT", p.people.in_role(contact.network_id, staff), replace=True
        )
    for record in CertificationRecord.objects.order_by("pk"):
        p.plant(record, "notes", "CERT", p.people.in_role(record.network_id, staff))
    for finding in Finding.objects.select_related("record").order_by("pk"):
        p.plant(finding, "text", "FIND", p.people.in_role(finding.record.network_id, staff))
    for action in ActionItem.objects.select_related("record").order_by("pk"):
        p.plant(action, "action", "ACT", p.people.in_role(action.record.network_id, staff))
    for event in Event.objects.order_by("pk"):
        p.plant(event, "description", "EVT", p.people.in_role(event.network_id, staff))
    for registration in Registration.objects.select_related("event").order_by("pk"):
        readers = p.people.in_role(registration.event.network_id, staff)
        p.plant(registration, "name", "REG", readers)


def _privacy(p: Planter):
    for request in RightsRequest.objects.order_by("pk"):
        p.plant(request, "details", "RIGHTS", p.people.in_role(request.organisation_id, MANAGERS))
    for hold in LegalHold.objects.order_by("pk"):
        p.plant(hold, "detail", "HOLD", p.people.in_role(hold.organisation_id, MANAGERS))
    for report in SafetyReport.objects.select_related("case").order_by("pk"):
        readers = p.people.in_role(report.organisation_id, MANAGERS)
        proposer = report.proposed_by.memberships.values_list("pk", flat=True)
        readers |= p.people.of(proposer)
        p.plant(report, "content", "SAFE", readers)
