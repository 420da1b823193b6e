"""Builds the demo data: organisations, territory, people, three years of cases and information
requests. Every case is driven through the real verbs of ``palabre.cases.actions``.

All parameters (volumes, distributions, delays, texts) live in ``params.toml``; this module holds
the logic only. Each case is first *planned* — a list of dated steps drawn from the parameters,
from the first contact to the closure — then *played*: each step calls its action at the step's
simulated moment. Playing stops at the first step that lies in the future, so recent cases stay
open at every state of the machine, with their appointments to come.

The actions stamp the Journal, ``created_at`` and ``last_activity_at`` with
``django.utils.timezone.now()`` and several take no date argument (``qualify``,
``schedule_interview``, ``add_private_note``…). While the generator runs, ``SimulatedClock``
makes ``timezone.now()`` answer the moment being simulated, so that a case opened two years ago
has a two-year-old history. The real clock is put back when the generator ends.
"""

import datetime as dt
import heapq
import math
import random
import time
import tomllib
import unicodedata
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from faker import Faker

from palabre.accounts.models import User
from palabre.cases import actions, codes
from palabre.cases.codes import ConsentKind, ConsentMethod, PartyRole
from palabre.cases.demo import territory
from palabre.cases.models import Case, Household, InformationRequest
from palabre.organisations.models import Membership, Organisation, OrganisationKind, Role

PARAMS_PATH = Path(__file__).with_name("params.toml")
REQUESTER = PartyRole.REQUESTER
OTHER_PARTY = PartyRole.OTHER_PARTY
# Steps numbered by occurrence in their key (« contact_attempt#2 »).
COUNTED_STEPS = {"contact_attempt", "meeting_scheduled", "meeting", "shuttle_exchange"}
REMOTE_CHANNELS = {codes.InterviewChannel.PHONE, codes.InterviewChannel.VIDEO}


def load_params(path: Path = PARAMS_PATH) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


class DemoAlreadyLoaded(Exception):
    """The demo organisation is already in the database."""


def demo_exists(params: dict | None = None) -> bool:
    params = params or load_params()
    return Organisation.objects.filter(slug=params["organisations"]["demo"]["slug"]).exists()


def demo_users(params: dict):
    domains = [
        org["email_domain"] for org in params["organisations"].values() if "email_domain" in org
    ]
    query = Q(email__in=[account["email"] for account in params["accounts"]])
    for domain in domains:
        query |= Q(email__iendswith=f"@{domain}")
    return User.objects.filter(query)


@transaction.atomic
def delete_demo(params: dict | None = None) -> None:
    """Deletes the demo organisations (with everything they hold) and the demo accounts."""
    params = params or load_params()
    slugs = [org["slug"] for org in params["organisations"].values()]
    # The territory is protected while cases and households point to it: those go first.
    for model in (Case, InformationRequest, Household):
        model.objects.filter(organisation__slug__in=slugs).delete()
    Organisation.objects.filter(slug__in=slugs).delete()
    demo_users(params).delete()


# --- Time ---


class SimulatedClock:
    """Makes ``django.utils.timezone.now()`` answer ``moment`` while installed."""

    def __init__(self):
        self.moment: dt.datetime | None = None
        self._real = timezone.now

    def now(self) -> dt.datetime:
        return self.moment if self.moment is not None else self._real()

    @contextmanager
    def installed(self):
        self._real = timezone.now
        timezone.now = self.now
        try:
            yield self
        finally:
            timezone.now = self._real
            self.moment = None


def business_day(day: dt.date) -> dt.date:
    """Saturday and Sunday move to the next Monday."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(char for char in folded if not unicodedata.combining(char)).lower()
    cleaned = "".join(char if char.isalnum() else "-" for char in folded)
    return "-".join(part for part in cleaned.split("-") if part)


class Dice:
    """Random draws from the parameter file's tables, from one seeded generator."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def weighted(self, table: dict):
        keys = list(table)
        return self.rng.choices(keys, weights=[table[key] for key in keys])[0]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def pick(self, items):
        return self.rng.choice(list(items))

    def days(self, spec: dict) -> int:
        if "median" in spec:
            value = self.rng.lognormvariate(math.log(spec["median"]), spec["sigma"])
        else:
            value = self.rng.triangular(spec["min"], spec["max"], spec["mode"])
        return int(round(min(max(value, spec["min"]), spec["max"])))


# --- The world a service lives in ---


@dataclass
class Volunteer:
    membership: Membership
    weight: float
    active_from: dt.date
    active_until: dt.date | None = None

    def active_on(self, day: dt.date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)


@dataclass
class World:
    """A service, its territory and its people, as the planner needs them."""

    organisation: Organisation
    communes: list
    commune_weights: list[float]
    city: object  # the main commune (Rennes, Brest): « Ville de … », quartiers
    city_share: float | None
    quartiers: list
    quartier_weights: list[float]
    landlords: dict
    coordinators: list[Membership]
    coordinator_weights: list[float]
    reception: Membership | None
    volunteers: list[Volunteer]
    salaried: list[Membership] = field(default_factory=list)
    mediation: Membership | None = None


@dataclass
class Step:
    kind: str
    when: dt.datetime
    key: str
    data: dict


@dataclass
class CasePlan:
    world: World
    opened: dt.datetime
    intake: dict
    opener: Membership
    coordinator: Membership
    team: list[Membership]
    steps: list[Step]
    primary: str
    linked_to: object = None  # pk of the earlier case, for a relapse
    relapse_at: dt.datetime | None = None
    label: str = ""

    def completes_by(self, now: dt.datetime) -> bool:
        return bool(self.steps) and self.steps[-1].kind == "close" and self.steps[-1].when <= now


# --- Planning a case ---


