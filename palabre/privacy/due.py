"""What the retention schedule makes due on a day, for one organisation: the rows each line of
the schedule (``privacy.retention.LINES``) has to purge or anonymise, and when.

Every line reads a moment and a number of months: a row is due on the day that lies that many
months after its moment (``due_on``), and stays due until the job has treated it. The job asks
again, row by row and inside its transaction, whether each row is still due (``still_due``), so
that a legal hold placed or an edit made in between is respected. A case under an active legal
hold is never due, nor is anything of it.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from palabre.accounts.models import User
from palabre.cases import codes
from palabre.cases.models import (
    Case,
    ContactAttempt,
    FollowUp,
    Interview,
    Meeting,
    Party,
    PrivateNote,
)
from palabre.network.models import ActionItem, Member, MemberContact, Registration
from palabre.organisations.models import Organisation
from palabre.partners.models import Contact
from palabre.permanences.models import Appointment
from palabre.privacy.retention import LegalHold, RetentionSchedule
from palabre.referrals.models import Decision, Referral, ReferralLink

# What replaces a name that a page needs to show (a party, a contact, a person's account): the
# pages then say « anonymisé » by themselves, and never meet an empty required field.
ANONYMISED = "anonymisé"
# The e-mail of a closed account: unique, never deliverable (RFC 2606 reserves .invalid).
ANONYMOUS_DOMAIN = "anonyme.invalid"


# --- Days and months ----------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by ``months`` (negative: back), the 31st becoming the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def cutoff(day: dt.date, months: int) -> dt.date:
    """The last moment (a day) whose rows are due on ``day``."""
    return add_months(day, -months)


def due_on(moment: dt.date, months: int) -> dt.date:
    """The first day on which a row of ``moment`` is due: ``cutoff(day) >= moment``."""
    day = add_months(moment, months)
    while cutoff(day, months) < moment:
        day += dt.timedelta(days=1)
    return day


def _before(day: dt.date) -> dt.datetime:
    """The first instant after ``day``, in the service's time zone: a timestamp ``<`` it falls
    on ``day`` or earlier."""
    following = day + dt.timedelta(days=1)
    return dt.datetime.combine(following, dt.time.min, tzinfo=timezone.get_current_timezone())


def _local_day(moment):
    return timezone.localtime(moment).date() if moment is not None else None


# --- Cases --------------------------------------------------------------------------------------

HELD = codes.AppointmentStatus.HELD
OTHER_PARTY = codes.PartyRole.OTHER_PARTY
on_hold = Exists(LegalHold.objects.active().filter(case=OuterRef("pk")))


def closed_cases(organisation, day: dt.date, months: int, *, anonymised=False):
    """Cases closed at least ``months`` months before ``day``, not on hold, and not anonymised
    (unless ``anonymised``)."""
    cases = Case.objects.filter(
        organisation=organisation,
        status=codes.Status.CLOSED,
        closed_on__lte=cutoff(day, months),
    ).exclude(on_hold)
    return cases if anonymised else cases.filter(anonymised_at__isnull=True)


def notes_due(organisation, schedule, day):
    """Cases whose private notes are due: closed ``notes_months`` ago and still holding some
    (an anonymised case too, should a note have been written on it since)."""
    notes = PrivateNote.objects.filter(case=OuterRef("pk"))
    cases = closed_cases(organisation, day, schedule.notes_months, anonymised=True)
    return cases.filter(Exists(notes))


def party_identity_present(prefix: str = "") -> Q:
    p = prefix
    return (
        ~Q(**{f"{p}last_name": ANONYMISED})
        | ~Q(**{f"{p}first_name": ""})
        | ~Q(**{f"{p}phone": ""})
        | ~Q(**{f"{p}email": ""})
        | Q(**{f"{p}household__address__gt": ""})
    )


def other_parties_due(organisation, schedule, day):
    """Other parties of a closed case who refused (a refusal recorded, or the case closed on
    their refusal) or never answered (no interview held with them, no « yes » to a contact),
    whose identity is still there."""
    cases = closed_cases(organisation, day, schedule.other_party_months)
    attempts = ContactAttempt.objects.filter(party=OuterRef("pk"))
    refused = Q(case__closure_reason=codes.ClosureReason.OTHER_PARTY_REFUSED) | Q(
        Exists(attempts.filter(result=codes.ContactAttemptResult.REFUSED))
    )
    answered = Q(Exists(Interview.objects.filter(party=OuterRef("pk"), status=HELD))) | Q(
        Exists(attempts.filter(result=codes.ContactAttemptResult.ACCEPTED))
    )
    return (
        Party.objects.filter(organisation=organisation, role=OTHER_PARTY, case__in=cases)
        .filter(refused | ~answered)
        .filter(party_identity_present())
    )


def _latest(queryset, field_name):
    return Subquery(queryset.order_by(f"-{field_name}").values(field_name)[:1])


def with_last_contact(cases):
    """The cases, each with the moments of its last interview and meeting held, its last
    contact attempt and its last follow-up done (``last_contact`` reads them)."""
    return cases.annotate(
        last_interview=_latest(
            Interview.objects.filter(case=OuterRef("pk"), status=HELD), "scheduled_at"
        ),
        last_meeting=_latest(
            Meeting.objects.filter(case=OuterRef("pk"), status=HELD), "scheduled_at"
        ),
        last_attempt=_latest(ContactAttempt.objects.filter(case=OuterRef("pk")), "attempted_on"),
        last_follow_up=_latest(
            FollowUp.objects.filter(case=OuterRef("pk"), done_on__isnull=False), "done_on"
        ),
    )


def last_contact(case) -> dt.date:
    """The day of the last contact with the parties: the closure, or a later event."""
    days = [
        case.closed_on,
        _local_day(case.last_interview),
        _local_day(case.last_meeting),
        case.last_attempt,
        case.last_follow_up,
    ]
    return max(day for day in days if day is not None)


def cases_due(organisation, schedule, day, pk=None) -> list:
    """Closed cases whose last contact lies ``case_months`` months before ``day`` or more
    (``pk``: that case only, if it is due)."""
    months = schedule.case_months
    limit = cutoff(day, months)
    candidates = closed_cases(organisation, day, months)
    if pk is not None:
        candidates = candidates.filter(pk=pk)
    candidates = with_last_contact(candidates).order_by("closed_on", "reference")
    return [case for case in candidates if last_contact(case) <= limit]


# --- Referrals and appointments without a case --------------------------------------------------


def referral_identity_present() -> Q:
    return ~Q(requester_last_name=ANONYMISED) | Q(
        *[
            Q(**{f"{name}__gt": ""})
            for name in (
                "requester_first_name",
                "requester_phone",
                "requester_email",
                "requester_address",
                "referrer_name",
                "referrer_email",
                "availability",
            )
        ],
        _connector=Q.OR,
    )


def referrals_due(organisation, schedule, day):
    """Referrals answered without a case (declined, re-oriented) ``referral_months`` ago."""
    limit = _before(cutoff(day, schedule.referral_months))
    answered = Q(decided_at__lt=limit) | Q(decided_at__isnull=True, received_at__lt=limit)
    return (
        Referral.objects.filter(organisation=organisation, case__isnull=True)
        .exclude(decision=Decision.PENDING)
        .filter(answered)
        .filter(referral_identity_present())
    )


def appointment_identity_present() -> Q:
    return (
        Q(first_name__gt="")
        | Q(phone__gt="")
        | Q(email__gt="")
        | (Q(last_name__gt="") & ~Q(last_name=ANONYMISED))
    )


def appointments_due(organisation, schedule, day):
    """Appointments of people without a case, their session ``appointment_months`` ago."""
    limit = _before(cutoff(day, schedule.appointment_months))
    return Appointment.objects.filter(
        organisation=organisation, case__isnull=True, occurrence__starts_at__lt=limit
    ).filter(appointment_identity_present())


# --- People of the organisation: accounts, partners' contacts, members' contacts ----------------


class Schedules(dict):
    """Organisation id → its schedule, read once."""

    def __missing__(self, organisation_id):
        organisation = Organisation.objects.get(pk=organisation_id)
        self[organisation_id] = RetentionSchedule.of(organisation)
        return self[organisation_id]


def account_is_due(user, day: dt.date, schedules: Schedules) -> bool:
    """Every membership of the person has ended, each one ``volunteer_months`` ago in its own
    organisation. The end of a membership is its last change: the day it was made inactive."""
    memberships = list(user.memberships.all())
    return bool(memberships) and all(
        not membership.is_active
        and membership.updated_at
        < _before(cutoff(day, schedules[membership.organisation_id].volunteer_months))
        for membership in memberships
    )


def accounts_due(organisation, schedule, day, schedules: Schedules | None = None) -> list:
    """The accounts of the organisation's people whose engagement ended long enough ago, in
    every organisation they belonged to. The instance's technical administrators are left."""
    schedules = schedules if schedules is not None else Schedules()
    schedules.setdefault(organisation.pk, schedule)
    candidates = (
        User.objects.filter(memberships__organisation=organisation, is_superuser=False)
        .exclude(memberships__is_active=True)
        .exclude(email__endswith=f"@{ANONYMOUS_DOMAIN}")
        .distinct()
        .prefetch_related("memberships")
        .order_by("pk")
    )
    return [user for user in candidates if account_is_due(user, day, schedules)]


