"""Sections that apps further down the dependency order add to pages of apps above them.

The case app cannot import the apps built on it (permanences, reports…), yet the case page is
where a coordinator expects the person's appointments, and the convention page is where one
looks for the funder's report. An app registers a builder for a page in its
``AppConfig.ready``; the page asks every builder of its place for a panel.
"""

_builders: dict[str, list] = {}


def add_panel(place: str, build):
    """``build(membership, obj)`` answers ``None`` (nothing for this member) or a dict with the
    ``template`` to include and its context. Places: ``"case"`` and ``"convention"`` (the
    object), ``"today"`` (the day; the panel gives a ``card`` for the task-card component),
    ``"referral_portal"`` (the partner whose portal it is)."""
    builders = _builders.setdefault(place, [])
    if build not in builders:
        builders.append(build)


def panels_for(place: str, membership, obj) -> list[dict]:
    built = (build(membership, obj) for build in _builders.get(place, []))
    return [panel for panel in built if panel]
