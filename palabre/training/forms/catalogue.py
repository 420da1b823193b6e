"""Forms of the catalogue: a module, a session, the half-days of a session.

They check the shape of the input; the rules (dates in order, a place or a link, hours of a
half-day) are the verbs' to refuse, and their refusal shows on the form.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.partners.forms.base import CheckboxSelectMultiple
from palabre.training.models import Audience, ModuleKind, Period


def hours_field(label, **kwargs):
    return forms.DecimalField(label=label, max_digits=5, decimal_places=2, min_value=0, **kwargs)


class ModuleForm(StyledForm):
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    kind = forms.ChoiceField(label=_("Nature"), choices=ModuleKind.choices, initial="TRAINING")
    audience = forms.MultipleChoiceField(
        label=_("Public"), choices=Audience.choices, widget=CheckboxSelectMultiple
    )
    objective = forms.CharField(
        label=_("Objectif"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    content = forms.CharField(
        label=_("Contenu"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    duration_hours = hours_field(_("Durée (heures)"), initial=7)
    prerequisites = forms.CharField(
        label=_("Prérequis"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    price_member = hours_field(
        _("Tarif adhérent (€)"), required=False, help_text=_("Laisser vide si c'est gratuit.")
    )
    price_other = hours_field(
        _("Tarif non adhérent (€)"), required=False, help_text=_("Laisser vide si c'est gratuit.")
    )

    def clean_duration_hours(self):
        hours = self.cleaned_data["duration_hours"]
        if hours < 0.5:
            raise forms.ValidationError(_("Une formation dure au moins une demi-heure."))
        return hours


class SessionForm(StyledForm):
    starts_on = forms.DateField(label=_("Du"), widget=date_input())
    ends_on = forms.DateField(label=_("Au"), widget=date_input())
    place = forms.CharField(
        label=_("Lieu"),
        max_length=300,
        required=False,
        help_text=_("L'adresse, ou la ville. Laisser vide pour une session à distance."),
    )
    is_remote = forms.BooleanField(label=_("À distance"), required=False)
    remote_link = forms.CharField(
        label=_("Accès à distance"),
        max_length=300,
        required=False,
        help_text=_("Le lien de la visioconférence, ou comment s'y connecter."),
    )
    trainer = forms.CharField(label=_("Formateur ou formatrice"), max_length=200)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500, initial=12)
    fdva = forms.BooleanField(
        label=_("Action FDVA 1 (formation des bénévoles)"),
        required=False,
        help_text=_("La session compte dans le bilan FDVA 1 et sa feuille d'émargement le dit."),
    )
    fdva_objective = forms.CharField(
        label=_("Objectif de l'action FDVA"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class HalfDaysForm(StyledForm):
    """The hours of each half-day, which to remove, and one to add."""

    add_day = forms.DateField(label=_("Jour"), widget=date_input(), required=False)
    add_period = forms.ChoiceField(label=_("Demi-journée"), choices=Period.choices, required=False)
    add_hours = hours_field(_("Heures"), required=False)

    def __init__(self, *args, half_days, **kwargs):
        super().__init__(*args, **kwargs)
        self.half_days = half_days
        for half_day in half_days:
            self.fields[f"hours_{half_day.pk}"] = hours_field(
                _("Heures du %(half_day)s") % {"half_day": half_day}, initial=half_day.hours
            )
            self.fields[f"remove_{half_day.pk}"] = forms.BooleanField(
                label=_("Retirer le %(half_day)s") % {"half_day": half_day}, required=False
            )
        for name, field in self.fields.items():
            if name.startswith("hours_"):
                field.widget.attrs["class"] = "form-control"
            elif name.startswith("remove_"):
                field.widget.attrs["class"] = "form-check-input"

    def rows(self):
        return [(h, self[f"hours_{h.pk}"], self[f"remove_{h.pk}"]) for h in self.half_days]

    def clean(self):
        data = super().clean()
        given = [data.get("add_day"), data.get("add_hours")]
        if any(v is not None for v in given) and not all(v is not None for v in given):
            raise forms.ValidationError(
                _("Pour ajouter une demi-journée, indiquez le jour et ses heures.")
            )
        return data

    def action_kwargs(self):
        data = self.cleaned_data
        added = []
        if data.get("add_day") is not None:
            added.append((data["add_day"], data["add_period"] or Period.MORNING, data["add_hours"]))
        return {
            "hours": {h.pk: data[f"hours_{h.pk}"] for h in self.half_days},
            "removed": [h.pk for h in self.half_days if data.get(f"remove_{h.pk}")],
            "added": added,
        }
