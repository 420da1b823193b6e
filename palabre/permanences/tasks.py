"""The task of notices lives beside the code that queues it (``delivery.send_due_notices``).
This name stays for the runs queued under it before: a queued task is found by its import
path."""

from palabre.permanences.delivery import send_due_notices  # noqa: F401
