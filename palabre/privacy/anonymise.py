"""The erasures of the retention job, one row at a time (docs/adr/0016).

Each function treats one row in one transaction: it locks the row (and its case), asks again
whether the row is still due (``privacy.due``: a legal hold placed meanwhile, a contact made
active again, another run that got there first), erases, writes the case's journal line when
there is a case, and adds one to the run's count — all or nothing. A run killed between two
rows leaves each row either untouched or finished; the next run treats the rest, and a row
already treated is never due again.

What goes and what stays: identities, contacts, addresses and typed text go; every date, code,
count and link a figure reads stays (``palabre/reports/indicators.py``, ``fieldwork.py``,
``referrals/figures.py``, the observatory). Rows that figures count (parties, households,
interviews, meetings, appointments, referrals, memberships) are emptied, never deleted. A name
that a page has to show becomes « anonymisé », so that every page, a partner's included, says so
instead of failing.
"""

from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

from palabre.accounts.models import User
from palabre.cases.models import Case, Household, Interview, Invitation, Meeting, Party
from palabre.core import journal
from palabre.core.models import JournalEntry
from palabre.core.text import normalise
from palabre.network.models import ActionItem, Member, MemberContact, Registration
from palabre.partners.models import Contact
from palabre.permanences.models import Appointment
from palabre.privacy import due
from palabre.privacy.due import ANONYMISED, ANONYMOUS_DOMAIN
from palabre.privacy.retention import LegalHold, RetentionRun
from palabre.referrals.models import Referral

PARTY_ERASED = {
    "first_name": "",
    "last_name": ANONYMISED,
    "phone": "",
    "email": "",
    "preferred_channel": "",
    "needs_interpreter": False,
    # Nothing left to recognise the person by (docs/adr/0027): no earlier case, no merged record.
    "identity_key": "",
    "person": None,
}
REFERRAL_ERASED = {
    "requester_first_name": "",
    "requester_last_name": ANONYMISED,
    "requester_phone": "",
    "requester_email": "",
    "requester_address": "",
    "referrer_name": "",
    "referrer_email": "",
    "availability": "",
    "search_text": normalise(ANONYMISED),
}
APPOINTMENT_ERASED = {"first_name": "", "last_name": ANONYMISED, "email": "", "phone": ""}
CONTACT_ERASED = {"first_name": "", "last_name": ANONYMISED, "email": "", "phone": ""}
# Free text of a case that no figure reads (the case list's downloads leave them out too).
CASE_TEXT_ERASED = {
    "referrer_name": "",
    "landlord_name": "",
    "closure_detail": "",
    "suspension_reason": "",
}
# A name shorter than this is not looked for in the journal's sentences (« Li » would match
# words that are not the person).
SHORTEST_NAME = 4


@dataclass
class Context:
    """One pass of the job over one organisation."""

    organisation: object
    schedule: object
    day: object
    now: object
    run: RetentionRun | None = None
    schedules: due.Schedules = field(default_factory=due.Schedules)
    # Why the rows go, as the case's history says it: the schedule, or a person's request.
    ground: str = "retention"


GROUNDS = {
    "retention": _("durée de conservation écoulée"),
    "objection": _("opposition de la personne"),
    "erasure": _("demande d'effacement de la personne"),
}


def _because(context: Context) -> str:
    return str(GROUNDS[context.ground])


def count(context: Context, key: str, n: int = 1):
    """Adds ``n`` to the run's ``key``, inside the caller's transaction."""
    if context.run is None or not n:
        return
    run = RetentionRun.objects.select_for_update().get(pk=context.run.pk)
    run.counts[key] = run.counts.get(key, 0) + n
    run.save(update_fields=["counts", "updated_at"])


def _locked_case(case_id) -> Case:
    return Case.objects.select_for_update().get(pk=case_id)


