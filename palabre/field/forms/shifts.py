"""Forms of the planning: a shift built from an evening, a start and an end time; a priority of
its *feuille de route*.

An end earlier than the start is the next morning; an end equal to the start, or a shift longer
than 14 hours, is refused here with the reason, and again by the verb for callers without a form.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import StyledForm, date_input
from palabre.core.models import Commune, Quartier
from palabre.field import access, nights
from palabre.partners.forms.base import CheckboxSelectMultiple
from palabre.permanences.forms.planning import time_input


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        teams = ", ".join(team.name for team in obj.field_teams.all())
        name = obj.user.get_full_name() or obj.user.email
        return f"{name} ({teams})" if teams else name


class QuartierChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.commune.name})"


class ResidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} — {obj.landlord.name}"


def _usual_hours(membership) -> dict:
    """The hours of the service's last shift: most shifts of a team keep the same."""
    last = access.shifts_for(membership).order_by("-starts_at").first()
    if last is None:
        return {}
    return {
        "starts": timezone.localtime(last.starts_at).time(),
        "ends": timezone.localtime(last.ends_at).time(),
    }


def _boxes(label, help_text=""):
    return {
        "label": label,
        "queryset": None,
        "required": False,
        "widget": CheckboxSelectMultiple,
        "help_text": help_text,
    }


class ShiftForm(StyledForm):
    date = forms.DateField(
        label=_("Soirée du"),
        widget=date_input(),
        help_text=_("Une tournée de nuit appartient à la soirée où elle commence."),
    )
    starts = forms.TimeField(label=_("Début"), widget=time_input())
    ends = forms.TimeField(
        label=_("Fin"),
        widget=time_input(),
        help_text=_("Une heure de fin plus tôt que le début est celle du lendemain matin."),
    )
    team = forms.ModelChoiceField(label=_("Équipe"), queryset=None, empty_label=None)
    members = MemberChoiceField(
        **_boxes(_("Sur le terrain"), _("Laisser vide pour toute l'équipe."))
    )
    communes = forms.ModelMultipleChoiceField(
        **_boxes(_("Communes"), _("Toute la commune : ses quartiers et ses résidences."))
    )
    quartiers = QuartierChoiceField(**_boxes(_("Quartiers")))
    residences = ResidenceChoiceField(**_boxes(_("Résidences")))

    def __init__(self, *args, membership, current=None, day=None, **kwargs):
        if current is not None:
            kwargs["initial"] = {
                "date": current.date,
                "starts": timezone.localtime(current.starts_at).time(),
                "ends": timezone.localtime(current.ends_at).time(),
                "team": current.team_id,
                "members": list(current.members.all()),
                "communes": list(current.communes.all()),
                "quartiers": list(current.quartiers.all()),
                "residences": list(current.residences.all()),
            }
        else:
            kwargs["initial"] = {"date": day, **_usual_hours(membership)}
        super().__init__(*args, **kwargs)
        organisation = membership.organisation_id
        self.fields["team"].queryset = access.teams_for(membership)
        self.fields["members"].queryset = (
            access.team_candidates(membership)
            .prefetch_related("field_teams")
            .order_by("user__last_name", "user__first_name")
        )
        self.fields["communes"].queryset = Commune.objects.of(organisation).order_by("name")
        self.fields["quartiers"].queryset = (
            Quartier.objects.filter(organisation=organisation)
            .select_related("commune")
            .order_by("commune__name", "name")
        )
        self.fields["residences"].queryset = access.residences_for(membership).order_by("name")

    def fieldsets(self):
        return [
            (_("Quand"), [self["date"], self["starts"], self["ends"]]),
            (_("Qui"), [self["team"], self["members"]]),
            (_("Où"), [self["communes"], self["quartiers"], self["residences"]]),
        ]

    def clean(self):
        data = super().clean()
        day, starts, ends = data.get("date"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            if starts == ends:
                self.add_error(
                    "ends",
                    _(
                        "La fin est à la même heure que le début : indiquez quand la tournée "
                        "se termine."
                    ),
                )
            else:
                data["starts_at"], data["ends_at"] = nights.bounds(day, starts, ends)
                problem = nights.problem(data["starts_at"], data["ends_at"])
                if problem:
                    self.add_error("ends", problem)
        team = data.get("team")
        if team is not None:
            in_team = {member.pk for member in team.members.all()}
            outsiders = [m for m in data.get("members", []) if m.pk not in in_team]
            if outsiders:
                self.add_error(
                    "members",
                    _("Ne font pas partie de l'équipe « %(team)s » : %(names)s.")
                    % {
                        "team": team.name,
                        "names": ", ".join(m.user.get_full_name() for m in outsiders),
                    },
                )
            elif not (data.get("members") or in_team):
                self.add_error("members", _("L'équipe est vide : cochez qui part en tournée."))
        if not (data.get("communes") or data.get("quartiers") or data.get("residences")):
            self.add_error(
                None,
                _(
                    "Indiquez le territoire de la tournée : au moins une commune, un quartier ou "
                    "une résidence."
                ),
            )
        return data

    def action_kwargs(self):
        data = self.cleaned_data
        return {
            "team": data["team"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "members": list(data["members"]),
            "communes": list(data["communes"]),
            "quartiers": list(data["quartiers"]),
            "residences": list(data["residences"]),
        }


class CancelShiftForm(StyledForm):
    """Nothing to fill in: the page asks for confirmation."""


class RoadmapItemForm(StyledForm):
    text = forms.CharField(
        label=_("Priorité"),
        max_length=300,
        help_text=_("Par exemple « Passer dans les halls : squats signalés par le bailleur »."),
    )
    residence = forms.ModelChoiceField(
        label=_("Résidence concernée"),
        queryset=None,
        required=False,
        empty_label=_("Aucune en particulier"),
    )

    def __init__(self, *args, residences, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["residence"].queryset = residences