class Planner:
    """Draws the whole life of a case as dated steps, following the state machine."""

    def __init__(self, params: dict, dice: Dice, fake: Faker):
        self.p = params
        self.process = params["process"]
        self.delays = params["delays"]
        self.dice = dice
        self.fake = fake
        self.tz = timezone.get_current_timezone()

    # Moments.

    def _moment(self, day: dt.date, hours: str = "office", quarter: bool = False) -> dt.datetime:
        span = self.p["hours"][hours]
        hour = self.dice.rng.randrange(span["start"], span["end"])
        minute = self.dice.rng.choice([0, 15, 30, 45]) if quarter else self.dice.rng.randrange(60)
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.tz)

    def _later(self, delay, *, base: dt.datetime | None = None) -> dt.datetime:
        base = base or self.t
        days = self.dice.days(self.delays[delay]) if isinstance(delay, str) else delay
        day = business_day(base.date() + dt.timedelta(days=days))
        moment = self._moment(day)
        if moment <= base:
            moment = base + dt.timedelta(minutes=self.dice.rng.randint(5, 40))
        return moment

    def _appointment(self, earliest: dt.date) -> dt.datetime:
        return self._moment(business_day(earliest), "appointments", quarter=True)

    # Decisions, which a showcase may force.

    def _decide(self, name: str, table: dict):
        if name in self.forced:
            return self.forced[name]
        return self.dice.weighted(table)

    def _chance(self, name: str, probability: float) -> bool:
        if name in self.forced:
            return bool(self.forced[name])
        return self.dice.chance(probability)

    def _count(self, name: str, spec: dict) -> int:
        if name in self.forced:
            return int(self.forced[name])
        return self.dice.days(spec)

    def _add(self, kind: str, when: dt.datetime, /, **data) -> Step:
        if kind in COUNTED_STEPS:
            self.counts[kind] += 1
            key = f"{kind}#{self.counts[kind]}"
        elif "role" in data:
            key = f"{kind}:{data['role']}"
        else:
            key = kind
        step = Step(kind, when, key, data)
        self.steps.append(step)
        self.t = max(self.t, when)
        return step

    def _close(self, reason: str, delay="closure"):
        detail = ""
        if reason in self.process["reasons"]:
            detail = self.dice.pick(self.process["reasons"][reason])
        self._add("close", self._later(delay), reason=reason, detail=detail)
        return reason

    def _note(self, probability_name: str, texts: str, role: str):
        if self.dice.chance(self.process[probability_name]):
            text = self.p["notes"]["prefix"] + self.dice.pick(self.p["notes"][texts])
            self._add("note", self.t + dt.timedelta(minutes=10), text=text, role=role)

    # Intake.

    def draw_place(self, world: World):
        if world.city_share is not None and self.dice.chance(world.city_share):
            commune = world.city
        else:
            others = [
                (c, w)
                for c, w in zip(world.communes, world.commune_weights, strict=True)
                if world.city_share is None or c.pk != world.city.pk
            ]
            commune = self.dice.rng.choices(
                [c for c, _w in others], weights=[w for _c, w in others]
            )[0]
        quartier = None
        if world.quartiers and commune.pk == world.city.pk:
            quartier = self.dice.rng.choices(world.quartiers, weights=world.quartier_weights)[0]
        return commune, quartier

    def _address(self, commune, *, apartment: bool, number: int | None = None, street=None):
        number = number or self.dice.rng.randint(1, 120)
        street = street or self.fake.street_name()
        postal = self.dice.pick(commune.postal_codes.split(";"))
        flat = f", appartement {self.dice.rng.randint(1, 60)}" if apartment else ""
        return f"{number} {street}{flat}, {postal} {commune.name}", number, street

    def _phone(self) -> str:
        parties = self.p["parties"]
        prefix = (
            parties["mobile_prefix"]
            if self.dice.chance(parties["mobile_share"])
            else parties["landline_prefix"]
        )
        digits = f"{self.dice.rng.randrange(10000):04d}"
        return f"{prefix} {digits[:2]} {digits[2:]}"

    def _email(self, first: str, last: str) -> str:
        domain = self.p["parties"]["email_domain"]
        return f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}".replace("-", ".")

    def other_party_fields(self, commune, apartment: bool, number: int, street: str) -> dict:
        neighbour = number if apartment else max(1, number + self.dice.pick([-2, -1, 1, 2]))
        address, _n, _s = self._address(
            commune, apartment=apartment, number=neighbour, street=street
        )
        return {
            "last_name": self.fake.last_name(),
            "first_name": self.fake.first_name(),
            "address": address,
        }

    def draw_intake(self, world: World) -> tuple[dict, dict | None]:
        """The fields of ``open_case`` (and the other party to add later, if not named)."""
        commune, quartier = self.draw_place(world)
        referral = self.dice.weighted(self.p["referral"]["source"])
        if referral == "CITY_OR_COMMUNE":
            referral = "CITY_SERVICE" if commune.pk == world.city.pk else "METRO_COMMUNE"
        housing_table = self.p["housing"]
        if referral == "SOCIAL_LANDLORD":
            housing = codes.Housing.SOCIAL_RENTAL
        elif quartier is not None and quartier.is_qpv:
            housing = self.dice.weighted(housing_table["qpv"])
        elif commune.pk == world.city.pk:
            housing = self.dice.weighted(housing_table["city"])
        else:
            housing = self.dice.weighted(housing_table["other_communes"])
        landlord = self.dice.weighted(world.landlords) if housing == "SOCIAL_RENTAL" else ""
        conflict = self.p["conflict"]
        primary = self.dice.weighted(conflict["primary"])
        subcategories = codes.SUBCATEGORIES.get(primary, [])
        subcategory = (
            self.dice.pick(subcategories)
            if subcategories and self.dice.chance(conflict["subcategory_share"])
            else ""
        )
        secondary = []
        if self.dice.chance(conflict["secondary_share"]):
            extra = self.dice.weighted(conflict["secondary"])
            if extra != primary:
                secondary.append(extra)
        house = housing_table["house_conflicts"]
        if primary in house["categories"] and self.dice.chance(house["house_share"]):
            building = codes.BuildingType.HOUSE
        else:
            building = self.dice.weighted(housing_table["building"][housing])
        channels = self.p["channel"]
        channel = self.dice.weighted(channels["by_referral"].get(referral, channels["default"]))
        names = self.p["referral"]["referrer_names"].get(referral)
        referrer = ""
        if names:
            referrer = self.dice.pick(names).format(
                commune=commune.name,
                city=world.city.name,
                landlord=landlord or self.dice.weighted(world.landlords),
            )
        parties = self.p["parties"]
        apartment = building != codes.BuildingType.HOUSE
        address, number, street = self._address(commune, apartment=apartment)
        first, last = self.fake.first_name(), self.fake.last_name()
        intake = {
            "channel": channel,
            "referral_source": referral,
            "referrer_name": referrer,
            "requester_last_name": last,
            "requester_first_name": first,
            "requester_phone": self._phone() if self.dice.chance(parties["phone_share"]) else "",
            "requester_email": (
                self._email(first, last) if self.dice.chance(parties["email_share"]) else ""
            ),
            "requester_address": address,
            "primary_conflict": primary,
            "subcategory": subcategory,
            "secondary_conflicts": secondary,
            "commune": commune,
            "quartier": quartier,
            "housing": housing,
            "building_type": building,
            "landlord_name": landlord,
        }
        other = self.other_party_fields(commune, apartment, number, street)
        if self.dice.chance(parties["other_party_named_at_intake"]):
            intake.update(
                other_party_last_name=other["last_name"],
                other_party_first_name=other["first_name"],
                other_party_address=other["address"],
            )
            other = None
        return intake, other

    def _team(self, world: World, day: dt.date) -> list[Membership]:
        volunteers = [v for v in world.volunteers if v.active_on(day)] or world.volunteers
        first = self.dice.rng.choices(volunteers, weights=[v.weight for v in volunteers])[0]
        rest = [v for v in volunteers if v is not first]
        second = self.dice.rng.choices(rest, weights=[v.weight for v in rest])[0].membership
        if world.salaried and self.dice.chance(self.p["staff"]["coordinator_in_pair"]):
            second = self.dice.pick(world.salaried)
        return [first.membership, second]

    def _place_for(self, world: World, intake: dict, channel: str) -> str:
        if channel in REMOTE_CHANNELS:
            return ""
        if channel == codes.InterviewChannel.IN_PERSON_HOME:
            return "Au domicile"
        places = self.p["territory"]
        quartier = intake.get("quartier")
        commune = intake.get("commune")
        if quartier is not None:
            return places["permanence_place"].format(quartier=quartier.name)
        if commune is not None and commune.pk != world.city.pk:
            return places["commune_place"].format(commune=commune.name)
        return places["office_place"]

    # The process.

    def plan(
        self,
        world: World,
        opened_day: dt.date,
        *,
        forced: dict | None = None,
        linked_to: Case | None = None,
    ) -> CasePlan:
        self.forced = forced or {}
        self.steps: list[Step] = []
        self.counts = Counter()
        self.world = world
        staff = self.p["staff"]
        opened = self._moment(opened_day)
        self.t = opened
        other_later = None
        if linked_to is not None:
            intake = {
                "channel": self.dice.weighted(self.p["channel"]["default"]),
                "commune": linked_to.commune,
                "quartier": linked_to.quartier,
            }
            primary = linked_to.primary_conflict().category
        else:
            intake, other_later = self.draw_intake(world)
            primary = intake["primary_conflict"]
        self.primary = primary
        if world.reception is not None and self.dice.weighted(staff["opened_by"]) == "reception":
            opener = world.reception
            coordinator = self.dice.rng.choices(
                world.coordinators, weights=world.coordinator_weights
            )[0]
        else:
            opener = coordinator = self.dice.rng.choices(
                world.coordinators, weights=world.coordinator_weights
            )[0]
        self._add("open", opened)
        self.intake = intake
        team = self._process(world, intake, other_later, opened)
        plan = CasePlan(
            world=world,
            opened=opened,
            intake=intake,
            opener=opener,
            coordinator=coordinator,
            team=team,
            steps=self.steps,
            primary=primary,
            linked_to=linked_to.pk if linked_to is not None else None,
        )
        plan.relapse_at = self.relapse_at
        return plan

    def _process(self, world, intake, other_later, opened) -> list[Membership]:
        p = self.process
        self.relapse_at = None
        outcome = self._decide("at_intake", p["at_intake"])
        if outcome != "continue":
            self._close(outcome, "intake_closure")
            return []
        self._add("qualify", self._later("qualify"))
        assign_at = self._later("assign")
        team = self._team(world, assign_at.date())
        self._add("assign", assign_at)
        earliest = opened.date() + dt.timedelta(
            days=self.dice.days(self.delays["requester_interview"])
        )
        outcome = self._decide("before_requester_interview", p["before_requester_interview"])
        if outcome == "suspend":
            reason = self.dice.pick(p["reasons"]["suspension"])
            self._add("suspend", self._later(1), reason=reason)
            if not self._chance("suspension_resumes", p["suspension_resumes"]):
                self._close(self.dice.weighted(p["suspension_closes"]), "suspension")
                return team
            self._add("resume", self._later("suspension"))
            earliest = self.t.date() + dt.timedelta(
                days=self.dice.days(self.delays["schedule_lead"])
            )
        elif outcome != "continue":
            self._close(outcome, "early_closure")
            return team
        # Individual interview with the requester (another date after a no-show).
        channel = self.dice.weighted(p["interview_channel"]["requester"])
        held = self._interview(REQUESTER, channel, earliest, "requester_no_show")
        if not held:
            if self._chance("no_show_closes", p["no_show_closes"]):
                self._close("REQUESTER_UNREACHABLE")
                return team
            retry = self.t.date() + dt.timedelta(days=self.dice.days(self.delays["no_show_retry"]))
            self._interview(REQUESTER, channel, retry, None)
        method = ConsentMethod.PHONE if channel in REMOTE_CHANNELS else ConsentMethod.IN_PERSON
        partner_referral = intake.get("referral_source") not in (
            None,
            "SELF",
            "WORD_OF_MOUTH",
            "UNKNOWN",
        )
        if partner_referral and self.dice.chance(p["share_status_consent"]):
            self._consent(REQUESTER, ConsentKind.SHARE_STATUS_WITH_REFERRER, method)
        self._note("note_after_requester_interview", "requester", REQUESTER)
        outcome = self._decide("after_requester_interview", p["after_requester_interview"])
        if outcome != "contact":
            self._close(outcome, "after_interview")
            return team
        if other_later is not None:
            self._add("add_party", self.t + dt.timedelta(minutes=5), **other_later)
        self._consent(REQUESTER, ConsentKind.CONTACT_OTHER_PARTY, method)
        self._add("start_contacting", self._later("start_contacting"))
        if not self._contact():
            return team
        # Individual interview with the other party.
        channel = self.dice.weighted(p["interview_channel"]["other_party"])
        earliest = self.t.date() + dt.timedelta(
            days=self.dice.days(self.delays["other_party_interview"])
        )
        if not self._interview(OTHER_PARTY, channel, earliest, "other_party_no_show"):
            self._close("OTHER_PARTY_UNREACHABLE")
            return team
        self._note("note_after_other_party_interview", "other_party", OTHER_PARTY)
        outcome = self._decide("after_other_party_interview", p["after_other_party_interview"])
        if outcome == "joint_meeting":
            self._both_consent(ConsentKind.JOINT_MEETING)
            self._meetings()
        elif outcome == "shuttle":
            self._both_consent(ConsentKind.SHUTTLE)
            self._shuttle()
        else:
            self._close(outcome, "after_interview")
        return team

    def _interview(self, role, channel, earliest: dt.date, no_show_name) -> bool:
        appointment = self._appointment(max(earliest, self.t.date() + dt.timedelta(days=2)))
        lead = self.dice.days(self.delays["schedule_lead"])
        scheduled = self._moment(business_day(appointment.date() - dt.timedelta(days=lead)))
        if scheduled <= self.t or scheduled >= appointment:
            scheduled = self.t + dt.timedelta(minutes=self.dice.rng.randint(5, 40))
        place = self._place_for(self.world, self.intake, channel)
        self._add(
            "interview_scheduled",
            scheduled,
            role=role,
            appointment=appointment,
            channel=channel,
            place=place,
        )
        no_show = no_show_name is not None and self._chance(
            no_show_name, self.process[no_show_name]
        )
        minutes = self.dice.days(self.delays["interview_minutes"])
        self._add(
            "interview",
            appointment + dt.timedelta(minutes=minutes),
            role=role,
            held=not no_show,
            minutes=minutes,
        )
        return not no_show

    def _consent(self, role, kind, method, when=None):
        self._add(
            "consent", when or self.t + dt.timedelta(minutes=2), role=role, kind=kind, method=method
        )

    def _both_consent(self, kind):
        """The other party agrees at their interview, the requester by phone a few days later."""
        self._consent(OTHER_PARTY, kind, ConsentMethod.IN_PERSON)
        self._consent(REQUESTER, kind, ConsentMethod.PHONE, when=self._later("after_interview"))

    def _contact(self) -> bool:
        """Contact attempts; True when the other party accepts an interview."""
        p = self.process
        contact = p["contact"]
        self._add(
            "contact_attempt",
            self._later("first_letter"),
            channel=contact["first"],
            result=codes.ContactAttemptResult.SENT,
        )
        if not self._chance("other_party_reached", p["other_party_reached"]):
            for _attempt in range(self.dice.days(contact["unreachable_attempts"]) - 1):
                channel = self.dice.weighted(contact["follow_ups"])
                result = (
                    codes.ContactAttemptResult.WRONG_ADDRESS
                    if self.dice.chance(0.05)
                    else codes.ContactAttemptResult.NO_ANSWER
                )
                self._add(
                    "contact_attempt", self._later("contact_gap"), channel=channel, result=result
                )
            self._close("OTHER_PARTY_UNREACHABLE", "unreachable_closure")
            return False
        for _attempt in range(self._count("extra_no_answer", contact["extra_no_answer"])):
            self._add(
                "contact_attempt",
                self._later("contact_gap"),
                channel=self.dice.weighted(contact["follow_ups"]),
                result=codes.ContactAttemptResult.NO_ANSWER,
            )
        accepts = self._chance("other_party_accepts", p["other_party_accepts"])
        result = (
            codes.ContactAttemptResult.ACCEPTED if accepts else codes.ContactAttemptResult.REFUSED
        )
        self._add(
            "contact_attempt",
            self._later("contact_gap"),
            channel=self.dice.weighted(contact["reply_channel"]),
            result=result,
        )
        if accepts:
            return True
        if self.dice.chance(p["refusal_back_to_requester"]):
            self._add("return_to_requester", self._later("after_interview"))
            self._close(self.dice.pick(["OTHER_PARTY_REFUSED", "REQUESTER_EMPOWERED"]))
        else:
            self._close("OTHER_PARTY_REFUSED")
        return False

    def _meetings(self):
        p = self.process
        results = dict(p["meeting_result"])
        for number in range(1, p["max_meetings"] + 1):
            delay = "meeting" if number == 1 else "another_session"
            earliest = self.t.date() + dt.timedelta(days=self.dice.days(self.delays[delay]))
            appointment = self._appointment(earliest)
            scheduled = self._later("after_interview")
            if scheduled >= appointment:
                scheduled = self.t + dt.timedelta(minutes=15)
            place = self._place_for(self.world, self.intake, codes.InterviewChannel.IN_PERSON_OTHER)
            self._add("meeting_scheduled", scheduled, appointment=appointment, place=place)
            if number == 1 and self._chance("meeting_cancelled", p["meeting_cancelled"]):
                cancelled_at = max(
                    scheduled + dt.timedelta(hours=1), appointment - dt.timedelta(days=1)
                )
                self._add("meeting", cancelled_at, held=False)
                appointment = self._appointment(
                    appointment.date()
                    + dt.timedelta(days=self.dice.days(self.delays["shuttle_gap"]))
                )
                self._add(
                    "meeting_scheduled",
                    cancelled_at + dt.timedelta(minutes=20),
                    appointment=appointment,
                    place=place,
                )
            if number == p["max_meetings"]:
                results.pop("ANOTHER_SESSION", None)
            result = self._decide("meeting_result", results)
            minutes = self.dice.days(self.delays["meeting_minutes"])
            self._add(
                "meeting",
                appointment + dt.timedelta(minutes=minutes),
                held=True,
                result=result,
                minutes=minutes,
                participants=self.dice.rng.choice([2, 2, 2, 3, 3, 4]),
            )
            self._note("note_after_meeting", "meeting", "")
            if result in ("AGREEMENT", "PARTIAL_AGREEMENT"):
                scope = "FULL" if result == "AGREEMENT" else "PARTIAL"
                self._agreement(scope)
                return
            if result == "NO_AGREEMENT":
                self._close("NO_AGREEMENT")
                self._maybe_relapse(self.process["relapse_after_no_agreement"])
                return

    def _shuttle(self):
        p = self.process
        self._add("start_shuttle", self._later("after_interview"))
        for _exchange in range(self._count("shuttle_exchanges", p["shuttle_exchanges"])):
            minutes = self.dice.days(self.delays["shuttle_minutes"])
            self._add("shuttle_exchange", self._later("shuttle_gap"), minutes=minutes)
        if self._chance("shuttle_agreement", p["shuttle_agreement"]):
            results = {
                k: v
                for k, v in p["meeting_result"].items()
                if k in ("AGREEMENT", "PARTIAL_AGREEMENT")
            }
            scope = "FULL" if self.dice.weighted(results) == "AGREEMENT" else "PARTIAL"
            self._agreement(scope)
        else:
            self._close("NO_AGREEMENT")
            self._maybe_relapse(self.process["relapse_after_no_agreement"])

    def _agreement(self, scope: str):
        p = self.process
        form = self.dice.weighted(p["agreement_form"])
        choices = list(p["commitments"].get(self.primary) or p["commitments"]["default"])
        self.dice.rng.shuffle(choices)
        count = min(len(choices), self.dice.days(p["commitments_count"]))
        roles = [REQUESTER, OTHER_PARTY, ""]
        commitments = [(category, roles[i % 3]) for i, category in enumerate(choices[:count])]
        self._add(
            "agreement",
            self.t + dt.timedelta(minutes=10),
            form=form,
            scope=scope,
            commitments=commitments,
        )
        if form != "ORAL" and self.dice.chance(p["keep_agreement_copy"]):
            self._consent(REQUESTER, ConsentKind.KEEP_AGREEMENT_COPY, ConsentMethod.WRITTEN)
            self._consent(OTHER_PARTY, ConsentKind.KEEP_AGREEMENT_COPY, ConsentMethod.WRITTEN)
        due = business_day(
            self.t.date() + dt.timedelta(days=self.dice.days(self.delays["follow_up"]))
        )
        self._add("follow_up_scheduled", self._later(self.dice.rng.randint(0, 2)), due=due)
        done = due + dt.timedelta(days=self.dice.days(self.delays["follow_up_done"]))
        result = self._decide("follow_up_result", p["follow_up_result"])
        self._add("follow_up", self._moment(business_day(done)), result=result)
        self._close("AGREEMENT_FULL" if scope == "FULL" else "AGREEMENT_PARTIAL")
        self._maybe_relapse(
            p["relapse_after_degraded"] if result == "DEGRADED" else p["relapse_otherwise"]
        )

    def _maybe_relapse(self, probability: float):
        if not self.forced and self.dice.chance(probability):
            self.relapse_at = self._later("relapse")


