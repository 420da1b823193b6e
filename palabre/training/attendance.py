"""What attendance says: the hours a person actually followed, and whether they earn the
certificate of attendance.

The certificate rule: an enrolled person whose session has ended earns it when present at a
share of the session's half-days at least ``PALABRE_TRAINING_CERTIFICATE_SHARE`` (a setting,
1 by default: every half-day). A network that accepts one missed half-day out of four sets 0.75.
The certificate states the hours actually attended, whatever the share.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from palabre.training.models import EnrolmentState


def certificate_share() -> Decimal:
    return Decimal(str(getattr(settings, "PALABRE_TRAINING_CERTIFICATE_SHARE", 1)))


@dataclass(frozen=True)
class Presence:
    half_days: int  # of the session
    present: int  # half-days the person was there
    hours: Decimal  # hours of those half-days
    recorded: int  # half-days whose attendance names the person

    @property
    def share(self) -> Decimal:
        return Decimal(self.present) / self.half_days if self.half_days else Decimal(0)


def presence(enrolment, half_days=None) -> Presence:
    half_days = list(enrolment.session.half_days.all()) if half_days is None else half_days
    marks = {a.half_day_id: a.present for a in enrolment.attendances.all()}
    attended = [h for h in half_days if marks.get(h.pk)]
    return Presence(
        half_days=len(half_days),
        present=len(attended),
        hours=sum((h.hours for h in attended), Decimal(0)),
        recorded=sum(1 for h in half_days if h.pk in marks),
    )


def earns_certificate(enrolment, today: dt.date, half_days=None) -> bool:
    session = enrolment.session
    if enrolment.state != EnrolmentState.ENROLLED or session.is_cancelled:
        return False
    if session.ends_on > today:
        return False
    seen = presence(enrolment, half_days)
    return seen.present > 0 and seen.share >= certificate_share()


def hours_label(hours: Decimal) -> str:
    """« 3 h 30 », « 14 h »: hours as a trainee reads them."""
    minutes = int((Decimal(hours) * 60).to_integral_value())
    whole, rest = divmod(minutes, 60)
    return (
        f"{whole}\N{NO-BREAK SPACE}h\N{NO-BREAK SPACE}{rest:02d}"
        if rest
        else f"{whole}\N{NO-BREAK SPACE}h"
    )
