from palabre.library import access


def navigation(request):
    """``library_nav``: the resource library, for the network's staff and its members' teams."""
    return {"library_nav": {"list": access.can_read(getattr(request, "membership", None))}}
