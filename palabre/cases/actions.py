"""Verbs that change a case. Each is keyword-only, atomic, checks the state it starts from and
writes one Journal entry whose summary never carries what was said.

A refused transition raises ``TransitionRefused`` with a French sentence saying why; nothing has
been written when it does.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import codes, edits
from palabre.cases.codes import Status
from palabre.cases.models import (
    AcquaintanceDeclaration,
    Agreement,
    Case,
    CaseAssignment,
    CaseConflict,
    Commitment,
    ConsentRecord,
    ContactAttempt,
    FollowUp,
    Household,
    InformationRequest,
    Interview,
    Meeting,
    Party,
    PrivateNote,
    ReferenceCounter,
)
from palabre.core import concurrency, journal
from palabre.core.actions import Refused
from palabre.organisations.models import Membership


class TransitionRefused(Refused):
    """The action is not allowed in the case's current state; ``message`` says why, in French."""


# Where each closure reason may be chosen from (domain doc §3). Reasons that apply to any active
# state are listed in ANY_STATE_REASONS.
ANY_STATE_REASONS = {
    codes.ClosureReason.MOVED_OUT,
    codes.ClosureReason.RESOLVED_BEFORE,
    codes.ClosureReason.REQUESTER_WITHDREW,
    codes.ClosureReason.ESCALATED_SAFETY,
    # Consent can be withdrawn at any time: any active state → REQUESTER_WITHDREW or
    # OTHER_PARTY_REFUSED (domain doc §3.1).
    codes.ClosureReason.OTHER_PARTY_REFUSED,
    codes.ClosureReason.REORIENTED,
    codes.ClosureReason.OTHER,
}
CLOSURE_REASONS_BY_STATUS = {
    Status.NEW: {
        codes.ClosureReason.OUT_OF_SCOPE,
        codes.ClosureReason.REQUESTER_UNREACHABLE,
    },
    Status.QUALIFIED: {codes.ClosureReason.REQUESTER_UNREACHABLE, codes.ClosureReason.OUT_OF_SCOPE},
    Status.REQUESTER_INTERVIEW_SCHEDULED: {codes.ClosureReason.REQUESTER_UNREACHABLE},
    Status.REQUESTER_INTERVIEWED: {
        codes.ClosureReason.REQUESTER_EMPOWERED,
        codes.ClosureReason.APPEASED_WITHOUT_MEETING,
        codes.ClosureReason.OUT_OF_SCOPE,
        codes.ClosureReason.OTHER_PARTY_REFUSED,
        codes.ClosureReason.OTHER_PARTY_UNREACHABLE,
    },
    Status.CONTACTING_OTHER_PARTY: {
        codes.ClosureReason.OTHER_PARTY_REFUSED,
        codes.ClosureReason.OTHER_PARTY_UNREACHABLE,
        codes.ClosureReason.APPEASED_WITHOUT_MEETING,
    },
    Status.OTHER_PARTY_INTERVIEW_SCHEDULED: {
        codes.ClosureReason.OTHER_PARTY_REFUSED,
        codes.ClosureReason.OTHER_PARTY_UNREACHABLE,
    },
    Status.OTHER_PARTY_INTERVIEWED: {
        codes.ClosureReason.APPEASED_WITHOUT_MEETING,
        codes.ClosureReason.OTHER_PARTY_REFUSED,
    },
    Status.JOINT_MEETING_SCHEDULED: {codes.ClosureReason.OTHER_PARTY_REFUSED},
    Status.JOINT_MEETING_HELD: {codes.ClosureReason.NO_AGREEMENT},
    Status.SHUTTLE: {codes.ClosureReason.NO_AGREEMENT},
    Status.AGREEMENT_REACHED: set(),
    Status.FOLLOW_UP_DUE: {
        codes.ClosureReason.AGREEMENT_FULL,
        codes.ClosureReason.AGREEMENT_PARTIAL,
    },
    Status.SUSPENDED: {codes.ClosureReason.REQUESTER_UNREACHABLE},
}
SUSPENDABLE = {Status.NEW, Status.QUALIFIED, Status.CONTACTING_OTHER_PARTY}


def allowed_closure_reasons(case: Case) -> list[str]:
    if case.status == Status.CLOSED:
        return []
    allowed = CLOSURE_REASONS_BY_STATUS.get(case.status, set()) | ANY_STATE_REASONS
    if case.status == Status.FOLLOW_UP_DUE and not case.follow_ups.filter(done_on__isnull=False):
        allowed -= {codes.ClosureReason.AGREEMENT_FULL, codes.ClosureReason.AGREEMENT_PARTIAL}
    return [reason for reason in codes.ClosureReason if reason in allowed]


def _elides(doing: str) -> bool:
    """French elides « de » before a vowel: « Impossible d'ouvrir », not « de ouvrir »."""
    return doing[:1].lower() in "aeiouyàâéèêëîïôû"


def _require_status(case: Case, *allowed: str, doing: str):
    if case.status not in allowed:
        message = (
            _("Impossible d'%(doing)s : le dossier est à l'état « %(status)s ».")
            if _elides(doing)
            else _("Impossible de %(doing)s : le dossier est à l'état « %(status)s ».")
        )
        raise TransitionRefused(message % {"doing": doing, "status": case.get_status_display()})


