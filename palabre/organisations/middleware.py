"""Sets ``request.membership``: the organisation and role the person is acting as."""

from palabre.organisations.access import memberships_of

SESSION_KEY = "palabre_membership_id"


class CurrentMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        if request.user.is_authenticated:
            memberships = list(memberships_of(request.user))
            request.memberships = memberships
            chosen = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if str(m.pk) == chosen), None)
            request.membership = current or (memberships[0] if memberships else None)
        return self.get_response(request)
