"""Checking every row of a file against the mapping before anything is written.

``check(job, header, rows)`` answers a ``Checked``: the rows ready to import (their values
parsed to Palabre's codes, dates and territory), the errors (row and column named, in French),
the values no code list recognised (asked once each, ``answers``) and the rows already
imported by an earlier file (skipped). Nothing here writes."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.models import Commune, Quartier
from palabre.imports import fields as spec
from palabre.imports.kind_checks import CellChecks, DirectoryChecks, permanence_key, venues_of
from palabre.imports.matching import fold, match, vocabulary
from palabre.imports.models import ImportedRow

DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y %H:%M")
REFUSED = ""  # the answer that refuses a value: its rows stay in error
NOTE, DROP = "note", "drop"
MAX_ERRORS_SHOWN = 200


@dataclass
class Row:
    number: int
    key: str
    values: dict
    note: str = ""


@dataclass
class Checked:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # {"row", "column", "message"}
    unknown: dict = field(default_factory=dict)  # field key → {folded: as typed}
    # Rows left aside because what they describe is already there: imported by an earlier
    # file, or (a partner) already in the directory; ``notices`` says which and why.
    already: int = 0
    notices: list = field(default_factory=list)  # {"row", "column", "message"}
    total: int = 0

    @property
    def ready(self) -> bool:
        return not self.errors and not any(self.unknown.values())


class Territory:
    """The service's communes and quartiers, by every name a file may give them."""

    def __init__(self, organisation):
        self.communes, self.quartiers, self.commune_of = {}, {}, {}
        for commune in Commune.objects.of(organisation):
            for text in (commune.name, commune.insee_code, *commune.postal_codes.split(",")):
                if fold(text):
                    self.communes[fold(text)] = str(commune.pk)
        named: dict[str, set] = {}
        for quartier in Quartier.objects.filter(organisation=organisation):
            self.commune_of[str(quartier.pk)] = str(quartier.commune_id)
            self.quartiers[(str(quartier.commune_id), fold(quartier.name))] = str(quartier.pk)
            named.setdefault(fold(quartier.name), set()).add(str(quartier.pk))
        self.unique_quartiers = {name: pks.pop() for name, pks in named.items() if len(pks) == 1}


def _words(organisation_field):
    return vocabulary(organisation_field.choices, organisation_field.synonyms)


