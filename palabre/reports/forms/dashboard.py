"""The activity dashboard's filters (a GET form): a year or two dates, a commune, a quartier.

A bad value never breaks the page: the form answers in French, field by field, and the page shows
the current year for the whole service.
"""

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.core.models import Commune
from palabre.reports.scope import Scope

EARLIEST = dt.date(2000, 1, 1)


def blank(label):
    return [("", label)]


class DashboardForm(StyledForm):
    """``annee`` chooses a calendar year; ``du`` and ``au`` together choose any period instead
    (they win over the year). Communes and quartiers are the service's own."""

    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, required=False, choices=())
    du = forms.DateField(label=_("Du"), required=False, widget=date_input())
    au = forms.DateField(label=_("Au"), required=False, widget=date_input())
    commune = forms.ChoiceField(label=_("Commune"), required=False, choices=())
    quartier = forms.ChoiceField(label=_("Quartier"), required=False, choices=())

    def __init__(self, *args, organisation, first_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        current = timezone.localdate().year
        first = min(first_year or current, current)
        self.fields["annee"].choices = [(year, str(year)) for year in range(current, first - 1, -1)]
        self.fields["annee"].initial = current
        communes, quartiers, self.commune_of = _territory(organisation.pk)
        self.commune_names = dict(communes)
        self.quartier_names = {pk: name for _c, group in quartiers for pk, name in group}
        self.fields["commune"].choices = blank(_("Toutes les communes")) + communes
        self.fields["quartier"].choices = blank(_("Tous les quartiers")) + quartiers

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        for name, day in (("du", start), ("au", end)):
            if day is not None and day < EARLIEST:
                self.add_error(name, _("Choisissez une date à partir du 1er janvier 2000."))
        if start is None and end is not None and "du" not in self.errors:
            self.add_error("du", _("Indiquez les deux dates de la période."))
        if end is None and start is not None and "au" not in self.errors:
            self.add_error("au", _("Indiquez les deux dates de la période."))
        if start and end and end < start:
            self.add_error("au", _("La date de fin précède la date de début."))
        commune, quartier = cleaned.get("commune"), cleaned.get("quartier")
        if commune and quartier and self.commune_of.get(quartier) != commune:
            self.add_error("quartier", _("Ce quartier n'est pas dans la commune choisie."))
        return cleaned

    def scope(self) -> Scope:
        """The chosen scope; the current year of the whole service when the input is bad."""
        if not self.is_valid():
            return Scope.of_year(self.organisation, timezone.localdate().year)
        data = self.cleaned_data
        narrowing = {}
        if data["commune"]:
            narrowing["communes"] = (uuid.UUID(data["commune"]),)
        if data["quartier"]:
            narrowing["quartiers"] = (uuid.UUID(data["quartier"]),)
        if data["du"] and data["au"]:
            return Scope.of_service(self.organisation, data["du"], data["au"], **narrowing)
        year = data["annee"] or timezone.localdate().year
        return Scope.of_year(self.organisation, year, **narrowing)

    def territory(self) -> str:
        """The chosen commune or quartier by name, for the page's title (empty: everywhere)."""
        if not self.is_valid():
            return ""
        data = self.cleaned_data
        if data["quartier"]:
            commune = self.commune_names[self.commune_of[data["quartier"]]]
            return f"{commune} — {self.quartier_names[data['quartier']]}"
        return self.commune_names.get(data["commune"], "")

    def commune_chosen(self) -> bool:
        return self.is_valid() and bool(self.cleaned_data["commune"])


def _territory(organisation_id):
    """The communes, the quartiers grouped by commune and each quartier's commune, in one
    query (ids as text, as the form receives them)."""
    rows = (
        Commune.objects.of(organisation_id)
        .order_by("name", "pk", "quartiers__number", "quartiers__name")
        .values_list("pk", "name", "quartiers__pk", "quartiers__name")
    )
    communes, groups, commune_of = {}, {}, {}
    for commune_id, commune_name, quartier_id, quartier_name in rows:
        communes[str(commune_id)] = commune_name
        if quartier_id is not None:
            groups.setdefault(str(commune_id), []).append((str(quartier_id), quartier_name))
            commune_of[str(quartier_id)] = str(commune_id)
    quartiers = [(communes[commune_id], choices) for commune_id, choices in groups.items()]
    return list(communes.items()), quartiers, commune_of
