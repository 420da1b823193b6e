"""Forms of shift reports, serious events and lone-worker safety.

The check-in page is one form: a place picked from the shift's territory (optional, the last one
shared comes back selected) and two buttons, « Je pointe » posting to the check-in and « Alarme »
posting to the alarm (``formaction``), so that both work without JavaScript and the alarm sends
the place on the screen. ``client_id`` is drawn with the page: an alarm tapped twice is one.
"""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core import sensitive
from palabre.core.forms import StyledForm
from palabre.field import nights
from palabre.field.safety import SeriousEventKind
from palabre.field.safety_actions import CHECK_IN_MINUTES
from palabre.field.territory import Place
from palabre.permanences.forms.planning import RadioSelect, time_input


class TeamSafetyForm(StyledForm):
    check_in_minutes = forms.IntegerField(
        label=_("Pointage de sécurité toutes les (minutes)"),
        min_value=CHECK_IN_MINUTES[0],
        max_value=CHECK_IN_MINUTES[1],
        required=False,
        help_text=_(
            "Laisser vide : pas de pointage demandé. Chaque membre en tournée pointe dans ce "
            "délai, à compter du début de la tournée puis de son dernier pointage ; sinon "
            "l'astreinte est alertée par e-mail et SMS."
        ),
    )
    on_call_name = forms.CharField(
        label=_("Astreinte (nom ou fonction)"),
        max_length=120,
        required=False,
        help_text=_("Par exemple « Coordination de nuit » ou le nom de la personne d'astreinte."),
    )
    on_call_email = forms.EmailField(label=_("E-mail de l'astreinte"), required=False)
    on_call_phone = forms.CharField(
        label=_("Téléphone portable de l'astreinte"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, team, **kwargs):
        contact = getattr(team, "on_call", None)
        kwargs["initial"] = {
            "check_in_minutes": team.check_in_minutes,
            "on_call_name": contact.name if contact else "",
            "on_call_email": contact.email if contact else "",
            "on_call_phone": contact.phone if contact else "",
        }
        super().__init__(*args, **kwargs)


def place_choices(places):
    return [("", _("Ne pas indiquer de lieu")), *places.choices()]


class SafetyForm(StyledForm):
    """The place the member chooses to share, for a check-in or the alarm."""

    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    where = forms.ChoiceField(
        label=_("Où êtes-vous ? (facultatif)"),
        required=False,
        help_text=_(
            "Transmis à l'astreinte seulement si une alerte part : alarme, ou pointage manqué. "
            "Votre téléphone n'est jamais localisé."
        ),
        error_messages={"invalid_choice": _("Ce lieu n'est pas dans le territoire de la tournée.")},
    )

    def __init__(self, *args, places, shared: Place | None = None, **kwargs):
        self.places = places
        kwargs["initial"] = {
            "client_id": uuid.uuid4(),
            "where": (places.token_of(shared) or "") if shared is not None else "",
        }
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = place_choices(places)

    def clean(self):
        data = super().clean()
        where = data.get("where")
        data["place"] = self.places.find(where) if where else None
        return data

    def action_kwargs(self):
        return {"place": self.cleaned_data["place"]}

    def alarm_kwargs(self):
        return {"place": self.cleaned_data["place"], "client_id": self.cleaned_data["client_id"]}


class ShiftReportForm(StyledForm):
    people_met = forms.IntegerField(
        label=_("Personnes rencontrées"),
        min_value=0,
        max_value=9999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "Repris des interventions saisies ; corrigez-le si l'équipe a rencontré des personnes "
            "sans saisir d'intervention."
        ),
    )
    summary = forms.CharField(
        label=_("Compte rendu pour la coordination"),
        required=False,
        max_length=5000,
        widget=sensitive.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Lu par l'équipe de la tournée et la coordination seulement, jamais par un partenaire. "
            "Pas de nom de personne rencontrée."
        ),
    )
    sign = forms.BooleanField(
        label=_("L'équipe signe ce compte rendu et l'envoie à la coordination"),
        required=False,
        help_text=_("Il reste modifiable jusqu'à sa validation par la coordination."),
    )

    def __init__(self, *args, report=None, counts, **kwargs):
        if report is not None:
            kwargs["initial"] = {
                "people_met": report.people_met,
                "summary": report.summary,
                "sign": report.signed_at is not None,
            }
        else:
            kwargs["initial"] = {"people_met": counts["people_met"]}
        super().__init__(*args, **kwargs)

    def action_kwargs(self):
        data = self.cleaned_data
        return {"people_met": data["people_met"], "summary": data["summary"], "sign": data["sign"]}


class InterventionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{timezone.localtime(obj.happened_at):%H:%M} — {obj.get_type_display()}"


class SeriousEventForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Nature de l'événement"),
        choices=SeriousEventKind.choices,
        widget=RadioSelect,
        error_messages={"required": _("Choisissez la nature de l'événement.")},
    )
    time = forms.TimeField(label=_("Heure"), widget=time_input())
    intervention = InterventionChoiceField(
        label=_("Intervention concernée"),
        queryset=None,
        required=False,
        empty_label=_("Aucune : l'événement concerne la tournée"),
    )
    description = forms.CharField(
        label=_("Ce qui s'est passé"),
        required=False,
        max_length=3000,
        widget=sensitive.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Lu par la coordination seulement ; le message qui la prévient ne contient que la "
            "nature de l'événement."
        ),
    )

    def __init__(self, *args, shift, interventions, now, **kwargs):
        self.shift, self.now = shift, now
        moment = timezone.localtime(nights.clamp(now, shift.starts_at, shift.ends_at))
        kwargs["initial"] = {"time": moment.time().replace(second=0, microsecond=0)}
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = interventions

    def clean(self):
        data = super().clean()
        if data.get("time") is not None:
            shift = self.shift
            moment = nights.moment_in(shift.starts_at, shift.ends_at, data["time"], near=self.now)
            if moment is None:
                self.add_error(
                    "time",
                    _("L'heure doit tomber pendant la tournée (%(hours)s).")
                    % {"hours": nights.hours_label(shift.starts_at, shift.ends_at)},
                )
            data["occurred_at"] = moment
        return data

    def action_kwargs(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "occurred_at": data["occurred_at"],
            "intervention": data["intervention"],
            "description": data["description"],
        }