def _log(case, verb: str, summary: str, context: Context):
    journal.record(
        organisation=case.organisation,
        subject=case,
        verb=verb,
        summary=summary,
        occurred_at=context.now,
    )


def _forget_in_journal(organisation_ids, names):
    """The journal's sentences that name a person (« Binôme de médiation : … ») name them no
    more. The journal is append-only for the application; the erasure of a person is the one
    change it accepts (ADR 0016)."""
    for name in {name.strip() for name in names}:
        if len(name) < SHORTEST_NAME:
            continue
        JournalEntry.objects.filter(
            organisation_id__in=organisation_ids, summary__contains=name
        ).update(summary=Replace("summary", Value(name), Value(ANONYMISED)))


# --- A case and its people ----------------------------------------------------------------------


@transaction.atomic
def purge_notes(context: Context, case_id) -> int:
    """The private notes of a closed case, ``notes_months`` after its closure."""
    case = _locked_case(case_id)
    if not due.notes_due(context.organisation, context.schedule, context.day).filter(pk=case_id):
        return 0
    case.private_notes.all().delete()
    _log(case, "notes_purged", _("Notes privées supprimées (%s)") % _because(context), context)
    count(context, "notes")
    return 1


def _erase_party(party: Party):
    Party.objects.filter(pk=party.pk).update(**PARTY_ERASED)
    Invitation.objects.filter(party=party).update(callback_phone="")
    if party.household_id:
        Household.objects.filter(pk=party.household_id).update(address="", address_key="")


@transaction.atomic
def purge_other_party(context: Context, party_id) -> int:
    """The other party who refused or never answered: their identity, at the closure."""
    party = Party.objects.select_for_update().get(pk=party_id)
    case = _locked_case(party.case_id)
    selected = due.other_parties_due(context.organisation, context.schedule, context.day)
    if not selected.filter(pk=party_id):
        return 0
    _erase_party(party)
    case.refresh_search_text()
    case.save(update_fields=["search_text"])
    _log(
        case,
        "party_erased",
        _("Identité de l'autre partie effacée (%s)") % _because(context),
        context,
    )
    count(context, "other_parties")
    return 1


@transaction.atomic
def anonymise_case(context: Context, case_id) -> int:
    """A closed case, ``case_months`` after the last contact: its people, their contacts and
    addresses, its notes and typed text go; its dates, codes and counted rows stay."""
    case = _locked_case(case_id)
    if not due.cases_due(context.organisation, context.schedule, context.day, pk=case_id):
        return 0
    case.private_notes.all().delete()
    case.acquaintances.all().delete()
    Party.objects.filter(case=case).update(**PARTY_ERASED)
    Invitation.objects.filter(case=case).update(callback_phone="")
    Household.objects.filter(case=case).update(address="", address_key="", size=None)
    Interview.objects.filter(case=case).update(place="")
    Meeting.objects.filter(case=case).update(place="")
    Referral.objects.filter(case=case).update(**REFERRAL_ERASED)
    Appointment.objects.filter(case=case).update(**APPOINTMENT_ERASED)
    LegalHold.objects.filter(case=case).update(detail="")
    Case.objects.filter(pk=case.pk).update(
        **CASE_TEXT_ERASED, search_text=normalise(case.reference), anonymised_at=context.now
    )
    _log(case, "anonymised", _("Dossier anonymisé (%s)") % _because(context), context)
    count(context, "cases")
    return 1


# --- Referrals and appointments without a case --------------------------------------------------


@transaction.atomic
def anonymise_referral(context: Context, referral_id) -> int:
    Referral.objects.select_for_update().filter(pk=referral_id).first()
    selected = due.referrals_due(context.organisation, context.schedule, context.day)
    if not selected.filter(pk=referral_id).update(**REFERRAL_ERASED):
        return 0
    count(context, "referrals")
    return 1


