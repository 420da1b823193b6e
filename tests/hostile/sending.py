"""Sending one form as a browser would, for the tests that aim at one field."""

from tests.hostile import judge
from tests.hostile.forms import forms_of
from tests.hostile.values import BOUNDARY, multipart, ordinary, urlencoded


def _token(client, page):
    """The CSRF token a browser would send: the page's cookie, set when it shows its form."""
    assert client.get(page).status_code == 200
    return client.cookies["csrftoken"].value


def post(client, path, pairs, *, files=False):
    pairs = [("csrfmiddlewaretoken", _token(client, path)), *pairs]
    if files:
        body, kind = multipart(pairs), f"multipart/form-data; boundary={BOUNDARY}"
    else:
        body, kind = urlencoded(pairs), "application/x-www-form-urlencoded"
    return client.generic("POST", path, data=body, content_type=kind)


def send_with(client, path, **values):
    """Sends the form of the page at ``path`` as it stands, with ``values`` put in; answers the
    names of the fields the answer marks as invalid."""
    page = client.get(path)
    form = next(f for f in forms_of(path, page.content.decode()) if f.path == path)
    pairs = [(n, v) for n, v in ordinary(form) if n not in values] + list(values.items())
    response = client.generic(
        "POST",
        path,
        data=multipart(pairs),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code in (200, 400), f"{response.status_code} : accepté"
    assert judge.refusal(response, client) == ""
    answered = forms_of(path, response.content.decode())
    return set().union(*(f.invalid() for f in answered if f.path == path))
