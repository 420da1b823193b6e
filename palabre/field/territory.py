"""The territory of a shift and the places an intervention may be logged at.

A shift lists communes, quartiers and residences. Its places are: the residences it lists, or
that lie in a quartier or a commune it lists; the quartiers it lists, and those of the communes
it lists; the communes it lists. The quick-entry form offers them, and ``record_intervention``
refuses any other.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from palabre.core.models import Commune, Quartier
from palabre.partners.models import Residence

RESIDENCE, QUARTIER, COMMUNE = "r", "q", "c"


@dataclass(frozen=True)
class Place:
    """Where an intervention happened: a residence, or a quartier, or a whole commune."""

    residence: Residence | None = None
    quartier: Quartier | None = None
    commune: Commune | None = None

    @classmethod
    def of(cls, intervention):
        """Where an intervention was logged (its residence, else its quartier, else commune)."""
        if intervention.residence_id is not None:
            return cls(residence=intervention.residence)
        if intervention.quartier_id is not None:
            return cls(quartier=intervention.quartier)
        return cls(commune=intervention.commune)

    @property
    def area(self):
        """The quartier and commune an intervention here is counted in."""
        if self.residence is not None:
            return self.residence.quartier, self.residence.commune
        if self.quartier is not None:
            return self.quartier, self.quartier.commune
        return None, self.commune


@dataclass
class Places:
    residences: list
    quartiers: list
    communes: list

    def __bool__(self):
        return bool(self.residences or self.quartiers or self.communes)

    def _kinds(self):
        return [
            (RESIDENCE, "residence", self.residences),
            (QUARTIER, "quartier", self.quartiers),
            (COMMUNE, "commune", self.communes),
        ]

    def choices(self) -> list:
        """Grouped choices for a select, each value a token (« r:<id> », « q:<id> »…)."""
        titles = {RESIDENCE: _("Résidences"), QUARTIER: _("Quartiers"), COMMUNE: _("Communes")}
        return [
            (titles[prefix], [(f"{prefix}:{row.pk}", _label(row)) for row in rows])
            for prefix, _name, rows in self._kinds()
            if rows
        ]

    def find(self, token: str) -> Place | None:
        """The place a token of ``choices`` stands for; None for anything else."""
        wanted, _sep, pk = (token or "").partition(":")
        for prefix, name, rows in self._kinds():
            if prefix == wanted:
                row = next((row for row in rows if str(row.pk) == pk), None)
                return Place(**{name: row}) if row is not None else None
        return None

    def token_of(self, place: Place) -> str | None:
        for prefix, name, _rows in self._kinds():
            value = getattr(place, name)
            if value is not None:
                return f"{prefix}:{value.pk}" if self.contains(place) else None
        return None

    def contains(self, place: Place) -> bool:
        for _prefix, name, rows in self._kinds():
            value = getattr(place, name)
            if value is not None:
                return any(row.pk == value.pk for row in rows)
        return False


def _label(row) -> str:
    """A residence says its quartier: two landlords may have a « Résidence du Parc »."""
    if isinstance(row, Residence) and row.quartier is not None:
        return f"{row.name} ({row.quartier})"
    return str(row)


def places_of(shift) -> Places:
    """Three queries, whatever the size of the territory."""
    quartier_ids = shift.quartiers.values("pk")
    commune_ids = shift.communes.values("pk")
    residences = Residence.objects.filter(organisation=shift.organisation_id).filter(
        Q(pk__in=shift.residences.values("pk"))
        | Q(quartier__in=quartier_ids)
        | Q(commune__in=commune_ids)
    )
    quartiers = Quartier.objects.filter(organisation=shift.organisation_id).filter(
        Q(pk__in=quartier_ids) | Q(commune__in=commune_ids)
    )
    return Places(
        residences=list(residences.select_related("quartier", "commune").order_by("name")),
        quartiers=list(quartiers.select_related("commune").order_by("commune__name", "name")),
        communes=list(shift.communes.order_by("name")),
    )
