"""The checks of the directory's kinds of import, mixed into ``checking.Checker``: cells of
yes or no, hours, minutes, venues and addresses; the rules of a partner's row and of a
permanence's row; the rows left aside because the service already has what they describe."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from palabre.core.text import normalise
from palabre.imports import fields as spec
from palabre.imports.matching import fold
from palabre.organisations.models import Membership
from palabre.partners.models import Partner, Venue
from palabre.permanences.models import Permanence

YES = {"oui", "o", "x", "1", "vrai", "yes", "y", "true", "financeur"}
NO = {"non", "n", "0", "faux", "no", "false"}
WEEKS = re.compile(r"-?\d+")
DEFAULT_SLOT = 45
TIME_TEXT = re.compile(r"(\d{1,2})\s*(?:h|:|heures?)\s*(\d{2})?(?::\d{2})?")


def venues_of(job):
    venues = Venue.objects.of(job.organisation).filter(is_active=True)
    return {fold(venue.name): str(venue.pk) for venue in venues}


def permanence_key(venue, weekday, starts) -> str:
    return f"{venue}:{weekday}:{starts.strftime('%H:%M')}"


class CellChecks:
    """Cells of the kinds other than a case's: each answers ``(ok, value)``."""

    def boolean(self, number, f, cell):
        folded = fold(cell)
        if folded in YES or folded in NO:
            return True, folded in YES
        self.error(number, f, _("« %(value)s » : écrivez oui ou non.") % {"value": cell})
        return False, None

    def time(self, number, f, cell):
        """« 14:00 », « 14h », « 14 h 30 », or a time cell of the spreadsheet."""
        if isinstance(cell, dt.datetime):
            return True, cell.time().replace(second=0, microsecond=0)
        if isinstance(cell, dt.time):
            return True, cell.replace(second=0, microsecond=0)
        found = TIME_TEXT.fullmatch(str(cell).strip().lower())
        if found and int(found[1]) < 24 and int(found[2] or 0) < 60:
            return True, dt.time(int(found[1]), int(found[2] or 0))
        self.error(
            number,
            f,
            _("heure illisible « %(value)s » (attendu : 14:00 ou 14h30).") % {"value": cell},
        )
        return False, None

    def minutes(self, number, f, cell):
        found = re.fullmatch(r"(\d+)\s*(?:min\w*|mn)?", str(cell).strip().lower())
        if found and 5 <= int(found[1]) <= 480:
            return True, int(found[1])
        self.error(
            number,
            f,
            _("durée illisible « %(value)s » (attendu : un nombre de minutes, de 5 à 480).")
            % {"value": cell},
        )
        return False, None

    def venue(self, number, f, cell):
        """A venue of the service, by its name: an unknown one is created on its page first."""
        venue = self.venues.get(fold(cell))
        if venue:
            return True, venue
        self.error(
            number,
            f,
            _("lieu inconnu « %(value)s » : ajoutez-le d'abord aux lieux d'accueil du service.")
            % {"value": cell},
        )
        return False, None

    def address(self, number, f, cell):
        """An e-mail address, or a web address (« www.ville.fr » taken as https://)."""
        text = str(cell).strip()
        try:
            if f.kind == spec.EMAIL:
                validate_email(text)
            else:
                if "://" not in text:
                    text = f"https://{text}"
                URLValidator(schemes=("http", "https"))(text)
        except ValidationError:
            message = (
                _("adresse e-mail invalide « %(value)s ».")
                if f.kind == spec.EMAIL
                else _("adresse de site web invalide « %(value)s ».")
            )
            self.error(number, f, message % {"value": cell})
            return False, None
        if len(text) > f.max_length:
            self.error(
                number,
                f,
                _("texte trop long (%(n)s caractères, %(max)s au plus).")
                % {"n": len(text), "max": f.max_length},
            )
            return False, None
        return True, text


