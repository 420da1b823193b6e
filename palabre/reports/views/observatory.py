"""The observatory: a service shares its figures with its networks; the network's staff see
them summed by region, type and phase, and each member beside the others of its kind; a member
on another instance pushes its document to the receiving address.

Every page of the network reads ``observatory_tables`` only: sums, medians and a member's
aggregates, small counts hidden. Never a case, a party or a note.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from palabre.core.actions import Refused, act_on
from palabre.network import access as network_access
from palabre.organisations.access import require
from palabre.reports import access, actions, observatory, observatory_field, observatory_tables
from palabre.reports.forms.observatory import (
    ObservatoryForm,
    PushKeyForm,
    SharingDecisionForm,
    YearForm,
)
from palabre.reports.models import SharingConsent
from palabre.reports.suppression import default_threshold
from palabre.reports.tables import Table


def _chosen_year(request, network, form_class, **extra):
    """The year asked in the query string (a known one), else the default; and its form."""
    today = timezone.localdate()
    years = observatory_tables.years_of(network, today)
    form = form_class(request.GET if "annee" in request.GET else None, years=years)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["annee"], form
    year = observatory_tables.default_year(network, today)
    return year, form_class(initial={"annee": year, **extra}, years=years)


def dashboard(request):
    membership = request.membership
    require(access.can_see_observatory(membership))
    network = access.observatory_network(membership)
    year, form = _chosen_year(request, network, ObservatoryForm, par="region")
    dimension = (form.is_bound and form.cleaned_data.get("par")) or "region"
    found = observatory_tables.entries(network, year)
    pole = None
    if request.GET.get("pole"):
        # A regional pole's own view: the figures of its members only, hidden alike.
        pole = network_access.get_pole_for(membership, request.GET["pole"])
        found = [entry for entry in found if entry.member.pole_id == pole.pk]
    context = {
        "network": network,
        "pole": pole,
        "year": year,
        "form": form,
        "dimension_label": observatory_tables.DIMENSIONS[dimension][0],
        "cards": observatory_tables.headline(found),
        "tables": observatory_tables.group_tables(found, dimension) if found else [],
        "breakdowns": observatory_tables.breakdown_tables(found) if found else [],
        "field_tables": observatory_field.dashboard_tables(
            found, dimension, observatory_tables.DIMENSIONS
        ),
        "entries": found,
        "outside_directory": observatory_tables.consenting_outside_directory(network),
        "threshold": default_threshold(),
    }
    return render(request, "reports/observatory_dashboard.html", context)


def member_figures(request, member_id):
    membership = request.membership
    require(access.can_see_observatory(membership))
    member = network_access.get_member_for(membership, member_id)
    network = access.observatory_network(membership)
    year, form = _chosen_year(request, network, YearForm)
    found = observatory_tables.entries(network, year)
    entry = next((e for e in found if e.member.pk == member.pk), None)
    peers = observatory_tables.peers_of(entry, found) if entry else []
    context = {
        "member": member,
        "year": year,
        "form": form,
        "entry": entry,
        "peers": len(peers),
        "min_peers": observatory_tables.MIN_PEERS,
        "tables": (
            observatory_tables.comparison_tables(entry, peers)
            + observatory_field.comparison_tables(
                entry, peers, min_peers=observatory_tables.MIN_PEERS
            )
            if entry
            else []
        ),
        "threshold": default_threshold(),
        "crumbs": [(_("Observatoire"), f"{reverse('reports:observatory')}?annee={year}")],
    }
    return render(request, "reports/observatory_member.html", context)


# --- A service shares its figures ---------------------------------------------------------------


def sharing(request):
    membership = request.membership
    require(access.can_share_figures(membership))
    organisation = membership.organisation
    consents = {
        consent.network_id: consent
        for consent in SharingConsent.objects.active().of(organisation).select_related("given_by")
    }
    networks = [
        {"network": network, "consent": consents.get(network.pk)}
        for network in access.sharing_networks_for(membership).order_by("name")
    ]
    year = timezone.localdate().year - 1
    figures = observatory.figures_of(organisation, year)
    preview = Table(
        title=_("Ce que le réseau reçoit pour %(year)s") % {"year": year},
        headings=[_("Indicateur"), _("Chiffre")],
        rows=[[str(label), figures[key]] for key, label in observatory_tables.COUNT_LABELS.items()]
        + (observatory_field.preview_rows(figures["field"]) if "field" in figures else []),
    )
    context = {
        "networks": networks,
        "preview": preview,
        "threshold": default_threshold(),
    }
    return render(request, "reports/observatory_sharing.html", context)


@require_POST
def sharing_decision(request, network_id):
    membership = request.membership
    require(access.can_share_figures(membership))
    network = access.get_sharing_network_for(membership, network_id)
    form = SharingDecisionForm(request.POST)
    if form.is_valid():
        share = form.cleaned_data["decision"] == "share"
        verb = actions.share_figures if share else actions.withdraw_figures
        try:
            verb(network=network, by=membership)
        except Refused as refused:
            messages.error(request, refused.message)
        else:
            message = (
                _("Vos chiffres sont partagés avec %(network)s.")
                if share
                else _(
                    "Le partage avec %(network)s est retiré : vos chiffres ne figurent plus "
                    "dans ses tableaux."
                )
            )
            messages.success(request, message % {"network": network.name})
    return redirect("reports:observatory_sharing")


# --- Keys of members on other instances ---------------------------------------------------------


def push_keys(request):
    membership = request.membership
    require(access.can_see_observatory(membership))
    form = PushKeyForm(
        request.POST or None, members=network_access.members_for(membership).active()
    )
    done, result = act_on(
        request,
        form,
        lambda member: actions.create_push_key(member=member, by=membership),
    )
    context = {
        "form": form,
        "keys": access.push_keys_for(membership).active(),
        "created": result[0] if done else None,
        "secret": result[1] if done else None,
        "receive_url": request.build_absolute_uri(reverse("reports:observatory_receive")),
        "network": access.observatory_network(membership),
        "crumbs": [(_("Observatoire"), reverse("reports:observatory"))],
    }
    return render(request, "reports/observatory_keys.html", context)


@require_POST
def push_key_revoke(request, key_id):
    membership = request.membership
    require(access.can_see_observatory(membership))
    key = access.get_push_key_for(membership, key_id)
    actions.revoke_push_key(key=key, by=membership)
    messages.success(request, _("La clé %(key)s est révoquée.") % {"key": key.key_id})
    return redirect("reports:observatory_keys")


# --- The receiving address ----------------------------------------------------------------------


@login_not_required
@csrf_exempt
@require_POST
def receive(request):
    """A member's signed document from another instance (``docs/observatory-schema.md``).
    Answers JSON: 201 when stored; otherwise the status and, in French, why nothing was."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    try:
        if length > observatory.MAX_BYTES:
            raise observatory.Rejected(
                413,
                _("Document trop volumineux (%(max)s octets au plus).")
                % {"max": observatory.MAX_BYTES},
            )
        received = observatory.receive(
            body=request.body,
            key_id=request.headers.get(observatory.KEY_HEADER, ""),
            signature=request.headers.get(observatory.SIGNATURE_HEADER, ""),
        )
    except observatory.Rejected as rejected:
        return JsonResponse(
            {"accepted": False, "error": rejected.message, "problems": rejected.problems},
            status=rejected.status,
            json_dumps_params={"ensure_ascii": False},
        )
    return JsonResponse(
        {
            "accepted": True,
            "document_id": str(received.document_id),
            "message": _("Document reçu et enregistré."),
        },
        status=201,
        json_dumps_params={"ensure_ascii": False},
    )
