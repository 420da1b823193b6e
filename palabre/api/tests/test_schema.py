"""Schemathesis, in process, over every operation of the OpenAPI document, with a token of each
role: no server error, every answer conforms to the document (status code, content type, body).
Generation is deterministic and bounded (a few examples an operation) so the run stays short."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

from .conftest import ROLES

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_the_openapi_document_is_3_1_and_documents_problems(client, db):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    for path, operations in document["paths"].items():
        for operation in operations.values():
            for status in ("401", "404", "422", "429"):
                answer = operation["responses"][status]
                assert list(answer["content"]) == ["application/problem+json"], (path, status)


def _examples(operation, token, failures):
    """Runs a few deterministic examples of ``operation``; a failure is kept, not raised, so that
    one run reports every operation that fails."""

    @hypothesis_settings(
        max_examples=3,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Exception as error:  # every operation's failure, gathered for one report
        failures.append(f"{operation.label}: {error}")


@pytest.fixture
def connection_kept_open():
    """As Django's test client does: the WSGI handler would close the test's connection (and
    its transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_with_a_token_of_each_role(
    world, make_token, settings, connection_kept_open, role
):
    settings.PALABRE_API_REQUESTS_PER_MINUTE = 100_000
    token = make_token(role)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    failures = []
    for operation in operations:
        _examples(operation, token, failures)
    assert not failures, "\n\n".join(failures)
