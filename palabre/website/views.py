"""Public pages: an organisation's page at ``/<slug>/`` (a service's here, a network's in
``network_views``), ``robots.txt`` and ``sitemap.xml``; and the coordination's settings of its
service's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from palabre.core.actions import act_on
from palabre.website import access, actions, network_access, network_views, public
from palabre.website.forms import SiteForm


@login_not_required
def organisation_home(request, slug):
    """One address per organisation: a service gets its page, a network the network's."""
    organisation = access.get_public_organisation(slug)
    if organisation.is_network:
        return network_views.network_home(request, organisation)
    return service_home(request, organisation)


def service_home(request, organisation):
    site, preview = access.get_public_site(organisation, getattr(request, "membership", None))
    now = timezone.now()
    url = request.build_absolute_uri(reverse("website:home", kwargs={"slug": organisation.slug}))
    context = {
        "organisation": organisation,
        "site": site,
        "preview": preview,
        "canonical": url,
        "description": public.description(site),
        "json_ld": public.json_ld(site, url),
        "request_url": public.request_url(organisation),
        "booking_url": public.booking_url(organisation),
    }
    if site.show_partners:
        context.update(public.partners(organisation, timezone.localdate(now)))
    if site.show_permanences:
        context["permanences"] = public.permanences(organisation, now)
    if site.show_events:
        context["events"] = public.upcoming_events(organisation, timezone.localdate(now))
    return render(request, "website/service_home.html", context)


def site_settings(request):
    """« Page publique du service »: texts, blocks shown, contact and publication."""
    membership = getattr(request, "membership", None)
    site = access.site_for_editing(membership)
    initial = {name: getattr(site, name) for name in actions.EDITABLE}
    form = SiteForm(request.POST or None, initial=initial, organisation=site.organisation)
    done, _site = act_on(request, form, lambda **values: actions.save_site(by=membership, **values))
    if done:
        messages.success(request, _("La page publique est enregistrée."))
        return redirect("website:settings")
    return render(
        request,
        "website/site_settings.html",
        {"form": form, "site": site, "organisation": site.organisation},
        status=400 if form.errors else 200,
    )


@login_not_required
def robots_txt(request):
    lines = ["User-agent: *"]
    for site in access.published_sites():
        slug = site.organisation.slug
        lines += [
            f"Allow: /{slug}/$",
            f"Allow: {public.booking_url(site.organisation)}$",
            f"Allow: {public.request_url(site.organisation)}$",
        ]
    for site in network_access.published_network_sites():
        lines.append(f"Allow: /{site.network.slug}/")  # the home and every section
    lines += [
        "Disallow: /",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('website:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@login_not_required
def sitemap_xml(request):
    pages = [
        {
            "loc": request.build_absolute_uri(
                reverse("website:home", kwargs={"slug": site.organisation.slug})
            ),
            "lastmod": timezone.localdate(site.updated_at),
        }
        for site in access.published_sites()
    ]
    return render(
        request,
        "website/sitemap.xml",
        {"pages": pages + _network_pages(request)},
        content_type="application/xml; charset=utf-8",
    )


def _network_pages(request) -> list[dict]:
    """The networks' published pages: ``[{"loc": …, "lastmod": date}]``."""
    return list(network_views.sitemap_pages(request))
