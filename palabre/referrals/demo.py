"""Demo referrals: the partners' part of the demo service's history, and a queue to work today.

Runs after the cases and the partners of the demo exist. It links the demo cases to the
partners that referred them (by the referrer and landlord names the case generator wrote), gives
the partner-form cases the referral they came from, adds a few referrals that were declined or
re-oriented, and leaves a handful waiting in the queue, sent through the real actions.

The time limits (docs/adr/0020) show in it, through ``demo_deadlines.py``: answered on time and
late, closed « sans réponse dans le délai », waiting on time and overdue.
"""

import datetime as dt
import random

from django.utils import timezone
from faker import Faker

from palabre.cases import codes
from palabre.cases.models import Case, ConsentRecord
from palabre.core.models import Commune, JournalEntry
from palabre.core.text import normalise
from palabre.partners.models import Contact, Partner, PartnerKind
from palabre.referrals import actions
from palabre.referrals.demo_deadlines import (
    lapse_steps,
    lapsed,
    received_at_on,
    seed_late,
    time_limits,
)
from palabre.referrals.models import Decision, DeclineReason, Origin, Referral

SHARE = codes.ConsentKind.SHARE_STATUS_WITH_REFERRER


def _partner(partners, kind, startswith=""):
    return next(
        (p for p in partners if p.kind == kind and p.name.startswith(startswith)),
        None,
    )


def link_cases_to_partners(organisation) -> int:
    """Sets ``referrer`` and ``landlord`` on the demo cases from the names they carry."""
    partners = list(Partner.objects.of(organisation))
    cases = Case.objects.of(organisation)
    linked = 0
    for partner in partners:
        if partner.kind == PartnerKind.SOCIAL_LANDLORD:
            cases.filter(landlord_name=partner.name).update(landlord=partner)
            linked += cases.filter(
                referral_source=codes.ReferralSource.SOCIAL_LANDLORD, landlord_name=partner.name
            ).update(referrer=partner)
    by_source = {
        codes.ReferralSource.POLICE_NATIONALE: _partner(partners, PartnerKind.POLICE),
        codes.ReferralSource.JUSTICE: _partner(partners, PartnerKind.JUSTICE, "CDAD"),
    }
    for source, partner in by_source.items():
        if partner is not None:
            linked += cases.filter(referral_source=source).update(referrer=partner)
    city = _partner(partners, PartnerKind.CITY)
    if city is not None:
        linked += cases.filter(
            referral_source=codes.ReferralSource.CITY_SERVICE,
            referrer_name__startswith=city.name,
        ).update(referrer=city)
    return linked


def attach_partner_accounts(organisation, accounts: dict[str, "Membership"]):  # noqa: F821
    """``accounts``: partner kind or name → the partner membership of a demo account."""
    partners = list(Partner.objects.of(organisation))
    for key, membership in accounts.items():
        partner = next((p for p in partners if p.name == key), None) or _partner(partners, key)
        Contact.objects.update_or_create(
            membership=membership,
            defaults={
                "organisation": organisation,
                "partner": partner,
                "first_name": membership.user.first_name,
                "last_name": membership.user.last_name,
                "email": membership.user.email,
            },
        )


