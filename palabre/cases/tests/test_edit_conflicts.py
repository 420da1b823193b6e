"""Two coordinators editing the same case at once (docs/adr/0037): the second to save is told
what changed, keeps what they typed, and nothing is written over the first's change."""

import html
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from palabre.cases import codes, collective_actions
from palabre.cases.models import Case
from palabre.core.models import JournalEntry
from tests.hostile.forms import forms_of

pytestmark = pytest.mark.django_db


def signed_in(membership) -> Client:
    """A browser of its own for each person (its own session)."""
    client = Client()
    client.force_login(membership.user)
    session = client.session
    session["palabre_membership_id"] = str(membership.pk)
    session.save()
    return client


def text_of(response):
    return html.unescape(response.content.decode())


def step_form(response):
    """The step's form on the page, as a browser would send it untouched."""
    path = response.wsgi_request.get_full_path()
    form = next(f for f in forms_of(path, response.content.decode()) if f.action == path)
    data: dict[str, list[str]] = {}
    for field in form.fields:
        if field.kind in ("checkbox", "radio") and not field.checked:
            continue
        if field.kind in ("select", "select-multiple"):
            chosen = [value for value, selected in field.options if selected]
            if not chosen and field.kind == "select" and field.options:
                chosen = [field.options[0][0]]
            data.setdefault(field.name, []).extend(chosen)
        elif field.kind != "submit":
            data.setdefault(field.name, []).append(field.value)
    return form.action, data


@dataclass
class Edit:
    slug: str
    verb: str  # of the Journal entry the saved edit writes
    change: Callable  # (data, world, which) -> None: what person ``which`` (0 or 1) types
    saved: Callable  # (case, world) -> the value now held, to compare with ``expected``
    expected: Callable  # (world, which) -> the value person ``which`` meant to save
    changed_line: str  # a line of the conflict message (the field's label)
    per_party: bool = False
    collective: bool = False  # a step of collective mediation (``cases:collective_action``)


def _referrer(data, world, which):
    data["referrer_name"] = [("Agence Nord", "Agence Sud")[which]]


def _phone(data, world, which):
    data["phone"] = [("07 00 00 00 01", "07 00 00 00 02")[which]]


def _team(data, world, which):
    data["mediators"] = [str(world["mediators"][which].pk)]


DIMENSIONS = (codes.CollectiveDimension.PROJECT, codes.CollectiveDimension.CURATIVE)
GROUP_NAMES = ("Conseil syndical", "Copropriétaires")


def _dimension(data, world, which):
    data["dimension"] = [DIMENSIONS[which]]


def _group_name(data, world, which):
    data["name"] = [GROUP_NAMES[which]]


EDITS = [
    Edit(
        "modifier",
        "details_updated",
        _referrer,
        lambda case, world: case.referrer_name,
        lambda world, which: ("Agence Nord", "Agence Sud")[which],
        "Prescripteur (organisme) : « vide » quand vous avez ouvert le formulaire, "
        "« Agence Nord » maintenant.",
    ),
    Edit(
        "coordonnees",
        "party_updated",
        _phone,
        lambda case, world: case.requester().phone,
        lambda world, which: ("07 00 00 00 01", "07 00 00 00 02")[which],
        "« 07 00 00 00 01 » maintenant.",
        per_party=True,
    ),
    Edit(
        "assigner",
        "assigned",
        _team,
        lambda case, world: {a.membership for a in case.assignments.filter(ended_at=None)},
        lambda world, which: {world["mediators"][which]},
        "Binôme de médiation : « vide » quand vous avez ouvert le formulaire",
    ),
    Edit(
        "collectif",
        "collective",
        _dimension,
        lambda case, world: case.collective.dimension,
        lambda world, which: DIMENSIONS[which],
        "Dimension : « Préventive » quand vous avez ouvert le formulaire, « Projet » maintenant.",
        collective=True,
    ),
    Edit(
        "modifier-groupe",
        "group_changed",
        _group_name,
        lambda case, world: case.party_groups.get().name,
        lambda world, which: GROUP_NAMES[which],
        "Nom du groupe : « Locataires » quand vous avez ouvert le formulaire, « Conseil syndical » "
        "maintenant.",
        collective=True,
    ),
]


