"""Pages are never kept by browsers or proxies unless a view says otherwise.

Case pages, lists and letters hold personal data and volunteers use shared computers: the
browser's back button on a logged-out computer must not bring them back. A view that wants a
cache (the calendar feeds, the service worker) sets its own ``Cache-Control``; static files are
served before this middleware runs.
"""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
