"""The Content-Security-Policy: the site's own scripts and styles only, its own socket only, and
the interactive API docs under the same policy."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_the_socket_may_reach_only_the_site_it_came_from(client):
    connect = directives(client.get("/"))["connect-src"]
    assert connect == ["'self'", "ws://testserver"]


def test_on_https_the_socket_is_wss_on_the_host_asked_for(settings):
    settings.ALLOWED_HOSTS = ["voisinage.example.org"]
    client = Client(HTTP_HOST="voisinage.example.org")
    connect = directives(client.get("/", secure=True))["connect-src"]
    assert connect == ["'self'", "wss://voisinage.example.org"]


def test_a_host_the_site_does_not_serve_is_never_named(settings):
    response = Client(HTTP_HOST="evil.example.com").get("/")
    assert response.status_code == 400
    assert directives(response)["connect-src"] == ["'self'"]
    assert "evil" not in response["Content-Security-Policy"]


def test_the_policy_names_no_scheme_wide_source(client):
    for values in directives(client.get("/")).values():
        assert not {"ws:", "wss:", "http:", "https:", "*"} & set(values)


def test_the_api_docs_keep_the_strict_policy(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_api_docs_page_inlines_no_script_and_no_style(client):
    page = client.get("/api/docs/").content.decode()
    # Every script has a src (the start-up one is served by the view itself, at ?script)...
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in attributes for attributes in scripts)
    assert "<style" not in page and "style=" not in page
    assert 'href="/static/css/api-docs.css"' in page
    start = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page)
    assert start, page
    # ...and that one is JavaScript that starts Swagger UI on the schema.
    script = client.get(start.group(1).replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()
    assert "/api/schema/" in script.content.decode()
