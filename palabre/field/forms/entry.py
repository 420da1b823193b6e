"""The quick-entry form: one intervention of a shift, entered on a phone at night.

Everything but the type has a default, so the common case is two taps: the type, then
« Enregistrer ». The place comes back as the last one logged on the shift (else the first of
its territory); the kind of place follows from it (a residence, or the public space of a
quartier or a commune) unless the person says otherwise; the time is now, brought within the
shift.

``client_id`` is drawn when the form is drawn and travels with it: the same form posted twice —
a double tap, a retry after a timeout — records one intervention. With JavaScript, the page
draws a fresh one for each entry it keeps in its outbox (``static/palabre/field-entry.js``).

``InterventionEditForm`` is the same form for an intervention already recorded, with the
version it was drawn from (``actions.change_intervention`` refuses a stale one).
"""

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core import sensitive
from palabre.core.forms import StyledForm
from palabre.field import nights
from palabre.field.codes import (
    DEFAULT_REGISTER,
    FREQUENT_TYPES,
    MAX_PEOPLE_PER_BAND,
    PEOPLE_BANDS,
    RESIDENCE_PLACES,
    Initiator,
    InterventionType,
    PlaceKind,
    Register,
    Result,
)
from palabre.field.territory import Place
from palabre.permanences.forms.planning import RadioSelect, time_input

BANDS = dict(PEOPLE_BANDS)


