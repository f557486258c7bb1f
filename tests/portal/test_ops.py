"""Operational endpoints, error pages and hostile requests."""

import json
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree as ET
from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError
from django.test import Client, override_settings
from django.urls import path
from wagtail.models import PageViewRestriction

from tests.conftest import translate
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def heading(response) -> str:
    return BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True)


class TestHealthz:
    def test_reports_a_working_database(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "checks": {"database": "ok"}}
        assert "no-cache" in response["Cache-Control"]

    def test_reports_a_broken_database_with_503(self, client):
        with mock.patch("portal.views.connection.cursor", side_effect=DatabaseError("down")):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "error", "checks": {"database": "error"}}

    def test_only_answers_get(self, client):
        assert client.post("/healthz").status_code == 405


class TestSitemapAndRobots:
    def test_sitemap_lists_live_public_pages_in_both_languages(self, client, home, home_en):
        page = StandardPageFactory(parent=home, slug="om")
        translate(page, "en", title="About", slug="about")
        draft = StandardPageFactory(parent=home, slug="utkast")
        draft.unpublish()
        private = StandardPageFactory(parent=home, slug="privat")
        PageViewRestriction.objects.create(page=private, restriction_type="login")

        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        tree = ET.fromstring(response.content)
        locations = {loc.text for loc in tree.findall("s:url/s:loc", SITEMAP_NS)}
        assert locations == {
            "http://testserver/sv/",
            "http://testserver/en/",
            "http://testserver/sv/om/",
            "http://testserver/en/about/",
        }

    def test_sitemap_links_language_versions(self, client, home, home_en):
        tree = ET.fromstring(client.get("/sitemap.xml").content)
        for url in tree.findall("s:url", SITEMAP_NS):
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
            }
            assert alternates == {"sv": "http://testserver/sv/", "en": "http://testserver/en/"}

    def test_robots_points_to_the_sitemap_and_keeps_out_of_admin(self, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        lines = response.content.decode().splitlines()
        assert "Disallow: /admin/" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines


class TestErrorPages:
    def test_unknown_page_gets_the_swedish_404(self, client, home):
        response = client.get("/sv/finns-inte/")
        assert response.status_code == 404
        assert heading(response) == "Sidan finns inte"

    def test_unknown_english_page_gets_the_english_404(self, client, home_en):
        response = client.get("/en/does-not-exist/")
        assert response.status_code == 404
        assert heading(response) == "Page not found"

    def test_unknown_language_ends_in_404_not_500(self, client, home):
        response = client.get("/de/seite/", follow=True, HTTP_ACCEPT_LANGUAGE="sv")
        assert response.status_code == 404
        assert heading(response) == "Sidan finns inte"

    @pytest.mark.parametrize(
        "query",
        [
            "q=%ff%fe%00",
            "a=" + "x" * 20_000,
            "%%%=&&=;;",
            "q=<script>alert(1)</script>",
            "q=' OR 1=1--",
        ],
    )
    def test_malformed_query_strings_never_break_a_page(self, client, home, query):
        response = client.get(f"/sv/?{query}")
        assert response.status_code == 200
        assert b"<script>alert(1)</script>" not in response.content

    def test_oversized_header_is_not_a_server_error(self, client, home):
        response = client.get("/sv/", HTTP_X_ANYTHING="y" * 64_000, HTTP_COOKIE="c=" + "z" * 8_000)
        assert response.status_code == 200

    def test_bad_host_header_gets_the_swedish_400(self, home):
        response = Client().get("/sv/", HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert heading(response) == "Felaktig förfrågan"

    def test_server_error_gets_a_plain_swedish_500(self, home):
        with override_settings(ROOT_URLCONF="tests.portal.test_ops"):
            response = Client(raise_request_exception=False).get("/boom/")
        assert response.status_code == 500
        assert heading(response) == "Något gick fel"
        assert b"Traceback" not in response.content

    @pytest.mark.parametrize("error", [OperationalError, InterfaceError])
    def test_an_unreachable_database_gets_a_503_that_says_so(self, home, error):
        with override_settings(ROOT_URLCONF="tests.portal.test_ops"):
            response = Client(raise_request_exception=False).get(f"/db-down/{error.__name__}/")
        assert response.status_code == 503
        assert heading(response) == "Tillfälligt avbrott"
        assert "databas" in BeautifulSoup(response.content, "html.parser").get_text()
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    def test_other_database_errors_stay_500(self, home):
        with override_settings(ROOT_URLCONF="tests.portal.test_ops"):
            response = Client(raise_request_exception=False).get("/db-down/IntegrityError/")
        assert response.status_code == 500


def _boom(request):
    raise RuntimeError("a bug")


def _database_down(request, name):
    raise {"OperationalError": OperationalError, "InterfaceError": InterfaceError}.get(
        name, IntegrityError
    )("connection refused")


urlpatterns = [path("boom/", _boom), path("db-down/<str:name>/", _database_down)]
handler500 = "portal.views.server_error"


def test_logs_are_json_lines(capsys):
    import logging.config

    from django.conf import settings

    config = json.loads(json.dumps(settings.LOGGING))
    config["handlers"]["stdout"]["formatter"] = "json"
    config["root"]["level"] = "INFO"
    logging.config.dictConfig(config)
    try:
        logging.getLogger("portal.test").info("hej", extra={"page_id": 7})
    finally:
        logging.config.dictConfig(settings.LOGGING)
    line = capsys.readouterr().out.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["message"] == "hej" and record["level"] == "INFO" and record["page_id"] == 7