def contact_identity_present() -> Q:
    return (
        ~Q(last_name=ANONYMISED)
        | Q(first_name__gt="")
        | Q(job_title__gt="")
        | Q(email__gt="")
        | Q(phone__gt="")
    )


def partner_contacts_due(organisation, schedule, day):
    """Contacts whose relation with the service ended ``partner_contact_months`` ago: the contact
    was made inactive, or their partner was."""
    limit = _before(cutoff(day, schedule.partner_contact_months))
    ended = Q(is_active=False, updated_at__lt=limit) | Q(
        partner__is_active=False, partner__updated_at__lt=limit
    )
    return (
        Contact.objects.filter(organisation=organisation)
        .filter(ended)
        .filter(contact_identity_present())
    )


def referral_links_due(organisation, schedule, day):
    """Links for partners without an account: the address they were sent to, once the link
    has served, expired or been revoked ``partner_contact_months`` ago."""
    limit = _before(cutoff(day, schedule.partner_contact_months))
    over = Q(expires_at__lt=limit) | Q(used_at__lt=limit) | Q(revoked_at__lt=limit)
    return ReferralLink.objects.filter(organisation=organisation, recipient_email__gt="").filter(
        over
    )


def coownership_contacts_due(organisation, schedule, day):
    """The contacts of a co-ownership whose follow-up closed ``partner_contact_months`` ago."""
    from palabre.outreach.models import CoownershipContact

    limit = cutoff(day, schedule.partner_contact_months)
    return CoownershipContact.objects.filter(
        coownership__organisation=organisation, coownership__followed_until__lt=limit
    )


