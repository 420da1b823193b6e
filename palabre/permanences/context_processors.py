from palabre.permanences import access


def navigation(request):
    """``permanences_nav``: the sessions for the office and mediators, booking for partners."""
    current = getattr(request, "membership", None)
    return {
        "permanences_nav": {
            "sessions": access.can_read(current),
            "partner": access.can_book_as_partner(current),
        }
    }
