"""Sections that apps further down the dependency order add to the case page.

The case app cannot import the apps built on it (permanences, later others), yet the case page
is where a coordinator expects to see, say, the person's appointments. An app registers a
builder in its ``AppConfig.ready``; the case page asks every builder for its panel.
"""

_case_panels = []


def add_case_panel(build):
    """``build(membership, case)`` answers ``None`` (nothing to show to this member) or a dict
    with the ``template`` to include and its context."""
    if build not in _case_panels:
        _case_panels.append(build)


def case_panels(membership, case) -> list[dict]:
    return [panel for panel in (build(membership, case) for build in _case_panels) if panel]
