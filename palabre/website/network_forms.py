"""The forms of a network's public site: the directory's filters, the figures' year, and the
settings its staff edits."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.network.models import Domain, LegalType, Phase, Region
from palabre.website import network_access
from palabre.website.network_models import BLOCKS, SECTIONS, NetworkSite


def _choices(code_list, everything):
    return [("", everything), *code_list.choices]


class MemberFilterForm(forms.Form):
    """The directory's filters, read from the address (GET): they work without JavaScript."""

    region = forms.ChoiceField(
        label=_("Région"), required=False, choices=_choices(Region, _("Toutes les régions"))
    )
    type = forms.ChoiceField(
        label=_("Type de structure"),
        required=False,
        choices=_choices(LegalType, _("Tous les types")),
    )
    domaine = forms.ChoiceField(
        label=_("Domaine d'intervention"),
        required=False,
        choices=_choices(Domain, _("Tous les domaines")),
    )
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=_choices(Phase, _("Toutes les phases"))
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def apply(self, members) -> list:
        """The members that match the valid filters (all of them for an invalid form)."""
        members = list(members)
        if not self.is_valid():
            return members
        data = self.cleaned_data
        if data["region"]:
            members = [m for m in members if m.region == data["region"]]
        if data["type"]:
            members = [m for m in members if m.legal_type == data["type"]]
        if data["domaine"]:
            members = [m for m in members if data["domaine"] in m.domains]
        if data["phase"]:
            members = [m for m in members if m.phase == data["phase"]]
        return members

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class YearForm(forms.Form):
    annee = forms.TypedChoiceField(label=_("Année"), coerce=int, choices=())

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["annee"].choices = [(year, str(year)) for year in years]
        self.fields["annee"].widget.attrs["class"] = "form-select"


TEXTS = ["presentation", *(f"{key}_text" for key, _title, _text in BLOCKS)]
BLOCK_SWITCHES = [f"show_{key}" for key, _title, _text in BLOCKS]
SECTION_SWITCHES = [f"show_{key}" for key, _title in SECTIONS]


class _EventChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, event):
        return f"{event.starts_on:%d/%m/%Y} — {event.title}"


class NetworkSiteForm(forms.ModelForm):
    """What the network's staff decides: publication, texts, switches, and which members and
    events the public pages show."""

    listed_members = forms.ModelMultipleChoiceField(
        label=_("Structures qui ont accepté de paraître dans l'annuaire public"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Cochez une structure seulement après son accord : l'annuaire public montre son "
            "nom, son type, son territoire, sa région, ses domaines et sa phase."
        ),
    )
    public_events = _EventChoice(
        label=_("Événements montrés au public"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "La page des rencontres montre leur intitulé, leur type, leurs dates et leur lieu, "
            "jamais leur description ni les inscriptions."
        ),
    )

    class Meta:
        model = NetworkSite
        fields = ["is_published", "contact_email", *TEXTS, *BLOCK_SWITCHES, *SECTION_SWITCHES]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in TEXTS}

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listed_members"].queryset = network_access.member_choices(network)
        self.fields["public_events"].queryset = network_access.event_choices(network)
        for field in self.fields.values():
            # Defaults are callables: Django would add a hidden « initial » twin to each field.
            field.show_hidden_initial = False
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-control"
        self.initial.setdefault("listed_members", list(network_access.listed_member_ids(network)))
        self.initial.setdefault("public_events", list(network_access.public_event_ids(network)))

    def action_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return {
            "fields": {name: data[name] for name in self._meta.fields},
            "listed_members": list(data["listed_members"]),
            "public_events": list(data["public_events"]),
        }

    def fieldsets(self):
        return [
            (_("Publication"), [self["is_published"], self["contact_email"]]),
            (_("Qui sommes-nous"), [self["presentation"]]),
            (
                _("Ce que fait le réseau"),
                [self[name] for key, _t, _d in BLOCKS for name in (f"show_{key}", f"{key}_text")],
            ),
            (_("Pages montrées"), [self[name] for name in SECTION_SWITCHES]),
            (_("Annuaire"), [self["listed_members"]]),
            (_("Rencontres"), [self["public_events"]]),
        ]