# --- Playing a plan through the actions ---


@dataclass
class Playing:
    case: Case | None = None
    parties: dict = field(default_factory=dict)
    interviews: dict = field(default_factory=dict)
    meeting: object = None
    closed: bool = False


class Player:
    """Calls the real action of each step, at the step's simulated moment."""

    def __init__(self, clock: SimulatedClock, now: dt.datetime):
        self.clock = clock
        self.now = now

    def play(self, plan: CasePlan) -> Playing:
        state = Playing()
        for index, step in enumerate(plan.steps):
            if step.when > self.now:
                break
            self.clock.moment = step.when
            getattr(self, f"_{step.kind}")(plan, step, state, index)
        self.clock.moment = None
        return state

    @staticmethod
    def _mediator(plan: CasePlan, index: int) -> Membership:
        return plan.team[index % len(plan.team)] if plan.team else plan.coordinator

    def _open(self, plan, step, state, index):
        day = step.when.date()
        if plan.linked_to is not None:
            earlier = Case.objects.get(pk=plan.linked_to)
            state.case = actions.open_linked_case(
                case=earlier, by=plan.opener, opened_on=day, channel=plan.intake["channel"]
            )
        else:
            state.case = actions.open_case(
                organisation=plan.world.organisation, by=plan.opener, opened_on=day, **plan.intake
            )
        case = state.case
        state.parties[REQUESTER] = case.requester()
        others = case.other_parties()
        if others:
            state.parties[OTHER_PARTY] = others[0]

    def _qualify(self, plan, step, state, index):
        actions.qualify(case=state.case, by=plan.coordinator)

    def _assign(self, plan, step, state, index):
        actions.assign_mediators(
            case=state.case, by=plan.coordinator, mediators=plan.team, assigned_on=step.when.date()
        )

    def _suspend(self, plan, step, state, index):
        actions.suspend(
            case=state.case, by=plan.coordinator, reason=step.data["reason"], on=step.when.date()
        )

    def _resume(self, plan, step, state, index):
        actions.resume(case=state.case, by=plan.coordinator, on=step.when.date())

    def _add_party(self, plan, step, state, index):
        state.parties[OTHER_PARTY] = actions.add_party(
            case=state.case,
            by=self._mediator(plan, index),
            role=OTHER_PARTY,
            last_name=step.data["last_name"],
            first_name=step.data["first_name"],
            address=step.data["address"],
        )

    def _interview_scheduled(self, plan, step, state, index):
        role = step.data["role"]
        state.interviews[role] = actions.schedule_interview(
            case=state.case,
            by=self._mediator(plan, index),
            party=state.parties[role],
            scheduled_at=step.data["appointment"],
            channel=step.data["channel"],
            place=step.data["place"],
        )

    def _interview(self, plan, step, state, index):
        actions.record_interview(
            interview=state.interviews[step.data["role"]],
            by=self._mediator(plan, index),
            held=step.data["held"],
            duration_minutes=step.data["minutes"],
        )

    def _consent(self, plan, step, state, index):
        actions.record_consent(
            case=state.case,
            by=self._mediator(plan, index),
            party=state.parties[step.data["role"]],
            kind=step.data["kind"],
            given_on=step.when.date(),
            method=step.data["method"],
        )

    def _note(self, plan, step, state, index):
        actions.add_private_note(
            case=state.case,
            by=self._mediator(plan, index),
            text=step.data["text"],
            source_party=state.parties.get(step.data["role"]),
        )

    def _start_contacting(self, plan, step, state, index):
        actions.start_contacting_other_party(case=state.case, by=self._mediator(plan, index))

    def _contact_attempt(self, plan, step, state, index):
        actions.record_contact_attempt(
            case=state.case,
            by=self._mediator(plan, index),
            party=state.parties[OTHER_PARTY],
            channel=step.data["channel"],
            attempted_on=step.when.date(),
            result=step.data["result"],
        )

    def _return_to_requester(self, plan, step, state, index):
        actions.return_to_requester(case=state.case, by=plan.coordinator)

    def _meeting_scheduled(self, plan, step, state, index):
        state.meeting = actions.schedule_joint_meeting(
            case=state.case,
            by=self._mediator(plan, index),
            scheduled_at=step.data["appointment"],
            place=step.data["place"],
        )

    def _meeting(self, plan, step, state, index):
        held = step.data["held"]
        actions.record_joint_meeting(
            meeting=state.meeting,
            by=self._mediator(plan, index),
            held=held,
            result=step.data.get("result", ""),
            duration_minutes=step.data.get("minutes") if held else None,
            participants_count=step.data.get("participants") if held else None,
        )

    def _start_shuttle(self, plan, step, state, index):
        actions.start_shuttle(case=state.case, by=self._mediator(plan, index))

    def _shuttle_exchange(self, plan, step, state, index):
        actions.record_shuttle_exchange(
            case=state.case,
            by=self._mediator(plan, index),
            held_at=step.when,
            duration_minutes=step.data["minutes"],
        )

    def _agreement(self, plan, step, state, index):
        actions.record_agreement(
            case=state.case,
            by=self._mediator(plan, index),
            reached_on=step.when.date(),
            form=step.data["form"],
            scope=step.data["scope"],
            commitments=[
                (category, state.parties.get(role)) for category, role in step.data["commitments"]
            ],
        )

    def _follow_up_scheduled(self, plan, step, state, index):
        actions.schedule_follow_up(
            case=state.case, by=self._mediator(plan, index), due_on=step.data["due"]
        )

    def _follow_up(self, plan, step, state, index):
        actions.record_follow_up(
            case=state.case,
            by=self._mediator(plan, index),
            done_on=step.when.date(),
            result=step.data["result"],
        )

    def _close(self, plan, step, state, index):
        actions.close(
            case=state.case,
            by=plan.coordinator,
            reason=step.data["reason"],
            closed_on=step.when.date(),
            detail=step.data["detail"],
        )
        state.closed = True


