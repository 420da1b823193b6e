from palabre.field import access, roadmap_requests_access, watch_access


def navigation(request):
    """``field_nav``: the field pages for the coordination and the mediators of a service.
    Like the permanences' link, it is read from the role alone: a query per page to find
    whether a mediator is in a team would cost every page of the application. A partner account
    gets its « Signalements techniques » once one has been routed to it (one query, on partner
    accounts' pages only), and its « Demandes de passage » when its organisation manages a
    residence (one more)."""
    current = getattr(request, "membership", None)
    return {
        "field_nav": {
            "entry": access.can_open(current),
            "teams": access.can_manage(current),
            "partner_signals": watch_access.has_portal_signals(current),
            "partner_rounds": roadmap_requests_access.has_residences(current),
        }
    }
