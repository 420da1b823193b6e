"""The forms of technical watch: a signal, entered on a phone like an intervention, and the
partner the service names for the public space.

The signal's place is picked from a territory (the shift's, or the whole service's for the
coordination) as in quick entry; the kind of place follows from it unless the person says
otherwise. The photo is checked and cleaned while the form is validated
(``watch_photos.prepare_photo``): a file that is not a JPEG or PNG image, or too big, comes back
as an error on the field, and nothing is saved.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.core import sensitive
from palabre.core.actions import Refused
from palabre.core.forms import StyledForm
from palabre.field.codes import RESIDENCE_PLACES, PlaceKind
from palabre.field.territory import Place
from palabre.field.watch import SignalCategory, Urgency
from palabre.field.watch_photos import prepare_photo
from palabre.permanences.forms.planning import RadioSelect

# The categories a night team reports most: big buttons, the others under a disclosure.
FREQUENT_CATEGORIES = [
    SignalCategory.LIGHTING,
    SignalCategory.DOOR_ACCESS,
    SignalCategory.LIFT,
    SignalCategory.BULKY_WASTE,
    SignalCategory.BROKEN_GLASS,
    SignalCategory.GRAFFITI,
]


class SignalForm(StyledForm):
    category = forms.ChoiceField(
        label=_("Problème constaté"),
        choices=SignalCategory.choices,
        widget=RadioSelect,
        error_messages={"required": _("Choisissez la catégorie du problème.")},
    )
    where = forms.ChoiceField(
        label=_("Lieu"),
        error_messages={"invalid_choice": _("Ce lieu n'est pas dans le territoire.")},
    )
    place_kind = forms.ChoiceField(
        label=_("Type de lieu"),
        choices=[("", _("Selon le lieu choisi")), *PlaceKind.choices],
        required=False,
    )
    place_label = forms.CharField(
        label=_("Précision du lieu"),
        max_length=80,
        required=False,
        help_text=_("Hall B, 3e étage, numéro de la rue, entrée du parking…"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgence"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=RadioSelect,
        help_text=_(
            "À résoudre sous 24 h pour un danger immédiat, 3 jours si c'est urgent, 15 jours "
            "sinon ; le partenaire est relancé passé ce délai."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=sensitive.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Ce qui ne va pas, en quelques mots. Le partenaire la lit : aucun nom de personne, "
            "rien sur les habitants."
        ),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        help_text=_(
            "Facultative. JPEG ou PNG, 5 Mo au plus ; sa position GPS et ses autres "
            "informations cachées sont retirées. Ne photographiez personne."
        ),
    )

    def __init__(self, *args, places, place: Place | None = None, place_kind="", **kwargs):
        self.places = places
        where = places.token_of(place) if place is not None else None
        if where is None:
            where = next((token for _group, rows in places.choices() for token, _l in rows), "")
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {"where": where, "place_kind": place_kind, **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.fields["where"].choices = places.choices()

    def frequent_categories(self):
        return [c for c in self["category"] if c.data["value"] in FREQUENT_CATEGORIES]

    def other_categories(self):
        return [c for c in self["category"] if c.data["value"] not in FREQUENT_CATEGORIES]

    def other_category_chosen(self) -> bool:
        return any(choice.data["selected"] for choice in self.other_categories())

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            return prepare_photo(upload)
        except Refused as refused:
            raise forms.ValidationError(refused.message) from None

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
        if data.get("category") == SignalCategory.OTHER and not data.get("description"):
            self.add_error(
                "description",
                _("Décrivez le problème : la catégorie « Autre » ne dit pas ce qui ne va pas."),
            )
        return data

    def action_kwargs(self):
        data = self.cleaned_data
        return {
            "category": data["category"],
            "urgency": data["urgency"],
            "place_kind": data["place_kind"],
            "place": data["place"],
            "place_label": data["place_label"],
            "description": data["description"],
            "photo": data["photo"],
        }


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display()})"


class RoutingForm(StyledForm):
    public_space_partner = PartnerChoiceField(
        label=_("Destinataire des signalements sur l'espace public"),
        queryset=None,
        required=False,
        empty_label=_("Aucun pour l'instant"),
        help_text=_(
            "Les signalements dans une résidence vont toujours à son bailleur. Ceux de l'espace "
            "public, d'une adresse ou d'une ligne de transport vont à ce partenaire : en "
            "général les services techniques de la ville."
        ),
    )

    def __init__(self, *args, candidates, current=None, **kwargs):
        kwargs["initial"] = {"public_space_partner": current}
        super().__init__(*args, **kwargs)
        self.fields["public_space_partner"].queryset = candidates.order_by("kind", "name")

    def action_kwargs(self):
        return {"partner": self.cleaned_data["public_space_partner"]}
