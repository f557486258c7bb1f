"""The search on a live OpenSearch node: indexing as editors publish, move, unpublish and
delete; what must never be found; the admin's searches; the API; the Swedish and English
analysis; queries a Lucene parser could choke on.

    python3 tools/opensearch/node.py start var/opensearch-state     # prints the node's URL
    OPENSEARCH_TEST_URL=http://127.0.0.1:PORT .venv/bin/pytest -m opensearch
    python3 tools/opensearch/node.py stop var/opensearch-state

(`make test-opensearch` does all three; .ci/run starts a node and sets the variable.) Every
test here fails if the database fallback answered instead of the node.
"""

import os
import uuid

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from search.backends import searchserver
from search.models import Synonym
from search.selectors import SearchRequest, search_run
from tests.search.conftest import guidance_page

URL = os.environ.get("OPENSEARCH_TEST_URL", "")
PREFIX = f"test_{uuid.uuid4().hex[:8]}_"

pytestmark = [
    pytest.mark.opensearch,
    pytest.mark.skipif(
        not URL,
        reason="Ingen OpenSearch-nod: sätt OPENSEARCH_TEST_URL (make test-opensearch startar en)",
    ),
    pytest.mark.django_db,
]


def backends(url: str = URL) -> dict:
    return {
        "default": {
            "BACKEND": "search.backends.opensearch",
            "URLS": [url],
            "INDEX_PREFIX": PREFIX,
            "TIMEOUT": 20,
            "FALLBACK": "database",
        },
        "database": {"BACKEND": "search.backends.database"},
    }


@pytest.fixture(scope="module")
def indices(django_db_blocker):
    """The indices, created once per module with the portal's settings and mappings (as
    `update_index --schema-only` does), and removed at the end."""
    from django.core.management import call_command
    from django.test import override_settings

    with override_settings(WAGTAILSEARCH_BACKENDS=backends()), django_db_blocker.unblock():
        call_command("update_index", backend_name="default", schema_only=True, verbosity=0)
        from wagtail.search.backends import get_search_backend

        client = get_search_backend().es
        yield client
    client.indices.delete(index=f"{PREFIX}*")


@pytest.fixture(autouse=True)
def opensearch(indices, settings, caplog):
    """Each test on empty indices (the database starts empty too), and no fallback."""
    settings.WAGTAILSEARCH_BACKENDS = backends()
    searchserver.breaker.reset()
    _empty(indices)
    yield indices
    fallbacks = [r.getMessage() for r in caplog.records if r.name == "search.server"]
    assert fallbacks == [], "the database answered instead of OpenSearch"


@pytest.fixture
def home(db):
    """A bare site (the home page of tests/conftest.py, not the guidance pack): each test
    indexes only what it makes, over HTTP, so that the module stays quick."""
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory

    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="startsida")
    site.root_page = home
    site.hostname, site.port = "testserver", 80
    site.save()
    welcome.delete()
    return home


def _empty(client):
    """Delete every document (the node has no reindex module, so no _delete_by_query)."""
    from opensearchpy.helpers import bulk

    refresh(client)
    found = client.search(index=f"{PREFIX}*", body={"query": {"match_all": {}}}, size=10_000)
    actions = [
        {"_op_type": "delete", "_index": hit["_index"], "_id": hit["_id"]}
        for hit in found["hits"]["hits"]
    ]
    if actions:
        bulk(client, actions, refresh=True)


def refresh(client):
    client.indices.refresh(index=f"{PREFIX}*")


def titles(client, query, language="sv", **filters):
    refresh(client)
    return [hit.title for hit in search_run(SearchRequest(query, language, **filters)).hits]


def test_the_node_holds_the_documents_with_swedish_analysis(opensearch, home):
    guidance_page(home, title="Förvaltare", text="En förvaltare utses av tingsrätten.")
    refresh(opensearch)
    index = f"{PREFIX}portal_search_searchdocument"
    assert opensearch.count(index=index)["count"] >= 1
    analysed = opensearch.indices.analyze(
        index=index, body={"field": "body", "text": "Statsbidragsvillkoren förvaltarna"}
    )
    tokens = {t["token"] for t in analysed["tokens"]}
    # stemmed twice as search.analysis.stem, folded, with the compound's parts
    assert {"statsbidragsvillk", "bidrag", "villk", "forvalt"} <= tokens


class TestIndexing:
    def test_publish_move_unpublish_and_delete(self, opensearch, home):
        page = guidance_page(home, title="Kanelbulle", text="Om kanelbullar i vardagen.")
        assert titles(opensearch, "kanelbullen") == ["Kanelbulle"]

        section = guidance_page(home, title="Fika", text="Allt om fika.")
        page.move(section, pos="last-child")
        refresh(opensearch)
        hit = search_run(SearchRequest("kanelbulle", "sv")).hits[0]
        assert hit.url.endswith("/fika/kanelbulle/")

        page.refresh_from_db()
        page.unpublish()
        assert titles(opensearch, "kanelbulle") == []

        page.save_revision().publish()
        assert titles(opensearch, "kanelbulle") == ["Kanelbulle"]
        page.delete()
        assert titles(opensearch, "kanelbulle") == []

    def test_private_pages_and_private_documents_are_never_found(self, opensearch, home):
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model
        from wagtail.models import Collection, CollectionViewRestriction

        page = guidance_page(home, title="Bara för inloggade", text="Lakritsbåt.")
        assert titles(opensearch, "lakritsbåt") == ["Bara för inloggade"]
        PageViewRestriction.objects.create(page=page, restriction_type="login")
        assert titles(opensearch, "lakritsbåt") == []

        private = Collection.get_first_root_node().add_child(name="Internt")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
        document_model = get_document_model()
        document_model.objects.create(
            title="Intern blankett", collection=private, file=ContentFile(b"x", name="i.txt")
        )
        document_model.objects.create(title="Öppen blankett", file=ContentFile(b"x", name="o.txt"))
        assert titles(opensearch, "blankett", kind="dokument") == ["Öppen blankett"]


