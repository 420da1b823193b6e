"""The REST API's paginated list of cases (``GET /api/v1/cases``) at scale, as a ratio to the raw
SQL returning the same page of rows.

Requests go through the whole stack (``django.test.Client``: middleware, django-ninja, the
bearer token checked, counted and its use recorded, the access log written), with a real token
of the service's coordinator covering the cases. The baseline reads, through
``connection.cursor()``, the count and the same page of rows with the columns the answer carries
(codes, dates, commune and quartier with their ids, the primary conflict), in the same order.
Goal: ≤ 12 queries a request whatever the size of the service (exit code 1 otherwise), ≤ 3× the
raw SQL (printed, never asserted). Shown beside it, never as the baseline: the same page with
what any program answering as the API must also do by hand (``raw_request``: the token, its
counter, the access log's row).
"""

import uuid

from django.db import connection
from django.test import Client
from django.utils import timezone

from palabre.accounts.models import User
from palabre.api import actions as api_actions
from palabre.api import secret
from palabre.api.models import ApiToken, Resource, TokenKind
from palabre.cases.models import Case, CaseConflict
from palabre.core.models import Commune, Quartier
from palabre.core.reads import Read
from palabre.organisations.models import Membership, Organisation
from palabre.privacy.access_log import AccessRecord

QUERY_TARGET = 12
RATIO_TARGET = 3.0
PATH = "/api/v1/cases"
# The first page with the default limit, a page deep in the biggest service's list, and a page
# of one row: what the request costs around the rows (token, rate limit, access log, ninja).
PAGES = [
    ("API case list, first page", 0, 50),
    ("API case list, offset 10 000", 10_000, 100),
    ("API case list, one row", 0, 1),
]


def table(model):
    return f'"{model._meta.db_table}"'


def db_id(value):
    return Case._meta.pk.get_db_prep_value(value, connection)


def client_with_token(membership) -> Client:
    """A client sending a new one-day application token of ``membership`` (cases only); the
    token's text in ``client.token``."""
    _token, text = api_actions.create_token(
        by=membership,
        holder=membership,
        kind=TokenKind.APPLICATION,
        label="make bench",
        resources=[Resource.CASES],
        days=1,
    )
    client = Client(headers={"authorization": f"Bearer {text}"})
    client.token = text
    return client


def url(offset, limit):
    return f"{PATH}?offset={offset}&limit={limit}"


def raw_case_page(organisation_id, offset, limit):
    """The count and the page of rows the endpoint answers, ordered as it orders them."""
    org = db_id(organisation_id)

    def run():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table(Case)} WHERE organisation_id = %s", [org])
            (count,) = cursor.fetchone()
            cursor.execute(
                f"""
                SELECT c.id, c.reference, c.status, c.stage_reached, c.opened_on, c.closed_on,
                       c.closure_reason, c.referral_source, cf.category,
                       c.commune_id, co.name, c.quartier_id, qu.name,
                       c.is_qpv, c.is_relapse, c.previous_case_id
                FROM {table(Case)} c
                LEFT JOIN {table(Commune)} co ON co.id = c.commune_id
                LEFT JOIN {table(Quartier)} qu ON qu.id = c.quartier_id
                LEFT JOIN {table(CaseConflict)} cf ON cf.case_id = c.id AND cf.is_primary = %s
                WHERE c.organisation_id = %s
                ORDER BY c.opened_on DESC, c.reference ASC, c.id ASC
                LIMIT %s OFFSET %s
                """,
                [True, org, limit, offset],
            )
            return count, cursor.fetchall()

    return run


def raw_request(token_text, membership, offset, limit):
    """``raw_case_page`` with what any program must do around it to answer as the API answers
    (shown next to the ratio, never the baseline of the target): find the token and its holder
    by its digest, count the request in its minute, and write the access log's row (a read of
    personal data, docs/adr/0017)."""
    page = raw_case_page(membership.organisation_id, offset, limit)
    digest = secret.digest_of(token_text)
    member = db_id(membership.pk)
    user, org = db_id(membership.user_id), db_id(membership.organisation_id)
    moment = connection.ops.adapt_datetimefield_value

    def run():
        now = timezone.now()
        window = moment(now.replace(second=0, microsecond=0))
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT t.id, t.resources, t.role, t.organisation_id, t.expires_at, t.revoked_at,
                       t.last_logged_on, m.role, m.is_active, m.organisation_id, u.is_active,
                       o.logins_blocked
                FROM {table(ApiToken)} t
                JOIN {table(Membership)} m ON m.id = t.membership_id
                JOIN {table(User)} u ON u.id = m.user_id
                JOIN {table(Organisation)} o ON o.id = m.organisation_id
                WHERE t.digest = %s
                """,
                [digest],
            )
            token_id = cursor.fetchone()[0]
            cursor.execute(
                f"""
                UPDATE {table(ApiToken)} SET window_count = CASE WHEN window_start = %s
                    THEN window_count + 1 ELSE 1 END, window_start = %s, last_used_at = %s
                WHERE id = %s AND (window_start IS NULL OR window_start <> %s
                    OR window_count < %s)
                """,
                [window, window, moment(now), token_id, window, 1_000_000],
            )
        count, rows = page()
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {table(AccessRecord)} (id, organisation_id, viewer_organisation_id,
                    membership_id, user_id, role, read_at, kind, case_id, party_id, count, path)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, %s, %s)
                """,
                [db_id(uuid.uuid4()), org, org, member, user, membership.role, moment(now),
                 Read.EXPORT, len(rows), PATH],
            )  # fmt: skip
        return count, rows

    return run
