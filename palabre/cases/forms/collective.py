"""The forms of collective mediation (docs/adr/0035), built like the case page's
(``forms.process.CaseForm``): for one case and one membership, choices limited to the case's own
groups, parties and meetings; whether the step is allowed now is for
``cases.collective_actions`` to say."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes, edits
from palabre.cases.forms.process import CaseForm, PartyChoiceField
from palabre.core.concurrency import GuardedEditForm
from palabre.core.forms import CheckboxSelectMultiple, RadioSelect


class MarkCollectiveForm(GuardedEditForm, CaseForm):
    dimension = forms.ChoiceField(
        label=_("Dimension"),
        choices=codes.CollectiveDimension.choices,
        widget=RadioSelect,
        help_text=_(
            "Préventive : avant que le conflit ne s'installe ; projet : autour d'un projet "
            "commun ; curative : un conflit déclaré entre groupes."
        ),
    )

    def initial_for(self, case):
        collective = getattr(case, "collective", None)
        return {"dimension": collective.dimension} if collective else {}

    def read_values(self):
        return edits.collective(self.case)


class GroupForm(GuardedEditForm, CaseForm):
    name = forms.CharField(
        label=_("Nom du groupe"),
        max_length=120,
        help_text=_("Par exemple « Locataires de l'escalier B », « Jeunes du square »."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        help_text=_("Qui le groupe réunit, sans nom de personne ni propos."),
    )
    estimated_size = forms.IntegerField(
        label=_("Nombre estimé de personnes"), required=False, min_value=1, max_value=5000
    )

    def __init__(self, *args, group=None, **kwargs):
        self.group = group
        super().__init__(*args, **kwargs)

    def initial_for(self, case):
        return edits.group(self.group)

    def read_values(self):
        return edits.group(self.group)

    def action_kwargs(self):
        return {**self.cleaned_data, "group": self.group}


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PlacePartyForm(CaseForm):
    party = PartyChoiceField(label=_("Personne"), queryset=None)
    group = GroupChoiceField(
        label=_("Groupe"), queryset=None, required=False, empty_label=_("Aucun groupe")
    )

    def setup(self):
        self.fields["party"].queryset = self.case.parties.select_related("group")
        self.fields["group"].queryset = self.case.party_groups.all()


class GroupCommitmentForm(CaseForm):
    group = GroupChoiceField(label=_("Groupe qui s'engage"), queryset=None, empty_label=None)
    category = forms.ChoiceField(
        label=_("Catégorie d'engagement"), choices=codes.CommitmentCategory.choices
    )
    wording = forms.CharField(
        label=_("Formulation de l'engagement"),
        max_length=200,
        required=False,
        help_text=_(
            "Telle que les groupes l'ont signée, par exemple « Les jeunes du square quittent le "
            "square à 22 h ». Jamais de nom de personne ni de propos tenus en rencontre."
        ),
    )

    def setup(self):
        self.fields["group"].queryset = self.case.party_groups.all()


class AttendanceForm(CaseForm):
    """One count and one list of registered parties per group of the case."""

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)

    def setup(self):
        recorded = {
            a.group_id: a for a in self.meeting.attendances.prefetch_related("present_parties")
        }
        self.groups = list(self.case.party_groups.prefetch_related("parties"))
        for group in self.groups:
            attendance = recorded.get(group.pk)
            self.fields[f"count_{group.pk.hex}"] = forms.IntegerField(
                label=_("%(group)s : personnes présentes") % {"group": group.name},
                min_value=0,
                max_value=2000,
                initial=attendance.present_count if attendance else 0,
                widget=forms.NumberInput(attrs={"class": "form-control"}),
            )
            parties = list(group.parties.all())
            if parties:
                self.fields[f"present_{group.pk.hex}"] = forms.ModelMultipleChoiceField(
                    label=_("%(group)s : personnes inscrites présentes") % {"group": group.name},
                    queryset=group.parties.all(),
                    required=False,
                    widget=CheckboxSelectMultiple(attrs={"class": "form-check-input me-1"}),
                    initial=[p.pk for p in attendance.present_parties.all()] if attendance else [],
                )

    def action_kwargs(self):
        rows = [
            (
                group,
                self.cleaned_data[f"count_{group.pk.hex}"] or 0,
                list(self.cleaned_data.get(f"present_{group.pk.hex}") or []),
            )
            for group in self.groups
        ]
        return {"meeting": self.meeting, "rows": rows}


def meeting_label(meeting) -> str:
    when = timezone.localtime(meeting.scheduled_at).strftime("%d/%m/%Y %H:%M")
    return f"{meeting.get_kind_display()} — {when}"
