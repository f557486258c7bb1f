"""The read-only JSON API over pages, rules, terms, roles and sources."""

import pytest

from guidance.models import GuidancePage, Rule

pytestmark = pytest.mark.django_db


def test_rules_are_listed_and_each_has_a_detail(client, pack):
    listing = client.get("/api/v2/rules/").json()
    assert listing["meta"]["total_count"] == 3
    rule = Rule.objects.get(key="mb2011-ledning-1")
    detail = client.get(f"/api/v2/rules/{rule.pk}/").json()
    assert detail["key"] == "mb2011-ledning-1" and detail["force"] == "bor"
    assert detail["superseded_by_key"] == "sfs2013-ledning-1"
    assert detail["source_key"] == "mb-2011-5" and detail["valid_to"] == "2013-06-30"


def test_terms_and_roles_filter_by_language(client, pack):
    english = client.get("/api/v2/terms/?language=en").json()
    assert [t["term"] for t in english["items"]] == ["Trustee (god man)"]
    roles = client.get("/api/v2/roles/?language=sv&fields=summary").json()
    assert {r["name"] for r in roles["items"]} == {"Personligt ombud", "God man"}
    role_id = roles["items"][0]["id"]
    detail = client.get(f"/api/v2/roles/{role_id}/").json()
    assert detail["attributes"][0]["attribute"] == "legal_basis"
    assert detail["attributes"][0]["source_key"] == "mb-2011-5"


def test_sources_are_listed(client, pack):
    keys = {s["key"] for s in client.get("/api/v2/sources/").json()["items"]}
    assert keys == {"mb-2011-5", "sthlm-2023-arsrapport", "oanvand"}


def test_pages_api_shows_live_pages_only_with_guidance_fields(client, pack):
    draft = GuidancePage.objects.get(slug="etik")
    draft.unpublish()
    data = client.get("/api/v2/pages/?type=guidance.GuidancePage&fields=summary,audience").json()
    slugs = {item["meta"]["slug"] for item in data["items"]}
    assert "etik" not in slugs and "stod" in slugs
    stod = next(item for item in data["items"] if item["meta"]["slug"] == "stod")
    assert stod["audience"] == "stod"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v2/rules/?bogus=1",
        "/api/v2/pages/?type=nope",
        "/api/v2/pages/?limit=abc",
        "/api/v2/terms/?offset=-1",
        "/api/v2/rules/?limit=100000",
    ],
)
def test_bad_parameters_get_a_swedish_400(client, pack, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["message"] == "Felaktig förfrågan. Kontrollera parametrarna."


@pytest.mark.parametrize(
    "url", ["/api/v2/rules/99999/", "/api/v2/rules/abc/", "/api/v3/", "/api/v2/nothing/"]
)
def test_unknown_objects_and_addresses_get_a_json_404(client, pack, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "finns" in response.json()["message"]


def test_the_api_is_read_only(client, pack):
    assert client.post("/api/v2/rules/", {"text": "x"}).status_code == 405
    assert client.delete(f"/api/v2/rules/{Rule.objects.first().pk}/").status_code == 405
