"""Writing checked rows as cases: the rows ``cases.actions.open_case`` and ``close`` write for
one case, written for many at once (docs/adr/0029).

A file of 20 000 past cases through the actions one case at a time takes some twenty queries
a case; here each table gets one insert per batch. What is written is the same — the case at
« Nouvelle saisine » or closed with its reason and date, its primary conflict, the requester's
household and party (and the other party's when the file names her), the Journal's « opened »
and « closed » entries dated on the case's own days — so that the reports, which read these
fields and entries, count an imported case like any other. ``tests/test_import.py`` holds the two
paths to the same rows. The stage reached is « Saisine seule »: the file tells how a case
ended, not the interviews and meetings on the way, and Palabre invents no event."""

import datetime as dt
import uuid

from django.db import connections, router
from django.db.models import F
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.cases import codes, identity
from palabre.cases.models import (
    Case,
    CaseConflict,
    Household,
    Party,
    PrivateNote,
    ReferenceCounter,
)
from palabre.core.models import JournalEntry, Quartier
from palabre.core.text import normalise
from palabre.imports.models import ImportedRow
from palabre.imports.partner_writer import PartnerWriter
from palabre.imports.permanence_writer import PermanenceWriter
from palabre.imports.team_writer import TeamWriter

BATCH = 1000
NEEDS_DETAIL = (codes.ClosureReason.REORIENTED, codes.ClosureReason.OTHER)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def reserve_references(organisation, years: list[int]) -> dict[int, list[str]]:
    """As many new references of each year as ``years`` holds, from the service's counters
    (locked, so that a case opened meanwhile takes the number after them)."""
    wanted: dict[int, int] = {}
    for year in years:
        wanted[year] = wanted.get(year, 0) + 1
    references = {}
    for year, count in sorted(wanted.items()):
        counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
            organisation=organisation, year=year
        )
        first = counter.last_number + 1
        ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + count)
        references[year] = [f"{year}-{n:04d}" for n in range(first, first + count)]
    return references


class Writer:
    """The writer of the job's kind: cases here, partners, permanences and the team's people in
    their modules."""

    def __init__(self, job, by):
        writers = {"partners": PartnerWriter, "permanences": PermanenceWriter, "team": TeamWriter}
        self.delegate = writers.get(job.kind, CaseWriter)(job, by)

    def write(self, rows, progress=None):
        return self.delegate.write(rows, progress)


class CaseWriter:
    def __init__(self, job, by):
        self.job = job
        self.organisation = job.organisation
        self.by = by
        self.qpv = set(
            Quartier.objects.filter(organisation=self.organisation, is_qpv=True).values_list(
                "pk", flat=True
            )
        )
        self.now = timezone.now()
        self.coordinator = by if by.role in ("admin", "coordinator") else None
        self.opened = _("Dossier ouvert (import de fichier)")
        self.closed = {
            code: _("Dossier clos : %(reason)s") % {"reason": label}
            for code, label in codes.ClosureReason.choices
        }
        self.unknown = _("Inconnu")
        self.no_detail = _("Non précisé dans le fichier importé")

    def write(self, rows, progress=None):
        references = reserve_references(
            self.organisation, [row.values["opened_on"].year for row in rows]
        )
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            self._write_batch(batch, references)
            if progress:
                progress(start + len(batch))

    def _case(self, row, reference) -> Case:
        values = row.values
        closed = values["closed_on"] is not None
        detail = values.get("closure_detail") or ""
        if closed and values["closure_reason"] in NEEDS_DETAIL and not detail:
            detail = self.no_detail
        quartier = values.get("quartier")
        return Case(
            organisation=self.organisation,
            reference=reference,
            status=codes.Status.CLOSED if closed else codes.Status.NEW,
            stage_reached=codes.Stage.INTAKE_ONLY,
            opened_on=values["opened_on"],
            first_contact_channel=values["channel"],
            referral_source=values["referral_source"],
            referrer_name=values.get("referrer_name") or "",
            commune_id=values["commune"],
            quartier_id=quartier,
            is_qpv=bool(quartier) and _uuid(quartier) in self.qpv,
            housing=values["housing"],
            building_type=values["building_type"],
            landlord_name=values.get("landlord_name") or "",
            coordinator=self.coordinator,
            closure_reason=values["closure_reason"] if closed else "",
            closure_detail=detail if closed else "",
            closed_on=values["closed_on"],
            last_activity_at=self.now,
        )

    def _write_batch(self, batch, references):
        cases, conflicts, homes, parties, notes, entries, imported = [], [], [], [], [], [], []
        org = self.organisation
        for row in batch:
            values = row.values
            case = self._case(row, references[values["opened_on"].year].pop(0))
            last = values.get("requester_last_name") or self.unknown
            first = values.get("requester_first_name") or ""
            other = values.get("other_party_last_name") or ""
            case.search_text = normalise(
                " ".join([case.reference, f"{first} {last}", *([f" {other}"] if other else [])])
            )
            cases.append(case)
            conflicts.append(
                CaseConflict(
                    organisation=org,
                    case=case,
                    category=values["primary_conflict"],
                    subcategory="",
                    is_primary=True,
                )
            )
            home = _household(org, case, values["commune"])
            homes.append(home)
            parties.append(_party(org, case, home, codes.PartyRole.REQUESTER, first, last))
            if other:
                other_home = _household(org, case, values["commune"])
                homes.append(other_home)
                parties.append(
                    _party(org, case, other_home, codes.PartyRole.OTHER_PARTY, "", other)
                )
            if row.note:
                notes.append(
                    PrivateNote(organisation=org, case=case, author=self.by.user, text=row.note)
                )
            entries += self._entries(case)
            imported.append(
                ImportedRow(
                    organisation=org,
                    kind=self.job.kind,
                    key=row.key,
                    object_id=case.pk,
                    job=self.job,
                )
            )
        for model, objects in (
            (Case, cases),
            (CaseConflict, conflicts),
            (Household, homes),
            (Party, parties),
            (PrivateNote, notes),
            (JournalEntry, entries),
            (ImportedRow, imported),
        ):
            insert(model, objects)

    def _entries(self, case):
        common = {"organisation": self.organisation, "subject_kind": Case._meta.label_lower}
        entries = [
            JournalEntry(
                **common,
                subject_id=case.pk,
                verb="opened",
                summary=self.opened,
                actor=self.by.user,
                occurred_at=_at(case.opened_on),
                data={"import": str(self.job.pk)},
            )
        ]
        if case.closed_on:
            entries.append(
                JournalEntry(
                    **common,
                    subject_id=case.pk,
                    verb="closed",
                    summary=self.closed[case.closure_reason],
                    actor=self.by.user,
                    occurred_at=_at(case.closed_on),
                    data={"import": str(self.job.pk)},
                )
            )
        return entries


def insert(model, objects):
    """``bulk_create`` without its SQL built anew for every batch: the same values, prepared
    by each field as Django prepares them (``pre_save`` dates the rows and seals encrypted
    text), sent with one ``executemany``. Model ``save`` methods are not called: the keys
    they compute are set by the caller."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    # A database-generated key (an auto field) is left to the database, as ``bulk_create`` does.
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias


def _uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _household(organisation, case, commune) -> Household:
    return Household(
        organisation=organisation,
        case=case,
        address="",
        commune_id=commune,
        address_key=identity.address_key(organisation.pk, ""),
    )


def _party(organisation, case, home, role, first, last) -> Party:
    return Party(
        organisation=organisation,
        case=case,
        household=home,
        role=role,
        first_name=first,
        last_name=last,
        identity_key=identity.person_key(organisation.pk, first, last, ""),
    )
