from django.contrib.staticfiles import finders


def test_the_house_stylesheet_and_bootstrap_are_found_by_the_static_finders():
    assert finders.find("palabre/palabre.css")
    assert finders.find("bootstrap/css/bootstrap.min.css")


def test_every_page_links_the_house_stylesheet(client, db):
    response = client.get("/compte/connexion/", follow=True)
    assert b"palabre/palabre.css" in response.content
    stylesheet = client.get("/static/palabre/palabre.css")
    try:
        assert stylesheet.status_code == 200
        assert b"".join(stylesheet.streaming_content)
    finally:
        stylesheet.close()