def parse_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class Checker(CellChecks, DirectoryChecks):
    def __init__(self, job):
        self.job = job
        self.fields = spec.fields_of(job.kind)
        self.mapping = {key: int(col) for key, col in job.mapping.items() if col != ""}
        self.words = {f.key: _words(f) for f in self.fields if f.kind == spec.CODE}
        self.territory = Territory(job.organisation)
        self.venues = venues_of(job) if job.kind == "permanences" else {}
        self.today = timezone.localdate()
        self.result = Checked()

    def error(self, number, field_or_title, message):
        title = field_or_title
        if isinstance(field_or_title, spec.Field):
            position = self.mapping.get(field_or_title.key)
            title = field_or_title.label if position is None else self.job.header[position]
        self.result.errors.append({"row": number, "column": str(title), "message": message})

    def check(self, rows) -> Checked:
        seen = {}
        for number, cells in rows:
            self.result.total += 1
            parsed = self.row(number, cells)
            if parsed is None:
                continue
            if parsed.key in seen:
                self.repeated(number, seen[parsed.key])
                continue
            seen[parsed.key] = number
            self.result.rows.append(parsed)
        self._drop_already_imported()
        if self.job.kind == "partners":
            self._drop_partners_in_directory()
        if self.job.kind == "permanences":
            self._drop_permanences_held()
        if self.job.kind == "team":
            self._drop_people_in_team()
        return self.result

    def repeated(self, number, first):
        if self.job.kind == "team":
            # A person's row is known by its e-mail: the column to correct is that one.
            self.error(
                number,
                spec.field_named("team", "email"),
                _("cette adresse e-mail est déjà celle de la ligne %(row)s.") % {"row": first},
            )
            return
        self.error(
            number,
            _("(ligne entière)"),
            _("Cette ligne reprend la ligne %(row)s (même numéro ou mêmes valeurs).")
            % {"row": first},
        )

    def _drop_already_imported(self):
        keys = [row.key for row in self.result.rows]
        done = set()
        for start in range(0, len(keys), 500):
            done |= set(
                ImportedRow.objects.of(self.job.organisation)
                .filter(kind=self.job.kind, key__in=keys[start : start + 500])
                .values_list("key", flat=True)
            )
        self.result.already = len(done)
        self.result.rows = [row for row in self.result.rows if row.key not in done]

    def row(self, number, cells):
        values, failed = {}, set()
        for f in self.fields:
            cell = cells[self.mapping[f.key]] if f.key in self.mapping else ""
            ok, value = self.value(number, f, cell, values)
            if not ok:
                failed.add(f.key)
            values[f.key] = value
        # A value already in error (or still to be answered) is not judged again with the others.
        if not self.coherent(number, values, failed) or failed:
            return None
        return Row(number, self.key_of(values, cells), values, self.note_of(cells))

    def value(self, number, f, cell, values):
        empty = cell == "" or cell is None
        if empty:
            default = self.job.defaults.get(f.key, f.default)
            if f.required and not (f.kind == spec.CODE and default):
                self.error(
                    number,
                    f,
                    _("valeur manquante (« %(field)s » est obligatoire).") % {"field": f.label},
                )
                return False, None
            if f.kind == spec.BOOL:
                return True, f.default == spec.YES
            return True, default if f.kind == spec.CODE else None
        if f.kind == spec.DATE:
            return self.date(number, f, cell)
        if f.kind == spec.BOOL:
            return self.boolean(number, f, cell)
        if f.kind == spec.TIME:
            return self.time(number, f, cell)
        if f.kind == spec.MINUTES:
            return self.minutes(number, f, cell)
        if f.kind == spec.VENUE:
            return self.venue(number, f, cell)
        if f.kind in (spec.EMAIL, spec.URL):
            return self.address(number, f, cell)
        if f.kind in (spec.TEXT, spec.KEY):
            text = str(cell).strip()
            if len(text) > f.max_length:
                self.error(
                    number,
                    f,
                    _("texte trop long (%(n)s caractères, %(max)s au plus).")
                    % {"n": len(text), "max": f.max_length},
                )
                return False, None
            return True, text
        return self.coded(number, f, cell, values)

    def date(self, number, f, cell):
        day = parse_date(cell)
        if day is None:
            self.error(
                number,
                f,
                _("date illisible « %(value)s » (attendu : JJ/MM/AAAA).") % {"value": cell},
            )
            return False, None
        if f.past_only and day > self.today:
            self.error(
                number,
                f,
                _("date à venir (%(day)s) : seuls des dossiers passés s'importent.")
                % {"day": day.strftime("%d/%m/%Y")},
            )
            return False, None
        return True, day

    def coded(self, number, f, cell, values):
        folded = fold(cell)
        if f.kind == spec.CODE:
            code = match(self.words[f.key], cell)
        elif f.kind == spec.COMMUNE:
            code = self.territory.communes.get(folded)
        else:
            commune = values.get("commune")
            code = self.territory.quartiers.get((commune, folded)) or (
                self.territory.unique_quartiers.get(folded)
            )
        if code:
            return True, code
        answered = self.job.answers.get(f.key, {})
        if folded not in answered:
            self.result.unknown.setdefault(f.key, {}).setdefault(folded, str(cell))
            return False, None
        if answered[folded] == REFUSED:
            self.error(number, f, _("valeur refusée « %(value)s ».") % {"value": cell})
            return False, None
        return True, answered[folded]

    def coherent(self, number, values, failed=frozenset()) -> bool:
        if self.job.kind == "partners":
            return self.coherent_partner(number, values, failed)
        if self.job.kind == "permanences":
            return self.coherent_permanence(number, values, failed)
        if self.job.kind == "team":
            return True  # an e-mail, names and a role: each cell stands on its own
        return self.coherent_case(number, values, failed)

    def coherent_case(self, number, values, failed=frozenset()) -> bool:
        if failed & {"opened_on", "closed_on", "closure_reason", "commune", "quartier"}:
            return True
        ok = True
        opened, closed, reason = values["opened_on"], values["closed_on"], values["closure_reason"]
        by_key = {f.key: f for f in self.fields}
        if closed and opened and closed < opened:
            self.error(number, by_key["closed_on"], _("la clôture précède la saisine."))
            ok = False
        if closed and not reason:
            title = (
                by_key["closure_reason"]
                if "closure_reason" in self.mapping
                else by_key["closed_on"]
            )
            self.error(number, title, _("un dossier clos demande son issue (motif de clôture)."))
            ok = False
        if reason and not closed:
            self.error(
                number, by_key["closure_reason"], _("une issue est donnée sans date de clôture.")
            )
            ok = False
        quartier, commune = values["quartier"], values["commune"]
        if quartier and commune and self.territory.commune_of.get(quartier) != commune:
            self.error(
                number,
                by_key["quartier"],
                _("ce quartier n'appartient pas à la commune de la ligne."),
            )
            ok = False
        return ok

    def key_of(self, values, cells) -> str:
        """The row's stable key: the file's own number when it gives one, else a digest of the
        cells of the mapped columns (the same row in the next year's file gives the same key)."""
        if self.job.kind == "partners":
            text = "partner:" + fold(values["name"])
        elif self.job.kind == "team":
            text = "person:" + values["email"].lower()
        elif self.job.kind == "permanences":
            text = "permanence:" + permanence_key(
                values["venue"], values["weekday"], values["starts_at"]
            )
        elif values.get("source_key"):
            text = "ref:" + fold(values["source_key"])
        else:
            mapped = [str(cells[col]) for _key, col in sorted(self.mapping.items())]
            text = "row:" + json.dumps(mapped, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()

    def note_of(self, cells) -> str:
        lines = []
        for position, choice in sorted(self.job.free_columns.items(), key=lambda i: int(i[0])):
            cell = cells[int(position)]
            if choice == NOTE and cell not in ("", None):
                lines.append(f"{self.job.header[int(position)]} : {cell}")
        return "\n".join(lines)


def check(job, rows) -> Checked:
    return Checker(job).check(rows)
