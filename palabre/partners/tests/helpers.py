import html


def page(response, status=200):
    assert response.status_code == status
    content = response.content.decode()
    assert "INVALID[" not in content
    return html.unescape(content)
