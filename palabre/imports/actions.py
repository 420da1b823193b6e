"""Verbs of an import: deposit a file, map its columns, answer its unknown values, ask for the
import, invite the people a team's import added. Each is keyword-only, atomic and journaled;
the import itself runs in the task worker (``runs.run_import``), all or nothing."""

from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from palabre.core import journal
from palabre.core.actions import Refused
from palabre.imports import fields as spec
from palabre.imports import invitations, readers
from palabre.imports.checking import DROP, NOTE, REFUSED
from palabre.imports.matching import fold, guess_columns
from palabre.imports.models import ImportJob, ImportKind, ImportStatus, RememberedMapping


def remembered(organisation, kind) -> RememberedMapping:
    return RememberedMapping.objects.of(organisation).filter(kind=kind).first() or (
        RememberedMapping(organisation=organisation, kind=kind)
    )


@transaction.atomic
def deposit(*, organisation, by, upload, kind: str = "cases") -> ImportJob:
    """Reads the file's header (refusing what cannot be read) and pre-fills the mapping from
    the organisation's last choices and the headers Palabre knows."""
    content = upload.read()
    header, rows = readers.read(upload.name, content)
    if not rows:
        raise Refused(_("Le fichier n'a aucune ligne sous son en-tête."))
    memory = remembered(organisation, kind)
    fields = spec.fields_of(kind)
    mapping = guess_columns(header, fields, memory.columns)
    mapped = set(mapping.values())
    free = {
        str(position): memory.free_columns.get(fold(title), DROP)
        for position, title in enumerate(header)
        if str(position) not in mapped
    }
    job = ImportJob(
        organisation=organisation,
        kind=kind,
        filename=upload.name[:200],
        header=header,
        row_count=len(rows),
        mapping=mapping,
        free_columns=free,
        defaults=dict(memory.defaults),
        answers={key: dict(values) for key, values in memory.answers.items()},
        requested_by=by.user,
    )
    job.file.save(upload.name, ContentFile(content), save=False)
    job.save()
    _log(
        job,
        by,
        "import_deposited",
        _("Fichier déposé pour import (%(n)s lignes)") % {"n": job.row_count},
    )
    return job


def _require_editable(job):
    if not job.is_editable:
        raise Refused(_("Cet import est lancé ou terminé : il ne peut plus être modifié."))


@transaction.atomic
def set_mapping(*, job, by, mapping: dict, free_columns: dict, defaults: dict) -> ImportJob:
    """``mapping``: field → column position (« » for none); a column feeds one field at most.
    Remembered for the organisation's next file, by folded header."""
    _require_editable(job)
    fields = spec.fields_of(job.kind)
    chosen = {key: col for key, col in mapping.items() if col != ""}
    used = list(chosen.values())
    if len(used) != len(set(used)):
        raise Refused(_("Une même colonne est choisie pour deux champs : une colonne, un champ."))
    missing = [str(f.label) for f in fields if f.required and f.key not in chosen]
    if missing:
        raise Refused(
            _("Choisissez la colonne des champs obligatoires : %(fields)s.")
            % {"fields": ", ".join(missing)}
        )
    job.mapping = chosen
    # Only a case has a private note to receive a free column; other kinds drop them.
    keep = (DROP, NOTE) if job.kind == "cases" else (DROP,)
    job.free_columns = {
        str(position): choice if (choice := free_columns.get(str(position), DROP)) in keep else DROP
        for position in range(len(job.header))
        if str(position) not in used
    }
    job.defaults = {key: value for key, value in defaults.items() if value}
    job.status = ImportStatus.UPLOADED
    job.errors = []
    job.save(
        update_fields=["mapping", "free_columns", "defaults", "status", "errors", "updated_at"]
    )
    memory = remembered(job.organisation, job.kind)
    for key, col in chosen.items():
        memory.columns[fold(job.header[int(col)])] = key
    for position, choice in job.free_columns.items():
        title = fold(job.header[int(position)])
        memory.columns.pop(title, None)
        memory.free_columns[title] = choice if choice in (DROP, NOTE) else DROP
    memory.defaults = dict(job.defaults)
    memory.save()
    return job


@transaction.atomic
def set_answers(*, job, by, answers: dict) -> ImportJob:
    """``answers``: field → {folded value → code, or « » to refuse the value}."""
    _require_editable(job)
    memory = remembered(job.organisation, job.kind)
    for key, values in answers.items():
        job.answers.setdefault(key, {}).update(values)
        memory.answers.setdefault(key, {}).update(
            {value: code for value, code in values.items() if code != REFUSED}
        )
    job.save(update_fields=["answers", "updated_at"])
    memory.save()
    return job


@transaction.atomic
def request_import(*, job, by) -> ImportJob:
    from palabre.imports import runs

    _require_editable(job)
    job.status = ImportStatus.QUEUED
    job.progress = 0
    job.step = ""
    job.errors = []
    job.requested_by = by.user
    job.save(update_fields=["status", "progress", "step", "errors", "requested_by", "updated_at"])
    _log(job, by, "import_requested", _("Import demandé (%(n)s lignes)") % {"n": job.row_count})
    transaction.on_commit(partial(runs.enqueue, job.pk))
    return job


@transaction.atomic
def discard(*, job, by):
    """Forgets a file not imported: the file and its mapping go, the Journal keeps the fact."""
    if job.is_pending:
        raise Refused(_("Cet import est en cours : attendez sa fin."))
    _log(job, by, "import_discarded", _("Fichier d'import supprimé"))
    storage, name = job.file.storage, job.file.name
    job.delete()
    if name:
        transaction.on_commit(partial(storage.delete, name))


@transaction.atomic
def send_invitations(*, job, by) -> int:
    """Invites each person the import of the team ``job`` added (and still in the team) to
    choose their password: one Journal line on each person's membership, without the link,
    and the messages sent by the worker once committed. Answers how many."""
    if job.kind != ImportKind.TEAM or job.status != ImportStatus.DONE:
        raise Refused(_("Seul un import de l'équipe, terminé, envoie des invitations."))
    people = list(invitations.people_of(job))
    if not people:
        raise Refused(_("Personne de cet import n'est encore dans l'équipe : aucune invitation."))
    for membership in people:
        journal.record(
            organisation=job.organisation,
            subject=membership,
            verb="invitation_sent",
            summary=_("Invitation à choisir son mot de passe envoyée"),
            actor=by.user,
            data={"import": str(job.pk)},
        )
        transaction.on_commit(partial(invitations.send_soon, membership.pk))
    _log(
        job,
        by,
        "invitations_sent",
        _("Invitations envoyées aux personnes importées (%(n)s)") % {"n": len(people)},
        sent=len(people),
    )
    return len(people)


def _log(job, by, verb, summary, **data):
    journal.record(
        organisation=job.organisation,
        subject=job,
        verb=verb,
        summary=summary,
        actor=getattr(by, "user", by),
        data=data,
    )
