"""The per-minute limit holds when requests of one token arrive together, each through its own
connection: exactly the limit's number is let through, the others get a 429, none is lost."""

import datetime as dt
import threading

import pytest
from django.db import connections

from palabre.api import limits
from palabre.api.models import ApiToken
from palabre.api.problems import ApiProblem

from .conftest import NOW


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_never_pass_the_limit(world, make_token, settings):
    settings.PALABRE_API_REQUESTS_PER_MINUTE = 3
    make_token("coordinator")
    token = ApiToken.objects.get()
    at = NOW + dt.timedelta(seconds=20)
    start, outcomes = threading.Barrier(6, timeout=10), []

    def request():
        try:
            start.wait()
            limits.count(token, at)
            outcomes.append(200)
        except ApiProblem as problem:
            outcomes.append(problem.status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == [200, 200, 200, 429, 429, 429]
    token.refresh_from_db()
    assert (token.window_count, token.window_start) == (3, at.replace(second=0))


def test_a_new_minute_opens_a_new_window_in_the_same_statement(
    world, make_token, settings, django_assert_num_queries
):
    settings.PALABRE_API_REQUESTS_PER_MINUTE = 2
    make_token("coordinator")
    token = ApiToken.objects.get()
    for second in (0, 30):
        with django_assert_num_queries(1):
            limits.count(token, NOW + dt.timedelta(seconds=second))
    with pytest.raises(ApiProblem):
        limits.count(token, NOW + dt.timedelta(seconds=59))
    with django_assert_num_queries(1):
        limits.count(token, NOW + dt.timedelta(minutes=1, seconds=5))
    token.refresh_from_db()
    assert (token.window_count, token.window_start) == (1, NOW + dt.timedelta(minutes=1))
    assert token.last_used_at == NOW + dt.timedelta(minutes=1, seconds=5)
