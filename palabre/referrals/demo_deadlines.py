"""The time limits in the demo (docs/adr/0020), for ``referrals/demo.py``: most requests of the
history got their first contact attempt in time, some late; a few were closed « sans réponse dans
le délai », their reminder and closure messages sent; and today's queue holds, besides the
requests on time, one already contacted and two past their first deadline.
"""

import datetime as dt

from django.utils import timezone

from palabre.cases import codes
from palabre.core.models import Commune
from palabre.core.text import normalise
from palabre.partners.models import Partner
from palabre.referrals import actions, deadline_actions
from palabre.referrals.deadlines import (
    Audience,
    DeadlineNotice,
    DeadlineStep,
    NoticeChannel,
    Step,
    Targets,
)
from palabre.referrals.models import Decision, Origin, Referral


def received_at_on(day: dt.date, rng) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))))
    return timezone.make_aware(moment)


def time_limits(referral, rng):
    """The default deadlines, and a first contact attempt: before the decision for most, after
    an acceptance on paper for some (a few of them late), none for a third of the declined."""
    referral.contact_due_at, referral.decision_due_at = Targets().due_dates(referral.received_at)
    accepted = referral.decision == Decision.ACCEPTED
    if not accepted and rng.random() < 0.35:
        return
    if accepted and rng.random() < 0.25:
        moment = referral.decided_at + dt.timedelta(days=rng.randint(1, 14), hours=2)
    else:
        span = max(0, (referral.decided_at - referral.received_at).days)
        moment = referral.received_at + dt.timedelta(days=rng.randint(0, span), hours=1)
        moment = min(moment, referral.decided_at)
    if moment < timezone.now():
        referral.first_contact_at = moment
        referral.first_contact_channel = rng.choice(["PHONE", "PHONE", "SMS", "EMAIL"])


def lapsed(organisation, agents, first_day, fake, rng) -> list:
    """Requests nobody answered: closed at their limit, 30 days after they arrived; sent by the
    partners that have a demo account (the police, the landlord) and by residents online, so
    that their portals show one."""
    communes = list(Commune.objects.of(organisation).order_by("name"))
    senders = [*Partner.objects.filter(pk__in=list(agents)).order_by("name"), None]
    last_day = timezone.localdate() - dt.timedelta(days=32)
    span = (last_day - first_day).days
    lapsed = []
    for index in range(2 * len(senders)):
        if span <= 0:
            break
        partner = senders[index % len(senders)]
        received_at = received_at_on(first_day + dt.timedelta(days=rng.randrange(span)), rng)
        first, last = fake.first_name(), fake.last_name()
        referral = Referral(
            organisation=organisation,
            origin=(
                Origin.PUBLIC_FORM
                if partner is None
                else Origin.PARTNER_ACCOUNT
                if partner.pk in agents
                else Origin.PARTNER_LINK
            ),
            partner=partner,
            sent_by=agents.get(partner.pk) if partner else None,
            received_at=received_at,
            requester_first_name=first,
            requester_last_name=last,
            requester_phone=f"06 00 00 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            commune=rng.choice(communes),
            conflict_category=codes.ConflictCategory.NOISE,
            agreed_to_be_contacted=True,
            agreed_to_share_status=partner is not None,
            decision=Decision.LAPSED,
            search_text=normalise(f"{first} {last}"),
        )
        referral.contact_due_at, referral.decision_due_at = Targets().due_dates(received_at)
        referral.decided_at = referral.decision_due_at + dt.timedelta(minutes=5)
        lapsed.append(referral)
    return lapsed


def lapse_steps(lapsed, coordinator):
    """Their reminder and their closure, done and told, as the worker leaves them."""
    steps, notices = [], []
    for referral in lapsed:
        reminder = DeadlineStep(
            organisation_id=referral.organisation_id,
            referral=referral,
            step=Step.REMINDER,
            due_at=referral.contact_due_at,
            queued_at=referral.contact_due_at,
            performed_at=referral.contact_due_at + dt.timedelta(minutes=5),
        )
        closure = DeadlineStep(
            organisation_id=referral.organisation_id,
            referral=referral,
            step=Step.LAPSE,
            due_at=referral.decision_due_at,
            queued_at=referral.decision_due_at,
            performed_at=referral.decided_at,
        )
        steps += [reminder, closure]
        audiences = [(reminder, Audience.COORDINATION), (closure, Audience.COORDINATION)]
        if referral.sent_by_id:
            audiences.append((closure, Audience.REFERRER))
        audiences.append((closure, Audience.PERSON))
        for step, audience in audiences:
            notices.append(
                DeadlineNotice(
                    organisation_id=referral.organisation_id,
                    step=step,
                    audience=audience,
                    membership=coordinator if audience == Audience.COORDINATION else None,
                    channel=NoticeChannel.SMS
                    if audience == Audience.PERSON
                    else NoticeChannel.EMAIL,
                    sent_at=step.performed_at,
                )
            )
    DeadlineStep.objects.bulk_create(steps)
    DeadlineNotice.objects.bulk_create(notices)


def seed_late(organisation, senders, commune, fake) -> int:
    """Three older requests still waiting: two past their first deadline without any contact
    (« En retard » on « Aujourd'hui »), one contacted two days after it arrived."""
    coordinator = next(
        (m for m in organisation.memberships.filter(role="coordinator", is_active=True)), None
    )
    made = 0
    for index, days in enumerate((16, 12, 9)):
        contact = senders[index % len(senders)] if senders else None
        first, last = fake.first_name(), fake.last_name()
        referral = actions.submit_referral(
            organisation=organisation,
            origin=Origin.PARTNER_ACCOUNT if contact else Origin.PUBLIC_FORM,
            partner=contact.partner if contact else None,
            sent_by=contact.membership if contact else None,
            referrer_name=str(contact) if contact else "",
            requester_first_name=first,
            requester_last_name=last,
            requester_phone=f"07 00 00 {days:02d} {index + 10:02d}",
            commune=commune,
            conflict_category=codes.ConflictCategory.NOISE,
            agreed_to_be_contacted=True,
            agreed_to_share_status=bool(contact),
            notify=False,
            received_at=timezone.now() - dt.timedelta(days=days, hours=2),
        )
        if days == 9 and coordinator is not None:
            deadline_actions.record_first_contact(
                referral=referral,
                by=coordinator,
                channel="PHONE",
                attempted_at=referral.received_at + dt.timedelta(days=2),
            )
        made += 1
    return made
