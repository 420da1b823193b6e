"""The service counted by hand (palabre/reports/tests/conftest.py), with people to forget: each
case's parties get a first name, a phone, an e-mail and an address, and a private note, a typed
closure detail, an interview place, a referral and appointments of its own, all carrying a
marker of the case (``marks``), so that a test can look for every one of them in every column
of every table. A clock that the tests move (``clock``)."""

import datetime as dt

import pytest
from django.utils import timezone

from palabre.cases import actions, codes
from palabre.cases.models import Case, Household, Interview, Party
from palabre.permanences.models import Appointment, AppointmentState
from palabre.referrals.models import Decision, Origin, Referral
from palabre.reports.tests import conftest as counted_by_hand

PARIS = counted_by_hand.PARIS
world = counted_by_hand.world
# When the reports of 2026 are read (the permanence session of March is over).
READ_AT = dt.datetime(2027, 1, 15, 9, tzinfo=PARIS)
CLOSED = [1, 2, 3, 4, 5, 8, 9, 11]
OPEN = [6, 7, 10, 12, *range(13, 25)]


def at(day: str, hour=9):
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=PARIS)


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)`` sets ``timezone.now()``; it starts when 2026's reports are read."""
    state = {"now": READ_AT}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])

    def set_to(moment):
        state["now"] = moment if isinstance(moment, dt.datetime) else at(moment)

    return set_to


def marks(number: int) -> dict:
    """Everything planted in case ``number``: texts that appear nowhere else."""
    tag = f"{number:02d}"
    return {
        "requester_first": f"Prenomdemandeur{tag}",
        "requester_last": f"Nomdemandeur{tag}",
        "other_first": f"Prenomautre{tag}",
        "other_last": f"Nomautre{tag}",
        "phone": f"06 99 00 11 {tag}",
        "email": f"personne{tag}@plante.example",
        "address": f"{tag} impasse des Témoins-Plantés",
        "note": f"Propos confidentiels numéro {tag}",
        "detail": f"Précision tapée numéro {tag}",
        "place": f"Chez la voisine numéro {tag}",
        "referrer": f"Agentprescripteur{tag}",
    }


def _plant(case, number: int, coordinator) -> list[str]:
    """Plants the marks of ``number`` in ``case``; answers those it could plant (a case without
    an interview has no interview place, one without an other party no other name)."""
    mark = marks(number)
    planted = dict(mark)
    requester = case.parties.get(role=codes.PartyRole.REQUESTER)
    Party.objects.filter(pk=requester.pk).update(
        first_name=mark["requester_first"],
        last_name=mark["requester_last"],
        phone=mark["phone"],
        email=mark["email"],
    )
    Household.objects.filter(pk=requester.household_id).update(address=mark["address"], size=7)
    other = case.parties.filter(role=codes.PartyRole.OTHER_PARTY).first()
    if other is not None:
        Party.objects.filter(pk=other.pk).update(
            first_name=mark["other_first"],
            last_name=mark["other_last"],
            phone=mark["phone"].replace("06", "07"),
            email=mark["email"].replace("personne", "autre"),
        )
        Household.objects.filter(pk=other.household_id).update(address=mark["address"] + " bis")
    actions.add_private_note(case=case, by=coordinator, text=mark["note"], source_party=requester)
    if not Interview.objects.filter(case=case).update(place=mark["place"]):
        del planted["place"]
    if other is None:
        del planted["other_first"], planted["other_last"]
    case.refresh_from_db()
    case.refresh_search_text()
    case.closure_detail = mark["detail"] if case.is_closed else ""
    case.suspension_reason = mark["detail"]
    case.referrer_name = case.landlord_name = mark["referrer"]
    case.save(
        update_fields=[
            "search_text",
            "closure_detail",
            "suspension_reason",
            "referrer_name",
            "landlord_name",
        ]
    )
    Referral.objects.create(
        organisation=case.organisation,
        origin=Origin.PUBLIC_FORM,
        received_at=at(case.opened_on.isoformat()) - dt.timedelta(days=1),
        requester_first_name=mark["requester_first"],
        requester_last_name=mark["requester_last"],
        requester_phone=mark["phone"],
        requester_email=mark["email"],
        requester_address=mark["address"],
        referrer_name=mark["referrer"],
        availability=mark["detail"],
        commune=case.commune,
        conflict_category=codes.ConflictCategory.NOISE,
        agreed_to_be_contacted=True,
        decision=Decision.ACCEPTED,
        decided_at=at(case.opened_on.isoformat()),
        case=case,
    )
    return list(planted.values())


@pytest.fixture
def planted(world, coordinator, clock):
    """The world, every one of its cases carrying its marks; two appointments of the March
    session belong to C1 and C2 (closed), and carry their people's names."""
    world["marks"] = {
        number: _plant(Case.objects.get(pk=case.pk), number, coordinator)
        for number, case in world["cases"].items()
    }
    came = Appointment.objects.filter(
        occurrence=world["session"], state=AppointmentState.CAME
    ).exclude(channel="WALK_IN")
    for appointment, number in zip(came.order_by("starts_at"), (1, 2), strict=True):
        mark = marks(number)
        Appointment.objects.filter(pk=appointment.pk).update(
            case=world["cases"][number],
            first_name=mark["requester_first"],
            last_name=mark["requester_last"],
            phone=mark["phone"],
            email=mark["email"],
        )
    return world


def every_text(model_filter=None) -> str:
    """Every character of every text column (char, text, JSON) of every table, one line per
    value, sealed columns opened (what the application could still read)."""
    from django.apps import apps
    from django.db import models

    from palabre.core.crypto_fields import EncryptedTextField

    kinds = (models.CharField, models.TextField, models.JSONField)
    lines = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, kinds)]
        if not fields or (model_filter and not model_filter(model)):
            continue
        names = [f.attname for f in fields]
        if any(isinstance(f, EncryptedTextField) for f in fields):
            rows = ([getattr(o, n) for n in names] for o in model._base_manager.only(*names))
        else:
            rows = model._base_manager.values_list(*names)
        for row in rows:
            lines += [str(value) for value in row if value not in (None, "")]
    return "\n".join(lines)
