"""The retention job for the tests that kill it half-way (a real process, a real SIGKILL).

``python -m palabre.privacy.tests.stalling apply_retention`` runs the real command. With
``PALABRE_TEST_STALL=1``, once the first case is anonymised (its transaction committed), it
writes ``PALABRE_TEST_MARK`` and waits to be killed.
"""

import os
import sys
import time

if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from palabre.privacy import anonymise

    real = anonymise.OPERATIONS["cases"]

    def anonymise_then_stall(context, case_id):
        done = real(context, case_id)
        if os.environ.get("PALABRE_TEST_STALL") == "1":
            with open(os.environ["PALABRE_TEST_MARK"], "w", encoding="utf-8") as mark:
                mark.write(str(case_id))
            time.sleep(600)  # killed here by the test
        return done

    anonymise.OPERATIONS["cases"] = anonymise_then_stall
    call_command(*sys.argv[1:])
