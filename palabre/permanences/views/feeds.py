"""Calendar feeds: the page where a member takes the address of their agenda (and the
coordination those of the venues), and the address itself, which phones read without an
account."""

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from palabre.core.actions import act_on
from palabre.organisations.access import require
from palabre.partners.access import venues_for
from palabre.permanences import access, actions, feeds
from palabre.permanences.forms.feeds import FeedIssueForm


@login_not_required
@require_GET
def serve(request, token):
    """The feed behind a secret address. Unknown and revoked addresses get the same 404."""
    feed = feeds.live_feed(token)
    if feed is None:
        raise Http404
    response = HttpResponse(feeds.calendar_for(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="permanences.ics"'
    # Revalidated at every fetch, so that a revoked address stops answering at once.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _has_feeds(membership) -> bool:
    return access.takes_duties(membership) or access.can_plan(membership)


def _venues(membership):
    """The venues the member may publish a feed of: those with permanences, for planners."""
    if not access.can_plan(membership):
        return venues_for(membership).none()
    with_permanences = access.permanences_for(membership).values("venue")
    return (
        venues_for(membership)
        .filter(pk__in=with_permanences)
        .select_related("commune")
        .order_by("name")
    )


def _address(feed) -> str:
    return settings.PALABRE_BASE_URL.rstrip("/") + reverse("rdv:feed", args=[feed.token])


def _shown(feed):
    """What the page shows of a live feed: its id, https and webcal addresses."""
    if feed is None:
        return None
    url = _address(feed)
    return {"id": feed.pk, "url": url, "webcal": "webcal://" + url.split("://", 1)[-1]}


def feed_list(request):
    membership = request.membership
    require(_has_feeds(membership))
    live = access.feeds_for(membership).filter(revoked_at__isnull=True)
    own = None
    if access.takes_duties(membership):
        own = _shown(live.filter(mediator=membership).first())
    venue_rows = []
    if access.can_plan(membership):
        by_venue = {}
        for feed in live.filter(venue__isnull=False):
            by_venue.setdefault(feed.venue_id, feed)
        venue_rows = [
            {
                "venue": venue,
                "feed": _shown(by_venue.get(venue.pk)),
                "field_id": f"agenda-{venue.pk}",
            }
            for venue in _venues(membership)
        ]
    context = {
        "takes_duties": access.takes_duties(membership),
        "can_plan": access.can_plan(membership),
        "own": own,
        "venue_rows": venue_rows,
    }
    return render(request, "permanences/feed_list.html", context)


@require_POST
def feed_issue(request):
    """A new address for one's own duties, or a venue's (planners); any earlier one stops."""
    membership = request.membership
    require(_has_feeds(membership))
    form = FeedIssueForm(request.POST, membership=membership, venues=_venues(membership))
    # A venue out of reach is as unknown as a missing one.
    require(form.is_valid())
    calendar = form.action_kwargs()
    require("venue" in calendar or access.takes_duties(membership))
    renewing = access.feeds_for(membership).filter(revoked_at__isnull=True, **calendar).exists()
    issue = partial(actions.issue_feed, organisation=membership.organisation)
    done, _feed = act_on(request, form, issue)
    if done:
        if renewing:
            messages.success(
                request,
                _(
                    "La nouvelle adresse est prête ; l'ancienne ne fonctionne plus. "
                    "Abonnez de nouveau vos agendas avec la nouvelle adresse."
                ),
            )
        else:
            messages.success(request, _("L'adresse d'agenda est prête."))
    return redirect("permanences:feeds")


@require_POST
def feed_revoke(request, feed_id):
    membership = request.membership
    feed = access.get_feed_for(membership, feed_id)
    actions.revoke_feed(feed=feed)
    messages.success(request, _("L'adresse est révoquée : les agendas abonnés ne la liront plus."))
    return redirect("permanences:feeds")
