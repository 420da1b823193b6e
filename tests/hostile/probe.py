"""One person's hostile visit: walk the pages they reach, then send every form found there with
hostile values, and replay the links with hostile query strings and path segments.

Every answer is judged as it comes; what is wrong is written down (``problems``) rather than
raised, so that one run lists every problem of a role.
"""

import re
import traceback
import uuid
from urllib.parse import urlparse

from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from tests.crawling import SKIPPED, crawl
from tests.hostile import fingerprint, judge
from tests.hostile.forms import UUID, forms_of
from tests.hostile.values import (
    BOUNDARY,
    MARKUP,
    has_nul,
    multipart,
    needs_multipart,
    submissions,
    urlencoded,
)

# Pages that may be kept by a browser: they carry their own Cache-Control on purpose.
CACHEABLE = {"field:service_worker", "rdv:feed"}
# Documents hold no form: the walk leaves them (test_limits.py checks their headers).
DOCUMENT = re.compile(r"\.(pdf|ics|xlsx|ods|csv|json|txt|js|png|jpe?g|svg)$")
DOCUMENT_VIEWS = {"reports:run_download", "field:signal_photo", "field:signal_link_photo"}
# Pages of one kind (same route, same query keys) walked, beyond which they bring no new form;
# every case page is walked, each state of the process offering its own steps.
REPEATS = 2
NUMBER = re.compile(r"/\d+/")
EVERY_ONE = {"cases:detail"}
QUERY_VALUES = [b"\x00\xff<b>x</b>", "99999999999999999999", "0001-01-01"]
PATH_VALUES = {int: [10**20], str: ["x" * 300, "\x00e30:1vY7Qq:forgedsignature"]}


