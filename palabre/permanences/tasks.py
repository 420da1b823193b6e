"""Background work of permanences, run by ``manage.py db_worker``."""

from django.tasks import task

from palabre.permanences import delivery


@task()
def send_due_notices() -> int:
    """Sends every notice whose time has come (not only the one that queued this run)."""
    return delivery.send_due()
