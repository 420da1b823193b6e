"""Demo funding calls: the network's funders (one renamed, so that its history shows both
names), calls of the last two years with the members' applications and results, and the open
calls of today — one closing in ten days that the demo service marked its interest in without
applying yet (its reminders are due), one a little later, one for other regions. Built through
the real verbs, without e-mail."""

import datetime as dt
from decimal import Decimal

from palabre.network import actions_funding as actions
from palabre.network.models import ApplicationStage, CallStatus, Domain, LegalType, Member, Region
from palabre.partners.models import Partner, PartnerKind, PartnerName

RENAMED_ON = dt.date(2025, 3, 17)

FUNDERS = [
    ("Fondation pour le logement des défavorisés (démo)", PartnerKind.FOUNDATION),
    ("ANCT — politique de la ville (démo)", PartnerKind.STATE),
    ("FDVA Bretagne (démo)", PartnerKind.STATE),
    ("Fondation de France (démo)", PartnerKind.FOUNDATION),
]


def _funders(network) -> list[Partner]:
    funders = []
    for name, kind in FUNDERS:
        funder, _created = Partner.objects.get_or_create(
            organisation=network, name=name, defaults={"kind": kind, "is_funder": True}
        )
        funders.append(funder)
    PartnerName.objects.get_or_create(
        organisation=network,
        partner=funders[0],
        name="Fondation Abbé Pierre (démo)",
        defaults={"valid_until": RENAMED_ON - dt.timedelta(days=1)},
    )
    return funders


def _call(network, funder, title, opens_on, deadline, **fields):
    fields.setdefault("eligibility", "")
    return actions.publish_call(
        network=network,
        by=None,
        funder=funder,
        title=title,
        opens_on=opens_on,
        deadline=deadline,
        status=CallStatus.OPEN,
        **fields,
    )


def _close(call):
    fields = {name: getattr(call, name) for name in actions.CALL_FIELDS}
    fields["status"] = CallStatus.CLOSED
    actions.update_call(call=call, by=None, funder=call.funder, **fields)


def _past_year(network, funders, year, members, today) -> int:
    """Three calls of ``year``, every one closed, with applications and their results."""
    specs = [
        (funders[0], "Médiation et maintien dans le logement", 4, Decimal("15000")),
        (funders[1], "Adultes-relais et médiation dans les quartiers prioritaires", 6, None),
        (funders[2], "FDVA 2 — fonctionnement et projets innovants", 3, Decimal("8000")),
    ]
    count = 0
    for index, (funder, title, month, ceiling) in enumerate(specs):
        call = _call(
            network,
            funder,
            f"{title} {year}",
            dt.date(year, month, 1),
            dt.date(year, month + 2, 15),
            amount_max=ceiling,
            amount_total=Decimal("120000") if ceiling else Decimal("400000"),
            eligibility="Structures membres du réseau, à jour de leur cotisation.",
        )
        applicants = members[index : index + 4] if members else []
        for rank, member in enumerate(applicants):
            actions.record_application(
                call=call, member=member, by=None, applied_on=dt.date(year, month + 1, 10 + rank)
            )
            application = member.funding_applications.get(call=call)
            result_on = min(dt.date(year, month + 4, 1), today)
            if rank % 3 == 2:
                actions.record_result(
                    application=application,
                    by=None,
                    result=ApplicationStage.REFUSED,
                    result_on=result_on,
                )
            else:
                amount = (ceiling or Decimal("20000")) - Decimal(1500 * rank)
                actions.record_result(
                    application=application,
                    by=None,
                    result=ApplicationStage.OBTAINED,
                    result_on=result_on,
                    amount=amount,
                )
        _close(call)
        count += 1
    return count


def seed_funding(network, *, today: dt.date) -> dict:
    """Answers how many calls and applications it made."""
    funders = _funders(network)
    linked = list(Member.objects.of(network).active().filter(organisation__isnull=False))
    others = list(Member.objects.of(network).active().filter(organisation__isnull=True)[:8])
    members = linked + others
    calls = 0
    for year in (today.year - 2, today.year - 1):
        calls += _past_year(network, funders, year, members, today)

    soon = _call(
        network,
        funders[3],
        "Apaiser les conflits de voisinage dans l'habitat social",
        today - dt.timedelta(days=50),
        today + dt.timedelta(days=10),
        amount_min=Decimal("5000"),
        amount_max=Decimal("25000"),
        eligibility="Associations et régies de quartier menant des médiations de voisinage.",
        legal_types=[LegalType.ASSOCIATION, LegalType.REGIE_DE_QUARTIER],
        domains=[Domain.NEIGHBOURHOOD_CONFLICTS, Domain.SOCIAL_HOUSING],
        url="https://www.fondationdefrance.org/",
    )
    later = _call(
        network,
        funders[2],
        f"FDVA 1 — formation des bénévoles {today.year}",
        today - dt.timedelta(days=10),
        today + dt.timedelta(days=45),
        amount_max=Decimal("6000"),
        regions=[Region.BRE],
        eligibility="Associations de Bretagne ; formations collectives de bénévoles.",
    )
    _call(
        network,
        funders[1],
        "Médiation dans les transports du soir",
        today - dt.timedelta(days=5),
        today + dt.timedelta(days=60),
        amount_total=Decimal("300000"),
        domains=[Domain.TRANSPORT, Domain.PUBLIC_SPACE_NIGHT],
        regions=[Region.IDF, Region.HDF],
    )
    calls += 3
    for member in linked:  # the demo service: interested, not applied yet
        actions.mark_interest(call=soon, member=member, by=None)
    for rank, member in enumerate(others[:3]):
        actions.mark_interest(call=soon, member=member, by=None)
        if rank == 0:
            actions.record_application(call=soon, member=member, by=None, applied_on=today)
    for member in linked + others[3:5]:
        actions.mark_interest(call=later, member=member, by=None)
    applications = sum(m.funding_applications.count() for m in members)
    return {"calls": calls, "applications": applications}
