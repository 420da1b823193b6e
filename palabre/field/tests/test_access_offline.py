"""The outbox's address, the edit page and the service worker, for every role and for another
service's objects: the same table as ``test_access.py``, and the same answers."""

import json
import uuid
from dataclasses import dataclass

import pytest
from django.urls import reverse

from palabre.field import actions
from palabre.field.codes import InterventionType, PlaceKind
from palabre.field.models import Intervention
from palabre.field.territory import Place
from palabre.field.tests.conftest import EVENING, at
from palabre.field.tests.test_access import (  # noqa: F401 (fixtures)
    MANAGERS,
    ON_THE_SHIFT,
    PEOPLE,
    _person,
    foreign,
    objects,
)

AUTHOR_OR_MANAGERS = MANAGERS | {"correspondent"}  # the correspondent recorded it


@dataclass(frozen=True)
class View:
    name: str
    arg: str | None  # ``shift`` or ``intervention`` in the objects, or nothing
    allowed: frozenset
    method: str = "get"
    ok: int = 200

    def url(self, found):
        args = [found[self.arg].pk] if self.arg else []
        return reverse(f"field:{self.name}", args=args)


VIEWS = [
    View("shift_entry_send", "shift", frozenset(ON_THE_SHIFT), "post"),
    View("intervention_edit", "intervention", frozenset(AUTHOR_OR_MANAGERS)),
    View("intervention_edit", "intervention", frozenset(AUTHOR_OR_MANAGERS), "post", 302),
    View("service_worker", None, frozenset(PEOPLE)),
]


@pytest.fixture
def recorded(objects):  # noqa: F811
    """An intervention the correspondent recorded on the shift, in the commune."""
    objects["intervention"] = actions.record_intervention(
        shift=objects["shift"],
        by=objects["correspondent"],
        happened_at=at(EVENING, 23),
        type=InterventionType.NOISE_NIGHT,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(commune=objects["commune"]),
    )
    return objects


@pytest.fixture
def foreign_recorded(foreign):  # noqa: F811
    foreign["intervention"] = actions.record_intervention(
        shift=foreign["shift"],
        by=foreign["correspondent"],
        happened_at=at(EVENING, 23),
        type=InterventionType.NOISE_NIGHT,
        place_kind=PlaceKind.PUBLIC_SPACE,
        place=Place(commune=foreign["commune"]),
    )
    return foreign


def _call(client, view, found):
    url = view.url(found)
    if view.name == "shift_entry_send":
        fields = {"type": InterventionType.NOISE_NIGHT, "where": f"c:{found['commune'].pk}",
                  "time": "23:15", "initiated_by": "PATROL", "result": "SETTLED"}  # fmt: skip
        body = {"entries": [{"id": str(uuid.uuid4()), "kind": "create", "fields": fields}]}
        return client.post(url, json.dumps(body), content_type="application/json")
    if view.method == "post":
        return client.post(url, {
            "type": InterventionType.NOISE_NIGHT, "where": f"c:{found['commune'].pk}",
            "time": "23:00", "initiated_by": "PATROL", "result": "SETTLED", "version": "1",
            "note": "Modifiée",
        })  # fmt: skip
    return client.get(url)


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("view", VIEWS, ids=lambda view: f"{view.method} {view.name}")
def test_each_person_reaches_exactly_the_outbox_pages_of_their_row(
    login, member, recorded, view, who
):
    response = _call(login(_person(who, recorded, member)), view, recorded)
    if who in view.allowed:
        assert response.status_code == view.ok, response.content
    else:
        assert response.status_code == 404
    if view.name == "shift_entry_send" and who in view.allowed:
        assert response.json()["entries"][0]["status"] == "created"
    assert Intervention.objects.count() == 1 + (
        view.name == "shift_entry_send" and who in view.allowed
    )
    changed = Intervention.objects.get(pk=recorded["intervention"].pk)
    edited = view.name == "intervention_edit" and view.method == "post" and who in view.allowed
    assert (changed.note, changed.version) == (("Modifiée", 2) if edited else ("", 1))


@pytest.mark.parametrize("who", ["admin", "coordinator", "correspondent"])
@pytest.mark.parametrize(
    "view", [view for view in VIEWS if view.arg], ids=lambda view: f"{view.method} {view.name}"
)
def test_another_services_shift_and_interventions_answer_404(
    login, member, recorded, foreign_recorded, view, who
):
    response = _call(login(_person(who, recorded, member)), view, foreign_recorded)
    assert response.status_code == 404
    assert Intervention.objects.count() == 2
    assert not Intervention.objects.filter(version__gt=1).exists()