@transaction.atomic
def anonymise_appointment(context: Context, appointment_id) -> int:
    Appointment.objects.select_for_update().filter(pk=appointment_id).first()
    selected = due.appointments_due(context.organisation, context.schedule, context.day)
    if not selected.filter(pk=appointment_id).update(**APPOINTMENT_ERASED):
        return 0
    count(context, "appointments")
    return 1


# --- People of the organisation -----------------------------------------------------------------


@transaction.atomic
def anonymise_account(context: Context, user_id) -> int:
    """A person whose every engagement ended long enough ago: the account is closed, its name
    and e-mail go (the journal's sentences and the login attempts that named them too); the
    memberships stay, inactive, so that the hours and presence they gave are still counted."""
    user = User.objects.select_for_update().get(pk=user_id)
    if user.email.endswith(f"@{ANONYMOUS_DOMAIN}") or not due.account_is_due(
        user, context.day, context.schedules
    ):
        return 0
    email, names = user.email, [user.get_full_name(), user.email]
    organisations = [m.organisation_id for m in user.memberships.all()]
    user.first_name, user.last_name = "", ANONYMISED
    user.email = f"anonyme-{user.pk.hex}@{ANONYMOUS_DOMAIN}"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=email).delete()
    _forget_in_journal(organisations, names)
    count(context, "volunteers")
    return 1


@transaction.atomic
def anonymise_partner_contact(context: Context, contact_id) -> int:
    Contact.objects.select_for_update().filter(pk=contact_id).first()
    selected = due.partner_contacts_due(context.organisation, context.schedule, context.day)
    if not selected.filter(pk=contact_id).update(**CONTACT_ERASED, job_title=""):
        return 0
    count(context, "partner_contacts")
    return 1


@transaction.atomic
def forget_link_recipient(context: Context, link_id) -> int:
    """The address a referral link was sent to, once the link is over."""
    selected = due.referral_links_due(context.organisation, context.schedule, context.day)
    if not selected.filter(pk=link_id).update(recipient_email=""):
        return 0
    count(context, "partner_contacts")
    return 1


@transaction.atomic
def forget_coownership_contact(context: Context, contact_id) -> int:
    """A contact of a co-ownership whose follow-up closed long enough ago: the row goes, the
    co-ownership and its counted actions stay."""
    selected = due.coownership_contacts_due(context.organisation, context.schedule, context.day)
    deleted, _rows = selected.filter(pk=contact_id).delete()
    if not deleted:
        return 0
    count(context, "partner_contacts")
    return 1


@transaction.atomic
def anonymise_member(context: Context, member_id) -> int:
    """A member that left the network: the names of its contacts, of the people registered to
    events for it and of the owners of its certification actions."""
    Member.objects.select_for_update().filter(pk=member_id).first()
    selected = due.members_due(context.organisation, context.schedule, context.day)
    if not selected.filter(pk=member_id):
        return 0
    contacts = MemberContact.objects.filter(member_id=member_id)
    registrations = Registration.objects.filter(member_id=member_id, name__gt="")
    names = [str(contact) for contact in contacts] + [r.name for r in registrations]
    erased = contacts.update(**CONTACT_ERASED, position="")
    erased += registrations.update(name=ANONYMISED)
    owners = ActionItem.objects.filter(record__member_id=member_id, owner_name__gt="")
    erased += owners.update(owner_name="")
    _forget_in_journal([context.organisation.pk], names)
    count(context, "network_contacts", erased)
    return 1


# The order of a pass: a case's notes and other party before the case, people last (an account
# may be due in several organisations; the first treats it).
OPERATIONS = {
    "notes": purge_notes,
    "other_parties": purge_other_party,
    "cases": anonymise_case,
    "referrals": anonymise_referral,
    "appointments": anonymise_appointment,
    "partner_contacts": anonymise_partner_contact,
    "referral_links": forget_link_recipient,
    "coownership_contacts": forget_coownership_contact,
    "network_contacts": anonymise_member,
    "volunteers": anonymise_account,
}