class DirectoryChecks:
    """A partner's and a permanence's row, and what the service already has: its partners,
    its permanences, the people of its team."""

    def coherent_permanence(self, number, values, failed) -> bool:
        """The rules ``permanences.actions`` holds, said with the row and the column."""
        by_key = {f.key: f for f in self.fields}
        problems = []
        starts, ends = values.get("starts_at"), values.get("ends_at")
        if starts and ends:
            length = dt.datetime.combine(dt.date.min, ends) - dt.datetime.combine(
                dt.date.min, starts
            )
            slot = dt.timedelta(minutes=values.get("slot_minutes") or DEFAULT_SLOT)
            if ends <= starts:
                problems.append(("ends_at", _("l'heure de fin doit suivre l'heure de début.")))
            elif slot > length and "slot_minutes" not in failed:
                problems.append(
                    ("slot_minutes", _("un créneau dure plus longtemps que la permanence."))
                )
        if values.get("frequency") == "WEEKS_OF_MONTH":
            weeks = WEEKS.findall(values.get("weeks_of_month") or "")
            if not weeks or any(int(w) not in (1, 2, 3, 4, 5, -1) for w in weeks):
                problems.append(
                    (
                        "weeks_of_month",
                        _("indiquez les semaines du mois : 1 à 5, ou -1 pour la dernière."),
                    )
                )
        start, until = values.get("valid_from"), values.get("valid_until")
        if start and until and until < start:
            problems.append(("valid_until", _("la date de fin précède la date de début.")))
        for key, message in problems:
            self.error(number, by_key[key], message)
        return not problems

    def coherent_partner(self, number, values, failed) -> bool:
        contact = ("contact_first_name", "contact_job_title", "contact_email", "contact_phone")
        if values.get("contact_last_name") or "contact_last_name" in failed:
            return True
        if any(values.get(key) for key in contact):
            by_key = {f.key: f for f in self.fields}
            self.error(
                number,
                by_key["contact_last_name"],
                _("un contact est donné sans son nom : écrivez le nom du contact."),
            )
            return False
        return True

    def _drop_permanences_held(self):
        """A permanence the service already holds (the same venue, day and start) is left
        aside, said in the preview: change it on its page."""
        current = Q(valid_until__isnull=True) | Q(valid_until__gte=self.today)
        held = {
            permanence_key(venue, weekday, starts)
            for venue, weekday, starts in Permanence.objects.of(self.job.organisation)
            .filter(current)
            .values_list("venue_id", "weekday", "starts_at")
        }
        kept = []
        for row in self.result.rows:
            values = row.values
            if permanence_key(values["venue"], values["weekday"], values["starts_at"]) in held:
                self._notice(
                    row,
                    "venue",
                    _(
                        "le lieu tient déjà une permanence ce jour à cette heure : "
                        "ligne laissée de côté."
                    ),
                )
            else:
                kept.append(row)
        self.result.rows = kept

    def _notice(self, row, key, message):
        self.result.already += 1
        position = self.mapping.get(key)
        self.result.notices.append(
            {
                "row": row.number,
                "column": self.job.header[position] if position is not None else "",
                "message": message,
            }
        )

    def _drop_partners_in_directory(self):
        """A partner the directory already has (the same name, accents and case aside) is
        left aside, said in the preview: the directory keeps its record as it is."""
        present = {
            normalise(name)
            for name in Partner.objects.of(self.job.organisation).values_list("name", flat=True)
        }
        kept = []
        for row in self.result.rows:
            if normalise(row.values["name"]) not in present:
                kept.append(row)
                continue
            self._notice(
                row,
                "name",
                _("« %(name)s » est déjà dans l'annuaire : ligne laissée de côté.")
                % {"name": row.values["name"]},
            )
        self.result.rows = kept

    def _drop_people_in_team(self):
        """A person already in the service's team (the same e-mail, case aside, whatever their
        role or whether their membership is active) is left aside, said in the preview: the
        team keeps the person as they are. A membership elsewhere is neither looked at nor
        said: the person is added here, the other organisation is none of this one's business."""
        emails = [row.values["email"].lower() for row in self.result.rows]
        present = set()
        for start in range(0, len(emails), 500):
            present |= set(
                Membership.objects.filter(organisation=self.job.organisation)
                .annotate(email=Lower("user__email"))
                .filter(email__in=emails[start : start + 500])
                .values_list("email", flat=True)
            )
        kept = []
        for row in self.result.rows:
            if row.values["email"].lower() not in present:
                kept.append(row)
                continue
            self._notice(
                row,
                "email",
                _("« %(email)s » fait déjà partie de l'équipe du service : ligne laissée de côté.")
                % {"email": row.values["email"]},
            )
        self.result.rows = kept
