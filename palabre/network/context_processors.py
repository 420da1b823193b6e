from palabre.network import access


def navigation(request):
    """``network_nav``: the network's pages, for its staff."""
    return {"network_nav": {"home": access.can_manage(getattr(request, "membership", None))}}