def _require_open(case: Case, doing: str):
    if case.status == Status.CLOSED:
        message = (
            _("Impossible d'%(doing)s : le dossier est clos.")
            if _elides(doing)
            else _("Impossible de %(doing)s : le dossier est clos.")
        )
        raise TransitionRefused(message % {"doing": doing})


def _require_team(case: Case, mediators: Iterable[Membership]):
    """Only active mediators or coordinators of the case's own service, who have not declared
    knowing a party, may work on it (assignment, interviews, meetings)."""
    for mediator in mediators:
        if (
            mediator.organisation_id != case.organisation_id
            or mediator.role not in ("mediator", "coordinator")
            or not mediator.is_active
        ):
            raise TransitionRefused(_("Seuls les médiateurs du service peuvent être assignés."))
        if AcquaintanceDeclaration.objects.filter(case=case, membership=mediator).exists():
            raise TransitionRefused(
                _(
                    "%(name)s a déclaré connaître une partie de ce dossier et ne peut pas y être "
                    "assigné·e."
                )
                % {"name": mediator.user}
            )


def _lock(case: Case) -> Case:
    """Re-reads the case under a row lock so that two people acting at once cannot race."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _touch(case: Case, *, status: str | None = None, fields: Iterable[str] = ()):
    update = {"last_activity_at", "updated_at", *fields}
    if status is not None:
        case.status = status
        update.add("status")
    case.last_activity_at = timezone.now()
    case.save(update_fields=sorted(update))


def _log(case: Case, by: Membership, verb: str, summary: str, when=None, **data):
    journal.record(
        organisation=case.organisation,
        subject=case,
        verb=verb,
        summary=summary,
        actor=by.user if by else None,
        occurred_at=when,
        data=data,
    )


def _at(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    if isinstance(day, dt.datetime):
        return day
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def has_active_consent(party: Party | None, kind: str) -> bool:
    return party is not None and party.consents.active().filter(kind=kind).exists()


def compute_stage(case: Case) -> str:
    """How far the process went, from recorded events only."""
    held = codes.AppointmentStatus.HELD
    if case.follow_ups.filter(done_on__isnull=False).exists():
        return codes.Stage.FOLLOW_UP_DONE
    if case.meetings.filter(status=held).exists():
        return codes.Stage.JOINT_MEETING_HELD
    if case.interviews.filter(status=held, party__role=codes.PartyRole.OTHER_PARTY).exists():
        return codes.Stage.OTHER_PARTY_INTERVIEWED
    if case.contact_attempts.exists():
        return codes.Stage.OTHER_PARTY_CONTACTED
    if case.interviews.filter(status=held, party__role=codes.PartyRole.REQUESTER).exists():
        return codes.Stage.REQUESTER_INTERVIEWED
    return codes.Stage.INTAKE_ONLY


def _refresh_stage(case: Case):
    case.stage_reached = compute_stage(case)
    case.save(update_fields=["stage_reached"])


def _next_reference(organisation, year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        organisation=organisation, year=year
    )
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db()
    return f"{year}-{counter.last_number:04d}"


def _set_territory(case: Case, commune, quartier):
    if quartier is not None and commune is not None and quartier.commune_id != commune.pk:
        raise TransitionRefused(_("Le quartier choisi n'appartient pas à la commune choisie."))
    case.commune = commune
    case.quartier = quartier
    case.is_qpv = bool(quartier and quartier.is_qpv)


def _set_residence(case: Case, residence):
    """The landlord's residence the case happens in; it names the landlord when none is set
    (earlier cases at the same residence, landlords' reports by residence)."""
    if residence is not None and residence.organisation_id != case.organisation_id:
        raise TransitionRefused(_("Cette résidence n'est pas suivie par le service."))
    case.residence = residence
    if residence is not None:
        case.landlord = residence.landlord
        case.landlord_name = case.landlord_name or residence.landlord.name


def _set_conflicts(case: Case, primary: str, secondary: Iterable[str] = (), subcategory: str = ""):
    case.conflicts.all().delete()
    CaseConflict.objects.create(
        organisation=case.organisation,
        case=case,
        category=primary,
        subcategory=subcategory,
        is_primary=True,
    )
    for category in sorted(set(secondary) - {primary}):
        CaseConflict.objects.create(organisation=case.organisation, case=case, category=category)


# --- Intake -------------------------------------------------------------------------------------


@transaction.atomic
def record_information_request(
    *,
    organisation,
    by: Membership,
    received_on: dt.date,
    channel: str,
    topic: str,
    referral_source: str = codes.ReferralSource.UNKNOWN,
    commune=None,
    oriented_to: str = "",
) -> InformationRequest:
    request = InformationRequest.objects.create(
        organisation=organisation,
        received_on=received_on,
        channel=channel,
        topic=topic,
        referral_source=referral_source,
        commune=commune,
        oriented_to=oriented_to,
        recorded_by=by.user,
    )
    journal.record(
        organisation=organisation,
        subject=request,
        verb="information_request",
        summary=_("Demande d'information enregistrée"),
        actor=by.user,
    )
    return request


@transaction.atomic
def open_case(
    *,
    organisation,
    by: Membership,
    opened_on: dt.date,
    channel: str,
    referral_source: str,
    requester_last_name: str,
    requester_first_name: str = "",
    requester_phone: str = "",
    requester_email: str = "",
    requester_address: str = "",
    other_party_last_name: str = "",
    other_party_first_name: str = "",
    other_party_address: str = "",
    primary_conflict: str,
    subcategory: str = "",
    secondary_conflicts: Iterable[str] = (),
    commune=None,
    quartier=None,
    housing: str = codes.Housing.UNKNOWN,
    building_type: str = codes.BuildingType.UNKNOWN,
    landlord_name: str = "",
    referrer_name: str = "",
    referrer=None,
    landlord=None,
    residence=None,
    previous_case: Case | None = None,
) -> Case:
    """Opens a case at the state « Nouvelle saisine » with its requester (and the other party
    when the requester names them)."""
    case = Case(
        organisation=organisation,
        reference=_next_reference(organisation, opened_on.year),
        opened_on=opened_on,
        first_contact_channel=channel,
        referral_source=referral_source,
        referrer_name=referrer_name or (referrer.name if referrer else ""),
        referrer=referrer,
        landlord=landlord,
        housing=housing,
        building_type=building_type,
        landlord_name=landlord_name,
        previous_case=previous_case,
        is_relapse=previous_case is not None,
        coordinator=by if by.role in ("admin", "coordinator") else None,
        last_activity_at=timezone.now(),
    )
    _set_territory(case, commune, quartier)
    _set_residence(case, residence)
    case.save()
    _set_conflicts(case, primary_conflict, secondary_conflicts, subcategory)
    requester_home = Household.objects.create(
        organisation=organisation, case=case, address=requester_address, commune=commune
    )
    Party.objects.create(
        organisation=organisation,
        case=case,
        household=requester_home,
        role=codes.PartyRole.REQUESTER,
        last_name=requester_last_name,
        first_name=requester_first_name,
        phone=requester_phone,
        email=requester_email,
    )
    if other_party_last_name:
        other_home = Household.objects.create(
            organisation=organisation, case=case, address=other_party_address, commune=commune
        )
        Party.objects.create(
            organisation=organisation,
            case=case,
            household=other_home,
            role=codes.PartyRole.OTHER_PARTY,
            last_name=other_party_last_name,
            first_name=other_party_first_name,
        )
    case.refresh_search_text()
    case.save(update_fields=["search_text"])
    summary = _("Dossier ouvert")
    if previous_case is not None:
        summary = _("Dossier ouvert, lié au dossier %(ref)s (reprise)") % {
            "ref": previous_case.reference
        }
    _log(case, by, "opened", summary, when=_at(opened_on))
    return case


@transaction.atomic
def open_linked_case(*, case: Case, by: Membership, opened_on: dt.date, channel: str) -> Case:
    """A conflict comes back: a new case linked to the earlier one, so yearly figures stay put."""
    _require_status(case, Status.CLOSED, doing=_("ouvrir un dossier lié"))
    requester = case.requester()
    others = case.other_parties()
    primary = case.primary_conflict()
    new = open_case(
        organisation=case.organisation,
        by=by,
        opened_on=opened_on,
        channel=channel,
        referral_source=case.referral_source,
        referrer_name=case.referrer_name,
        requester_last_name=requester.last_name if requester else _("Inconnu"),
        requester_first_name=requester.first_name if requester else "",
        requester_phone=requester.phone if requester else "",
        requester_email=requester.email if requester else "",
        requester_address=requester.address if requester else "",
        other_party_last_name=others[0].last_name if others else "",
        other_party_first_name=others[0].first_name if others else "",
        other_party_address=others[0].address if others else "",
        primary_conflict=primary.category if primary else codes.ConflictCategory.OTHER,
        secondary_conflicts=[c.category for c in case.conflicts.all() if not c.is_primary],
        commune=case.commune,
        quartier=case.quartier,
        housing=case.housing,
        building_type=case.building_type,
        landlord_name=case.landlord_name,
        previous_case=case,
    )
    _log(case, by, "relapse", _("Nouveau dossier lié ouvert : %(ref)s") % {"ref": new.reference})
    return new


@transaction.atomic
def update_case_details(
    *,
    case: Case,
    by: Membership,
    referral_source: str,
    channel: str,
    commune,
    quartier,
    housing: str,
    building_type: str,
    landlord_name: str,
    referrer_name: str,
    primary_conflict: str,
    subcategory: str = "",
    secondary_conflicts: Iterable[str] = (),
    residence=None,
    read_version: dict | None = None,
) -> Case:
    """``read_version``: what the form showed, refused if someone changed it since (adr/0037)."""
    case = _lock(case)
    _require_open(case, _("modifier le dossier"))
    concurrency.require_unchanged(read_version, edits.case_details(case))
    _set_territory(case, commune, quartier)
    case.referral_source = referral_source
    case.first_contact_channel = channel
    case.housing = housing
    case.building_type = building_type
    case.landlord_name = landlord_name
    case.referrer_name = referrer_name
    _set_residence(case, residence)
    _set_conflicts(case, primary_conflict, secondary_conflicts, subcategory)
    _touch(
        case,
        fields=[
            "commune",
            "quartier",
            "is_qpv",
            "referral_source",
            "first_contact_channel",
            "housing",
            "building_type",
            "landlord_name",
            "landlord",
            "residence",
            "referrer_name",
        ],
    )
    _log(case, by, "details_updated", _("Informations du dossier mises à jour"))
    return case


@transaction.atomic
def add_party(
    *,
    case: Case,
    by: Membership,
    role: str,
    last_name: str,
    first_name: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    household: Household | None = None,
    preferred_channel: str = "",
    needs_interpreter: bool = False,
) -> Party:
    case = _lock(case)
    _require_open(case, _("ajouter une personne"))
    if household is None:
        household = Household.objects.create(
            organisation=case.organisation, case=case, address=address, commune=case.commune
        )
    party = Party.objects.create(
        organisation=case.organisation,
        case=case,
        household=household,
        role=role,
        last_name=last_name,
        first_name=first_name,
        phone=phone,
        email=email,
        preferred_channel=preferred_channel,
        needs_interpreter=needs_interpreter,
    )
    case.refresh_search_text()
    _touch(case, fields=["search_text"])
    _log(
        case,
        by,
        "party_added",
        _("Personne ajoutée : %(role)s") % {"role": party.get_role_display()},
    )
    return party


# What a rectification may change: a party's identity and contacts (GDPR art. 16).
PARTY_DETAILS = edits.PARTY_DETAILS


def _party_detail_label(name: str) -> str:
    if name == "address":
        return str(Household._meta.get_field("address").verbose_name)
    return str(Party._meta.get_field(name).verbose_name)


def _set_household_address(case: Case, party: Party, address: str) -> bool:
    """The address lives in the party's household: it changes for everyone living there."""
    if address == party.address:
        return False
    if party.household is None:
        party.household = Household.objects.create(
            organisation=case.organisation, case=case, address=address, commune=case.commune
        )
        party.save(update_fields=["household", "updated_at"])
    else:
        party.household.address = address
        party.household.save(update_fields=["address", "updated_at"])
    return True


def _rectify(case: Case, party: Party, fields: dict) -> list[str]:
    """Writes the fields that differ; answers their names, in the order of ``PARTY_DETAILS``."""
    changed = [
        name
        for name in PARTY_DETAILS
        if name in fields and name != "address" and getattr(party, name) != fields[name]
    ]
    for name in changed:
        setattr(party, name, fields[name])
    if changed:
        party.save(update_fields=[*changed, "updated_at"])
    if "address" in fields and _set_household_address(case, party, fields["address"]):
        changed.append("address")
    return changed


@transaction.atomic
def update_party(
    *, case: Case, party: Party, by: Membership, read_version: dict | None = None, **fields
) -> Party:
    """Rectifies the identity and contacts of one party. The Journal names the fields changed,
    never their old or new values: it must not keep a copy of the personal data corrected.
    ``read_version``: what the form showed, refused if someone changed it since (adr/0037)."""
    unknown = sorted(set(fields) - set(PARTY_DETAILS))
    if unknown:
        raise TypeError(f"update_party() cannot change: {', '.join(unknown)}")
    case = _lock(case)
    if case.anonymised_at is not None:
        raise TransitionRefused(
            _("Impossible de modifier les coordonnées : le dossier est anonymisé.")
        )
    party = (
        Party.objects.select_for_update(of=("self",))
        .select_related("household")
        .filter(case=case, pk=party.pk)
        .first()
    )
    if party is None:
        raise Refused(_("Cette personne ne fait pas partie de ce dossier."))
    concurrency.require_unchanged(read_version, edits.party_details(party))
    if "last_name" in fields and not fields["last_name"].strip():
        raise Refused(_("Le nom de la personne est obligatoire."))
    changed = _rectify(case, party, fields)
    if not changed:
        return party
    case.refresh_search_text()
    _touch(case, fields=["search_text"])
    _log(
        case,
        by,
        "party_updated",
        _("Coordonnées modifiées (%(role)s) : %(fields)s")
        % {
            "role": party.get_role_display(),
            "fields": ", ".join(_party_detail_label(name) for name in changed),
        },
        fields=changed,
    )
    return party


@transaction.atomic
def qualify(*, case: Case, by: Membership) -> Case:
    """Pré-accueil done: the situation is within the service's scope."""
    case = _lock(case)
    _require_status(case, Status.NEW, doing=_("déclarer la saisine recevable"))
    _touch(case, status=Status.QUALIFIED)
    _log(case, by, "qualified", _("Saisine déclarée recevable"))
    return case


# --- Mediators ----------------------------------------------------------------------------------


@transaction.atomic
def declare_acquaintance(*, case: Case, by: Membership, party: Party) -> AcquaintanceDeclaration:
    """A mediator declares knowing a party; if assigned, they are withdrawn from the case."""
    if party.case_id != case.pk:
        raise TransitionRefused(_("Cette personne n'est pas partie à ce dossier."))
    declaration, _created = AcquaintanceDeclaration.objects.get_or_create(
        organisation=case.organisation, case=case, party=party, membership=by
    )
    ended = CaseAssignment.objects.filter(case=case, membership=by, ended_at__isnull=True).update(
        ended_at=timezone.now()
    )
    _log(
        case,
        by,
        "acquaintance_declared",
        _("Un·e médiateur·rice a déclaré connaître une partie")
        + (_(" et s'est retiré·e du dossier") if ended else ""),
    )
    return declaration


@transaction.atomic
def assign_mediators(
    *,
    case: Case,
    by: Membership,
    mediators: Iterable[Membership],
    assigned_on: dt.date | None = None,
    read_version: dict | None = None,
) -> Case:
    """Sets the team of the case (usually a pair). Refuses a mediator who knows a party, and a
    team someone else changed since the form showed it (``read_version``, adr/0037)."""
    case = _lock(case)
    _require_open(case, _("assigner des médiateurs"))
    concurrency.require_unchanged(read_version, edits.team(case))
    mediators = list(mediators)
    _require_team(case, mediators)
    wanted = {m.pk for m in mediators}
    current = {a.membership_id: a for a in case.assignments.filter(ended_at__isnull=True)}
    for membership_id, assignment in current.items():
        if membership_id not in wanted:
            assignment.ended_at = timezone.now()
            assignment.save(update_fields=["ended_at"])
    for mediator in mediators:
        if mediator.pk not in current:
            CaseAssignment.objects.create(
                organisation=case.organisation,
                case=case,
                membership=mediator,
                assigned_on=assigned_on or timezone.localdate(),
            )
    _touch(case)
    names = ", ".join(str(m.user) for m in mediators) or _("personne")
    _log(case, by, "assigned", _("Binôme de médiation : %(names)s") % {"names": names})
    return case


# --- Consents -----------------------------------------------------------------------------------


@transaction.atomic
def record_consent(
    *, case: Case, by: Membership, party: Party, kind: str, given_on: dt.date, method: str
) -> ConsentRecord:
    case = _lock(case)
    _require_open(case, _("enregistrer un consentement"))
    if party.case_id != case.pk:
        raise TransitionRefused(_("Cette personne n'est pas partie à ce dossier."))
    if has_active_consent(party, kind):
        raise TransitionRefused(_("Ce consentement est déjà enregistré pour cette personne."))
    consent = ConsentRecord.objects.create(
        organisation=case.organisation,
        case=case,
        party=party,
        kind=kind,
        given_on=given_on,
        method=method,
        recorded_by=by.user,
    )
    _touch(case)
    _log(
        case,
        by,
        "consent_given",
        _("Consentement recueilli (%(role)s) : %(kind)s")
        % {"role": party.get_role_display(), "kind": consent.get_kind_display()},
        when=_at(given_on),
    )
    return consent


@transaction.atomic
def withdraw_consent(*, consent: ConsentRecord, by: Membership) -> ConsentRecord:
    """Consent can be withdrawn at any time; the steps it allowed stop there."""
    if consent.withdrawn_at is not None:
        raise TransitionRefused(_("Ce consentement a déjà été retiré."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = by.user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    _touch(consent.case)
    _log(
        consent.case,
        by,
        "consent_withdrawn",
        _("Consentement retiré (%(role)s) : %(kind)s")
        % {"role": consent.party.get_role_display(), "kind": consent.get_kind_display()},
    )
    return consent


# --- Interviews ---------------------------------------------------------------------------------


@transaction.atomic
def schedule_interview(
    *,
    case: Case,
    by: Membership,
    party: Party,
    scheduled_at: dt.datetime,
    channel: str,
    place: str = "",
    mediators: Iterable[Membership] = (),
) -> Interview:
    case = _lock(case)
    if party.role == codes.PartyRole.REQUESTER:
        _require_status(
            case,
            Status.QUALIFIED,
            Status.REQUESTER_INTERVIEW_SCHEDULED,
            Status.REQUESTER_INTERVIEWED,
            doing=_("planifier l'entretien du demandeur"),
        )
        target = Status.REQUESTER_INTERVIEW_SCHEDULED if case.status == Status.QUALIFIED else None
    elif party.role == codes.PartyRole.OTHER_PARTY:
        _require_status(
            case,
            Status.CONTACTING_OTHER_PARTY,
            Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
            Status.OTHER_PARTY_INTERVIEWED,
            doing=_("planifier l'entretien de l'autre partie"),
        )
        if not has_active_consent(case.requester(), codes.ConsentKind.CONTACT_OTHER_PARTY):
            raise TransitionRefused(
                _("Le consentement du demandeur à contacter l'autre partie n'est pas enregistré.")
            )
        target = (
            Status.OTHER_PARTY_INTERVIEW_SCHEDULED
            if case.status == Status.CONTACTING_OTHER_PARTY
            else None
        )
    else:
        raise TransitionRefused(
            _("Les entretiens individuels concernent le demandeur ou l'autre partie.")
        )
    mediators = list(mediators)
    _require_team(case, mediators)
    interview = Interview.objects.create(
        organisation=case.organisation,
        case=case,
        party=party,
        scheduled_at=scheduled_at,
        channel=channel,
        place=place,
    )
    interview.mediators.set(mediators or case.active_mediators())
    _touch(case, status=target)
    _log(
        case,
        by,
        "interview_scheduled",
        _("Entretien prévu (%(role)s)") % {"role": party.get_role_display()},
    )
    return interview


@transaction.atomic
def record_interview(
    *, interview: Interview, by: Membership, held: bool, duration_minutes: int | None = None
) -> Interview:
    """Records that a scheduled interview took place (or that the person did not come)."""
    case = _lock(interview.case)
    # Read under the case's lock: the other mediator of the pair may have recorded it meanwhile.
    interview.refresh_from_db(fields=["status"])
    if interview.status != codes.AppointmentStatus.SCHEDULED:
        raise TransitionRefused(_("Cet entretien a déjà été renseigné."))
    _require_open(case, _("renseigner un entretien"))
    interview.status = codes.AppointmentStatus.HELD if held else codes.AppointmentStatus.NO_SHOW
    interview.duration_minutes = duration_minutes if held else None
    interview.save(update_fields=["status", "duration_minutes", "updated_at"])
    target = None
    if (
        held
        and interview.party.role == codes.PartyRole.REQUESTER
        and case.status in (Status.REQUESTER_INTERVIEW_SCHEDULED, Status.QUALIFIED)
    ):
        target = Status.REQUESTER_INTERVIEWED
    if (
        held
        and interview.party.role == codes.PartyRole.OTHER_PARTY
        and case.status in (Status.OTHER_PARTY_INTERVIEW_SCHEDULED, Status.CONTACTING_OTHER_PARTY)
    ):
        target = Status.OTHER_PARTY_INTERVIEWED
    _touch(case, status=target)
    _refresh_stage(case)
    verb = _("Entretien tenu (%(role)s)") if held else _("Absence à l'entretien (%(role)s)")
    _log(
        case,
        by,
        "interview_held" if held else "interview_no_show",
        verb % {"role": interview.party.get_role_display()},
        when=interview.scheduled_at,
    )
    return interview


# --- Contacting the other party -----------------------------------------------------------------


@transaction.atomic
def start_contacting_other_party(*, case: Case, by: Membership) -> Case:
    case = _lock(case)
    _require_status(case, Status.REQUESTER_INTERVIEWED, doing=_("contacter l'autre partie"))
    if not has_active_consent(case.requester(), codes.ConsentKind.CONTACT_OTHER_PARTY):
        raise TransitionRefused(
            _("Le consentement du demandeur à contacter l'autre partie n'est pas enregistré.")
        )
    if not case.other_parties():
        raise TransitionRefused(_("Aucune autre partie n'est enregistrée dans ce dossier."))
    _touch(case, status=Status.CONTACTING_OTHER_PARTY)
    _log(case, by, "contacting", _("Prise de contact avec l'autre partie engagée"))
    return case


@transaction.atomic
def record_contact_attempt(
    *,
    case: Case,
    by: Membership | None,
    party: Party,
    channel: str,
    attempted_on: dt.date,
    result: str,
) -> ContactAttempt:
    """``by`` is None when the person answered an invitation's link (``invitation_actions``)."""
    case = _lock(case)
    _require_status(
        case,
        Status.CONTACTING_OTHER_PARTY,
        Status.OTHER_PARTY_INTERVIEW_SCHEDULED,
        doing=_("enregistrer une tentative de contact"),
    )
    if party.role != codes.PartyRole.OTHER_PARTY or party.case_id != case.pk:
        raise TransitionRefused(_("Les tentatives de contact visent l'autre partie du dossier."))
    if not has_active_consent(case.requester(), codes.ConsentKind.CONTACT_OTHER_PARTY):
        raise TransitionRefused(
            _("Le consentement du demandeur à contacter l'autre partie n'est pas enregistré.")
        )
    attempt = ContactAttempt.objects.create(
        organisation=case.organisation,
        case=case,
        party=party,
        channel=channel,
        attempted_on=attempted_on,
        result=result,
        recorded_by=by.user if by is not None else None,
    )
    _touch(case)
    _refresh_stage(case)
    _log(
        case,
        by,
        "contact_attempt",
        _("Tentative de contact : %(channel)s — %(result)s")
        % {"channel": attempt.get_channel_display(), "result": attempt.get_result_display()},
        when=_at(attempted_on),
    )
    return attempt


def contact_policy_exhausted(case: Case) -> bool:
    """True when the service's policy (attempts and delay) suggests closing as unreachable."""
    attempts = list(case.contact_attempts.all())
    if not attempts:
        return False
    policy = case.organisation
    first = min(a.attempted_on for a in attempts)
    no_reply = [
        a
        for a in attempts
        if a.result
        in (
            codes.ContactAttemptResult.NO_ANSWER,
            codes.ContactAttemptResult.SENT,
            codes.ContactAttemptResult.WRONG_ADDRESS,
        )
    ]
    return (
        len(no_reply) >= policy.contact_policy_attempts
        and (timezone.localdate() - first).days >= policy.contact_policy_days
    )


@transaction.atomic
def return_to_requester(*, case: Case, by: Membership) -> Case:
    """The other party refused: back to the requester to think about other levers."""
    case = _lock(case)
    _require_status(case, Status.CONTACTING_OTHER_PARTY, doing=_("revenir vers le demandeur"))
    _touch(case, status=Status.REQUESTER_INTERVIEWED)
    _log(case, by, "back_to_requester", _("Retour vers le demandeur (autres leviers)"))
    return case


# --- Meetings, shuttle, agreement ---------------------------------------------------------------


@transaction.atomic
def schedule_joint_meeting(
    *,
    case: Case,
    by: Membership,
    scheduled_at: dt.datetime,
    place: str = "",
    mediators: Iterable[Membership] = (),
) -> Meeting:
    case = _lock(case)
    _require_status(
        case,
        Status.OTHER_PARTY_INTERVIEWED,
        Status.JOINT_MEETING_HELD,
        Status.FOLLOW_UP_DUE,
        doing=_("planifier une rencontre de médiation"),
    )
    parties = [case.requester(), *case.other_parties()]
    if not all(has_active_consent(p, codes.ConsentKind.JOINT_MEETING) for p in parties):
        raise TransitionRefused(
            _("Le consentement des deux parties à une rencontre de médiation n'est pas enregistré.")
        )
    team = list(mediators)
    _require_team(case, team)
    team = team or case.active_mediators()
    if len(team) < 2:
        raise TransitionRefused(
            _(
                "Une rencontre de médiation se tient avec deux médiateurs : "
                "assignez un binôme d'abord."
            )
        )
    meeting = Meeting.objects.create(
        organisation=case.organisation,
        case=case,
        kind=codes.MeetingKind.JOINT,
        scheduled_at=scheduled_at,
        place=place,
    )
    meeting.mediators.set(team)
    _touch(case, status=Status.JOINT_MEETING_SCHEDULED)
    _log(case, by, "meeting_scheduled", _("Rencontre de médiation prévue"))
    return meeting


@transaction.atomic
def start_shuttle(*, case: Case, by: Membership) -> Case:
    """One party declines to meet but both accept that mediators carry messages."""
    case = _lock(case)
    _require_status(case, Status.OTHER_PARTY_INTERVIEWED, doing=_("passer en médiation navette"))
    parties = [case.requester(), *case.other_parties()]
    if not all(has_active_consent(p, codes.ConsentKind.SHUTTLE) for p in parties):
        raise TransitionRefused(
            _("Le consentement des deux parties à une médiation navette n'est pas enregistré.")
        )
    _touch(case, status=Status.SHUTTLE)
    _log(case, by, "shuttle", _("Médiation navette engagée"))
    return case


@transaction.atomic
def record_shuttle_exchange(
    *, case: Case, by: Membership, held_at: dt.datetime, duration_minutes: int | None = None
) -> Meeting:
    case = _lock(case)
    _require_status(case, Status.SHUTTLE, doing=_("enregistrer un échange navette"))
    meeting = Meeting.objects.create(
        organisation=case.organisation,
        case=case,
        kind=codes.MeetingKind.SHUTTLE,
        scheduled_at=held_at,
        status=codes.AppointmentStatus.HELD,
        duration_minutes=duration_minutes,
    )
    meeting.mediators.set(case.active_mediators())
    _touch(case)
    _refresh_stage(case)
    _log(case, by, "shuttle_exchange", _("Échange navette mené"), when=held_at)
    return meeting


@transaction.atomic
def record_joint_meeting(
    *,
    meeting: Meeting,
    by: Membership,
    held: bool,
    result: str = "",
    duration_minutes: int | None = None,
    participants_count: int | None = None,
) -> Meeting:
    case = _lock(meeting.case)
    _require_status(
        case, Status.JOINT_MEETING_SCHEDULED, doing=_("renseigner la rencontre de médiation")
    )
    meeting.refresh_from_db(fields=["status"])  # as for interviews: read under the lock
    if meeting.status != codes.AppointmentStatus.SCHEDULED:
        raise TransitionRefused(_("Cette rencontre a déjà été renseignée."))
    if held and not result:
        raise TransitionRefused(_("Indiquez l'issue de la rencontre."))
    meeting.status = codes.AppointmentStatus.HELD if held else codes.AppointmentStatus.CANCELLED
    meeting.result = result if held else ""
    meeting.duration_minutes = duration_minutes
    meeting.participants_count = participants_count
    meeting.save(
        update_fields=["status", "result", "duration_minutes", "participants_count", "updated_at"]
    )
    if held:
        _touch(case, status=Status.JOINT_MEETING_HELD)
    else:
        _touch(case, status=Status.OTHER_PARTY_INTERVIEWED)
    _refresh_stage(case)
    summary = (
        _("Rencontre de médiation tenue : %(result)s") % {"result": meeting.get_result_display()}
        if held
        else _("Rencontre annulée")
    )
    _log(
        case,
        by,
        "meeting_held" if held else "meeting_cancelled",
        summary,
        when=meeting.scheduled_at,
    )
    return meeting


@transaction.atomic
def record_agreement(
    *,
    case: Case,
    by: Membership,
    reached_on: dt.date,
    form: str,
    scope: str,
    commitments: Iterable[tuple[str, Party | None]] = (),
) -> Agreement:
    case = _lock(case)
    _require_status(
        case, Status.JOINT_MEETING_HELD, Status.SHUTTLE, doing=_("enregistrer un accord")
    )
    if (
        case.status == Status.SHUTTLE
        and not case.meetings.filter(kind=codes.MeetingKind.SHUTTLE).exists()
    ):
        raise TransitionRefused(_("Aucun échange navette n'est encore enregistré."))
    Agreement.objects.filter(case=case).delete()
    agreement = Agreement.objects.create(
        organisation=case.organisation, case=case, reached_on=reached_on, form=form, scope=scope
    )
    for category, party in commitments:
        Commitment.objects.create(
            organisation=case.organisation, agreement=agreement, category=category, party=party
        )
    _touch(case, status=Status.AGREEMENT_REACHED)
    _log(
        case,
        by,
        "agreement",
        _("Accord %(scope)s, %(form)s")
        % {
            "scope": agreement.get_scope_display().lower(),
            "form": agreement.get_form_display().lower(),
        },
        when=_at(reached_on),
    )
    return agreement


@transaction.atomic
def schedule_follow_up(*, case: Case, by: Membership, due_on: dt.date) -> FollowUp:
    case = _lock(case)
    _require_status(case, Status.AGREEMENT_REACHED, doing=_("programmer le suivi"))
    if due_on < case.agreement.reached_on:
        raise TransitionRefused(_("Le suivi se fait après la date de l'accord."))
    follow_up = FollowUp.objects.create(organisation=case.organisation, case=case, due_on=due_on)
    _touch(case, status=Status.FOLLOW_UP_DUE)
    _log(
        case,
        by,
        "follow_up_scheduled",
        _("Suivi programmé au %(date)s") % {"date": due_on.strftime("%d/%m/%Y")},
    )
    return follow_up


@transaction.atomic
def record_follow_up(*, case: Case, by: Membership, done_on: dt.date, result: str) -> FollowUp:
    case = _lock(case)
    _require_status(case, Status.FOLLOW_UP_DUE, doing=_("enregistrer le suivi"))
    follow_up = case.follow_ups.filter(done_on__isnull=True).first()
    if follow_up is None:
        raise TransitionRefused(_("Aucun suivi n'est en attente."))
    follow_up.done_on = done_on
    follow_up.result = result
    follow_up.save(update_fields=["done_on", "result", "updated_at"])
    case.follow_up_result = result
    _touch(case, fields=["follow_up_result"])
    _refresh_stage(case)
    _log(
        case,
        by,
        "follow_up_done",
        _("Suivi réalisé : %(result)s") % {"result": follow_up.get_result_display()},
        when=_at(done_on),
    )
    return follow_up


# --- Suspension and closure ---------------------------------------------------------------------


@transaction.atomic
def suspend(*, case: Case, by: Membership, reason: str, on: dt.date | None = None) -> Case:
    case = _lock(case)
    _require_status(case, *SUSPENDABLE, doing=_("suspendre le dossier"))
    if not reason.strip():
        raise TransitionRefused(_("Indiquez le motif de la suspension."))
    case.suspended_on = on or timezone.localdate()
    case.suspension_reason = reason.strip()
    _touch(case, status=Status.SUSPENDED, fields=["suspended_on", "suspension_reason"])
    _log(case, by, "suspended", _("Dossier suspendu"), when=_at(case.suspended_on))
    return case


@transaction.atomic
def resume(*, case: Case, by: Membership, on: dt.date | None = None) -> Case:
    case = _lock(case)
    _require_status(case, Status.SUSPENDED, doing=_("reprendre le dossier"))
    on = on or timezone.localdate()
    case.suspended_days += max(0, (on - case.suspended_on).days)
    case.suspended_on = None
    case.suspension_reason = ""
    _touch(
        case,
        status=Status.QUALIFIED,
        fields=["suspended_days", "suspended_on", "suspension_reason"],
    )
    _log(case, by, "resumed", _("Dossier repris"), when=_at(on))
    return case


def missing_for_closure(case: Case) -> list[str]:
    """The coded dimensions that reports need and that are still missing."""
    missing = []
    if not case.referral_source:
        missing.append(_("l'origine de la saisine"))
    if case.commune_id is None:
        missing.append(_("la commune"))
    elif case.quartier_id is None and case.commune.quartiers.exists():
        missing.append(_("le quartier"))
    if not case.conflicts.filter(is_primary=True).exists():
        missing.append(_("le motif principal du conflit"))
    return missing


@transaction.atomic
def close(*, case: Case, by: Membership, reason: str, closed_on: dt.date, detail: str = "") -> Case:
    case = _lock(case)
    _require_open(case, _("clore le dossier"))
    if (
        case.status == Status.FOLLOW_UP_DUE
        and reason in (codes.ClosureReason.AGREEMENT_FULL, codes.ClosureReason.AGREEMENT_PARTIAL)
        and not case.follow_ups.filter(done_on__isnull=False).exists()
    ):
        raise TransitionRefused(
            _("Le suivi doit être réalisé avant de clore le dossier sur un accord.")
        )
    if reason not in allowed_closure_reasons(case):
        raise TransitionRefused(
            _("Le motif « %(reason)s » ne convient pas à un dossier à l'état « %(status)s ».")
            % {"reason": codes.ClosureReason(reason).label, "status": case.get_status_display()}
        )
    missing = missing_for_closure(case)
    if missing:
        raise TransitionRefused(
            _("Pour clore, complétez d'abord : %(fields)s.") % {"fields": ", ".join(missing)}
        )
    if reason in (codes.ClosureReason.REORIENTED, codes.ClosureReason.OTHER) and not detail.strip():
        raise TransitionRefused(_("Précisez vers qui la personne est réorientée, ou le motif."))
    if closed_on < case.opened_on:
        raise TransitionRefused(_("La date de clôture précède la date de saisine."))
    if case.status == Status.SUSPENDED and case.suspended_on:
        case.suspended_days += max(0, (closed_on - case.suspended_on).days)
    case.closure_reason = reason
    case.closure_detail = detail.strip()
    case.closed_on = closed_on
    case.stage_reached = compute_stage(case)
    _touch(
        case,
        status=Status.CLOSED,
        fields=["closure_reason", "closure_detail", "closed_on", "stage_reached", "suspended_days"],
    )
    _log(
        case,
        by,
        "closed",
        _("Dossier clos : %(reason)s") % {"reason": case.get_closure_reason_display()},
        when=_at(closed_on),
    )
    return case


# --- Notes --------------------------------------------------------------------------------------


@transaction.atomic
def add_private_note(
    *, case: Case, by: Membership, text: str, source_party: Party | None = None
) -> PrivateNote:
    """Notes stay within the case's team; the Journal only says that a note was written."""
    if not text.strip():
        raise TransitionRefused(_("La note est vide."))
    note = PrivateNote.objects.create(
        organisation=case.organisation,
        case=case,
        author=by.user,
        text=text.strip(),
        source_party=source_party,
    )
    _touch(case)
    _log(case, by, "note_added", _("Note privée ajoutée"))
    return note
