"""One person's walk through the site: every same-site link, breadth-first, and what each answered.

The walk GETs the start pages, then every link the pages show, each distinct address once. Only
the first ``limit`` HTML pages (and at most ``per_route`` of one URL pattern, so that a month
calendar or a long list does not eat the budget) have their own links followed; every link a
followed page shows is still requested once, so that each link shown to the person is checked.
Links are requested as they are shown, with the person's own session; GET changes nothing in
Palabre (each action is a POST behind its form), so following every link is safe.

A page is kept as a ``Fetch``: its statuses, where it landed, the marker strings it carries
(``tests/crawl/markers.py``) and, for HTML, the file it was saved to for the HTML checker.
"""

import hashlib
import io
import re
import subprocess
import time
import zipfile
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from django.urls import Resolver404, resolve

from tests.crawling import SKIPPED, same_site_links

# An error message on the page a redirect lands on: a link that only sends the person back with
# a refusal leads nowhere for them (components/messages.html).
REFUSAL = re.compile(r'class="alert alert-danger" role="alert"')
TEXT_TYPES = ("text/", "application/json", "application/xml")
SPREADSHEET_TYPES = (
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


def route_of(url: str) -> str:
    """The URL pattern an address answers to (``dossiers/<uuid:case_id>/``), or its path."""
    path = urlparse(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.namespace}:{match.route}" if match.namespace else match.route


@dataclass
class Fetch:
    url: str
    status: int  # the first answer, before any redirect is followed
    final_status: int
    final_url: str
    content_type: str
    markers: frozenset = frozenset()
    refused: bool = False  # redirected onto a page that says no
    error: str = ""  # the exception behind a 5xx
    saved: Path | None = None
    followed: bool = False  # its links were followed
    seconds: float = 0.0

    @property
    def route(self) -> str:
        return route_of(self.url)

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")

    @property
    def redirected(self) -> bool:
        return 300 <= self.status < 400


@dataclass
class Walk:
    role: str
    fetched: dict = field(default_factory=dict)  # url → Fetch
    shown_on: dict = field(default_factory=dict)  # link → the pages that show it
    seconds: float = 0.0
    truncated: bool = False  # some pages were not followed (page or pattern budget)

    @property
    def pages(self) -> list:
        return [fetch for fetch in self.fetched.values() if fetch.is_html]

    def dead_links(self) -> list:
        """Links shown to the person that do not answer 2xx or 3xx, land on an error, or only
        bring them back with a refusal: (link, what it did, a page that shows it)."""
        dead = []
        for link, sources in sorted(self.shown_on.items()):
            fetch = self.fetched.get(link)
            if fetch is None:
                continue
            if fetch.status >= 400 or fetch.final_status >= 400:
                dead.append((link, f"{fetch.status}→{fetch.final_status}", sorted(sources)[0]))
            elif fetch.refused:
                dead.append((link, f"{fetch.status}→refus", sorted(sources)[0]))
        return dead


def fetch_as(client, url, find_markers):
    """GETs ``url`` as ``client``'s person, following redirects: (Fetch, body)."""
    started = time.monotonic()
    response = client.get(url, follow=True)
    chain = response.redirect_chain
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()  # a file sent as it is read (an uploaded document) is closed here
    text = readable_text(content_type, body)
    request = response.request
    query = request.get("QUERY_STRING")
    fetch = Fetch(
        url=url,
        status=chain[0][1] if chain else response.status_code,
        final_status=response.status_code,
        final_url=request["PATH_INFO"] + (f"?{query}" if query else ""),
        content_type=content_type,
        markers=frozenset(find_markers(text)) if text else frozenset(),
        refused=bool(chain) and bool(REFUSAL.search(text)),
        seconds=time.monotonic() - started,
    )
    if getattr(response, "exc_info", None):
        fetch.error = repr(response.exc_info[1])
    return fetch, body


def readable_text(content_type: str, body: bytes) -> str:
    """What a reader of the answer reads: the text of a page, a CSV or a calendar, of a PDF
    (poppler's pdftotext) and of the XML inside an ODS or XLSX file."""
    if content_type.startswith(TEXT_TYPES):
        return body.decode(errors="replace")
    if content_type.startswith("application/pdf"):
        done = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True
        )
        return done.stdout.decode()
    if content_type.startswith(SPREADSHEET_TYPES):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(
                archive.read(name).decode(errors="replace")
                for name in archive.namelist()
                if name.endswith(".xml")
            )
    return ""


class Walker:
    """Walks the site as the person whose session ``client`` holds."""

    def __init__(self, client, *, role, find_markers, save_to=None, limit=300, per_route=3):
        self.client = client
        self.find_markers = find_markers
        self.save_to = save_to
        self.limit = limit
        self.per_route = per_route
        self.walk = Walk(role=role)

    def run(self, starts) -> Walk:
        started = time.monotonic()
        queue = deque(starts)
        followed, per_route = 0, Counter()
        while queue:
            url = queue.popleft()
            if url in self.walk.fetched or url.startswith(SKIPPED):
                continue
            fetch, html = self.fetch(url)
            if html is None or fetch.final_status >= 400:
                continue
            route = fetch.route
            if followed >= self.limit or per_route[route] >= self.per_route:
                self.walk.truncated = True
                continue
            followed += 1
            per_route[route] += 1
            fetch.followed = True
            for link in same_site_links(fetch.final_url, html):
                if link.startswith(SKIPPED):
                    continue
                self.walk.shown_on.setdefault(link, set()).add(url)
                if link not in self.walk.fetched:
                    queue.append(link)
        self.walk.seconds = time.monotonic() - started
        return self.walk

    def fetch(self, url):
        """GETs ``url``; returns the Fetch and the HTML, if it is a page (saved for the checker)."""
        fetch, body = fetch_as(self.client, url, self.find_markers)
        self.walk.fetched[url] = fetch
        if not fetch.is_html:
            return fetch, None
        if self.save_to is not None:
            fetch.saved = self._save(url, body)
        return fetch, body.decode(errors="replace")

    def _save(self, url, body) -> Path:
        name = hashlib.sha1(url.encode()).hexdigest()[:16]
        path = self.save_to / f"{self.walk.role}-{name}.html"
        path.write_bytes(body)
        return path