class Probe:
    def __init__(self, client, who, strict_only=False):
        """``strict_only``: send only the values PostgreSQL may answer otherwise than SQLite
        (``Hostile.for_postgresql``; NUL bytes in query strings and paths)."""
        self.client, self.who, self.strict_only = client, who, strict_only
        self.client.raise_request_exception = False
        self.problems, self.pages, self.forms, self.requests = [], {}, {}, 0
        self.state = fingerprint.take()
        self.address, self.kinds = 0, {}

    # --- What went wrong ----------------------------------------------------------------------

    def problem(self, what, where, response=None):
        detail = ""
        if response is not None and getattr(response, "exc_info", None):
            kind, error, trace = response.exc_info
            frame = traceback.extract_tb(trace)[-1]
            detail = f" — {kind.__name__}: {str(error)[:160]} ({frame.filename}:{frame.lineno})"
        elif response is not None:
            detail = f" — {response.status_code}"
        self.problems.append(f"[{self.who}] {where}: {what}{detail}")

    def _unchanged(self, where, allowed=()):
        """Whether the database is as it was; if not, says so and starts from the new state."""
        now = fingerprint.take()
        tables = [t for t in fingerprint.changed(self.state, now) if t.split()[0] not in allowed]
        self.state = now
        if tables:
            self.problem(f"des lignes ont changé ({', '.join(tables)})", where)
        return not tables

    def _moved_on(self):
        self.state = fingerprint.take()

    # --- Walking ------------------------------------------------------------------------------

    def walk(self, *starts, limit=400):
        for start in starts:
            for url, response in crawl(self.client, start=start, limit=limit, keep=self._keep):
                self.requests += 1
                self._judge_page(url, response)
        # Opening the two-factor page draws the key its QR code shows, by design.
        self._unchanged("la visite des pages", allowed={"accounts_totpdevice"})

    def _keep(self, url):
        path, _sep, query = url.partition("?")
        if DOCUMENT.search(path):
            return False
        try:
            name = resolve(path).view_name
        except Resolver404:
            return True
        if name in DOCUMENT_VIEWS:
            return False
        route = NUMBER.sub("/<n>/", UUID.sub("<id>", path))
        kind = (route, tuple(sorted(p.split("=")[0] for p in query.split("&"))))
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        return name in EVERY_ONE or self.kinds[kind] <= REPEATS

    def _judge_page(self, url, response):
        if url in self.pages:
            return
        self.pages[url] = response.status_code
        if response.status_code >= 500:
            self.problem("erreur serveur", f"GET {url}", response)
            return
        if response.status_code == 200 and self.who != "anonyme":
            self._check_no_store(url, response)
        if "text/html" in response.get("Content-Type", ""):
            final = response.redirect_chain[-1][0] if response.redirect_chain else url
            for form in forms_of(final, response.content.decode()):
                if not form.path.startswith(SKIPPED):
                    self.forms.setdefault(form.signature(), form)

    def _check_no_store(self, url, response):
        try:
            name = resolve(urlparse(url).path).view_name
        except Resolver404:
            return
        if name not in CACHEABLE and "no-store" not in response.get("Cache-Control", ""):
            self.problem("page gardée par le navigateur (pas de Cache-Control: no-store)", url)

    # --- Forms --------------------------------------------------------------------------------

    def send_forms(self, per_form=None):
        """Values that must be refused go first, to every form: those that may be accepted
        change the world (a session cancelled with a reason in markup, say) and would then
        stand in the way of the others. ``per_form``: at most so many values per form."""
        sent = {}
        for must_refuse in (True, False):
            for signature, form in self.forms.items():
                for hostile, pairs in submissions(form):
                    if hostile.refused != must_refuse or sent.get(signature, 0) == per_form:
                        continue
                    if self.strict_only and not hostile.for_postgresql:
                        continue
                    sent[signature] = sent.get(signature, 0) + 1
                    self.send(form, hostile, pairs)

    def _next_address(self):
        """Each submission comes from its own address, as the public forms count per address."""
        self.address += 1
        return f"10.{self.address // 65536 % 256}.{self.address // 256 % 256}.{self.address % 256}"

    def send(self, form, hostile, pairs):
        self.requests += 1
        where = f"{form.method.upper()} {UUID.sub('<id>', form.action)} [{hostile.label}]"
        address = self._next_address()
        if form.method == "get":
            query = urlencoded(pairs).decode()
            response = self.client.get(f"{form.path}?{query}", REMOTE_ADDR=address)
        else:
            multi = needs_multipart(form, pairs)
            response = self.client.generic(
                "POST",
                form.action,
                data=multipart(pairs) if multi else urlencoded(pairs),
                content_type=f"multipart/form-data; boundary={BOUNDARY}"
                if multi
                else "application/x-www-form-urlencoded",
                REMOTE_ADDR=address,
            )
        self._judge_submission(form, hostile, response, where)

    def _judge_submission(self, form, hostile, response, where):
        if response.status_code >= 500:
            self.problem("erreur serveur", where, response)
            self._moved_on()
            return
        refusal = judge.refusal(response, self.client)
        if form.method == "get":  # a search or a filter: it changes nothing, and says what it drops
            # A typed value it drops must be said; a choice no list offers (a forged address)
            # may fall back to what the page shows chosen.
            typed = not hostile.kinds <= {"select", "radio"}
            if hostile.refused and typed and refusal is None:
                self.problem("filtre ignoré sans un mot", where, response)
            elif refusal:
                self.problem(refusal, where, response)
            self._unchanged(where)
            return
        if refusal is None:  # accepted
            self._moved_on()
            if hostile.refused:
                self.problem("valeur acceptée sans un mot", where, response)
            elif hostile.values.get("*") == MARKUP:
                self._check_escaped(response, where)
            return
        if refusal:
            self.problem(refusal, where, response)
        self._unchanged(where)

    def _check_escaped(self, response, where):
        page = response
        if response.status_code in (301, 302, 303):
            page = self.client.get(response["Location"])
        if "<script>alert(" in page.content.decode(errors="replace"):
            self.problem("balisage recopié sans échappement", where, page)

    # --- Links replayed with hostile query strings and path segments --------------------------

    def replay_links(self):
        queries, routes = {}, {}
        for url in self.pages:
            parsed = urlparse(url)
            if parsed.query:  # one page of each kind, with every key its links carry
                path, keys = queries.setdefault(UUID.sub("<id>", parsed.path), (parsed.path, set()))
                keys.update(k.split("=")[0] for k in parsed.query.split("&"))
            try:
                match = resolve(parsed.path)
            except Resolver404:
                continue
            if any(not isinstance(v, uuid.UUID) for v in match.kwargs.values()):
                routes.setdefault(match.route, match)
        query_values = [v for v in QUERY_VALUES if has_nul(v) or not self.strict_only]
        for path, keys in queries.values():
            for value in query_values:
                self._get(f"{path}?{urlencoded([(k, value) for k in sorted(keys)]).decode()}")
        for match in routes.values():
            for name, current in match.kwargs.items():
                for value in PATH_VALUES.get(type(current), []):
                    if self.strict_only and not has_nul(value):
                        continue
                    try:
                        path = reverse(match.view_name, kwargs={**match.kwargs, name: value})
                    except NoReverseMatch:
                        continue
                    self._get(path)

    def _get(self, url):
        self.requests += 1
        response = self.client.get(url, REMOTE_ADDR=self._next_address())
        where = f"GET {UUID.sub('<id>', url)}"
        if response.status_code >= 500:
            self.problem("erreur serveur", where, response)
            self._moved_on()
            return
        if response.status_code >= 400 and response.status_code != 405:
            message = judge.french_page(response)
            if message:
                self.problem(message, where, response)
        self._unchanged(where)

    def report(self) -> str:
        return "\n".join(self.problems)
