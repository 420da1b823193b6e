"""Merging two records of one person within a service (docs/adr/0027).

A person's records (``Party``) are one per case. When the coordination finds that two records
are the same person, ``merge_records`` keeps one and brings the other to it:

- **In two cases**: both records stay, each in its case (the case needs its people as it
  recorded them), and they join one ``Person`` — with every other record already joined to
  either. Their cases, consents, interviews, contact attempts, appointments and rights requests
  are then the person's, and the intake of a later case finds them all.
- **In one case** (the same person entered twice): everything that points to the duplicate —
  consents, interviews, contact attempts, commitments, notes reporting their words, invitations,
  rights requests, information given, acquaintance declarations — is moved to the kept record,
  which also takes the contacts it lacked; the duplicate is then deleted, and its household with
  it when nobody else lives there. An active consent of a kind the kept record already holds is
  kept, withdrawn at the merge; a fact recorded on both (the same information given, the same
  mediator's declaration) is kept once.

Nothing else is lost: the journal is append-only, so the line written on the case by the merge
names both records, and ``kept_record_id`` follows it from a record id found in an older line or
in the access log. Refused across services, for a case anonymised, for two roles in one case.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from palabre.cases import access
from palabre.cases.models import Case, Household, Party
from palabre.cases.people import Person
from palabre.core import journal
from palabre.core.actions import Refused
from palabre.core.models import JournalEntry

# What the preview calls each kind of row that follows a record (other apps' rows included,
# found through the model's relations, never imported).
LABELS = {
    "cases.consentrecord": gettext_lazy("consentements"),
    "cases.interview": gettext_lazy("entretiens"),
    "cases.contactattempt": gettext_lazy("tentatives de contact"),
    "cases.commitment": gettext_lazy("engagements d'un accord"),
    "cases.privatenote": gettext_lazy("notes qui rapportent ses propos"),
    "cases.acquaintancedeclaration": gettext_lazy(
        "déclarations de connaissance d'un·e médiateur·rice"
    ),
    "cases.invitation": gettext_lazy("invitations à prendre rendez-vous"),
    "permanences.appointment": gettext_lazy("rendez-vous en permanence"),
    "privacy.rightsrequest": gettext_lazy("demandes d'exercice de ses droits"),
    "privacy.noticegiven": gettext_lazy("informations sur les données remises"),
    "privacy.safetyreport": gettext_lazy("signalements"),
}
# Rows recorded on both records that say the same thing: kept once when they collide.
SAME_FACT = {"privacy.noticegiven", "cases.acquaintancedeclaration"}
FILLED = ("first_name", "phone", "email", "preferred_channel")
MAX_FOLLOW = 20


class MergeRefused(Refused):
    pass


@dataclass
class Preview:
    kept: Party
    duplicate: Party
    same_case: bool
    moves: list = field(default_factory=list)  # (label, count) that follow the kept record
    joined: list = field(default_factory=list)  # records of other cases joining the person
    filled: list = field(default_factory=list)  # contacts the kept record takes (one case)
    problems: list = field(default_factory=list)  # why it is refused; empty when it may go


def _label(model) -> str:
    return str(LABELS.get(model._meta.label_lower, model._meta.verbose_name_plural))


def _relations():
    """Every relation pointing to a record, those without a reverse name (« + ») included:
    (model, field name, whether the model is a many-to-many table)."""
    for relation in Party._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue  # forward fields; a many-to-many is met through its table's foreign key
        model = relation.related_model
        yield model, relation.field.name, bool(model._meta.auto_created)


def _appointments_relation():
    return next(
        (
            (rel.related_model, rel.field.name)
            for rel in Case._meta.related_objects
            if rel.related_model._meta.label_lower == "permanences.appointment"
        ),
        None,
    )


def records_of(party: Party) -> list:
    """The person's records in the service: the record alone, or those of its ``Person``."""
    if party.person_id is None:
        return [party]
    return list(
        Party.objects.filter(person_id=party.person_id, organisation_id=party.organisation_id)
        .select_related("case", "household")
        .order_by("case__opened_on", "case__reference")
    )


