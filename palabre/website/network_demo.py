"""The demo network's public site: published, most members listed, its meetings public."""

from palabre.network.models import EventKind
from palabre.website import network_access
from palabre.website.network_actions import save_network_site
from palabre.website.network_forms import NetworkSiteForm

# One member in five has not answered the network yet: it stays out of the public directory.
UNLISTED_EVERY = 5


def seed_network_site(network) -> dict:
    """Publishes the demo network's site through the staff's own action. Answers what it shows."""
    site = network_access.site_of(network)
    fields = {name: getattr(site, name) for name in NetworkSiteForm._meta.fields}
    fields.update(is_published=True, show_resources=True)
    members = [
        member
        for index, member in enumerate(network_access.member_choices(network).order_by("name"))
        if index % UNLISTED_EVERY != UNLISTED_EVERY - 1
    ]
    events = list(network_access.event_choices(network).exclude(kind=EventKind.WORKING_GROUP))
    save_network_site(
        network=network, by=None, fields=fields, listed_members=members, public_events=events
    )
    return {"members": len(members), "events": len(events)}
