"""The forms of retention: the schedule's durations, a legal hold."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm
from palabre.privacy.retention import MAX_MONTHS, HoldReason, lines_for


class ScheduleForm(StyledForm):
    """One number of months per line of the organisation's schedule."""

    def __init__(self, *args, organisation, schedule, **kwargs):
        super().__init__(*args, **kwargs)
        for line in lines_for(organisation):
            self.fields[line.field] = forms.IntegerField(
                label=line.label,
                min_value=0,
                max_value=MAX_MONTHS,
                initial=schedule.months(line.key),
                help_text=_("En mois : %(when)s. Proposition de la règle R8 : %(n)s.")
                % {"when": line.when % {"n": "N"}, "n": line.default},
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[line.field].widget.attrs["class"] = "form-control"

    def action_kwargs(self) -> dict:
        return {"months": dict(self.cleaned_data)}


class HoldForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Motif de la conservation"), choices=HoldReason.choices, widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label=_("Précision"),
        max_length=200,
        required=False,
        help_text=_(
            "La juridiction, la référence de la procédure ou de la demande. Jamais de propos "
            "des parties."
        ),
    )