# --- Building the demo ---


class DemoBuilder:
    def __init__(
        self,
        params: dict,
        *,
        years: int,
        cases_per_year: int,
        information_requests_per_year: int,
        other_service_cases: int,
        showcase: bool,
        report,
        now: dt.datetime,
    ):
        self.p = params
        self.years = years
        self.cases_per_year = cases_per_year
        self.information_per_year = information_requests_per_year
        self.other_service_cases = other_service_cases
        self.showcase = showcase
        self.report = report
        self.now = now
        self.today = timezone.localdate(now)
        self.start = dt.date(self.today.year - years + 1, 1, 1)
        self.dice = Dice(params["seed"])
        self.fake = Faker(params["faker_locale"])
        self.fake.seed_instance(params["seed"])
        self.planner = Planner(params, self.dice, self.fake)
        self.tz = timezone.get_current_timezone()
        self.emails: set[str] = set()

    def build(self) -> dict:
        clock = SimulatedClock()
        with clock.installed():
            self.clock = clock
            self.player = Player(clock, self.now)
            clock.moment = dt.datetime.combine(
                self.start - dt.timedelta(days=60), dt.time(10), tzinfo=self.tz
            )
            organisations = self._organisations()
            demo = self._demo_world(organisations["demo"])
            other = self._other_world(organisations["other"])
            self.report(
                f"Territoire : {len(demo.communes)} communes, {len(demo.quartiers)} quartiers de "
                f"{demo.city.name} (dont {sum(q.is_qpv for q in demo.quartiers)} contenant un QPV)"
            )
            self.report(f"Personnes : {len(self.emails)} comptes créés")
            summary = {"organisations": organisations}
            summary["demo_cases"] = self._cases(demo, self._natural_days(demo), showcase=True)
            summary["information_requests"] = self._information_requests(demo)
            summary["other_cases"] = self._cases(other, self._other_days(), showcase=False)
            departed = [v.membership.pk for v in demo.volunteers if v.active_until is not None]
            Membership.objects.filter(pk__in=departed).update(is_active=False)
        return summary

    # Organisations and people.

    def _organisations(self) -> dict:
        specs = self.p["organisations"]
        organisations = {}
        for key, spec in specs.items():
            organisations[key] = Organisation.objects.create(
                name=spec["name"],
                slug=spec["slug"],
                kind=OrganisationKind.NETWORK if key == "network" else OrganisationKind.SERVICE,
                address=spec.get("address", ""),
                phone=spec.get("phone", ""),
                email=spec.get("email", ""),
                dpo_contact=spec.get("dpo_contact", ""),
            )
        for member in specs["network"]["members"]:
            organisations[member].networks.add(organisations["network"])
        self.organisations = organisations
        self._accounts()
        return organisations

    def _user(self, email: str, first: str, last: str, password: str) -> User:
        self.emails.add(email)
        return User.objects.create(email=email, first_name=first, last_name=last, password=password)

    def _accounts(self):
        password = make_password(self.p["password"])
        self.accounts: dict[tuple[str, str], Membership] = {}
        for account in self.p["accounts"]:
            user = self._user(
                account["email"].lower(), account["first_name"], account["last_name"], password
            )
            for membership in account["memberships"]:
                key = membership["organisation"]
                self.accounts[(account["email"], key)] = Membership.objects.create(
                    user=user, organisation=self.organisations[key], role=membership["role"]
                )

    def _staff_member(self, organisation_key: str, role: str, joined: dt.date | None = None):
        domain = self.p["organisations"][organisation_key]["email_domain"]
        first, last = self.fake.first_name(), self.fake.last_name()
        base = f"{ascii_slug(first)}.{ascii_slug(last)}".replace("-", ".")
        email, number = f"{base}@{domain}", 1
        while email in self.emails:
            number += 1
            email = f"{base}{number}@{domain}"
        before = self.clock.moment
        if joined is not None:
            self.clock.moment = dt.datetime.combine(joined, dt.time(18), tzinfo=self.tz)
        user = self._user(email, first, last, make_password(None))
        membership = Membership.objects.create(
            user=user, organisation=self.organisations[organisation_key], role=role
        )
        self.clock.moment = before
        return membership

    def _account(self, role: str, organisation_key: str) -> Membership:
        return next(
            m
            for (email, key), m in self.accounts.items()
            if key == organisation_key and m.role == role
        )

    # Worlds.

    def _demo_world(self, organisation) -> World:
        terr = self.p["territory"]
        communes = territory.install_communes(organisation, territory.read_communes())
        city = communes[terr["rennes_insee"]]
        qpv_numbers = territory.qpv_quartier_numbers(territory.read_qpv(), terr["qpv_quartier"])
        quartiers = territory.install_quartiers(
            organisation, city, territory.read_quartiers(), qpv_numbers
        )
        ordered = sorted(communes.values(), key=lambda c: c.insee_code)
        quartier_list = [quartiers[n] for n in sorted(quartiers)]
        staff = self.p["staff"]
        coordinators = [self._account(Role.COORDINATOR, "demo")]
        salaried = [
            self._staff_member("demo", Role.COORDINATOR)
            for _i in range(staff["salaried_coordinators"])
        ]
        coordinators += salaried
        mediation = self._account(Role.MEDIATOR, "demo")
        volunteers = []
        activity = staff["volunteer_activity"]
        count = staff["volunteer_mediators"]
        for index in range(count):
            joined = None
            active_from = self.start - dt.timedelta(days=60)
            if index >= count - staff["volunteers_joined"]:
                active_from = self.today - dt.timedelta(days=self.dice.rng.randint(60, 240))
                joined = active_from
            membership = self._staff_member("demo", Role.MEDIATOR, joined)
            volunteer = Volunteer(
                membership, self.dice.rng.uniform(activity["min"], activity["max"]), active_from
            )
            if index < staff["volunteers_left"]:
                # Deactivated once the cases are built: they were active when assigned.
                volunteer.active_until = self.today - dt.timedelta(
                    days=self.dice.rng.randint(365, 545)
                )
            volunteers.append(volunteer)
        weights = staff["coordinator_weights"]
        return World(
            organisation=organisation,
            communes=ordered,
            commune_weights=[
                terr["commune_weights"].get(c.insee_code, terr["default_commune_weight"])
                for c in ordered
            ],
            city=city,
            city_share=terr["rennes_share"],
            quartiers=quartier_list,
            quartier_weights=[terr["quartier_weights"][str(q.number)] for q in quartier_list],
            landlords=self.p["housing"]["landlords"],
            coordinators=coordinators,
            coordinator_weights=(weights + [weights[-1]] * len(coordinators))[: len(coordinators)],
            reception=self._account(Role.RECEPTION, "demo"),
            volunteers=volunteers,
            salaried=salaried,
            mediation=mediation,
        )

    def _other_world(self, organisation) -> World:
        rows = self.p["territory"]["other_service_communes"]
        communes = territory.install_communes(
            organisation,
            [
                territory.CommuneRow(row["insee_code"], row["name"], tuple(row["postal_codes"]))
                for row in rows
            ],
        )
        ordered = [communes[row["insee_code"]] for row in rows]
        mediators = [
            self._staff_member("other", Role.MEDIATOR)
            for _i in range(self.p["staff"]["other_service_mediators"])
        ]
        return World(
            organisation=organisation,
            communes=ordered,
            commune_weights=[row["weight"] for row in rows],
            city=ordered[0],
            city_share=None,
            quartiers=[],
            quartier_weights=[],
            landlords=self.p["housing"]["other_service_landlords"],
            coordinators=[self._account(Role.COORDINATOR, "other")],
            coordinator_weights=[1],
            reception=None,
            volunteers=[Volunteer(m, 1.0, self.start - dt.timedelta(days=60)) for m in mediators],
        )

    # Arrival dates.

    def _draw_days(self, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
        arrivals = self.p["arrivals"]
        days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        weights = [
            arrivals["month_weights"][d.month - 1] * arrivals["weekday_weights"][d.weekday()]
            for d in days
        ]
        if count <= 0 or not any(weights):
            return []
        return sorted(self.dice.rng.choices(days, weights=weights, k=count))

    def _year_counts(self, per_year: int) -> list[tuple[dt.date, dt.date, int]]:
        spans = []
        for year in range(self.start.year, self.today.year + 1):
            first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), self.today)
            share = ((last - first).days + 1) / ((dt.date(year, 12, 31) - first).days + 1)
            spans.append((first, last, round(per_year * share)))
        return spans

    def _natural_days(self, world) -> list[dt.date]:
        days = []
        spans = self._year_counts(self.cases_per_year)
        showcases = len(self.p.get("showcase", [])) if self.showcase else 0
        for first, last, count in spans:
            if last == self.today:
                count = max(0, count - showcases)
            days += self._draw_days(first, last, count)
        return days

    def _other_days(self) -> list[dt.date]:
        first = self.today - dt.timedelta(days=self.p["volume"]["other_service_days"])
        return self._draw_days(first, self.today, self.other_service_cases)

    # Cases.

    def _showcase_plans(self, world: World) -> list[CasePlan]:
        plans = []
        defaults = self.p.get("showcase_defaults", {}).get("force", {})
        for spec in self.p.get("showcase", []):
            forced = {**defaults, **spec.get("force", {})}
            plan = self.planner.plan(world, self.today - dt.timedelta(days=90), forced=forced)
            plan.label = spec["label"]
            keys = [step.key for step in plan.steps]
            if spec["anchor"] not in keys or spec["stop_before"] not in keys:
                raise ValueError(f"Showcase « {spec['label']} » does not reach its steps.")
            anchor = plan.steps[keys.index(spec["anchor"])]
            field_name = spec.get("anchor_field") or (
                "appointment" if "appointment" in anchor.data else "when"
            )
            moment = anchor.when if field_name == "when" else anchor.data[field_name]
            anchor_day = moment.date() if isinstance(moment, dt.datetime) else moment
            shift = (self.today + dt.timedelta(days=spec["anchor_day"])) - anchor_day
            plan.steps = plan.steps[: keys.index(spec["stop_before"])]
            latest = self.now - dt.timedelta(minutes=1)
            for step in plan.steps:
                step.when = min(step.when + shift, latest)
                for name in ("appointment", "due"):
                    if name in step.data:
                        step.data[name] = step.data[name] + shift
            plan.opened = plan.steps[0].when
            plan.relapse_at = None
            if spec.get("mediation") and plan.team:
                plan.team = [world.mediation, plan.team[1]]
            elif spec.get("mediation"):
                raise ValueError(f"Showcase « {spec['label']} » has no team for mediation@.")
            plans.append(plan)
        return plans

    def _cases(self, world: World, days: list[dt.date], *, showcase: bool) -> dict:
        started = time.monotonic()
        plans = [self.planner.plan(world, day) for day in days]
        if world.mediation is not None:
            eligible = [plan for plan in plans if plan.team and plan.completes_by(self.now)]
            wanted = min(self.p["staff"]["mediation_account_closed_cases"], len(eligible) // 3)
            for plan in self.dice.rng.sample(eligible, wanted):
                plan.team = [world.mediation, plan.team[1]]
        if showcase and self.showcase:
            plans += self._showcase_plans(world)
        queue = [(plan.opened, index, plan) for index, plan in enumerate(plans)]
        heapq.heapify(queue)
        sequence = len(queue)
        created = relapses = 0
        per_year = Counter()
        year = None
        while queue:
            _opened, _index, plan = heapq.heappop(queue)
            if year is not None and plan.opened.year != year:
                self._year_done(world, year, per_year[year])
            year = plan.opened.year
            state = self.player.play(plan)
            if state.case is None:
                continue
            created += 1
            per_year[year] += 1
            relapses += plan.linked_to is not None
            if state.closed and plan.relapse_at is not None and plan.relapse_at <= self.now:
                relapse = self.planner.plan(world, plan.relapse_at.date(), linked_to=state.case)
                if relapse.opened <= self.now:
                    sequence += 1
                    heapq.heappush(queue, (relapse.opened, sequence, relapse))
        if year is not None:
            self._year_done(world, year, per_year[year])
        cases = Case.objects.of(world.organisation)
        open_count = cases.open().count()
        self.report(
            f"{world.organisation.name} : {created} dossiers créés (dont {relapses} reprises "
            f"liées, {open_count} en cours) en {time.monotonic() - started:.0f} s"
        )
        return {"created": created, "relapses": relapses, "open": open_count}

    def _year_done(self, world: World, year: int, count: int):
        self.report(f"{world.organisation.name} : année {year}, {count} dossiers")

    # Information requests.

    def _information_requests(self, world: World) -> int:
        info = self.p["information"]
        days = []
        for first, last, count in self._year_counts(self.information_per_year):
            days += self._draw_days(first, last, count)
        recorders = {"reception": [world.reception], "coordinator": world.coordinators}
        for day in days:
            by = self.dice.pick(recorders[self.dice.weighted(info["recorded_by"])])
            commune = None
            if self.dice.chance(info["commune_share"]):
                commune, _quartier = self.planner.draw_place(world)
            referral = self.dice.weighted(info["referral"])
            moment = self.planner._moment(day)
            if moment > self.now:
                continue
            self.clock.moment = moment
            actions.record_information_request(
                organisation=world.organisation,
                by=by,
                received_on=day,
                channel=self.dice.weighted(info["channel"]),
                topic=self.dice.weighted(info["topic"]),
                referral_source=referral,
                commune=commune,
                oriented_to=(
                    self.dice.pick(info["oriented_to"])
                    if self.dice.chance(info["oriented_share"])
                    else ""
                ),
            )
        self.clock.moment = None
        count = InformationRequest.objects.filter(organisation=world.organisation).count()
        self.report(f"{world.organisation.name} : {count} demandes d'information enregistrées")
        return count


def generate(
    *,
    years: int | None = None,
    cases_per_year: int | None = None,
    information_requests_per_year: int | None = None,
    other_service_cases: int | None = None,
    showcase: bool = True,
    params: dict | None = None,
    report=None,
    now: dt.datetime | None = None,
) -> dict:
    """Builds the whole demo in one transaction. Scale arguments override ``params.toml``.

    Raises ``DemoAlreadyLoaded`` when the demo organisation exists (delete it first).
    """
    params = params or load_params()
    volume = params["volume"]
    cases_per_year = volume["cases_per_year"] if cases_per_year is None else cases_per_year
    if information_requests_per_year is None:
        information_requests_per_year = round(
            volume["information_requests_per_year"] * cases_per_year / volume["cases_per_year"]
        )
    builder = DemoBuilder(
        params,
        years=volume["years"] if years is None else years,
        cases_per_year=cases_per_year,
        information_requests_per_year=information_requests_per_year,
        other_service_cases=(
            volume["other_service_cases"] if other_service_cases is None else other_service_cases
        ),
        showcase=showcase,
        report=report or (lambda line: None),
        now=now or timezone.now(),
    )
    with transaction.atomic():
        if demo_exists(params):
            raise DemoAlreadyLoaded(params["organisations"]["demo"]["name"])
        return builder.build()
