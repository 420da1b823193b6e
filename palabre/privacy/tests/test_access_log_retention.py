"""``manage.py purge_access_log`` keeps the access log one year (``PALABRE_ACCESS_LOG_DAYS``),
then deletes it, axes' record of logins with it; running it again deletes nothing more."""

import datetime as dt
import io
import re
import zoneinfo
from pathlib import Path

import pytest
from axes.models import AccessLog
from django.core.management import CommandError, call_command
from django.utils import timezone

from palabre.core.reads import Read
from palabre.privacy.access_log import AccessRecord

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 12, 10, 3, 45, tzinfo=PARIS)
DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def aged(service, coordinator, clock):
    """Reads 400, 366, 365 minus an hour, and 10 days old; logins 400 and 10 days old."""
    ages = {
        "400 days": dt.timedelta(days=400),
        "366 days": dt.timedelta(days=366),
        "almost a year": dt.timedelta(days=365) - dt.timedelta(hours=1),
        "10 days": dt.timedelta(days=10),
    }
    records = {
        name: AccessRecord.objects.create(
            organisation=service,
            viewer_organisation=service,
            membership=coordinator,
            user=coordinator.user,
            role="coordinator",
            read_at=NOW - age,
            kind=Read.EXPORT,
            count=3,
            path="/bilans/dossiers.csv",
        )
        for name, age in ages.items()
    }
    for days in (400, 10):
        login = AccessLog.objects.create(
            username=coordinator.user.email, ip_address="127.0.0.1", user_agent="test"
        )  # ``attempt_time`` is set on creation: moved back in time here
        AccessLog.objects.filter(pk=login.pk).update(attempt_time=NOW - dt.timedelta(days=days))
    return records


def _purge():
    out = io.StringIO()
    call_command("purge_access_log", stdout=out)
    return out.getvalue()


def test_the_purge_deletes_what_is_older_than_a_year_and_nothing_else(aged):
    output = _purge()

    kept = set(AccessRecord.objects.values_list("pk", flat=True))
    assert kept == {aged["almost a year"].pk, aged["10 days"].pk}
    assert AccessLog.objects.count() == 1
    assert output.strip() == "2 consultation(s) et 1 connexion(s) de plus de 365 jours effacée(s)."


def test_running_the_purge_twice_deletes_nothing_more(aged):
    _purge()

    assert _purge().startswith("0 consultation(s) et 0 connexion(s)")
    assert AccessRecord.objects.count() == 2


def test_the_retention_is_a_setting(aged, settings):
    settings.PALABRE_ACCESS_LOG_DAYS = 30

    _purge()

    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [aged["10 days"].pk]


def test_a_retention_of_no_day_is_refused_and_deletes_nothing(aged, settings):
    settings.PALABRE_ACCESS_LOG_DAYS = 0

    with pytest.raises(CommandError, match="nombre de jours positif"):
        _purge()
    assert AccessRecord.objects.count() == 4


def test_the_operations_guide_runs_the_purge_every_night():
    guide = (DOCS / "operations.md").read_text(encoding="utf-8")

    assert re.search(r"^\S+ \S+ \* \* \* .*manage\.py purge_access_log", guide, re.MULTILINE)
    assert "PALABRE_ACCESS_LOG_DAYS" in guide