def seed_history(organisation, *, coordinator, seed: int = 2026) -> dict:
    """Referrals for the cases that came through a partner's form, plus declined and re-oriented
    ones, written in bulk (history, not today's work: no mail is sent)."""
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    agents = {
        contact.partner_id: contact.membership
        for contact in Contact.objects.filter(organisation=organisation, membership__isnull=False)
    }
    cases = (
        Case.objects.of(organisation)
        .filter(referrer__isnull=False, first_contact_channel=codes.Channel.PARTNER_FORM)
        .select_related("referrer", "commune")
        .prefetch_related("parties", "conflicts")
    )
    already = set(
        ConsentRecord.objects.filter(organisation=organisation, kind=SHARE).values_list(
            "party_id", flat=True
        )
    )
    referrals, consents, journal = [], [], []
    for case in cases:
        requester = case.requester()
        if requester is None:
            continue
        shares = rng.random() < 0.7
        agent = agents.get(case.referrer_id)
        received_at = received_at_on(case.opened_on, rng)
        referral = Referral(
            organisation=organisation,
            origin=Origin.PARTNER_ACCOUNT if agent else Origin.PARTNER_LINK,
            partner=case.referrer,
            sent_by=agent,
            referrer_name=f"{agent.user.first_name} {agent.user.last_name}" if agent else "",
            received_at=received_at,
            requester_first_name=requester.first_name,
            requester_last_name=requester.last_name,
            requester_phone=requester.phone or "02 99 00 00 00",
            requester_email=requester.email,
            commune=case.commune,
            conflict_category=_category(case),
            agreed_to_be_contacted=True,
            agreed_to_share_status=shares,
            decision=Decision.ACCEPTED,
            decided_at=received_at + dt.timedelta(days=rng.randint(0, 3)),
            decided_by=coordinator,
            case=case,
            search_text=normalise(f"{requester.first_name} {requester.last_name}"),
        )
        referrals.append(referral)
        if shares:
            for party in case.parties.all():
                if party.pk in already:
                    continue
                if party.role == codes.PartyRole.REQUESTER or rng.random() < 0.5:
                    consents.append(
                        ConsentRecord(
                            organisation=organisation,
                            case=case,
                            party=party,
                            kind=SHARE,
                            given_on=case.opened_on,
                            method=codes.ConsentMethod.VIA_REFERRER
                            if party.role == codes.PartyRole.REQUESTER
                            else codes.ConsentMethod.IN_PERSON,
                            recorded_by=coordinator.user,
                        )
                    )
    # Referrals the service did not take up: about one in eight.
    referrers = list(
        Partner.objects.of(organisation).filter(referred_cases__isnull=False).distinct()
    )
    communes = list(Commune.objects.of(organisation))
    first_day = min((r.received_at.date() for r in referrals), default=timezone.localdate())
    span = max(1, (timezone.localdate() - dt.timedelta(days=10) - first_day).days)
    for _n in range(len(referrals) // 8):
        partner = rng.choice(referrers)
        received_at = received_at_on(first_day + dt.timedelta(days=rng.randrange(span)), rng)
        reoriented = rng.random() < 0.25
        first, last = fake.first_name(), fake.last_name()
        referrals.append(
            Referral(
                organisation=organisation,
                origin=Origin.PARTNER_ACCOUNT if partner.pk in agents else Origin.PARTNER_LINK,
                partner=partner,
                sent_by=agents.get(partner.pk),
                received_at=received_at,
                requester_first_name=first,
                requester_last_name=last,
                requester_phone=fake.phone_number(),
                commune=rng.choice(communes),
                conflict_category=rng.choice(
                    [
                        codes.ConflictCategory.NOISE,
                        codes.ConflictCategory.RELATIONAL,
                        codes.ConflictCategory.LANDLORD_TENANT,
                        codes.ConflictCategory.OTHER,
                    ]
                ),
                agreed_to_be_contacted=True,
                agreed_to_share_status=True,
                decision=Decision.REORIENTED if reoriented else Decision.DECLINED,
                decline_reason="" if reoriented else rng.choice(DeclineReason.values),
                reoriented_to=_reorientation(partner, referrers, rng) if reoriented else None,
                decided_at=received_at + dt.timedelta(days=rng.randint(1, 5)),
                decided_by=coordinator,
                search_text=normalise(f"{first} {last}"),
            )
        )
    timing = random.Random(seed + 20)  # apart, so that the draws above stay as they were
    for referral in referrals:
        time_limits(referral, timing)
    referrals += lapsed(organisation, agents, first_day, fake, timing)
    Referral.objects.bulk_create(referrals)
    ConsentRecord.objects.bulk_create(consents)
    lapse_steps([r for r in referrals if r.decision == Decision.LAPSED], coordinator)
    for referral in referrals:
        journal.append(
            _entry(
                referral,
                "received",
                "Orientation reçue de "
                + (referral.partner.name if referral.partner else "un·e habitant·e"),
                referral.received_at,
                None,
            )
        )
        verb, summary = {
            Decision.ACCEPTED: (
                "accepted",
                f"Orientation acceptée : dossier {referral.case.reference}"
                if referral.case
                else "",
            ),
            Decision.DECLINED: (
                "declined",
                "Orientation non retenue : " + (referral.get_decline_reason_display() or ""),
            ),
            Decision.REORIENTED: (
                "reoriented",
                "Orientation réorientée vers "
                + (referral.reoriented_to.name if referral.reoriented_to else ""),
            ),
            Decision.LAPSED: ("lapsed", "Orientation close sans réponse dans le délai"),
        }[referral.decision]
        actor = None if referral.decision == Decision.LAPSED else coordinator.user
        journal.append(_entry(referral, verb, summary, referral.decided_at, actor))
    JournalEntry.objects.bulk_create(journal)
    return {"referrals": len(referrals), "consents": len(consents)}


def _category(case) -> str:
    primary = next((c for c in case.conflicts.all() if c.is_primary), None)
    return primary.category if primary else codes.ConflictCategory.OTHER


def _reorientation(partner, referrers, rng):
    others = [p for p in referrers if p.pk != partner.pk]
    return rng.choice(others) if others else None


def _entry(referral, verb, summary, when, actor):
    return JournalEntry(
        organisation=referral.organisation,
        subject_kind=Referral._meta.label_lower,
        subject_id=referral.pk,
        verb=verb,
        summary=summary,
        actor=actor,
        occurred_at=when,
    )


def seed_waiting(organisation, *, seed: int = 2026) -> int:
    """A few referrals of the last days, waiting in the queue, sent through the real action."""
    rng = random.Random(seed + 1)
    fake = Faker("fr_FR")
    fake.seed_instance(seed + 1)
    communes = list(Commune.objects.of(organisation).order_by("name"))
    rennes = next((c for c in communes if c.name == "Rennes"), communes[0])
    senders = list(
        Contact.objects.filter(organisation=organisation, membership__isnull=False).select_related(
            "partner", "membership__user"
        )
    )
    count = 0
    for index in range(6):
        contact = senders[index % len(senders)] if senders and index < 4 else None
        first, last = fake.first_name(), fake.last_name()
        actions.submit_referral(
            organisation=organisation,
            origin=Origin.PARTNER_ACCOUNT if contact else Origin.PUBLIC_FORM,
            partner=contact.partner if contact else None,
            sent_by=contact.membership if contact else None,
            referrer_name=str(contact) if contact else "",
            requester_first_name=first,
            requester_last_name=last,
            requester_phone=fake.phone_number(),
            requester_email=f"{normalise(first).replace(' ', '')}.exemple@demo.palabre.fr",
            commune=rennes if rng.random() < 0.7 else rng.choice(communes),
            conflict_category=rng.choice(
                [
                    codes.ConflictCategory.NOISE,
                    codes.ConflictCategory.COMMON_AREAS,
                    codes.ConflictCategory.VEGETATION,
                    codes.ConflictCategory.RELATIONAL,
                ]
            ),
            availability=rng.choice(["", "en semaine après 18 h", "le matin", "plutôt par SMS"]),
            agreed_to_be_contacted=True,
            agreed_to_share_status=bool(contact) and rng.random() < 0.8,
            notify=False,
            received_at=timezone.now() - dt.timedelta(days=index, hours=rng.randint(1, 6)),
        )
        count += 1
    return count + seed_late(organisation, senders, rennes, fake)
