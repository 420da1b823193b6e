"""What each edit form of the case page shows, read the same way by the form (to fill itself in
and sign what it showed) and by the action (to compare, under the case's lock, before writing).
Two people editing the same case at once: docs/adr/0037, ``core.concurrency``.

Only forms that overwrite values are guarded: the case's details, a person's identity and
contacts, the team, the dimension of a collective mediation and a group's name. Steps that add
something (an interview, a consent, a note) or move the case along its states cannot overwrite
anyone's work: the state machine already refuses a step taken twice."""

from palabre.cases.collective import PartyGroup
from palabre.cases.models import Case, Party


def case_details(case: Case) -> dict:
    conflicts = list(case.conflicts.all())
    primary = next((c for c in conflicts if c.is_primary), None)
    return {
        "referral_source": case.referral_source,
        "referrer_name": case.referrer_name,
        "channel": case.first_contact_channel,
        "commune": case.commune_id,
        "quartier": case.quartier_id,
        "housing": case.housing,
        "building_type": case.building_type,
        "landlord_name": case.landlord_name,
        "residence": case.residence_id,
        "primary_conflict": primary.category if primary else "",
        "subcategory": primary.subcategory if primary else "",
        "secondary_conflicts": [c.category for c in conflicts if not c.is_primary],
    }


PARTY_DETAILS = ("last_name", "first_name", "phone", "email", "preferred_channel", "address")


def party_details(party: Party) -> dict:
    return {name: getattr(party, name) for name in PARTY_DETAILS}


def team(case: Case) -> dict:
    return {"mediators": [a.membership_id for a in case.assignments.all() if a.ended_at is None]}


def collective(case: Case) -> dict:
    marked = getattr(case, "collective", None)
    return {"dimension": marked.dimension if marked else ""}


def group(group: PartyGroup | None) -> dict:
    """A group as its edit form shows it; nothing for a group being added."""
    if group is None:
        return {}
    return {
        "name": group.name,
        "description": group.description,
        "estimated_size": group.estimated_size,
    }
