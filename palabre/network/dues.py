"""The network's scale of dues and the rhythm of its reminders.

The scale gives the yearly amount for each ``DuesCategory``; a network changes it through the
``PALABRE_NETWORK_DUES`` setting (a dict of category → amount in euros). The amount is copied on
each year when it is recorded, so changing the scale never rewrites the years already called.

Reminders for unpaid dues of the current year go to each member's main contact, at most
``PALABRE_DUES_REMINDERS`` times, ``PALABRE_DUES_REMINDER_DAYS`` days apart (see the
``remind_dues`` command).
"""

from decimal import Decimal

from django.conf import settings

from palabre.network.models import DuesCategory

DEFAULT_SCALE = {
    DuesCategory.SMALL: Decimal("250"),
    DuesCategory.MEDIUM: Decimal("600"),
    DuesCategory.LARGE: Decimal("1200"),
    DuesCategory.AUTHORITY: Decimal("1500"),
}
DEFAULT_REMINDERS = 3
DEFAULT_REMINDER_DAYS = 30


def scale() -> dict[str, Decimal]:
    configured = getattr(settings, "PALABRE_NETWORK_DUES", None) or {}
    return DEFAULT_SCALE | {key: Decimal(str(value)) for key, value in configured.items()}


def amount_for(category: str) -> Decimal:
    return scale()[category]


def max_reminders() -> int:
    return int(getattr(settings, "PALABRE_DUES_REMINDERS", DEFAULT_REMINDERS))


def reminder_days() -> int:
    return int(getattr(settings, "PALABRE_DUES_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))
