"""Verbs of collective mediation (docs/adr/0035). Like ``cases.actions``: keyword-only, atomic,
each checks the case is open and collective, refuses in French with nothing written, and writes
one Journal entry on the case that names no group and no person.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from palabre.cases import codes, edits
from palabre.cases.actions import TransitionRefused, _lock, _log, _require_open, _touch
from palabre.cases.collective import CollectiveMediation, GroupAttendance, PartyGroup
from palabre.cases.models import Case, Commitment, Meeting, Party
from palabre.core import concurrency
from palabre.organisations.models import Membership

# The most people a meeting's attendance may add up to (its participants count is a small integer).
MOST_PRESENT = 5000


def is_collective(case: Case) -> bool:
    return CollectiveMediation.objects.filter(case=case).exists()


def _require_collective(case: Case):
    if not is_collective(case):
        raise TransitionRefused(_("Ce dossier n'est pas traité en médiation collective."))


def _require_group_of(case: Case, group: PartyGroup | None):
    if group is not None and group.case_id != case.pk:
        raise TransitionRefused(_("Ce groupe n'appartient pas à ce dossier."))


@transaction.atomic
def mark_collective(
    *, case: Case, by: Membership, dimension: str, read_version: dict | None = None
) -> CollectiveMediation:
    """Handles the case in groups of parties, or changes its dimension (refused if someone
    changed it since the form showed it: ``read_version``, adr/0037)."""
    case = _lock(case)
    _require_open(case, _("le traiter en médiation collective"))
    concurrency.require_unchanged(read_version, edits.collective(case))
    if dimension not in codes.CollectiveDimension.values:
        raise TransitionRefused(_("Choisissez la dimension de la médiation collective."))
    collective, created = CollectiveMediation.objects.update_or_create(
        case=case, defaults={"organisation": case.organisation, "dimension": dimension}
    )
    _touch(case)
    label = codes.CollectiveDimension(dimension).label
    summary = (
        _("Médiation collective (%(dimension)s)")
        if created
        else _("Dimension de la médiation collective : %(dimension)s")
    )
    _log(case, by, "collective", summary % {"dimension": str(label).lower()})
    return collective


@transaction.atomic
def save_group(
    *,
    case: Case,
    by: Membership,
    name: str,
    description: str = "",
    estimated_size: int | None = None,
    group: PartyGroup | None = None,
    read_version: dict | None = None,
) -> PartyGroup:
    """Adds a group to the case, or changes ``group``'s name, description or size (refused if
    someone changed them since the form showed them: ``read_version``, adr/0037)."""
    case = _lock(case)
    _require_open(case, _("modifier ses groupes"))
    _require_collective(case)
    _require_group_of(case, group)
    if group is not None:
        group = PartyGroup.objects.get(pk=group.pk)  # as it is now, under the case's lock
        concurrency.require_unchanged(read_version, edits.group(group))
    name = " ".join(name.split())
    if not name:
        raise TransitionRefused(_("Donnez un nom au groupe."))
    if case.party_groups.filter(name__iexact=name).exclude(pk=getattr(group, "pk", None)).exists():
        raise TransitionRefused(_("Le dossier a déjà un groupe de ce nom."))
    created = group is None
    if created:
        group = PartyGroup(organisation=case.organisation, case=case)
    group.name, group.description, group.estimated_size = name, description, estimated_size
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as error:  # the same name saved by someone else meanwhile
        raise TransitionRefused(_("Le dossier a déjà un groupe de ce nom.")) from error
    _touch(case)
    _log(
        case,
        by,
        "group_added" if created else "group_changed",
        _("Groupe ajouté") if created else _("Groupe modifié"),
    )
    return group


@transaction.atomic
def place_party(*, case: Case, by: Membership, party: Party, group: PartyGroup | None) -> Party:
    """Puts one of the case's parties in one of its groups (or in none)."""
    case = _lock(case)
    _require_open(case, _("placer une personne dans un groupe"))
    _require_collective(case)
    _require_group_of(case, group)
    if party.case_id != case.pk:
        raise TransitionRefused(_("Cette personne n'est pas une partie de ce dossier."))
    party.group = group
    party.save(update_fields=["group", "updated_at"])
    _touch(case)
    _log(
        case,
        by,
        "party_grouped",
        _("Personne placée dans un groupe") if group else _("Personne retirée de son groupe"),
    )
    return party


@transaction.atomic
def record_attendance(
    *,
    case: Case,
    by: Membership,
    meeting: Meeting,
    rows: Iterable[tuple[PartyGroup, int, Iterable[Party]]],
) -> Meeting:
    """Records, for a meeting held, how many people of each group came and which registered
    parties among them; the meeting's participants count becomes their sum."""
    case = _lock(case)
    _require_open(case, _("renseigner la présence des groupes"))
    _require_collective(case)
    if meeting.case_id != case.pk:
        raise TransitionRefused(_("Cette rencontre n'appartient pas à ce dossier."))
    if meeting.status != codes.AppointmentStatus.HELD:
        raise TransitionRefused(
            _("La présence se renseigne une fois la rencontre tenue (« Renseigner la rencontre »).")
        )
    rows = [(group, count, list(parties)) for group, count, parties in rows]
    for group, count, parties in rows:
        _require_group_of(case, group)
        if any(party.group_id != group.pk for party in parties):
            raise TransitionRefused(
                _("Une personne cochée présente n'appartient pas au groupe « %(group)s ».")
                % {"group": group.name}
            )
        if count < len(parties):
            raise TransitionRefused(
                _(
                    "Pour le groupe « %(group)s », le nombre de présents est plus petit que le "
                    "nombre de personnes cochées."
                )
                % {"group": group.name}
            )
    if sum(count for _group, count, _parties in rows) > MOST_PRESENT:
        raise TransitionRefused(
            _("Une rencontre compte au plus %(most)d présents.") % {"most": MOST_PRESENT}
        )
    meeting.attendances.all().delete()
    total = 0
    for group, count, parties in rows:
        if not count:
            continue
        attendance = GroupAttendance.objects.create(
            organisation=case.organisation, meeting=meeting, group=group, present_count=count
        )
        attendance.present_parties.set(parties)
        total += count
    meeting.participants_count = total or None
    meeting.save(update_fields=["participants_count", "updated_at"])
    _touch(case)
    summary = ngettext(
        "Présence des groupes renseignée : %(count)d personne",
        "Présence des groupes renseignée : %(count)d personnes",
        total,
    )
    _log(case, by, "attendance", summary % {"count": total})
    return meeting


@transaction.atomic
def add_group_commitment(
    *, case: Case, by: Membership, group: PartyGroup, category: str, wording: str = ""
) -> Commitment:
    """Adds to the case's agreement a commitment taken by one of its groups."""
    case = _lock(case)
    _require_open(case, _("ajouter un engagement de groupe"))
    _require_collective(case)
    _require_group_of(case, group)
    agreement = getattr(case, "agreement", None)
    if agreement is None:
        raise TransitionRefused(
            _("Enregistrez d'abord l'accord : les engagements des groupes s'y ajoutent.")
        )
    if category not in codes.CommitmentCategory.values:
        raise TransitionRefused(_("Choisissez la catégorie de l'engagement."))
    commitment = Commitment.objects.create(
        organisation=case.organisation,
        agreement=agreement,
        category=category,
        group=group,
        wording=" ".join(wording.split()),
    )
    _touch(case)
    _log(
        case,
        by,
        "group_commitment",
        _("Engagement d'un groupe : %(category)s")
        % {"category": commitment.get_category_display()},
    )
    return commitment