def _counter(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_PEOPLE_PER_BAND,
        initial=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class QuickEntryForm(StyledForm):
    client_id = forms.UUIDField(widget=forms.HiddenInput, required=False)
    type = forms.ChoiceField(
        label=_("Type d'intervention"),
        choices=InterventionType.choices,
        widget=RadioSelect,
        error_messages={"required": _("Choisissez le type d'intervention.")},
    )
    where = forms.ChoiceField(
        label=_("Lieu"),
        error_messages={"invalid_choice": _("Ce lieu n'est pas dans le territoire de la tournée.")},
    )
    girls = _counter(BANDS["girls"])
    boys = _counter(BANDS["boys"])
    women = _counter(BANDS["women"])
    men = _counter(BANDS["men"])
    older_women = _counter(BANDS["older_women"])
    older_men = _counter(BANDS["older_men"])
    time = forms.TimeField(label=_("Heure"), widget=time_input())
    place_kind = forms.ChoiceField(
        label=_("Type de lieu"),
        choices=[("", _("Selon le lieu choisi")), *PlaceKind.choices],
        required=False,
    )
    place_label = forms.CharField(
        label=_("Précision du lieu"),
        max_length=80,
        required=False,
        help_text=_("Hall B, numéro de la rue, arrêt ou ligne…"),
    )
    initiated_by = forms.ChoiceField(
        label=_("À l'initiative de"), choices=Initiator.choices, initial=Initiator.PATROL
    )
    register = forms.ChoiceField(
        label=_("Registre"),
        choices=[("", _("Selon le type d'intervention")), *Register.choices],
        required=False,
    )
    result = forms.ChoiceField(label=_("Résultat"), choices=Result.choices, initial=Result.SETTLED)
    follow_up_needed = forms.BooleanField(label=_("Suite à donner"), required=False)
    note = forms.CharField(
        label=_("Note pour l'équipe"),
        max_length=500,
        required=False,
        widget=sensitive.Textarea(attrs={"rows": 2}),
        help_text=_("Lue par l'équipe et la coordination seulement. Aucun nom, aucune infraction."),
    )

    detail_fields = [
        "time",
        "place_kind",
        "place_label",
        "initiated_by",
        "register",
        "result",
        "follow_up_needed",
        "note",
    ]

    def __init__(self, *args, shift, places, last=None, now=None, **kwargs):
        now = now or timezone.now()
        self.shift, self.places, self.now = shift, places, now
        where = places.token_of(Place.of(last)) if last is not None else None
        if where is None:
            where = next((token for _group, rows in places.choices() for token, _l in rows), "")
        moment = timezone.localtime(nights.clamp(now, shift.starts_at, shift.ends_at))
        kwargs["initial"] = {
            "client_id": uuid.uuid4(),
            "where": where,
            "time": moment.time().replace(second=0, microsecond=0),
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = places.choices()

    def frequent_types(self):
        return [choice for choice in self["type"] if choice.data["value"] in FREQUENT_TYPES]

    def other_types(self):
        return [choice for choice in self["type"] if choice.data["value"] not in FREQUENT_TYPES]

    def other_type_chosen(self) -> bool:
        return any(choice.data["selected"] for choice in self.other_types())

    def counters(self):
        return [self[name] for name, _label in PEOPLE_BANDS]

    def details(self):
        return [self[name] for name in self.detail_fields]

    def details_in_error(self) -> bool:
        return any(name in self.errors for name in self.detail_fields)

    def details_open(self) -> bool:
        return self.details_in_error()

    def clean(self):
        data = super().clean()
        place = self.places.find(data.get("where"))
        if place is not None:
            data["place"] = place
            kind = data.get("place_kind") or (
                PlaceKind.RESIDENCE if place.residence is not None else PlaceKind.PUBLIC_SPACE
            )
            if (kind in RESIDENCE_PLACES) != (place.residence is not None):
                self.add_error(
                    "place_kind",
                    _(
                        "Pour une résidence ou un hall, choisissez une résidence comme lieu ; "
                        "sinon, un quartier ou une commune."
                    ),
                )
            data["place_kind"] = kind
        if data.get("time") is not None:
            shift = self.shift
            moment = nights.moment_in(shift.starts_at, shift.ends_at, data["time"], near=self.now)
            if moment is None:
                self.add_error(
                    "time",
                    _("L'heure doit tomber pendant la tournée (%(hours)s).")
                    % {"hours": nights.hours_label(shift.starts_at, shift.ends_at)},
                )
            data["happened_at"] = moment
        return data

    def action_kwargs(self):
        data = self.cleaned_data
        return {
            "client_id": data.get("client_id"),
            "happened_at": data["happened_at"],
            "type": data["type"],
            "place_kind": data["place_kind"],
            "place": data["place"],
            "place_label": data["place_label"],
            "register": data["register"] or None,
            "initiated_by": data["initiated_by"],
            "result": data["result"],
            "follow_up_needed": data["follow_up_needed"],
            "note": data["note"],
            **{name: data[name] or 0 for name, _label in PEOPLE_BANDS},
        }


class InterventionEditForm(QuickEntryForm):
    """The quick-entry form filled with a recorded intervention, and the version it shows. The
    register and the kind of place come back as « according to the type / the place » when they
    are what the type or the place would give, so that changing the type or the place changes
    them too; the time, unchanged, keeps the recorded instant to the second."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, intervention, **kwargs):
        self.intervention = intervention
        moment = timezone.localtime(intervention.happened_at)
        initial = {
            "type": intervention.type,
            "time": moment.time().replace(second=0, microsecond=0),
            "place_label": intervention.place_label,
            "initiated_by": intervention.initiated_by,
            "result": intervention.result,
            "follow_up_needed": intervention.follow_up_needed,
            "note": intervention.note,
            "version": intervention.version,
            "register": (
                ""
                if intervention.register == DEFAULT_REGISTER[intervention.type]
                else intervention.register
            ),
            "place_kind": (
                ""
                if intervention.place_kind == _default_kind(intervention.residence_id)
                else intervention.place_kind
            ),
            **{name: getattr(intervention, name) for name, _label in PEOPLE_BANDS},
        }
        super().__init__(*args, last=intervention, initial=initial, **kwargs)
        del self.fields["client_id"]
        if self.places.token_of(Place.of(intervention)) is None:
            # The shift's territory changed since: the person picks a place of today's.
            self.initial["where"] = ""

    def details_open(self) -> bool:
        return True  # correcting is often about the details: the time, the note

    def clean(self):
        data = super().clean()
        if data.get("time") == self.initial["time"]:
            data["happened_at"] = self.intervention.happened_at
        return data

    def action_kwargs(self):
        kwargs = super().action_kwargs()
        kwargs.pop("client_id")
        return {
            **kwargs,
            "register": self.cleaned_data["register"],
            "version": self.cleaned_data["version"],
        }


def _default_kind(residence_id):
    return PlaceKind.RESIDENCE if residence_id is not None else PlaceKind.PUBLIC_SPACE
