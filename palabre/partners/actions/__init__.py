"""Verbs that change partners, venues and conventions. Each is keyword-only, atomic and writes
one Journal entry; ``by`` is the member acting (None for the demo or a scheduled command).

A refused change raises ``ActionRefused`` with a French sentence saying why; nothing has been
written when it does. Forms check the same rules first, so that people read the reason next to
the field; these checks stand for callers without a form (commands, the demo, the API to come).
"""

from palabre.partners.actions.base import ActionRefused
from palabre.partners.actions.conventions import (
    add_deliverable,
    create_convention,
    mark_deliverable_done,
    reminder_recipients,
    send_deliverable_reminder,
    update_convention,
)
from palabre.partners.actions.directory import (
    add_contact,
    add_residence,
    create_partner,
    create_venue,
    deactivate_contact,
    rename_partner,
    update_contact,
    update_partner,
    update_venue,
)

__all__ = [
    "ActionRefused",
    "add_contact",
    "add_deliverable",
    "add_residence",
    "create_convention",
    "create_partner",
    "create_venue",
    "deactivate_contact",
    "mark_deliverable_done",
    "rename_partner",
    "reminder_recipients",
    "send_deliverable_reminder",
    "update_contact",
    "update_convention",
    "update_partner",
    "update_venue",
]
