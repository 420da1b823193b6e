"""The forms of the rights requests. They check types and choices; whether a step is possible now
is for ``rights_actions`` to say."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases.forms.process import CheckboxSelectMultiple, RadioSelect
from palabre.core.forms import StyledForm, date_input
from palabre.privacy.rights import IdentityCheck, ReceivedThrough, RightsKind

NOT_CHECKED = [("", _("Pas encore vérifiée"))]


class PersonSearchForm(StyledForm):
    q = forms.CharField(
        label=_("Nom, e-mail ou téléphone de la personne"),
        max_length=120,
        help_text=_(
            "Sans accents ni majuscules si vous voulez : « le gall » trouve « Le Gall ». Un "
            "numéro se trouve quelle que soit sa forme (06 12 34 56 78, +33 6…)."
        ),
    )


class PartiesField(forms.ModelMultipleChoiceField):
    widget = CheckboxSelectMultiple

    def label_from_instance(self, party):
        case = party.case
        contacts = " · ".join(value for value in (party.email, party.phone) if value)
        return _("%(name)s — %(role)s du dossier %(ref)s, ouvert le %(day)s%(contacts)s") % {
            "name": str(party) or _("(sans nom)"),
            "role": party.get_role_display().lower(),
            "ref": case.reference,
            "day": case.opened_on.strftime("%d/%m/%Y"),
            "contacts": f" — {contacts}" if contacts else "",
        }


class RightsRequestForm(StyledForm):
    """A new request for the person found by ``search`` (the party records offered to tick)."""

    parties = PartiesField(
        label=_("Les fiches de la personne"),
        queryset=None,
        help_text=_(
            "Cochez chaque fiche qui est bien cette personne : la même personne peut être partie "
            "à plusieurs dossiers."
        ),
        error_messages={"required": _("Cochez au moins une fiche de la personne.")},
    )
    kind = forms.ChoiceField(
        label=_("Droit exercé"), choices=RightsKind.choices, widget=RadioSelect
    )
    received_on = forms.DateField(label=_("Reçue le"), widget=date_input())
    received_through = forms.ChoiceField(
        label=_("Reçue par"), choices=ReceivedThrough.choices, widget=RadioSelect
    )
    identity_method = forms.ChoiceField(
        label=_("Identité vérifiée"),
        required=False,
        choices=NOT_CHECKED + IdentityCheck.choices,
        help_text=_(
            "Ne photocopiez pas de pièce d'identité : voir la pièce, ou répondre à l'adresse "
            "déjà connue, suffit. Une demande ne se traite qu'une fois l'identité vérifiée."
        ),
    )
    details = forms.CharField(
        label=_("Ce que la personne demande"),
        required=False,
        max_length=300,
        help_text=_(
            "En quelques mots, sans la donnée elle-même : par exemple « corriger le numéro de "
            "téléphone ». Jamais de propos sur le conflit."
        ),
    )

    def __init__(self, *args, parties, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties
        for name in ("kind", "received_through"):
            self.fields[name].widget.attrs["class"] += " me-1"


class IdentityForm(StyledForm):
    identity_method = forms.ChoiceField(
        label=_("Comment l'identité a été vérifiée"),
        choices=IdentityCheck.choices,
        widget=RadioSelect,
        help_text=_("Ne gardez aucune copie de pièce d'identité."),
    )


class ExtendForm(StyledForm):
    reason = forms.CharField(
        label=_("Motif de la prolongation"),
        max_length=300,
        help_text=_(
            "La complexité ou le nombre des demandes (RGPD, art. 12, § 3). Ce motif est dit à la "
            "personne dans le mois qui suit sa demande."
        ),
    )
    on = forms.DateField(label=_("Personne informée le"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)


class AnswerForm(StyledForm):
    answered_on = forms.DateField(label=_("Réponse donnée le"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("answered_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class RefuseForm(AnswerForm):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Il est dit à la personne, avec la possibilité de saisir la CNIL (RGPD, art. 12, "
            "§ 4). Jamais de propos sur le conflit."
        ),
    )


class ApplyForm(StyledForm):
    """Objection or erasure: the date it takes effect."""

    on = forms.DateField(label=_("Le"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("on", timezone.localdate())
        super().__init__(*args, **kwargs)
