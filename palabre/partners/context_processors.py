from palabre.partners import access


def navigation(request):
    """``partners_nav``: which of the directory, conventions and venues the member may open."""
    current = getattr(request, "membership", None)
    return {
        "partners_nav": {
            "directory": access.can_read_directory(current),
            "conventions": access.can_read_conventions(current),
            "venues": access.can_read_venues(current),
        }
    }
