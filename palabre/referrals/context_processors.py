from palabre.referrals import access


def navigation(request):
    current = getattr(request, "membership", None)
    return {
        "referrals_nav": {
            "queue": access.can_read_queue(current),
            "portal": access.can_refer(current) if current and current.role == "partner" else False,
        }
    }
