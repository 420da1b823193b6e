"""Forms about people: enrolling one, attendance of a half-day, a participant's evaluation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import RadioSelect, StyledForm


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.get_full_name() or obj.user.email} ({obj.get_role_display()})"


class EnrolForm(StyledForm):
    person = PersonChoiceField(label=_("Personne à inscrire"), queryset=None)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AttendanceForm(StyledForm):
    """One box per enrolled person: ticked, present this half-day."""

    def __init__(self, *args, enrolments, marks, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[f"p_{enrolment.pk}"] = forms.BooleanField(
                label=enrolment.display_name,
                required=False,
                initial=marks.get(enrolment.pk, False),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def people(self):
        return [(e, self[f"p_{e.pk}"]) for e in self.enrolments]

    def action_kwargs(self):
        return {"present": [e.pk for e in self.enrolments if self.cleaned_data.get(f"p_{e.pk}")]}


class EvaluationForm(StyledForm):
    score = forms.TypedChoiceField(
        label=_("Votre appréciation de la formation"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=RadioSelect,
        help_text=_("De 1 (pas du tout satisfait·e) à 5 (très satisfait·e)."),
    )
    useful = forms.TypedChoiceField(
        label=_("Cette formation est-elle utile pour votre pratique ?"),
        choices=[("yes", _("Oui")), ("no", _("Non"))],
        coerce=lambda value: value == "yes",
        widget=RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Sur la formation seulement : ne citez aucune situation ni personne suivie."),
    )
