"""The forms of partners' requests for rounds: the partner's request (one of its residences, what,
when), and the coordination's answer (a shift to put it on, or a reason to decline it).

Free text is checked here as the verb checks it (``roadmap_requests_actions.text_problem``): no
name, telephone number, e-mail address or record, so that the person sees the reason beside the
field."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.field import nights
from palabre.field.roadmap_requests_actions import text_problem


def _no_personal_data(value):
    problem = text_problem(value or "")
    if problem:
        raise forms.ValidationError(problem)


class ResidenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.quartier})" if obj.quartier_id else obj.name


class RoadmapRequestForm(StyledForm):
    residence = ResidenceChoiceField(
        label=_("Résidence"),
        queryset=None,
        empty_label=_("Choisissez une de vos résidences"),
        error_messages={
            "invalid_choice": _(
                "Cette résidence n'est pas de votre patrimoine : choisissez-en une de la liste."
            )
        },
    )
    place_label = forms.CharField(
        label=_("Précision du lieu"),
        max_length=80,
        required=False,
        help_text=_("Hall B, entrée du parking, local vélos…"),
        validators=[_no_personal_data],
    )
    text = forms.CharField(
        label=_("Ce que vous demandez"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Par exemple « Passages dans les halls en soirée : regroupements signalés ». Ni nom, "
            "ni téléphone, ni extrait de dossier."
        ),
        validators=[_no_personal_data],
    )
    first_day = forms.DateField(label=_("À partir du"), widget=date_input())
    last_day = forms.DateField(label=_("Jusqu'au"), widget=date_input())

    def __init__(self, *args, residences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence"].queryset = residences

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("La fin de la période est avant son début."))
        return data


class ShiftChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        """« Soirée du vendredi 12 mars 2027, 22 h – 6 h — Équipe de nuit »."""
        return _("Soirée du %(evening)s, %(hours)s — %(team)s") % {
            "evening": date_format(obj.date, "l j F Y"),
            "hours": nights.hours_label(obj.starts_at, obj.ends_at),
            "team": obj.team.name,
        }


class AcceptRequestForm(StyledForm):
    shift = ShiftChoiceField(
        label=_("Tournée"),
        queryset=None,
        empty_label=_("Choisissez une tournée de la période"),
        error_messages={
            "invalid_choice": _(
                "Cette tournée ne peut pas recevoir la demande : choisissez-en une de la liste."
            )
        },
    )

    def __init__(self, *args, shifts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = shifts


class DeclineRequestForm(StyledForm):
    reason = forms.CharField(
        label=_("Motif, lu par le partenaire"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Par exemple « Pas de tournée dans ce secteur ce mois-ci »."),
        validators=[_no_personal_data],
    )
