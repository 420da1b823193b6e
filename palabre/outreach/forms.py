"""The forms of outreach actions: plan or edit one, record its results, add a photo, and the
filters of the list. The verbs (``outreach.actions``) check everything again for callers without
a form."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases.codes import ConflictCategory
from palabre.core.forms import CheckboxSelectMultiple, StyledForm, date_input
from palabre.outreach import access
from palabre.outreach.codes import OutreachKind, OutreachStatus
from palabre.permanences.forms.planning import time_input


class QuartierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.commune.name})"


class ResidenceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.landlord.name}"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.user.get_full_name() or obj.user.email


class CaseChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.reference


def _combine(day, time):
    return timezone.make_aware(dt.datetime.combine(day, time))


class ActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("Type d'action"), choices=OutreachKind.choices)
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    day = forms.DateField(label=_("Le"), widget=date_input())
    starts = forms.TimeField(label=_("De"), widget=time_input())
    ends = forms.TimeField(label=_("À"), widget=time_input())
    last_day = forms.DateField(
        label=_("Jusqu'au"),
        widget=date_input(),
        required=False,
        help_text=_("Pour une action sur plusieurs jours (semaine du voisinage) ; sinon, vide."),
    )
    venue = forms.ModelChoiceField(
        label=_("Lieu d'accueil du service"),
        queryset=None,
        required=False,
        empty_label=_("Autre lieu (ci-dessous)"),
    )
    place_name = forms.CharField(
        label=_("Autre lieu : nom"),
        max_length=150,
        required=False,
        help_text=_("Place du marché, pied de la tour 12, salle de la résidence…"),
    )
    address = forms.CharField(label=_("Autre lieu : adresse"), max_length=300, required=False)
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=None)
    quartier = QuartierChoiceField(label=_("Quartier"), queryset=None, required=False)
    residence = ResidenceChoiceField(
        label=_("Résidence d'un bailleur"), queryset=None, required=False
    )
    coownership = forms.ModelChoiceField(
        label=_("Copropriété suivie"),
        queryset=None,
        required=False,
        help_text=_("Pour une action de prévention dans une copropriété que le service suit."),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partenaires associés"),
        queryset=None,
        required=False,
        widget=CheckboxSelectMultiple,
    )
    team = MemberChoiceField(
        label=_("Équipe"), queryset=None, required=False, widget=CheckboxSelectMultiple
    )
    public_description = forms.CharField(
        label=_("Description publique"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Affichée sur la page publique du service : jamais de nom ni de situation personnelle."
        ),
    )

    def __init__(self, *args, membership, current=None, **kwargs):
        if current is not None:
            starts, ends = (
                timezone.localtime(current.starts_at),
                timezone.localtime(current.ends_at),
            )
            kwargs["initial"] = {
                "kind": current.kind,
                "title": current.title,
                "day": starts.date(),
                "starts": starts.time(),
                "ends": ends.time(),
                "last_day": ends.date() if ends.date() != starts.date() else None,
                "venue": current.venue_id,
                "place_name": current.place_name,
                "address": current.address,
                "commune": current.commune_id,
                "quartier": current.quartier_id,
                "residence": current.residence_id,
                "coownership": current.coownership_id,
                "partners": list(current.partners.all()),
                "team": list(current.team.all()),
                "public_description": current.public_description,
            }
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = access.venues_for(membership)
        self.fields["commune"].queryset = access.communes_for(membership)
        self.fields["quartier"].queryset = access.quartiers_for(membership).order_by(
            "commune__name", "name"
        )
        self.fields["residence"].queryset = access.residences_for(membership).order_by("name")
        coownerships = access.coownership_choices_for(membership)
        if current is not None and current.coownership_id:
            coownerships = coownerships | access.coownerships_for(membership).filter(
                pk=current.coownership_id
            )
        self.fields["coownership"].queryset = coownerships.order_by("name")
        self.fields["partners"].queryset = access.partners_for(membership).order_by("name")
        self.fields["team"].queryset = access.team_candidates_for(membership).order_by(
            "user__last_name", "user__first_name"
        )

    def fieldsets(self):
        return [
            (_("L'action"), [self["kind"], self["title"], self["public_description"]]),
            (_("Quand"), [self["day"], self["starts"], self["ends"], self["last_day"]]),
            (
                _("Où"),
                [
                    self["venue"],
                    self["place_name"],
                    self["address"],
                    self["commune"],
                    self["quartier"],
                    self["residence"],
                    self["coownership"],
                ],
            ),
            (_("Qui"), [self["team"], self["partners"]]),
        ]

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            last_day = data.get("last_day") or day
            data["starts_at"], data["ends_at"] = _combine(day, starts), _combine(last_day, ends)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("ends", _("L'action doit finir après avoir commencé."))
        if not data.get("venue") and not (data.get("place_name") or "").strip():
            self.add_error(
                "place_name",
                _("Choisissez un lieu d'accueil du service ou écrivez le nom du lieu."),
            )
        return data

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        names = ["kind", "title", "venue", "place_name", "address", "commune", "quartier"]
        names += ["residence", "coownership", "partners", "team", "public_description"]
        return {
            **{name: data[name] for name in names},
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
        }


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=100_000, required=False)


class ResultsForm(StyledForm):
    doors_knocked = _count(_("Portes frappées"))
    households_met = _count(_("Ménages rencontrés"))
    people_informed = _count(_("Personnes informées"))
    contacts_made = _count(_("Contacts pris"))
    hours = forms.DecimalField(
        label=_("Heures passées"),
        min_value=0,
        max_value=2000,
        max_digits=6,
        decimal_places=1,
        required=False,
        localize=True,
        help_text=_("Toutes les personnes de l'équipe ensemble : 3 personnes × 2 h = 6."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Sujets abordés"),
        choices=ConflictCategory.choices,
        required=False,
        widget=CheckboxSelectMultiple,
    )
    cases = CaseChoiceField(
        label=_("Dossiers ouverts à la suite de l'action"),
        queryset=None,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_("Les dossiers du service ouverts depuis le jour de l'action."),
    )
    public_description = forms.CharField(
        label=_("Description publique"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Jamais de nom ni de situation personnelle."),
    )

    def __init__(self, *args, membership, action, **kwargs):
        kwargs["initial"] = {
            "doors_knocked": action.doors_knocked,
            "households_met": action.households_met,
            "people_informed": action.people_informed,
            "contacts_made": action.contacts_made,
            "hours": action.hours,
            "topics": action.topics,
            "cases": list(action.cases.all()),
            "public_description": action.public_description,
        }
        super().__init__(*args, **kwargs)
        since = timezone.localtime(action.starts_at).date()
        self.fields["cases"].queryset = (
            access.case_candidates_for(membership)
            .filter(opened_on__gte=since)
            .order_by("opened_on", "reference")
        )

    def fieldsets(self):
        counts = ["doors_knocked", "households_met", "people_informed", "contacts_made", "hours"]
        return [
            (_("Ce que l'action a touché"), [self[name] for name in counts]),
            (_("Sujets et suites"), [self["topics"], self["cases"]]),
            (_("Pour la page publique"), [self["public_description"]]),
        ]


class PhotoForm(StyledForm):
    photo = forms.FileField(label=_("Photo (JPEG ou PNG, 5 Mo au plus)"))
    caption = forms.CharField(label=_("Légende"), max_length=200, required=False)
    consent = forms.BooleanField(
        label=_("Les personnes visibles sur la photo ont donné leur accord pour sa publication"),
        required=False,
        help_text=_(
            "Sans cet accord, la photo reste dans Palabre et ne paraît pas sur la page publique."
        ),
    )


class ConfirmForm(StyledForm):
    """A button alone: the page asks, the POST does."""


class FilterForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Tous")), *OutreachKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("État"), choices=[("", _("Tous")), *OutreachStatus.choices], required=False
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=None, required=False, empty_label=_("Toutes")
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = access.communes_for(membership)

    def narrow(self, actions):
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        if data["kind"]:
            actions = actions.filter(kind=data["kind"])
        if data["status"]:
            actions = actions.filter(status=data["status"])
        if data["commune"]:
            actions = actions.filter(commune=data["commune"])
        return actions
