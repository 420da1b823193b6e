"""Staffing forms: a mediator added to a session, weekly availability, an absence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.permanences.models import Weekday

WINDOW_ROWS = 7


class DutyForm(StyledForm):
    """One mediator for a session, chosen among ``mediators`` (those available for it)."""

    mediator = forms.ChoiceField(
        label=_("Médiateur à ajouter"),
        error_messages={
            "required": _("Choisissez un médiateur."),
            "invalid_choice": _("Choisissez un médiateur disponible pour cette séance."),
        },
    )

    def __init__(self, *args, mediators, **kwargs):
        super().__init__(*args, **kwargs)
        self.mediators = {str(m.pk): m for m in mediators}
        self.fields["mediator"].choices = [("", "—")] + [
            (key, m.user.get_full_name()) for key, m in self.mediators.items()
        ]

    def action_kwargs(self):
        return {"mediator": self.mediators[self.cleaned_data["mediator"]]}


class AvailabilityForm(StyledForm):
    """A mediator's weekly windows, one per row (day, from, to). Blank rows are ignored."""

    def __init__(self, *args, windows=(), **kwargs):
        windows = list(windows)
        self.rows = max(WINDOW_ROWS, len(windows) + 1)
        initial = {}
        for index, window in enumerate(windows):
            initial[f"day_{index}"] = window.weekday
            initial[f"start_{index}"] = window.starts_at
            initial[f"end_{index}"] = window.ends_at
        fields = {}
        for index in range(self.rows):
            number = index + 1
            fields[f"day_{index}"] = forms.TypedChoiceField(
                label=_("Jour (plage %(n)s)") % {"n": number},
                choices=[("", "—"), *Weekday.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            fields[f"start_{index}"] = forms.TimeField(
                label=_("De (plage %(n)s)") % {"n": number},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
            fields[f"end_{index}"] = forms.TimeField(
                label=_("À (plage %(n)s)") % {"n": number},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )
        # The rows are known only now: give them to the form before it copies and styles them.
        self.base_fields = fields
        super().__init__(*args, initial=initial, **kwargs)

    def row_fields(self):
        """(number, day, start, end) bound fields, for a table of rows."""
        return [
            (index + 1, self[f"day_{index}"], self[f"start_{index}"], self[f"end_{index}"])
            for index in range(self.rows)
        ]

    def clean(self):
        cleaned = super().clean()
        self.windows = []
        for index in range(self.rows):
            names = (f"day_{index}", f"start_{index}", f"end_{index}")
            if any(name in self.errors for name in names):
                continue
            day, start, end = (cleaned.get(name) for name in names)
            if day is None and start is None and end is None:
                continue
            if day is None or start is None or end is None:
                missing = next(
                    name
                    for name, value in zip(names, (day, start, end), strict=True)
                    if value is None
                )
                self.add_error(missing, _("Indiquez le jour, l'heure de début et l'heure de fin."))
            elif end <= start:
                self.add_error(names[2], _("L'heure de fin doit suivre l'heure de début."))
            else:
                self.windows.append((day, start, end))
        return cleaned

    def action_kwargs(self):
        return {"windows": sorted(self.windows)}


class AbsenceForm(StyledForm):
    starts_on = forms.DateField(label=_("Du"), widget=date_input())
    ends_on = forms.DateField(label=_("Au (inclus)"), widget=date_input())

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("La fin de l'absence précède son début."))
        return cleaned