class TestLanguage:
    def test_inflections_folding_and_compounds(self, opensearch, home):
        guidance_page(home, title="Villkoren", text="Villkor för statsbidrag till kommunerna.")
        guidance_page(home, title="Rollerna", text="En god man hjälper till med ekonomin.")
        guidance_page(home, title="Tingsrätten", text="Tingsrätten utser förvaltare.")
        assert "Villkoren" in titles(opensearch, "statsbidragsvillkor")
        assert "Rollerna" in titles(opensearch, "godman")
        assert titles(opensearch, "forvaltaren") == ["Tingsrätten"]

    def test_an_editors_synonym_takes_effect_with_the_next_search(self, opensearch, home):
        guidance_page(home, title="Kassan", text="Sjukpenning från Försäkringskassan.")
        assert "Kassan" not in titles(opensearch, "FK")
        Synonym.objects.create(words="FK, Försäkringskassan")  # no reindex
        assert "Kassan" in titles(opensearch, "FK")

    def test_english_documents_are_analysed_as_english(self, opensearch, home):
        from tests.conftest import translate

        translate(home, "en", title="Personal ombudsman", slug="home")
        page = guidance_page(home, title="Stöd", text="Ombudet stöder klienten.")
        translate(
            page,
            "en",
            title="Support",
            body=[("text", {"text": "<p>The ombudsman supported families.</p>", "citations": []})],
        )
        assert titles(opensearch, "supporting families", "en") == ["Support"]


class TestApiAndAdmin:
    def test_filters_and_pages_of_ten(self, opensearch, client, home):
        for n in range(12):
            guidance_page(home, title=f"Pepparkaka {n}", text="pepparkaka", audience="ombud")
        guidance_page(home, title="Pepparkaka för stöd", text="pepparkaka", audience="stod")
        refresh(opensearch)
        api = reverse("search_api")
        first = client.get(api, {"q": "pepparkakor", "audience": "ombud"}).json()
        second = client.get(api, {"q": "pepparkakor", "audience": "ombud", "page": 2}).json()
        assert first["total"] == 12 and len(first["results"]) == 10
        assert len(second["results"]) == 2
        assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}
        assert client.get(api, {"q": "pepparkaka", "type": "begrepp"}).json()["total"] == 0
        assert client.get(api, {"q": "pepparkaka", "lang": "en"}).json()["total"] == 13

    def test_suggestions_fold_what_was_typed(self, opensearch, client, home):
        guidance_page(home, title="Förvaltare och gode män", text="Om förvaltarskap.")
        refresh(opensearch)
        data = client.get(reverse("search_suggest_api"), {"q": "forval", "lang": "sv"}).json()
        assert [s["title"] for s in data["suggestions"]] == ["Förvaltare och gode män"]

    def test_admin_searches_pages_and_documents(self, opensearch, client, home):
        from django.contrib.auth import get_user_model
        from django.core.files.base import ContentFile
        from wagtail.documents import get_document_model

        get_document_model().objects.create(
            title="Pelargonblankett", file=ContentFile(b"x", name="p.txt")
        )
        guidance_page(home, title="Pelargonpolicy", text="Om pelargoner.")
        guidance_page(home, title="Utkast om pelargoner", text="Pelargon.", publish=False)
        refresh(opensearch)
        admin = get_user_model().objects.create_superuser("admin", "a@example.se", "x-Lösen-1")
        client.force_login(admin)
        for url in [
            reverse("wagtailadmin_pages:search"),
            reverse("wagtailadmin_pages:search_results"),
            reverse("wagtailadmin_explore", args=[home.pk]),
            reverse("wagtailadmin_choose_page_search"),
        ]:
            response = client.get(url, {"q": "pelargon"})
            html = response.content.decode()
            assert response.status_code == 200, url
            assert "Pelargonpolicy" in html, url
            assert "Utkast om pelargoner" in html or "choose-page" in url, url
        for url in [reverse("wagtaildocs:index"), reverse("wagtaildocs_chooser:choose_results")]:
            response = client.get(url, {"q": "pelargonblank"})  # as typed, unfinished
            assert response.status_code == 200, url
            assert "Pelargonblankett" in response.content.decode(), url


SYNTAX = [
    '"personligt ombud',
    "ombud AND OR NOT",
    "ombud~2 god^5 man*",
    "title:ombud (god man",
    "/regexp.*/ [a TO z] {x}",
    "\\ombud && || !",
    "ombud\x00\x1f\x7f",
    "ombud " * 500,
    "x" * 10_000,
]


def test_queries_a_query_parser_would_choke_on(opensearch, client, home, settings):
    """Answered by the node (the fixture fails the test on any fallback) as by the database."""
    guidance_page(home, title="Ombudet", text="Personligt ombud och god man.")
    refresh(opensearch)
    api = reverse("search_api")
    on_the_node = []
    for query in SYNTAX:
        response = client.get(api, {"q": query})
        assert response.status_code == 200, query
        assert client.get("/sv/sok/", {"q": query}).status_code == 200, query
        on_the_node.append(response.json()["total"])
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
    on_the_database = [client.get(api, {"q": query}).json()["total"] for query in SYNTAX]
    assert on_the_node == on_the_database
    assert sum(on_the_node) > 0
