from palabre.organisations import access


def membership(request):
    current = getattr(request, "membership", None)
    return {
        "membership": current,
        "memberships": getattr(request, "memberships", []),
        "can": {
            "read_cases": access.can_read_cases(current),
            "record_intake": access.can_record_intake(current),
            "see_aggregates": access.can_see_aggregates(current),
            "manage": access.is_manager(current),
        },
    }
