from palabre.network import access, access_funding


def navigation(request):
    """``network_nav``: the network's pages, for its staff; the funding calls, for its staff and
    for the coordination of its member services."""
    membership = getattr(request, "membership", None)
    staff = access.can_manage(membership)
    return {
        "network_nav": {
            "home": staff,
            "funding": staff or access_funding.is_member_coordination(membership),
        }
    }
