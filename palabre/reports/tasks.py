"""The task of report runs lives beside the code that queues it (``runs.build_report``). This
name stays for the runs queued under it before: a queued task is found by its import path."""

from palabre.reports.runs import build_report  # noqa: F401
