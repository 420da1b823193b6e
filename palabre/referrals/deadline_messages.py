"""Who a step of a time limit writes to, and what it says (docs/adr/0020).

- the coordination: each admin and coordinator of the service, by e-mail, each their own
  message (one ``DeadlineNotice`` each);
- the referrer: the partner account that sent the referral (a link to its portal), else the
  address a referrer without an account left on the link's form (the service's contacts);
- the person, when they left a way to be reached: by e-mail if they gave one, else by SMS to a
  mobile number; how to come back to the service, and nothing else.

Every message holds what the referral notices of ``actions.py`` hold — the service's name, a
link, the service's own contacts and deadlines — and never a name, a place, a conflict or a date
that would point at the person. Addresses are read here, when the message leaves.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from palabre.core import mail, sms
from palabre.organisations.models import Membership, Role
from palabre.referrals.deadlines import Audience, DeadlineNotice, NoticeChannel, Step

COORDINATION_ROLES = (Role.ADMIN, Role.COORDINATOR)


def coordinators(organisation_id) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(organisation_id=organisation_id, role__in=COORDINATION_ROLES)
        .exclude(user__email="")
        .order_by("user__email")
    )


def referrer_email(referral) -> str:
    """The sending account's address, else the one a referrer without an account left."""
    account = referral.sent_by
    if account is not None and account.is_active and account.user.email:
        return account.user.email
    return referral.referrer_email


def person_channel(referral) -> str | None:
    """How the person can be told: their e-mail, else a mobile number, else not at all."""
    if referral.requester_email:
        return NoticeChannel.EMAIL
    try:
        sms.normalise_phone(referral.requester_phone)
    except sms.SmsError:
        return None
    return NoticeChannel.SMS


def recipients(referral, step: str) -> list[tuple[str, str, Membership | None]]:
    """(audience, channel, coordinator) of each message a step sends for this referral."""
    wanted = [
        (Audience.COORDINATION, NoticeChannel.EMAIL, member)
        for member in coordinators(referral.organisation_id)
    ]
    if step == Step.LAPSE:
        if referrer_email(referral):
            wanted.append((Audience.REFERRER, NoticeChannel.EMAIL, None))
        channel = person_channel(referral)
        if channel is not None:
            wanted.append((Audience.PERSON, channel, None))
    return wanted


def addresses(notice: DeadlineNotice, referral) -> list[str]:
    if notice.audience == Audience.COORDINATION:
        member = notice.membership
        still = member is not None and member.is_active and member.role in COORDINATION_ROLES
        return [member.user.email] if still and member.user.email else []
    if notice.audience == Audience.REFERRER:
        return [address for address in [referrer_email(referral)] if address]
    if notice.channel == NoticeChannel.SMS:
        return [referral.requester_phone] if referral.requester_phone else []
    return [referral.requester_email] if referral.requester_email else []


TEMPLATES = {
    (Step.REMINDER, Audience.COORDINATION): "referrals/messages/reminder_coordination.txt",
    (Step.LAPSE, Audience.COORDINATION): "referrals/messages/lapse_coordination.txt",
    (Step.LAPSE, Audience.REFERRER): "referrals/messages/lapse_referrer.txt",
    (Step.LAPSE, Audience.PERSON): "referrals/messages/lapse_person.txt",
}


def _link(notice: DeadlineNotice, referral) -> str:
    if notice.audience == Audience.COORDINATION:
        return mail.absolute_url(reverse("referrals:detail", args=[referral.pk]))
    if notice.audience == Audience.REFERRER:
        has_account = referral.sent_by_id is not None and referral.sent_by.is_active
        return mail.absolute_url(reverse("referrals:portal")) if has_account else ""
    return mail.absolute_url(reverse("referrals:request", args=[referral.organisation.slug]))


def _short_link(notice: DeadlineNotice, referral) -> str:
    """The link of a text message: the request page's short address for the person."""
    if notice.audience == Audience.PERSON:
        return mail.absolute_url(reverse("demande:short", args=[referral.organisation.slug]))
    return _link(notice, referral)


def _days(referral, step: str) -> int:
    due = referral.contact_due_at if step == Step.REMINDER else referral.decision_due_at
    return round((due - referral.received_at).total_seconds() / 86400)


def render(notice: DeadlineNotice, referral) -> tuple[str, str, str]:
    """The e-mail subject, the e-mail body and the SMS text of a notice."""
    step = notice.step.step
    organisation = referral.organisation
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "service": organisation.name,
            "days": _days(referral, step),
            "lapse_day": timezone.localtime(referral.decision_due_at).strftime("%d/%m/%Y"),
            "link": _link(notice, referral),
            "service_phone": organisation.phone,
            "service_email": organisation.email,
        }
        name = TEMPLATES[step, notice.audience]
        subject = mail.render_plain(f"{name}#subject", context)
        body = mail.render_plain(f"{name}#email", context)
        text = ""
        if notice.channel == NoticeChannel.SMS:
            text = sms.fit(
                lambda values: mail.render_plain(f"{name}#sms", values),
                context | {"link": _short_link(notice, referral)},
                shrinkable=("service",),
            )
    body = "\n\n".join(part.strip() for part in body.split("\n\n") if part.strip())
    return " ".join(subject.split()), body + "\n", text


def deliver(notice: DeadlineNotice, referral) -> int:
    """Sends the notice; answers to how many addresses (0: nobody to write to)."""
    subject, body, text = render(notice, referral)
    to = addresses(notice, referral)
    if notice.channel == NoticeChannel.SMS:
        for number in to:
            sms.send_sms(number, text)
        return len(to)
    return mail.send_each(subject=subject, body=body, recipients=to)
