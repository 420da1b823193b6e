"""A network's public site: who it is and what it does, its members, its trainings, its
meetings and its figures, for anyone; and the settings page its staff edits.

Every public page reads through ``network_access`` and names nobody: no contact, no trainer, no
registration. ``network_home`` is called by the site's dispatcher with the network it found."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.library import public as library_public
from palabre.network.models import EventKind
from palabre.organisations.access import require
from palabre.reports import observatory_tables
from palabre.website import network_access as access
from palabre.website import network_figures, network_map
from palabre.website.network_actions import save_network_site
from palabre.website.network_forms import MemberFilterForm, NetworkSiteForm, YearForm
from palabre.website.network_models import SECTIONS

PAST_EVENTS = 12


def url_of(section: str, network) -> str:
    if section == "home":
        return reverse("website:home", kwargs={"slug": network.slug})
    return reverse(f"website:network_{section}", kwargs={"slug": network.slug})


def sitemap_pages(request) -> list[dict]:
    """The published networks' pages, for ``sitemap.xml``."""
    pages = []
    for site in access.published_network_sites():
        sections = ["home", *(key for key, _t in SECTIONS if key != "resources")]
        pages += [
            {
                "loc": request.build_absolute_uri(url_of(section, site.network)),
                "lastmod": timezone.localdate(site.updated_at),
            }
            for section in sections
            if section == "home" or site.shows(section)
        ]
    return pages


RESOURCES_SHOWN = 12


def public_resources(network) -> list:
    """The resources the network publishes (``library.public``): title, address, summary."""
    return library_public.public_resources(network, limit=RESOURCES_SHOWN)


def _page(request, template, *, site, section, title, description, **context):
    network = site.network
    canonical = request.build_absolute_uri(url_of(section, network))
    nav = [
        {"key": key, "title": label, "url": url_of(key, network), "current": key == section}
        for key, label in SECTIONS
        if key != "resources" and site.shows(key)
    ]
    return render(
        request,
        template,
        {
            "site": site,
            "network": network,
            "section": section,
            "page_title": title,
            "meta": {"description": description, "canonical": canonical},
            "site_nav": nav,
            "home_url": url_of("home", network),
            "can_edit": access.can_edit_site(getattr(request, "membership", None), network),
            "preview": not site.is_published,
            **context,
        },
    )


@login_not_required
def network_home(request, organisation):
    membership = getattr(request, "membership", None)
    site = access.site_for_visitor(membership, organisation)
    return _page(
        request,
        "website/network/home.html",
        site=site,
        section="home",
        title=organisation.name,
        description=_("%(network)s : qui nous sommes, ce que nous faisons, nos membres.")
        % {"network": organisation.name},
        resources=public_resources(organisation) if site.show_resources else [],
    )


@login_not_required
def members(request, slug):
    network = access.network_by_slug(slug)
    site = access.site_for_visitor(getattr(request, "membership", None), network, "members")
    everyone = list(access.listed_members(network))
    form = MemberFilterForm(request.GET or None)
    shown = form.apply(everyone)
    selected = form.cleaned_data.get("region", "") if form.is_valid() else ""
    return _page(
        request,
        "website/network/members.html",
        site=site,
        section="members",
        title=_("Membres de %(network)s") % {"network": network.name},
        description=_("Les structures membres de %(network)s, par région, type et domaine.")
        % {"network": network.name},
        form=form,
        members=shown,
        total=len(everyone),
        tiles=network_map.tiles(Counter(m.region for m in everyone), selected),
        map_size=network_map.size(),
    )


@login_not_required
def trainings(request, slug):
    network = access.network_by_slug(slug)
    membership = getattr(request, "membership", None)
    site = access.site_for_visitor(membership, network, "trainings")
    sessions = list(access.coming_sessions(network, timezone.localdate()))
    modules = {}
    for session in sessions:
        modules.setdefault(session.module, []).append(session)
    return _page(
        request,
        "website/network/trainings.html",
        site=site,
        section="trainings",
        title=_("Formations de %(network)s") % {"network": network.name},
        description=_("Les formations de %(network)s et leurs prochaines sessions.")
        % {"network": network.name},
        modules=list(modules.items()),
        reachable=access.reachable_sessions(membership, sessions),
        can_enrol=access.can_enrol(membership),
        signed_in=membership is not None,
    )


@login_not_required
def meetings(request, slug):
    network = access.network_by_slug(slug)
    site = access.site_for_visitor(getattr(request, "membership", None), network, "meetings")
    today = timezone.localdate()
    events = access.public_events(network)
    research = events.filter(kind=EventKind.RESEARCH_ACTION)
    meetings = events.exclude(kind=EventKind.RESEARCH_ACTION)
    return _page(
        request,
        "website/network/meetings.html",
        site=site,
        section="meetings",
        title=_("Rencontres de %(network)s") % {"network": network.name},
        description=_("Les rencontres, journées et recherches-actions de %(network)s.")
        % {"network": network.name},
        coming=meetings.coming(today).order_by("starts_on", "title"),
        past=meetings.past(today).order_by("-starts_on", "title")[:PAST_EVENTS],
        research=research.order_by("-starts_on", "title"),
    )


@login_not_required
def figures(request, slug):
    network = access.network_by_slug(slug)
    site = access.site_for_visitor(getattr(request, "membership", None), network, "figures")
    today = timezone.localdate()
    years = observatory_tables.years_of(network, today)
    form = YearForm(request.GET or None, years=years)
    year = (
        form.cleaned_data["annee"]
        if form.is_valid()
        else observatory_tables.default_year(network, today)
    )
    return _page(
        request,
        "website/network/figures.html",
        site=site,
        section="figures",
        title=_("Chiffres de %(network)s en %(year)s") % {"network": network.name, "year": year},
        description=_("L'activité des structures membres de %(network)s, par année et par région.")
        % {"network": network.name},
        form=form,
        year=year,
        tables=network_figures.public_tables(network, year),
        threshold=network_figures.threshold(),
        min_peers=network_figures.MIN_PEERS,
    )


def settings(request):
    """« Site public du réseau »: publication, texts, switches, members and events shown."""
    membership = request.membership
    network = access.network_of(membership)
    require(network is not None)
    site = access.site_of(network)
    form = NetworkSiteForm(request.POST or None, instance=site, network=network)
    done, _site = act_on(
        request, form, lambda **kwargs: save_network_site(network=network, by=membership, **kwargs)
    )
    if done:
        messages.success(request, _("Le site public est enregistré."))
        return redirect("website:network_settings")
    return render(
        request,
        "website/network/settings.html",
        {
            "form": form,
            "site": site,
            "network": network,
            "home_url": url_of("home", network),
            "crumbs": [(_("Réseau"), reverse("network:home"))],
        },
        status=400 if form.errors else 200,
    )