@pytest.fixture
def world(service, case, coordinator, member):
    """Two mediators to choose from; the case handled in groups, with one group."""
    collective_actions.mark_collective(
        case=case, by=coordinator, dimension=codes.CollectiveDimension.PREVENTIVE
    )
    group = collective_actions.save_group(case=case, by=coordinator, name="Locataires")
    return {"mediators": [member("mediator"), member("mediator")], "group": group}


def _url(case, edit, world=None):
    if edit.collective:
        path = reverse("cases:collective_action", args=[case.pk, edit.slug])
        return f"{path}?groupe={world['group'].pk}" if edit.slug == "modifier-groupe" else path
    path = reverse("cases:action", args=[case.pk, edit.slug])
    return f"{path}?partie={case.requester().pk}" if edit.per_party else path


def _entries(case, verb):
    return JournalEntry.objects.filter(subject_id=case.pk, verb=verb).count()


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.slug)
def test_the_second_of_two_people_editing_at_once_is_told_and_overwrites_nothing(
    edit, case, coordinator, member, world
):
    first, second = signed_in(coordinator), signed_in(member("coordinator"))
    before = _entries(case, edit.verb)
    pages = [client.get(_url(case, edit, world)) for client in (first, second)]
    assert [page.status_code for page in pages] == [200, 200]
    (action, first_data), (_action, second_data) = map(step_form, pages)
    assert "read_version" in first_data
    edit.change(first_data, world, 0)
    edit.change(second_data, world, 1)

    assert first.post(action, first_data).status_code == 302
    refused = second.post(action, second_data)

    assert refused.status_code == 200
    text = text_of(refused)
    assert "Quelqu'un a enregistré une modification pendant que vous remplissiez" in text
    assert edit.changed_line in text
    case = Case.objects.get(pk=case.pk)
    assert edit.saved(case, world) == edit.expected(world, 0)
    assert _entries(case, edit.verb) == before + 1
    # What the second person typed is still in the form, which now knows the first's change:
    # saving it again is a choice made knowing it.
    _action, again = step_form(refused)
    assert {k: v for k, v in again.items() if k != "read_version"} == {
        k: v for k, v in second_data.items() if k not in ("read_version", "csrfmiddlewaretoken")
    } | {"csrfmiddlewaretoken": again["csrfmiddlewaretoken"]}
    assert second.post(action, again).status_code == 302
    assert edit.saved(Case.objects.get(pk=case.pk), world) == edit.expected(world, 1)
    assert _entries(case, edit.verb) == before + 2


def test_a_step_taken_meanwhile_that_touches_no_field_of_the_form_is_no_conflict(
    case, coordinator, member
):
    editing = signed_in(coordinator)
    edit = EDITS[0]
    action, data = step_form(editing.get(_url(case, edit)))
    other = signed_in(member("coordinator"))
    added = other.post(
        reverse("cases:action", args=[case.pk, "ajouter-personne"]),
        {"role": "OTHER_PARTY", "last_name": "Morvan"},
    )
    assert added.status_code == 302
    data["referrer_name"] = ["Centre social"]
    assert editing.post(action, data).status_code == 302
    assert Case.objects.get(pk=case.pk).referrer_name == "Centre social"


def test_a_tampered_version_is_refused_in_french_and_changes_nothing(case, coordinator):
    client = signed_in(coordinator)
    action, data = step_form(client.get(_url(case, EDITS[0])))
    data.update(read_version=["forged"], referrer_name=["Agence Nord"])
    response = client.post(action, data)
    assert response.status_code == 200
    assert "Ce formulaire n'est plus valable ; rechargez la page." in text_of(response)
    assert Case.objects.get(pk=case.pk).referrer_name == ""
