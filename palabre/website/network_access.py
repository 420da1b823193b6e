"""The only way in to a network's public site. Outside reach: 404.

| who                                  | public pages of a published site | settings of the site |
|--------------------------------------|----------------------------------|----------------------|
| anyone, with or without an account   | read                             | —                    |
| the network's admin and staff        | read, even unpublished           | read and change      |
| anyone else (another network, a      | read                             | nothing (404)        |
| service's people, partners…)         |                                  |                      |

A public page shows only what its network made public: members that agreed to appear (their
public name, type, territory, region, domains and phase), events marked public (title, kind,
dates, place), active modules with their coming sessions (dates, place, places left) and the
observatory's sums as they may leave. Never a contact, a dues line, a certification record, an
event's description or registrations.
"""

from django.db.models import Count, F, Q
from django.http import Http404

from palabre.network import access as network_access
from palabre.network.models import Event, Member
from palabre.organisations.models import Organisation, OrganisationKind
from palabre.training import access as training_access
from palabre.training.models import EnrolmentState, Module, Session
from palabre.website.network_models import MemberListing, NetworkSite, PublicEvent

__all__ = [
    "can_edit_site",
    "coming_sessions",
    "reachable_sessions",
    "can_enrol",
    "listed_members",
    "listed_member_ids",
    "member_choices",
    "network_by_slug",
    "network_of",
    "published_network_sites",
    "public_event_ids",
    "event_choices",
    "public_events",
    "site_for_visitor",
    "site_of",
]


def network_by_slug(slug):
    """The network whose site this is; a service or an unknown address: 404."""
    network = Organisation.objects.filter(slug=slug, kind=OrganisationKind.NETWORK).first()
    if network is None:
        raise Http404
    return network


def site_of(network) -> NetworkSite:
    """The network's site settings; a network that never opened them gets the defaults."""
    if network.kind != OrganisationKind.NETWORK:
        raise Http404
    site = NetworkSite.objects.filter(network=network).select_related("network").first()
    return site or NetworkSite(network=network)


def network_of(membership):
    """The network whose site the membership edits: its own, for its admin and staff."""
    return network_access.network_of(membership)


def published_network_sites():
    return NetworkSite.objects.filter(is_published=True).select_related("network")


def can_edit_site(membership, network) -> bool:
    """The network's admin and staff (``network/access.py``), for their own network only."""
    return network_access.network_of(membership) == network


def site_for_visitor(membership, network, section: str | None = None) -> NetworkSite:
    """The site as a page shows it: published (its staff also previews it unpublished), with
    ``section`` switched on."""
    site = site_of(network)
    if not site.is_published and not can_edit_site(membership, network):
        raise Http404
    if section is not None and not site.shows(section):
        raise Http404
    return site


# --- What the public pages list -------------------------------------------------------------------


def listed_members(network):
    """Active members that agreed to appear, with what a visitor may read of them only."""
    listed = MemberListing.objects.filter(network=network).values("member")
    return (
        Member.objects.of(network)
        .active()
        .filter(pk__in=listed)
        .only("name", "legal_type", "phase", "domains", "territories", "region")
    )


def public_events(network):
    public = PublicEvent.objects.filter(network=network).values("event")
    return (
        Event.objects.of(network)
        .filter(pk__in=public)
        .only("kind", "title", "starts_on", "ends_on", "place", "is_remote", "network_id")
    )


def coming_sessions(network, today):
    """The network's planned sessions of its catalogue's modules that have not started yet,
    with the places left (the only count a visitor reads)."""
    return (
        Session.objects.of(network)
        .planned()
        .filter(starts_on__gte=today, module__in=Module.objects.of(network).active())
        .select_related("module")
        .annotate(
            enrolled_count=Count("enrolments", filter=Q(enrolments__state=EnrolmentState.ENROLLED))
        )
        .annotate(places_left=F("capacity") - F("enrolled_count"))
        .order_by("starts_on", "module__title")
    )


def reachable_sessions(membership, sessions) -> set:
    """Of ``sessions``, the ids whose training page the membership opens — to enrol its people
    there for a service's coordination (``training/access.py`` decides)."""
    if not training_access.can_open(membership):
        return set()
    ids = [session.pk for session in sessions]
    return set(
        training_access.sessions_for(membership).filter(pk__in=ids).values_list("pk", flat=True)
    )


def can_enrol(membership) -> bool:
    return training_access.can_enrol(membership)


# --- What the settings page offers ---------------------------------------------------------------


def listed_member_ids(network):
    return MemberListing.objects.filter(network=network).values_list("member_id", flat=True)


def public_event_ids(network):
    return PublicEvent.objects.filter(network=network).values_list("event_id", flat=True)


def member_choices(network):
    return Member.objects.of(network).active().only("name", "network_id")


def event_choices(network):
    return Event.objects.of(network).only("title", "starts_on", "network_id")
