"""Replay across roles: what one person reached, asked for by every other person and by the other
service (``replay.py`` says what each may get back). The pages come from the session's crawl
(``conftest.py``): nothing is fetched twice for the same person.

SQLite only, for the reason given in ``test_every_page.py``.
"""

from collections import defaultdict

import pytest

from tests.crawl.replay import sample
from tests.crawl.roles import PEOPLE
from tests.crawl.walk import route_of

# django_db: the test database is set up for the crawl, which works in it before these tests.
pytestmark = [pytest.mark.sqlite_only, pytest.mark.django_db]


@pytest.mark.parametrize("viewer", [person.key for person in PEOPLE])
def test_what_another_person_reached_gives_this_one_nothing_of_theirs(crawl, viewer):
    problems = defaultdict(list)
    for answer in crawl.replayed:
        if answer.viewer == viewer and answer.problem:
            problems[answer.owner].append(f"{answer.url} : {answer.problem}")
    assert not dict(problems)


def test_every_person_s_pages_are_replayed_by_every_other(crawl):
    asked = defaultdict(set)
    for answer in crawl.replayed:
        asked[answer.viewer].add(answer.url)
    coordination = set(sample(crawl.walks["coordination"]))
    assert len({route_of(url) for url in coordination}) > 50  # kinds of pages, not one list
    for person in PEOPLE:
        if person.key == "coordination":
            continue
        # The coordination's pages, less those this person reached by their own links.
        reached = set(crawl.walks[person.key].fetched)
        assert coordination - reached <= asked[person.key], person.key
    refused = [a for a in crawl.replayed if a.viewer == "mediation" and a.status == 404]
    assert refused, "the mediator is refused the coordination's case pages"
