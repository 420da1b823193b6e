"""Every form each person reaches, sent with hostile values: nothing breaks, a refusal says why in
French and changes nothing, an implausible value is never taken in silence.

For each role, the pages reachable from the home page are walked (``tests/crawling.py``), every
form on them is read (``forms.py``) and sent once per hostile value that fits one of its fields
(``values.py``: the sampling chosen), then the links walked are replayed with hostile query
strings and path segments. Every page of a logged-in person must also tell the browser not to
keep it (``Cache-Control: no-store``): volunteers use shared computers.

The administration reaches the coordination's forms through the same rights: it sends each
form one hostile value, the coordination all of them. PostgreSQL refuses the NUL bytes SQLite
stores, and holds columns to their length and integers to their size where SQLite stores
anything; it answers every other value as SQLite does. On PostgreSQL, only those values are sent
(NUL bytes in fields, query strings and paths; long texts; big numbers).
"""

import pytest
from django.db import connection

from tests.hostile.probe import Probe

ROLES = [
    "admin",
    "coordinator",
    "mediator",
    "reception",
    "board",
    "partner",
    "network_staff",
    "field",
]


def _starts(world, role):
    if role is not None:
        return ["/"]
    slug = world["service"].slug
    return [
        "/",
        f"/rendez-vous/{slug}/",
        f"/orientations/demande/{slug}/",
        f"/orientations/lien/{world['referral_token']}/",
        f"/rendez-vous/mon-rendez-vous/{world['online_appointment'].secret}/",
        f"/rendez-vous/confirmer/{world['online_appointment'].secret}/",
        f"/terrain/signalement/{world['signal_token']}/",
    ]


@pytest.mark.parametrize("role", [*ROLES, None], ids=[*ROLES, "anonymous"])
def test_every_form_a_person_reaches_survives_hostile_values(role, world, as_role):
    probe = Probe(as_role(role), role or "anonyme", strict_only=connection.vendor == "postgresql")

    probe.walk(*_starts(world, role))
    probe.send_forms(per_form=1 if role == "admin" else None)
    probe.replay_links()

    assert len(probe.pages) > 3 and probe.forms, probe.pages
    assert not probe.problems, (
        f"{len(probe.problems)} problème(s) sur {probe.requests} requêtes, "
        f"{len(probe.forms)} formulaires :\n{probe.report()}"
    )
