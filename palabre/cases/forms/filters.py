"""Filter forms of the case list and of the activity overview (GET forms, plain Django forms).

A bad value never breaks a page: the form answers field by field in French and the view shows an
empty list with the errors.
"""

from django import forms
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from palabre.cases import codes
from palabre.cases.models import CaseAssignment, CaseConflict
from palabre.core.forms import StyledForm, date_input  # noqa: F401 (used by the other forms)
from palabre.core.models import Commune
from palabre.organisations.models import Membership


def blank(label):
    return [("", label)]


class QuartierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.commune.name} — {obj.name}"


def mediator_choices(organisation_id):
    """The people who can be assigned to a case (mediators and coordinators), in one query."""
    return [
        (str(membership.pk), str(membership.user))
        for membership in Membership.objects.mediators_of(organisation_id)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    ]


def territory_choices(organisation_id):
    """The organisation's communes, and its quartiers grouped by commune, in one query."""
    rows = (
        Commune.objects.of(organisation_id)
        .order_by("name", "pk", "quartiers__number", "quartiers__name")
        .values_list("pk", "name", "quartiers__pk", "quartiers__name")
    )
    communes, groups = {}, {}
    for commune_id, commune_name, quartier_id, quartier_name in rows:
        communes[str(commune_id)] = commune_name
        if quartier_id is not None:
            groups.setdefault(str(commune_id), []).append((str(quartier_id), quartier_name))
    quartiers = [(communes[commune_id], choices) for commune_id, choices in groups.items()]
    return list(communes.items()), quartiers


# Whitelisted sort keys of the case list: value of ``tri`` → ORDER BY columns (ascending).
SORT_COLUMNS = {
    "reference": ("reference",),
    "opened_on": ("opened_on", "reference"),
    "status": ("status_rank", "reference"),
    "commune": ("commune__name", "quartier__name", "reference"),
}
SORT_CHOICES = [
    ("", _("Plus récents d'abord")),
    ("reference", _("Référence (croissante)")),
    ("-reference", _("Référence (décroissante)")),
    ("opened_on", _("Date de saisine (plus anciens d'abord)")),
    ("-opened_on", _("Date de saisine (plus récents d'abord)")),
    ("status", _("État (ordre du processus)")),
    ("-status", _("État (ordre inverse)")),
    ("commune", _("Commune (A → Z)")),
    ("-commune", _("Commune (Z → A)")),
]


# The period filter, by value of ``periode``: how a case belongs to the days from ``du`` to ``au``
# (``cases.models``: the same conditions as the activity figures). Without ``periode``, the
# cases opened in the period.
OPENED, TREATED, CLOSED = "ouverts", "traites", "clos"
PERIOD_CHOICES = [
    (OPENED, _("ouverts (nouvelles saisines)")),
    (TREATED, _("traités (ouverts à un moment de la période)")),
    (CLOSED, _("clos")),
]


def status_rank():
    """The position of each status in the process, so that sorting follows the trade's order."""
    return SqlCase(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(codes.Status)],
        default=Value(len(codes.Status)),
        output_field=IntegerField(),
    )


