from palabre.training import access


def navigation(request):
    """``training_nav``: « Formations » for network staff and a service's admin, coordination
    and mediators."""
    current = getattr(request, "membership", None)
    return {"training_nav": {"index": access.can_open(current)}}
