"""What the API answers. Identifiers, dates, codes and states: never a person's name, a
private note, a statement or any free text from an interview (docs/api.md)."""

import datetime as dt
import uuid

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[dict] | None = None


class Ref(Schema):
    id: uuid.UUID
    name: str


class Code(Schema):
    code: str
    label: str


class Page(Schema):
    count: int
    limit: int
    offset: int


# --- Directory ------------------------------------------------------------------------------------


class PartnerOut(Schema):
    id: uuid.UUID
    name: str
    short_name: str
    kind: Code
    is_funder: bool
    is_active: bool
    address: str
    commune: Ref | None
    phone: str
    email: str
    website: str


class PartnerPage(Page):
    items: list[PartnerOut]


class VenueOut(Schema):
    id: uuid.UUID
    name: str
    address: str
    commune: Ref | None
    quartier: Ref | None
    latitude: float | None = Field(None, description=_("WGS 84, en degrés décimaux"))
    longitude: float | None = Field(None, description=_("WGS 84, en degrés décimaux"))
    is_active: bool


class VenuePage(Page):
    items: list[VenueOut]


class ConventionOut(Schema):
    id: uuid.UUID
    title: str
    funder: Ref | None
    partners: list[Ref]
    signed_on: dt.date | None
    starts_on: dt.date
    ends_on: dt.date | None
    amount: str | None


class ConventionPage(Page):
    items: list[ConventionOut]


# --- Permanences ----------------------------------------------------------------------------------


LOCAL_TIME = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$", description=_("HH:MM, heure de Paris"))


class PermanenceOut(Schema):
    id: uuid.UUID
    venue: Ref
    weekday: Code
    frequency: Code
    starts_at: str = LOCAL_TIME
    ends_at: str = LOCAL_TIME
    slot_minutes: int
    valid_from: dt.date
    valid_until: dt.date | None
    is_public: bool


class PermanencePage(Page):
    items: list[PermanenceOut]


class SessionOut(Schema):
    id: uuid.UUID
    permanence_id: uuid.UUID
    venue: Ref
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: Code
    free_slots: list[dt.datetime]


class SessionPage(Page):
    items: list[SessionOut]


# --- Referrals and bookings -----------------------------------------------------------------------


class ReferralStatusOut(Schema):
    id: uuid.UUID
    received_at: dt.datetime
    commune: Ref | None
    conflict_category: Code
    progress: Code
    detail: str
    agreement: bool | None


class ReferralPage(Page):
    items: list[ReferralStatusOut]


class ReferralIn(Schema):
    requester_last_name: str
    requester_first_name: str
    requester_phone: str = ""
    requester_email: str = ""
    requester_address: str = ""
    commune: uuid.UUID
    conflict_category: str
    availability: str = ""
    agreed_to_be_contacted: bool
    agreed_to_share_status: bool = False
    referrer_name: str


class BookingOut(Schema):
    id: uuid.UUID
    session_id: uuid.UUID
    venue: Ref
    starts_at: dt.datetime | None
    state: Code
    channel: Code
    partner_id: uuid.UUID | None


class BookingPage(Page):
    items: list[BookingOut]


# --- Cases ----------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: uuid.UUID
    reference: str
    status: Code
    stage_reached: Code | None
    opened_on: dt.date
    closed_on: dt.date | None
    closure_reason: Code | None
    referral_source: Code | None
    primary_conflict: Code | None
    commune: Ref | None
    quartier: Ref | None
    is_qpv: bool
    is_relapse: bool
    previous_case_id: uuid.UUID | None


class CasePage(Page):
    items: list[CaseOut]


class ConflictOut(Schema):
    category: Code
    subcategory: Code | None
    is_primary: bool


class CaseDetailOut(CaseOut):
    suspended_on: dt.date | None
    conflicts: list[ConflictOut]
    parties: int
    interviews_held: int
    meetings_held: int
    agreement_reached_on: dt.date | None
    follow_ups_due: list[dt.date]


# --- Figures --------------------------------------------------------------------------------------


class TableOut(Schema):
    title: str
    headings: list[str]
    rows: list[list[float | int | str | None]]
    note: str
    suppressed: bool
    legend: str


class FiguresOut(Schema):
    start: dt.date
    end: dt.date
    small_counts_hidden_below: int
    tables: list[TableOut]


# --- Network --------------------------------------------------------------------------------------


class MemberOut(Schema):
    id: uuid.UUID
    name: str
    legal_type: Code
    phase: Code
    region: Code
    pole: Ref | None
    joined_on: dt.date | None
    staff: int | None
    volunteers: int | None


class MemberPage(Page):
    items: list[MemberOut]


class EventOut(Schema):
    id: uuid.UUID
    kind: Code
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    is_remote: bool
    pole: Ref | None


class EventPage(Page):
    items: list[EventOut]


class TrainingOut(Schema):
    id: uuid.UUID
    module: Ref
    organiser: Ref
    starts_on: dt.date
    ends_on: dt.date
    place: str
    is_remote: bool
    capacity: int | None
    status: Code


class TrainingPage(Page):
    items: list[TrainingOut]


class ObservatoryOut(Schema):
    year: int
    members_sharing: int
    small_counts_hidden_below: int
    tables: list[TableOut]
