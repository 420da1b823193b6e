"""What a report covers: one service or several (a network), a period, a territory, a
convention's scope. Every indicator reads its rows through a ``Scope``."""

import datetime as dt
from dataclasses import dataclass, field

from palabre.cases.models import Case


@dataclass(frozen=True)
class Scope:
    """``organisations``: ids of the services counted. ``start`` and ``end`` bound the period,
    both days included. ``communes`` and ``quartiers`` (ids) narrow the territory; a
    ``convention`` narrows to the cases its scope rules attach (``Case.objects.in_scope_of``)."""

    organisations: tuple
    start: dt.date
    end: dt.date
    communes: tuple = field(default=())
    quartiers: tuple = field(default=())
    convention: object = None

    @classmethod
    def of_service(cls, organisation, start, end, **narrowing):
        return cls(organisations=(organisation.pk,), start=start, end=end, **narrowing)

    @classmethod
    def of_year(cls, organisation, year: int, **narrowing):
        return cls.of_service(organisation, dt.date(year, 1, 1), dt.date(year, 12, 31), **narrowing)

    def previous_year(self) -> "Scope":
        """The same scope a year earlier, for the year-on-year comparison."""
        return Scope(
            organisations=self.organisations,
            start=_year_before(self.start),
            end=_year_before(self.end),
            communes=self.communes,
            quartiers=self.quartiers,
            convention=self.convention,
        )

    def cases(self):
        """Every case of the scope, whatever its dates; indicators apply the period."""
        if self.convention is not None:
            cases = Case.objects.in_scope_of(self.convention)
        else:
            cases = Case.objects.filter(organisation_id__in=self.organisations)
        if self.communes:
            cases = cases.filter(commune_id__in=self.communes)
        if self.quartiers:
            cases = cases.filter(quartier_id__in=self.quartiers)
        return cases

    def territory_filter(self, prefix: str = "") -> dict:
        """The territory narrowing for rows that carry a commune and a quartier themselves
        (information requests, venues); ``prefix`` reaches them through a relation."""
        lookups = {}
        if self.communes:
            lookups[f"{prefix}commune_id__in"] = self.communes
        if self.quartiers:
            lookups[f"{prefix}quartier_id__in"] = self.quartiers
        return lookups


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