def member_contact_identity_present() -> Q:
    return (
        ~Q(last_name=ANONYMISED)
        | Q(first_name__gt="")
        | Q(position__gt="")
        | Q(email__gt="")
        | Q(phone__gt="")
    )


def members_due(organisation, schedule, day):
    """Members of a network who left it ``network_contact_months`` ago (made inactive) and
    whose contacts, registrations to events or action owners still carry a name."""
    limit = _before(cutoff(day, schedule.network_contact_months))
    of_member = {"member": OuterRef("pk")}
    named = (
        Q(Exists(MemberContact.objects.filter(member_contact_identity_present(), **of_member)))
        | Q(Exists(Registration.objects.filter(name__gt="", **of_member)))
        | Q(Exists(ActionItem.objects.filter(record__member=OuterRef("pk"), owner_name__gt="")))
    )
    return Member.objects.filter(
        network=organisation, is_active=False, updated_at__lt=limit
    ).filter(named)


# --- Everything due -----------------------------------------------------------------------------


@dataclass
class Due:
    """What one organisation has due on ``day``, line by line (rows, or lists of rows)."""

    organisation: object
    schedule: RetentionSchedule
    day: dt.date
    lines: dict = field(default_factory=dict)

    def counts(self) -> dict:
        return {key: len(rows) for key, rows in self.lines.items()}


SERVICE_LINES = {
    "notes": notes_due,
    "other_parties": other_parties_due,
    "cases": cases_due,
    "referrals": referrals_due,
    "appointments": appointments_due,
    "partner_contacts": partner_contacts_due,
    "referral_links": referral_links_due,
    "coownership_contacts": coownership_contacts_due,
}
NETWORK_LINES = {"network_contacts": members_due}
# The rows of ``due`` counted under another line of the schedule.
COUNTED_AS = {"referral_links": "partner_contacts", "coownership_contacts": "partner_contacts"}


def due(organisation, day: dt.date, schedule=None, schedules: Schedules | None = None) -> Due:
    schedule = schedule or RetentionSchedule.of(organisation)
    found = Due(organisation, schedule, day)
    selectors = NETWORK_LINES if organisation.is_network else SERVICE_LINES
    for key, select in selectors.items():
        found.lines[key] = list(select(organisation, schedule, day))
    found.lines["volunteers"] = accounts_due(organisation, schedule, day, schedules)
    return found
