"""Following links as a person does: every same-site page reachable from a start page.

Shared by the confidentiality crawls, the crawl of every page of the demo and the hostile-input
test, so that they all walk the site the same way."""

import re
from urllib.parse import urljoin, urlparse

HREF = re.compile(r'href="([^"#]+)"')
# /api/: the REST API answers tokens, not sessions (palabre/api/tests, schemathesis); its
# Swagger page is django-ninja's markup, outside our components.
SKIPPED = ("/compte/deconnexion/", "/admin/", "/static/", "/i18n/", "/api/")


def same_site_links(url, html):
    """The paths (with their query) of the same-site links of a page served at ``url``; a
    ``tel:`` or ``mailto:`` link is not a page of the site."""
    for href in HREF.findall(html):
        target = urlparse(urljoin(url, href.replace("&amp;", "&")))
        if target.scheme in ("", "http", "https") and target.netloc in ("", "testserver"):
            yield target.path + (f"?{target.query}" if target.query else "")


def crawl(client, start="/", limit=150, keep=None):
    """GETs every same-site page reachable from ``start``; yields (url, response). ``keep(url)``,
    when given, says whether a link is worth following (a walk that wants forms, say, may leave
    the hundredth page of the same kind)."""
    seen, queue = set(), [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIPPED) or (keep is not None and not keep(url)):
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        yield url, response
        if "text/html" not in response.get("Content-Type", ""):
            continue
        queue.extend(same_site_links(url, response.content.decode()))
