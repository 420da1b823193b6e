"""Forms of planning: a permanence's rule, a closure, cancelling or moving one session.

They check the shape of the input; the rules of the calendar (the end after the start, a slot
shorter than the session…) are the verbs' to refuse, and their refusal shows on the form.
"""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.core.forms import CheckboxSelectMultiple, RadioSelect, StyledForm, date_input
from palabre.partners.access import venues_for
from palabre.permanences.models import CancelReason, ClosureKind, Frequency, Weekday

WEEKS = [
    ("1", _("1re")),
    ("2", _("2e")),
    ("3", _("3e")),
    ("4", _("4e")),
    ("5", _("5e")),
    ("-1", _("dernière")),
]


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class VenueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.commune.name})"


def active_venues(membership, keep=None):
    """The service's venues in use, and the one already chosen even if it no longer is."""
    kept = Q(is_active=True)
    if keep is not None:
        kept |= Q(pk=keep.pk)
    return (
        venues_for(membership)
        .filter(kept)
        .select_related("commune")
        .order_by("commune__name", "name")
    )


class PermanenceForm(StyledForm):
    """The rule of a permanence. The weeks of the month are boxes, kept as « 2,4 » or « -1 »."""

    venue = VenueChoiceField(label=_("Lieu"), queryset=None)
    weekday = forms.TypedChoiceField(label=_("Jour"), choices=Weekday.choices, coerce=int)
    frequency = forms.ChoiceField(
        label=_("Fréquence"), choices=Frequency.choices, initial=Frequency.WEEKLY
    )
    weeks = forms.MultipleChoiceField(
        label=_("Semaines du mois"),
        choices=WEEKS,
        required=False,
        widget=CheckboxSelectMultiple,
        help_text=_("Seulement pour « certaines semaines du mois » : par exemple 2e et 4e."),
    )
    starts_at = forms.TimeField(label=_("Début"), widget=time_input())
    ends_at = forms.TimeField(label=_("Fin"), widget=time_input())
    slot_minutes = forms.IntegerField(
        label=_("Durée d'un créneau (minutes)"), min_value=5, max_value=480, initial=45
    )
    valid_from = forms.DateField(label=_("À partir du"), widget=date_input())
    valid_until = forms.DateField(
        label=_("Jusqu'au"),
        widget=date_input(),
        required=False,
        help_text=_("Laisser vide si la permanence continue."),
    )
    skip_school_holidays = forms.BooleanField(
        label=_("Pas de permanence pendant les vacances scolaires"), required=False, initial=True
    )
    is_public = forms.BooleanField(
        label=_("Réservable en ligne"),
        required=False,
        initial=True,
        help_text=_("Les habitants voient ses créneaux libres et réservent sans compte."),
    )

    rule_fields = ["weekday", "frequency", "weeks", "starts_at", "ends_at", "slot_minutes"]
    period_fields = ["valid_from", "valid_until", "skip_school_holidays", "is_public"]

    def __init__(self, *args, membership, current=None, **kwargs):
        if current is not None:
            kwargs["initial"] = {
                "venue": current.venue_id,
                "weekday": current.weekday,
                "frequency": current.frequency,
                "weeks": [str(week) for week in current.weeks()],
                "starts_at": current.starts_at,
                "ends_at": current.ends_at,
                "slot_minutes": current.slot_minutes,
                "valid_from": current.valid_from,
                "valid_until": current.valid_until,
                "skip_school_holidays": current.skip_school_holidays,
                "is_public": current.is_public,
            }
        else:
            kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = active_venues(
            membership, current.venue if current else None
        )
        self.fields["venue"].empty_label = None

    def fieldsets(self):
        return [
            (_("Où"), [self["venue"]]),
            (_("Quand"), [self[name] for name in self.rule_fields]),
            (_("Période et réservation"), [self[name] for name in self.period_fields]),
        ]

    def clean(self):
        data = super().clean()
        if data.get("frequency") == Frequency.WEEKS_OF_MONTH and not data.get("weeks"):
            self.add_error("weeks", _("Cochez au moins une semaine du mois."))
        return data

    def action_kwargs(self):
        data = dict(self.cleaned_data)
        weeks = data.pop("weeks")
        data["weeks_of_month"] = (
            ",".join(w for w, _label in WEEKS if w in weeks)
            if data["frequency"] == Frequency.WEEKS_OF_MONTH
            else ""
        )
        return data


class ClosureForm(StyledForm):
    kind = forms.ChoiceField(
        label=_("Type"), choices=ClosureKind.choices, initial=ClosureKind.SCHOOL_HOLIDAYS
    )
    label = forms.CharField(
        label=_("Libellé"),
        max_length=120,
        help_text=_("Par exemple « Vacances de Noël » ou « Travaux à la Maison du Ronceray »."),
    )
    starts_on = forms.DateField(label=_("Du"), widget=date_input())
    ends_on = forms.DateField(label=_("Au (inclus)"), widget=date_input())
    venue = VenueChoiceField(
        label=_("Lieu"),
        queryset=None,
        required=False,
        empty_label=_("Tous les lieux"),
        help_text=_("Les vacances scolaires valent pour tous les lieux."),
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = active_venues(membership)


class CancelForm(StyledForm):
    reason = forms.ChoiceField(
        label=_("Motif"),
        # A change of rule cancels sessions by itself; a person gives one of the others.
        choices=[c for c in CancelReason.choices if c[0] != CancelReason.RULE_CHANGED],
        widget=RadioSelect,
    )


class MoveForm(StyledForm):
    day = forms.DateField(label=_("Date"), widget=date_input())
    starts_at = forms.TimeField(label=_("Début"), widget=time_input())
    ends_at = forms.TimeField(label=_("Fin"), widget=time_input())

    def __init__(self, *args, occurrence, **kwargs):
        start = timezone.localtime(occurrence.starts_at)
        end = timezone.localtime(occurrence.ends_at)
        kwargs["initial"] = {"day": start.date(), "starts_at": start.time(), "ends_at": end.time()}
        super().__init__(*args, **kwargs)
