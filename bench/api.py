"""The REST API's paginated list of cases (``GET /api/v1/cases``) at scale, as a ratio to the raw
SQL returning the same page of rows.

Requests go through the whole stack (``django.test.Client``: middleware, django-ninja, the
bearer token checked, counted and its use recorded, the access log written), with a real token
of the service's coordinator covering the cases. The baseline reads, through
``connection.cursor()``, the count and the same page of rows with the columns the answer carries
(codes, dates, commune and quartier with their ids, the primary conflict), in the same order.
Goal: ≤ 12 queries a request whatever the size of the service (exit code 1 otherwise), ≤ 3× the
raw SQL (printed, never asserted).
"""

from django.db import connection
from django.test import Client

from palabre.api import actions as api_actions
from palabre.api.models import Resource, TokenKind
from palabre.cases.models import Case, CaseConflict
from palabre.core.models import Commune, Quartier

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
    """A client sending a new one-day application token of ``membership`` (cases only)."""
    _token, text = api_actions.create_token(
        by=membership,
        holder=membership,
        kind=TokenKind.APPLICATION,
        label="make bench",
        resources=[Resource.CASES],
        days=1,
    )
    return Client(headers={"authorization": f"Bearer {text}"})


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
