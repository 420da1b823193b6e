"""Forms of certification accompaniment: the list's filters, opening a record, its stage, a mock
or surveillance audit, a finding, an action of the plan and its state, a piece of evidence
checked by hand. Writing is for ``network.actions_certification``, which receives their data."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.network.models import (
    ActionStatus,
    AuditKind,
    FindingKind,
    Scheme,
    Stage,
)

DUE = [
    ("", _("Toutes les échéances")),
    ("soon", _("Audit à venir sous 90 jours")),
    ("overdue", _("Audit en retard")),
    ("late_actions", _("Actions en retard")),
]
REQUIREMENT_HELP = _(
    "La partie du référentiel concernée, telle que le rapport d'audit la cite "
    "(par exemple « cadre déontologique » ou « suivi de l'activité »)."
)


def _blank(label):
    return [("", label)]


class RecordFilterForm(StyledForm):
    stage = forms.ChoiceField(
        label=_("Étape"), required=False, choices=_blank(_("Toutes les étapes")) + Stage.choices
    )
    scheme = forms.ChoiceField(
        label=_("Référentiel"),
        required=False,
        choices=_blank(_("Tous les référentiels")) + Scheme.choices,
    )
    due = forms.ChoiceField(label=_("Échéances"), required=False, choices=DUE)

    def is_filtered(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)


class OpenRecordForm(StyledForm):
    member = forms.ModelChoiceField(label=_("Structure membre"), queryset=None)
    scheme = forms.ChoiceField(label=_("Référentiel"), choices=Scheme.choices)
    stage = forms.ChoiceField(
        label=_("Étape"),
        choices=[
            (Stage.PREPARING, Stage.PREPARING.label),
            (Stage.NOT_ENGAGED, Stage.NOT_ENGAGED.label),
        ],
    )
    engaged_on = forms.DateField(
        label=_("Démarche engagée le"),
        required=False,
        widget=date_input(),
        help_text=_("Laisser vide : aujourd'hui, pour une démarche en préparation."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sur la démarche de la structure ; jamais rien d'une situation suivie."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class StageForm(StyledForm):
    stage = forms.ChoiceField(label=_("Nouvelle étape"), choices=Stage.choices)
    on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=date_input(),
        help_text=_(
            "Obligatoire pour l'audit à blanc et la certification (ou son renouvellement)."
        ),
    )


class AuditDateForm(StyledForm):
    on = forms.DateField(label=_("Date de l'audit"), widget=date_input())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class MockAuditForm(AuditDateForm):
    """The mock audit's date, and its first finding if there is one."""

    finding_kind = forms.ChoiceField(
        label=_("Nature du constat"),
        required=False,
        choices=_blank(_("Aucun constat pour l'instant")) + FindingKind.choices,
    )
    requirement = forms.CharField(
        label=_("Exigence"), required=False, max_length=120, help_text=REQUIREMENT_HELP
    )
    finding_text = forms.CharField(
        label=_("Constat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce que l'audit a relevé sur l'organisation ; jamais rien d'une situation."),
    )

    def audit_fields(self):
        return [self["on"]]

    def finding_fields(self):
        return [self["finding_kind"], self["requirement"], self["finding_text"]]


class FindingForm(StyledForm):
    audit = forms.ChoiceField(label=_("Audit"), choices=AuditKind.choices)
    found_on = forms.DateField(label=_("Date de l'audit"), widget=date_input())
    requirement = forms.CharField(
        label=_("Exigence"), required=False, max_length=120, help_text=REQUIREMENT_HELP
    )
    kind = forms.ChoiceField(label=_("Nature"), choices=FindingKind.choices)
    text = forms.CharField(
        label=_("Constat"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ce que l'audit a relevé sur l'organisation ; jamais rien d'une situation."),
    )


class ActionForm(StyledForm):
    action = forms.CharField(label=_("Action"), max_length=300)
    finding = forms.ModelChoiceField(
        label=_("En réponse au constat"),
        required=False,
        queryset=None,
        empty_label=_("Aucun constat en particulier"),
    )
    owner_contact = forms.ModelChoiceField(
        label=_("Porteur : un contact de la structure"),
        required=False,
        queryset=None,
        empty_label=_("Personne de l'annuaire"),
    )
    owner_name = forms.CharField(
        label=_("Ou porteur : nom ou fonction"),
        required=False,
        max_length=150,
        help_text=_("Par exemple « la coordinatrice » ou « le référent qualité »."),
    )
    due_on = forms.DateField(label=_("Échéance"), widget=date_input())

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding"].queryset = record.findings.all()
        self.fields["owner_contact"].queryset = record.member.contacts.all()


class ActionStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("État"), choices=ActionStatus.choices)
    done_on = forms.DateField(
        label=_("Réalisée le"),
        required=False,
        widget=date_input(),
        help_text=_("Pour une action réalisée."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"status": ActionStatus.DONE, "done_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class EvidenceCheckForm(StyledForm):
    note = forms.CharField(
        label=_("Ce qui a été vu"),
        required=False,
        max_length=300,
        help_text=_("Par exemple « registre des réclamations 2025, 12 réclamations traitées »."),
    )