def history_counts(records, *, with_cases=True) -> dict:
    """What points to these records, by label (rights requests counted once each); with their
    cases, what follows them by case too (appointments at a permanence)."""
    ids = [record.pk for record in records]
    counts = {}
    for model, name, many in _relations():
        if many:
            owner = next(f.name for f in model._meta.concrete_fields if f.name not in (name, "id"))
            found = model.objects.filter(**{f"{name}__in": ids}).values(owner).distinct().count()
            label_model = model._meta.get_field(owner).related_model
        else:
            found = model._base_manager.filter(**{f"{name}__in": ids}).count()
            label_model = model
        counts[_label(label_model)] = counts.get(_label(label_model), 0) + found
    appointments = _appointments_relation() if with_cases else None
    if appointments:
        model, name = appointments
        cases = {record.case_id for record in records}
        counts[_label(model)] = model._base_manager.filter(**{f"{name}__in": cases}).count()
    if with_cases:
        counts[str(_("dossiers"))] = len({record.case_id for record in records})
    return counts


def problems(by, kept: Party, duplicate: Party) -> list:
    found = []
    if not access.can_merge_records(by):
        found.append(_("Seule la coordination du service réunit les fiches d'une personne."))
    if {kept.organisation_id, duplicate.organisation_id} != {by.organisation_id}:
        found.append(_("Ces deux fiches ne sont pas du même service."))
        return found
    if kept.pk == duplicate.pk:
        found.append(_("Choisissez deux fiches différentes."))
    if kept.case.anonymised_at or duplicate.case.anonymised_at:
        found.append(_("La fiche d'un dossier anonymisé ne se réunit à aucune autre."))
    if kept.case_id == duplicate.case_id and kept.role != duplicate.role:
        found.append(
            _(
                "Dans un même dossier, une personne n'a qu'un rôle : corrigez la fiche au lieu "
                "de la réunir."
            )
        )
    elif (
        kept.case_id != duplicate.case_id
        and kept.person_id
        and (kept.person_id == duplicate.person_id)
    ):
        found.append(_("Ces deux fiches sont déjà réunies."))
    return found


def preview(*, kept: Party, duplicate: Party, by) -> Preview:
    """What the merge would do, said before it is done; ``problems`` says why it cannot."""
    same_case = kept.case_id == duplicate.case_id
    shown = Preview(kept, duplicate, same_case, problems=problems(by, kept, duplicate))
    if shown.problems and kept.organisation_id != by.organisation_id:
        return shown
    if same_case:
        moved = history_counts([duplicate], with_cases=False)
        shown.moves = [(label, n) for label, n in moved.items() if n]
        shown.filled = [
            str(Party._meta.get_field(name).verbose_name)
            for name in FILLED
            if not getattr(kept, name) and getattr(duplicate, name)
        ]
        return shown
    joined = [
        r for r in records_of(duplicate) if r.person_id is None or r.person_id != kept.person_id
    ]
    shown.joined = joined
    shown.moves = [(label, n) for label, n in history_counts(joined).items() if n]
    return shown


# --- The merge ---------------------------------------------------------------------------------


def _log(case, by, verb, summary, **data):
    journal.record(
        organisation=case.organisation,
        subject=case,
        verb=verb,
        summary=summary,
        actor=by.user,
        data={
            key: str(value) if not isinstance(value, dict) else value for key, value in data.items()
        },
    )


def _join(kept: Party, duplicate: Party) -> Person:
    """Both records, and those already joined to either, become one person."""
    person = (
        kept.person
        or duplicate.person
        or Person.objects.create(organisation_id=kept.organisation_id)
    )
    others = {p for p in (kept.person_id, duplicate.person_id) if p and p != person.pk}
    Party.objects.filter(
        Q(pk__in=[kept.pk, duplicate.pk]) | Q(person_id__in=others),
        organisation_id=kept.organisation_id,
    ).update(person=person)
    Person.objects.filter(pk__in=others).delete()
    kept.person = person
    return person


