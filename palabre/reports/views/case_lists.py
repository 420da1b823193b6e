"""The case list as a spreadsheet (CSV, ODS, XLSX): the list's own filters (``CaseFilterForm``),
every page of it, for whoever reads the list, each one the cases the list shows them.

It lives in reports, not in cases, because the writers do (``exports``) and cases may not import
reports. What leaves is what a figure is made of: the reference, the dates, the commune, the
quartier and coded fields. Never a name, an address, a note or a typed text (the referrer's or the
landlord's name as written, the detail of a closure, the reason of a suspension), and never the
words searched for, which may be a person's name.
"""

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from palabre.cases import codes
from palabre.cases.access import cases_for
from palabre.cases.forms.filters import CLOSED, TREATED, CaseFilterForm, sort_cases
from palabre.cases.models import CaseConflict
from palabre.core import reads
from palabre.organisations.access import require
from palabre.reports import access, exports
from palabre.reports.tables import Table

WRITERS = {"csv": exports.to_csv, "ods": exports.to_ods, "xlsx": exports.to_xlsx}
# The filters the subtitle names, in the form's order; ``q`` and ``tri`` are never written.
DESCRIBED = [
    "status",
    "stage",
    "commune",
    "quartier",
    "category",
    "referral_source",
    "closure_reason",
    "mediator",
]


@never_cache
def case_list_export(request, extension):
    membership = request.membership
    require(access.can_download_case_list(membership))
    if extension not in WRITERS:
        raise Http404
    form = CaseFilterForm(request.GET or None, membership=membership)
    cases = cases_for(membership)
    if not form.is_bound:
        cases = sort_cases(cases, "")
    elif form.is_valid():
        cases = form.filter(cases)
    else:
        # The list says, in French, what is wrong with the filters: never a file of a guess.
        return redirect(f"{reverse('cases:list')}?{request.GET.urlencode()}")
    title = _("Dossiers")
    table = _table(cases)
    content = WRITERS[extension](
        title,
        _subtitle(form),
        [table],
        service_name=membership.organisation.name,
    )
    # One record of the access log for the whole file, whatever its number of rows.
    reads.record(
        request,
        reads.Read.EXPORT,
        organisation_id=membership.organisation_id,
        count=len(table.rows),
    )
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[extension])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(title, extension)}"'
    return response


HEADINGS = [
    gettext_lazy("Référence"),
    gettext_lazy("Date de la saisine"),
    gettext_lazy("Clos le"),
    gettext_lazy("État"),
    gettext_lazy("Étape atteinte"),
    gettext_lazy("Motif de clôture"),
    gettext_lazy("Origine de la saisine"),
    gettext_lazy("Canal du premier contact"),
    gettext_lazy("Motif principal"),
    gettext_lazy("Commune"),
    gettext_lazy("Quartier"),
    gettext_lazy("QPV"),
]


def _table(cases) -> Table:
    """One row per case, in the list's order. Dates are written « 2026-01-31 »: a text that every
    spreadsheet sorts right and reads as a date."""
    primary = CaseConflict.objects.filter(case=OuterRef("pk"), is_primary=True).values("category")
    rows = cases.annotate(primary_category=Subquery(primary[:1])).values_list(
        "reference",
        "opened_on",
        "closed_on",
        "status",
        "stage_reached",
        "closure_reason",
        "referral_source",
        "first_contact_channel",
        "primary_category",
        "commune__name",
        "quartier__name",
        "is_qpv",
    )
    labels = [
        None,
        None,
        None,
        codes.Status,
        codes.Stage,
        codes.ClosureReason,
        codes.ReferralSource,
        codes.Channel,
        codes.ConflictCategory,
    ]
    table = Table(
        title=str(_("Liste des dossiers")),
        headings=[str(heading) for heading in HEADINGS],
        note=str(_("Sans nom, adresse ni note : la référence, les dates et les champs codés.")),
    )
    for row in rows.iterator(chunk_size=2000):
        cells = []
        for value, choices in zip(row[:9], labels, strict=True):
            if value in (None, ""):
                cells.append(None)
            elif choices is None:
                cells.append(str(value))
            else:
                cells.append(_label(choices, value))
        commune, quartier, qpv = row[9:]
        cells += [commune, quartier, str(_("oui") if qpv else _("non"))]
        table.rows.append(cells)
    return table


def _label(choices, code) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code


def _subtitle(form) -> str:
    """The filters of the list, in words: « Dossiers traités du 01/01/2026 au 31/12/2026,
    Commune : Rennes »."""
    if not form.is_bound:
        return str(_("Tous les dossiers"))
    data = form.cleaned_data
    parts = []
    start, end = data["du"], data["au"]
    period = {
        TREATED: _("Dossiers traités"),
        CLOSED: _("Dossiers clos"),
    }.get(data["periode"], _("Dossiers ouverts"))
    if start and end:
        parts.append(
            _("%(cases)s du %(start)s au %(end)s")
            % {"cases": period, "start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
        )
    elif start:
        parts.append(
            _("%(cases)s depuis le %(start)s") % {"cases": period, "start": f"{start:%d/%m/%Y}"}
        )
    elif end:
        parts.append(_("%(cases)s jusqu'au %(end)s") % {"cases": period, "end": f"{end:%d/%m/%Y}"})
    elif data["periode"] == CLOSED:
        parts.append(str(period))
    for name in DESCRIBED:
        if data[name]:
            field = form.fields[name]
            parts.append(f"{field.label} : {_choice_text(field.choices, data[name])}")
    if data["q"]:
        parts.append(str(_("recherche par nom ou par référence")))
    return ", ".join(str(part) for part in parts) or str(_("Tous les dossiers"))


def _choice_text(choices, value) -> str:
    """The label of ``value`` among ``choices``, groups (quartiers by commune) included."""
    for key, label in choices:
        if isinstance(label, list | tuple):
            for inner_key, inner_label in label:
                if str(inner_key) == str(value):
                    return f"{key} — {inner_label}"
        elif str(key) == str(value):
            return str(label)
    return str(value)
