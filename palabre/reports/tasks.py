"""Background work of reports, run by ``manage.py db_worker`` (the same worker as the notices)."""

from django.tasks import task

from palabre.reports import runs


@task()
def build_report(run_id: str) -> bool:
    """Builds one report run; answers False when another worker had already taken it."""
    return runs.build(run_id)