class CaseFilterForm(StyledForm):
    """Filters of the case list; choices are limited to the membership's organisation."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom d'une personne ou référence du dossier, accents et majuscules ignorés."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("État"), required=False, choices=blank(_("Tous les états")) + codes.Status.choices
    )
    stage = forms.ChoiceField(
        label=_("Étape atteinte"),
        required=False,
        choices=blank(_("Toutes les étapes")) + codes.Stage.choices,
    )
    commune = forms.ChoiceField(label=_("Commune"), required=False, choices=())
    quartier = forms.ChoiceField(label=_("Quartier"), required=False, choices=())
    category = forms.ChoiceField(
        label=_("Motif du conflit"),
        required=False,
        choices=blank(_("Tous les motifs")) + codes.ConflictCategory.choices,
    )
    referral_source = forms.ChoiceField(
        label=_("Origine de la saisine"),
        required=False,
        choices=blank(_("Toutes les origines")) + codes.ReferralSource.choices,
    )
    closure_reason = forms.ChoiceField(
        label=_("Motif de clôture"),
        required=False,
        choices=blank(_("Tous les motifs de clôture")) + codes.ClosureReason.choices,
    )
    mediator = forms.ChoiceField(label=_("Médiateur·rice"), required=False, choices=())
    periode = forms.ChoiceField(
        label=_("Sur la période, les dossiers"),
        required=False,
        choices=PERIOD_CHOICES,
        help_text=_("Comptés comme dans les chiffres de l'activité."),
    )
    du = forms.DateField(label=_("du"), required=False, widget=date_input())
    au = forms.DateField(label=_("au"), required=False, widget=date_input())
    tri = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        organisation_id = membership.organisation_id
        communes, quartiers = territory_choices(organisation_id)
        self.fields["commune"].choices = blank(_("Toutes les communes")) + communes
        self.fields["quartier"].choices = blank(_("Tous les quartiers")) + quartiers
        self.fields["mediator"].choices = blank(_("Toutes et tous")) + mediator_choices(
            organisation_id
        )

    def clean_periode(self):
        return self.cleaned_data["periode"] or OPENED

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if start and end and end < start:
            self.add_error("au", _("La date de fin précède la date de début."))
        return cleaned

    @property
    def is_filtered(self):
        """Whether a criterion narrows the list: the sort does not, nor the kind of period
        without its dates."""
        ignored = {"tri"} if self.data.get("periode") == CLOSED else {"tri", "periode"}
        return self.is_bound and any(
            self.data.get(name) for name in self.fields if name not in ignored
        )

    def filter(self, cases):
        """Narrows ``cases`` (already scoped to the member) to the valid filters, sorted."""
        data = self.cleaned_data
        if data["q"]:
            cases = cases.matching(data["q"])
        if data["status"]:
            cases = cases.filter(status=data["status"])
        if data["stage"]:
            cases = cases.filter(stage_reached=data["stage"])
        if data["commune"]:
            cases = cases.filter(commune_id=data["commune"])
        if data["quartier"]:
            cases = cases.filter(quartier_id=data["quartier"])
        if data["category"]:
            cases = cases.filter(
                pk__in=CaseConflict.objects.filter(category=data["category"]).values("case_id")
            )
        if data["referral_source"]:
            cases = cases.filter(referral_source=data["referral_source"])
        if data["closure_reason"]:
            cases = cases.filter(closure_reason=data["closure_reason"])
        if data["mediator"]:
            cases = cases.filter(
                pk__in=CaseAssignment.objects.filter(
                    membership_id=data["mediator"], ended_at__isnull=True
                ).values("case_id")
            )
        cases = in_period(cases, data["periode"], data["du"], data["au"])
        return sort_cases(cases, data.get("tri") or "")


def in_period(cases, period: str, start, end):
    """The ``cases`` that belong to the period from ``start`` to ``end`` the way ``period``
    says (``PERIOD_CHOICES``), each bound optional."""
    if period == CLOSED:
        return cases.closed_between(start, end)
    if period == TREATED:
        return cases.treated_between(start, end)
    return cases.opened_between(start, end)


def sort_cases(cases, tri: str):
    key = tri.removeprefix("-")
    if key not in SORT_COLUMNS:
        return cases.order_by("-opened_on", "-reference")
    columns = SORT_COLUMNS[key]
    if key == "status":
        cases = cases.annotate(status_rank=status_rank())
    if tri.startswith("-"):
        columns = tuple(f"-{column}" for column in columns)
    return cases.order_by(*columns)


class OverviewForm(StyledForm):
    """The year of the activity overview; anything else falls back to the current year."""

    year = forms.TypedChoiceField(label=_("Année"), coerce=int, required=False, choices=())

    def __init__(self, *args, first_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = timezone.localdate().year
        first = min(first_year or current, current)
        self.fields["year"].choices = [(year, str(year)) for year in range(current, first - 1, -1)]
        self.fields["year"].initial = current

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year
