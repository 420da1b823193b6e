"""A report builder for the tests that stop a worker half-way, and the worker that knows it.

``python -m palabre.reports.tests.stalling db_worker …`` runs the real task worker with this
builder registered. With ``PALABRE_TEST_STALL=1`` the builder says it is half done, then waits
to be killed; without it, it builds. Each finished build adds a line to
``PALABRE_TEST_BUILDS``; ``PALABRE_TEST_MEDIA`` is where the files go (not the instance's).
"""

import os
import sys
import time

KIND = "essai_interrompu"
CONTENT = b"commune;dossiers\nRennes;12\n"


def build(organisation, params, progress, format):
    progress(50, "Moitié")
    if os.environ.get("PALABRE_TEST_STALL") == "1":
        time.sleep(600)  # killed here by the test
    with open(os.environ["PALABRE_TEST_BUILDS"], "a", encoding="utf-8") as builds:
        builds.write("built\n")
    return "bilan.csv", "text/csv", CONTENT


def register():
    from palabre.reports import runs

    runs.register(KIND, title="Bilan interrompu", formats=("csv",))(build)


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = os.environ["PALABRE_TEST_MEDIA"]
    register()
    call_command(*sys.argv[1:])
