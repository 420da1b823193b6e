import datetime as dt
import zoneinfo

import pytest
from django.template import engines

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def render(source, **context):
    return engines["django"].from_string(source).render(context)


@pytest.mark.parametrize(
    ("moment", "written"),
    [
        (dt.datetime(2026, 12, 7, 5, 30, 12, 345678, tzinfo=dt.UTC), "2026-12-07T06:30:12+01:00"),
        (dt.datetime(2027, 7, 14, 22, 0, tzinfo=PARIS), "2027-07-14T22:00:00+02:00"),
        (None, ""),
    ],
)
def test_time_elements_get_a_valid_html_date_and_time_without_microseconds(moment, written):
    assert render('<time datetime="{{ m|iso_datetime }}">', m=moment) == (
        f'<time datetime="{written}">'
    )


@pytest.mark.parametrize(
    ("number", "uri"),
    [("06 12 34 56 78", "tel:0612345678"), ("+33 6.12.34-56-78", "tel:+33612345678"), ("", "")],
)
def test_phone_links_carry_the_number_without_spaces(number, uri):
    assert render("{{ n|tel_uri }}", n=number) == uri