def _move_rows(model, name, many, kept, duplicate) -> dict:
    """Points every row of one relation from the duplicate to the kept record."""
    manager = model.objects if many else model._base_manager
    rows = manager.filter(**{name: duplicate})
    if many:
        owner = next(f.name for f in model._meta.concrete_fields if f.name not in (name, "id"))
        rows.filter(**{f"{owner}__in": manager.filter(**{name: kept}).values(owner)}).delete()
    try:
        with transaction.atomic():
            return {"moved": rows.update(**{name: kept}), "kept_once": 0}
    except IntegrityError:
        if model._meta.label_lower not in SAME_FACT:
            raise MergeRefused(
                _("Les deux fiches portent des %(what)s qui ne peuvent pas se confondre.")
                % {"what": _label(model)}
            ) from None
    counted = {"moved": 0, "kept_once": 0}
    for pk in list(rows.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                counted["moved"] += manager.filter(pk=pk).update(**{name: kept})
        except IntegrityError:
            manager.filter(pk=pk).delete()
            counted["kept_once"] += 1
    return counted


def _fill(kept: Party, duplicate: Party) -> list:
    filled = [name for name in FILLED if not getattr(kept, name) and getattr(duplicate, name)]
    for name in filled:
        setattr(kept, name, getattr(duplicate, name))
    if duplicate.needs_interpreter and not kept.needs_interpreter:
        kept.needs_interpreter = True
        filled.append("needs_interpreter")
    if kept.household_id is None and duplicate.household_id is not None:
        kept.household_id = duplicate.household_id
        filled.append("household")
    elif duplicate.household_id and not kept.household.address and duplicate.household.address:
        kept.household.address = duplicate.household.address
        kept.household.save(update_fields=["address", "updated_at"])
        filled.append("address")
    if filled:
        kept.save(update_fields=[n for n in filled if n != "address"] + ["updated_at"])
    return filled


def _fold(kept: Party, duplicate: Party, by) -> dict:
    """One case, one person entered twice: the duplicate's rows go to the kept record."""
    now = timezone.now()
    kinds = kept.consents.active().values("kind")
    duplicate.consents.active().filter(kind__in=kinds).update(
        withdrawn_at=now, withdrawn_by=by.user
    )
    duplicate.acquaintances.filter(
        membership_id__in=kept.acquaintances.values("membership_id")
    ).delete()
    moved = {}
    for model, name, many in _relations():
        counted = _move_rows(model, name, many, kept, duplicate)
        if counted["moved"] or counted["kept_once"]:
            moved[model._meta.label_lower] = counted
    filled = _fill(kept, duplicate)
    household = duplicate.household
    duplicate.delete()
    if (
        household is not None
        and household.pk != kept.household_id
        and not Party.objects.filter(household=household).exists()
    ):
        Household.objects.filter(pk=household.pk).delete()
    kept.case.refresh_search_text()
    kept.case.save(update_fields=["search_text"])
    return {"moved": moved, "filled": filled}


@transaction.atomic
def merge_records(*, kept: Party, duplicate: Party, by) -> Party:
    """Merges ``duplicate`` into ``kept``, two records of the same person in ``by``'s service.
    Answers the kept record."""
    ids = sorted([kept.pk, duplicate.pk])
    locked = {
        party.pk: party
        for party in Party.objects.select_for_update(of=("self",))
        .select_related("case__organisation", "household", "person")
        .filter(pk__in=ids)
    }
    if len(locked) != len(set(ids)) and kept.pk != duplicate.pk:
        raise MergeRefused(_("Une des deux fiches n'existe plus."))
    kept, duplicate = locked[kept.pk], locked[duplicate.pk]
    refused = problems(by, kept, duplicate)
    if refused:
        raise MergeRefused(refused[0])
    joined = [r.case for r in records_of(duplicate) if r.pk != kept.pk]
    role, merged_id = kept.get_role_display(), duplicate.pk  # deleting a row forgets its id
    if kept.case_id != duplicate.case_id or duplicate.person_id:
        _join(kept, duplicate)
    if kept.case_id == duplicate.case_id:
        done = _fold(kept, duplicate, by)
        _log(
            kept.case,
            by,
            "records_folded",
            _("Deux fiches de la même personne réunies en une (%(role)s)") % {"role": role},
            kept=kept.pk,
            merged=merged_id,
            moved=done["moved"],
        )
        return kept
    references = ", ".join(sorted({case.reference for case in joined}))
    _log(
        kept.case,
        by,
        "records_merged",
        _("Fiche (%(role)s) réunie avec celle de la même personne dans le dossier %(refs)s")
        % {"role": role, "refs": references},
        kept=kept.pk,
        merged=duplicate.pk,
    )
    for case in {case.pk: case for case in joined if case.pk != kept.case_id}.values():
        _log(
            case,
            by,
            "records_merged",
            _("Fiche réunie avec celle de la même personne dans le dossier %(ref)s")
            % {"ref": kept.case.reference},
            kept=kept.pk,
            merged=duplicate.pk,
        )
    return kept


def kept_record_id(organisation_id, party_id):
    """The record that now stands for ``party_id``: itself, or the one it was folded into."""
    current = str(party_id)
    for _step in range(MAX_FOLLOW):
        line = (
            JournalEntry.objects.filter(
                organisation_id=organisation_id, verb="records_folded", data__merged=current
            )
            .values_list("data", flat=True)
            .first()
        )
        if line is None:
            return current
        current = line["kept"]
    return current
