"""The forms of the co-ownerships a service follows: the building and its follow-up, a contact,
a follow-up point, the linked mediations, the list's filters. The verbs
(``outreach.coownership_actions``) check everything again for callers without a form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import CheckboxSelectMultiple, StyledForm, date_input
from palabre.outreach import access
from palabre.outreach.codes import (
    CoownershipContactRole,
    CoownershipDifficulty,
    CoownershipProgramme,
    CoownershipTrend,
)
from palabre.outreach.forms import CaseChoiceField, QuartierChoiceField


class ConventionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def _difficulties(label):
    return forms.MultipleChoiceField(
        label=label,
        choices=CoownershipDifficulty.choices,
        required=False,
        widget=CheckboxSelectMultiple,
    )


class CoownershipForm(StyledForm):
    name = forms.CharField(label=_("Nom de la copropriété"), max_length=150)
    address = forms.CharField(label=_("Adresse"), max_length=300)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=None)
    quartier = QuartierChoiceField(label=_("Quartier"), queryset=None, required=False)
    lots = forms.IntegerField(
        label=_("Nombre de lots d'habitation"), min_value=1, max_value=10_000, required=False
    )
    syndic = forms.ModelChoiceField(
        label=_("Syndic"),
        queryset=None,
        required=False,
        help_text=_("Un partenaire de type « Syndic de copropriété » de l'annuaire."),
    )
    programme = forms.ChoiceField(label=_("Dispositif"), choices=CoownershipProgramme.choices)
    difficulties = _difficulties(_("Difficultés repérées"))
    convention = ConventionChoiceField(
        label=_("Convention qui finance le suivi"),
        queryset=None,
        required=False,
        help_text=_(
            "Les actions de prévention de la copropriété comptent dans le bilan de cette "
            "convention."
        ),
    )
    followed_since = forms.DateField(label=_("Suivie depuis le"), widget=date_input())

    def __init__(self, *args, membership, current=None, **kwargs):
        if current is not None:
            kwargs["initial"] = {
                name: getattr(current, name)
                for name in ("name", "address", "lots", "programme", "difficulties")
            } | {
                "commune": current.commune_id,
                "quartier": current.quartier_id,
                "syndic": current.syndic_id,
                "convention": current.convention_id,
                "followed_since": current.followed_since,
            }
        else:
            kwargs.setdefault("initial", {"followed_since": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = access.communes_for(membership)
        self.fields["quartier"].queryset = access.quartiers_for(membership).order_by(
            "commune__name", "name"
        )
        self.fields["syndic"].queryset = access.syndics_for(membership).order_by("name")
        self.fields["convention"].queryset = access.conventions_for(membership).order_by(
            "-starts_on", "title"
        )

    def fieldsets(self):
        return [
            (
                _("Le bâtiment"),
                [self[name] for name in ("name", "address", "commune", "quartier", "lots")],
            ),
            (_("Le syndic"), [self["syndic"]]),
            (
                _("Le suivi"),
                [
                    self["followed_since"],
                    self["programme"],
                    self["convention"],
                    self["difficulties"],
                ],
            ),
        ]

    def clean(self):
        data = super().clean()
        commune, quartier = data.get("commune"), data.get("quartier")
        if commune and quartier and quartier.commune_id != commune.pk:
            self.add_error("quartier", _("Ce quartier n'est pas dans la commune choisie."))
        return data

    def action_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class ContactForm(StyledForm):
    name = forms.CharField(label=_("Nom"), max_length=150)
    role = forms.ChoiceField(label=_("Rôle"), choices=CoownershipContactRole.choices)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    email = forms.EmailField(label=_("Adresse e-mail"), required=False)

    def __init__(self, *args, current=None, **kwargs):
        if current is not None:
            kwargs["initial"] = {
                "name": current.name,
                "role": current.role,
                "phone": current.phone,
                "email": current.email,
            }
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        reachable = (data.get("phone") or "").strip() or (data.get("email") or "").strip()
        if not reachable and not self.has_error("email"):
            self.add_error("phone", _("Donnez au moins un téléphone ou une adresse e-mail."))
        return data


class ReviewForm(StyledForm):
    held_on = forms.DateField(label=_("Point tenu le"), widget=date_input())
    trend = forms.ChoiceField(
        label=_("Évolution de la situation"),
        choices=CoownershipTrend.choices,
        widget=forms.RadioSelect,
    )
    difficulties = _difficulties(_("Difficultés encore présentes"))
    next_review_on = forms.DateField(
        label=_("Prochain point prévu le"), widget=date_input(), required=False
    )

    def __init__(self, *args, coownership, **kwargs):
        latest = coownership.reviews.first()
        kwargs["initial"] = {
            "held_on": timezone.localdate(),
            "difficulties": latest.difficulties if latest else coownership.difficulties,
        }
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        held_on, next_on = data.get("held_on"), data.get("next_review_on")
        if held_on and held_on > timezone.localdate():
            self.add_error("held_on", _("Un point de suivi se note une fois tenu."))
        if held_on and next_on and next_on <= held_on:
            self.add_error("next_review_on", _("Le prochain point vient après celui-ci."))
        return data


class CasesForm(StyledForm):
    cases = CaseChoiceField(
        label=_("Médiations entre copropriétaires"),
        queryset=None,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_("Les dossiers du service suivis avec la copropriété (souvent collectifs)."),
    )

    def __init__(self, *args, membership, coownership, **kwargs):
        kwargs["initial"] = {"cases": list(coownership.cases.all())}
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = (
            access.case_candidates_for(membership)
            .filter(opened_on__gte=coownership.followed_since)
            .order_by("-opened_on", "reference")
        )


class CloseForm(StyledForm):
    closed_on = forms.DateField(label=_("Suivi clos le"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"closed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def action_kwargs(self) -> dict:
        return {"on": self.cleaned_data["closed_on"]}


class FilterForm(StyledForm):
    followed = forms.ChoiceField(
        label=_("Suivi"),
        choices=[("", _("En cours")), ("clos", _("Clos")), ("tous", _("Tous"))],
        required=False,
    )
    programme = forms.ChoiceField(
        label=_("Dispositif"),
        choices=[("", _("Tous")), *CoownershipProgramme.choices],
        required=False,
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("Toutes")
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = access.communes_for(membership)

    def narrow(self, coownerships):
        if not self.is_valid():
            return coownerships.filter(followed_until__isnull=True)
        data = self.cleaned_data
        if data["followed"] == "":
            coownerships = coownerships.filter(followed_until__isnull=True)
        elif data["followed"] == "clos":
            coownerships = coownerships.filter(followed_until__isnull=False)
        if data["programme"]:
            coownerships = coownerships.filter(programme=data["programme"])
        if data["commune"]:
            coownerships = coownerships.filter(commune=data["commune"])
        return coownerships
