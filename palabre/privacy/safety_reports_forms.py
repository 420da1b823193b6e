"""The forms of the *signalement exceptionnel*. They check types and coherence; whether the step
is allowed now is for ``safety_reports_actions`` to say."""

from django import forms
from django.utils.translation import gettext_lazy as _

from palabre.cases.forms.process import RadioSelect, datetime_input, now_to_the_minute
from palabre.core.forms import StyledForm
from palabre.privacy.safety_reports import (
    CONTENT_MAX_LENGTH,
    SafetyReason,
    SafetyRecipient,
    TransmissionChannel,
)


def _channels():
    return [("", _("Choisir")), *TransmissionChannel.choices]


class ProposeForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Motif (loi n° 95-125, article 21-3 a)"),
        choices=SafetyReason.choices,
        widget=RadioSelect,
        error_messages={"required": _("Choisissez le motif du signalement.")},
    )
    recipient = forms.ChoiceField(
        label=_("Destinataire"),
        choices=SafetyRecipient.choices,
        widget=RadioSelect,
        error_messages={"required": _("Choisissez le destinataire du signalement.")},
    )
    recipient_detail = forms.CharField(
        label=_("Service destinataire (facultatif)"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : commissariat de secteur, CRIP d'Ille-et-Vilaine."),
    )
    content = forms.CharField(
        label=_("Contenu minimal à transmettre"),
        max_length=CONTENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Le strict nécessaire pour que le destinataire agisse : qui est en danger, où, depuis "
            "quand. Rien d'autre de la médiation : ni propos des parties, ni notes. Lu par vous et "
            "la coordination seulement."
        ),
    )
    urgent = forms.BooleanField(
        label=_("Danger immédiat : le signalement a déjà été fait (15, 17, 112…)"),
        required=False,
        help_text=_(
            "En cas de danger immédiat, appelez d'abord ; enregistrez ensuite le signalement, "
            "qui sera revu par la coordination."
        ),
    )
    transmitted_at = forms.DateTimeField(
        label=_("Transmis le (en urgence)"), required=False, widget=datetime_input()
    )
    channel = forms.ChoiceField(
        label=_("Transmis par (en urgence)"), choices=_channels, required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"transmitted_at": now_to_the_minute()})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("urgent"):
            if not data.get("transmitted_at"):
                self.add_error("transmitted_at", _("Indiquez quand le signalement a été fait."))
            if not data.get("channel"):
                self.add_error("channel", _("Indiquez comment le signalement a été fait."))
        return data

    def action_kwargs(self):
        data = self.cleaned_data
        urgent = data["urgent"]
        return {
            "reason": data["reason"],
            "recipient": data["recipient"],
            "recipient_detail": data["recipient_detail"],
            "content": data["content"],
            "urgent": urgent,
            "transmitted_at": data["transmitted_at"] if urgent else None,
            "channel": data["channel"] if urgent else "",
        }


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Avis de la coordination"),
        choices=[("validate", _("Valider le signalement")), ("refuse", _("Refuser"))],
        widget=RadioSelect,
        error_messages={"required": _("Choisissez de valider ou de refuser.")},
    )
    comment = forms.CharField(
        label=_("Motif"),
        max_length=500,
        required=False,
        help_text=_("Obligatoire pour un refus ; lu par la personne qui a proposé le signalement."),
    )

    def action_kwargs(self):
        return {
            "validate": self.cleaned_data["decision"] == "validate",
            "comment": self.cleaned_data["comment"],
        }


class TransmissionForm(StyledForm):
    transmitted_at = forms.DateTimeField(
        label=_("Transmis le"), widget=datetime_input(), initial=now_to_the_minute
    )
    channel = forms.ChoiceField(label=_("Transmis par"), choices=_channels)

    def action_kwargs(self):
        return dict(self.cleaned_data)


class ReviewForm(StyledForm):
    confirms = forms.TypedChoiceField(
        label=_("L'urgence était-elle fondée ?"),
        choices=[("yes", _("Oui, l'urgence est confirmée")), ("no", _("À discuter"))],
        coerce=lambda value: value == "yes",
        widget=RadioSelect,
        error_messages={"required": _("Dites si l'urgence était fondée.")},
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        max_length=500,
        required=False,
        help_text=_("Obligatoire si l'urgence est à discuter : pour la pratique de l'équipe."),
    )

    def action_kwargs(self):
        return dict(self.cleaned_data)
