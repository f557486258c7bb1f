"""The search-server backends offline: Elasticsearch 8 and OpenSearch 2 built from one
definition (analysis, mappings, queries), and the database answering when the server cannot.
The live node's tests are in test_opensearch_live.py."""

import logging

import pytest
from django.urls import reverse
from modelsearch.query import Or, PlainText

from search.backends import searchserver
from search.backends.elasticsearch import SwedishElasticsearch8SearchBackend
from search.backends.opensearch import SwedishOpenSearchBackend
from search.models import SearchDocument, Synonym
from search.selectors import SearchRequest, search_run
from tests.search.conftest import guidance_page

pytestmark = pytest.mark.django_db

BACKENDS = [SwedishElasticsearch8SearchBackend, SwedishOpenSearchBackend]


def backend(backend_class, url="http://127.0.0.1:9"):
    return backend_class({"URLS": [url], "INDEX_PREFIX": "t_"})


@pytest.mark.parametrize("backend_class", BACKENDS)
def test_one_analysis_definition_for_both_servers(backend_class):
    settings = backend(backend_class).settings["settings"]
    analysis = settings["analysis"]
    default = analysis["analyzer"]["default"]["filter"]
    # folded before the word list (whose words are folded) and before the stemmer
    assert default.index("asciifolding") < default.index("portal_decompounder")
    assert default.index("portal_decompounder") < default.index("swedish_stemmer")
    assert default.count("swedish_stemmer") == 2
    # queries: the same without the decompounder (the lexicon splits their compounds)
    query = analysis["analyzer"]["default_search"]["filter"]
    assert query == [name for name in default if name != "portal_decompounder"]
    stopwords = analysis["filter"]["portal_stop"]["stopwords"]
    assert "och" in stopwords and "ar" in stopwords and "man" not in stopwords
    assert "år" not in stopwords
    assert "villkor" in analysis["filter"]["portal_decompounder"]["word_list"]
    assert analysis["analyzer"]["portal_english"]["filter"][-1] == "english_stemmer"
    assert "edgengram_analyzer" in analysis["analyzer"]  # modelsearch's autocomplete analyser
    assert settings["index"]["number_of_shards"] == 1
    assert analysis == backend(BACKENDS[0]).settings["settings"]["analysis"]


@pytest.mark.parametrize("backend_class", BACKENDS)
def test_mapping_has_english_subfields_and_folded_autocomplete(backend_class):
    properties = backend_class.mapping_class(SearchDocument).get_mapping()["properties"]
    for name in ("title", "body", "_all_text"):
        assert "analyzer" not in properties[name]  # the Swedish "default" one
        english = properties[name]["fields"]["en"]
        assert english["analyzer"] == english["search_analyzer"] == "portal_english"
    boosted = [k for k in properties if k.startswith("_all_text_boost_")]
    assert boosted and all("en" in properties[k]["fields"] for k in boosted)
    assert properties["language_filter"]["type"] == "keyword"
    autocomplete = properties["title_edgengrams"]
    assert autocomplete["search_analyzer"] == "portal_folded"
    assert "fields" not in autocomplete


def compiled(backend_class, query, queryset=None):
    compiler = backend_class.query_compiler_class(
        queryset if queryset is not None else SearchDocument.objects.filter(language="sv"), query
    )
    return str(compiler.get_query())


@pytest.mark.parametrize("backend_class", BACKENDS)
def test_synonyms_are_expanded_into_the_query_at_once(backend_class, site):
    assert "Försäkringskassan" not in compiled(backend_class, PlainText("FK sjukpenning"))
    Synonym.objects.create(words="FK, Försäkringskassan")
    query = compiled(backend_class, PlainText("FK sjukpenning", operator="and"))
    assert "'query': 'Försäkringskassan'" in query and "'query': 'fk'" in query
    assert "'query': 'sjukpenning'" in query and "'fuzziness': 'AUTO'" in query
    compound = compiled(backend_class, PlainText("godman"))
    assert "'query': 'godman'" in compound and "'query': 'god man'" in compound


@pytest.mark.parametrize("backend_class", BACKENDS)
def test_english_documents_are_searched_in_their_english_subfields(backend_class):
    english = compiled(
        backend_class, PlainText("support"), SearchDocument.objects.filter(language="en")
    )
    swedish = compiled(backend_class, PlainText("stöd"))
    assert "_all_text.en" in english and "_all_text.en" not in swedish
    either = compiled(backend_class, Or([PlainText("a"), PlainText("b")]))
    assert "dis_max" in either


def test_update_index_waits_longer_than_a_search(monkeypatch):
    """A bulk request of 1,000 pages may take far longer than TIMEOUT allows a search."""
    import modelsearch.backends.elasticsearch7 as elasticsearch7
    import modelsearch.backends.opensearch2 as opensearch2

    sent = []
    for module in (opensearch2, elasticsearch7):
        monkeypatch.setattr(module, "bulk", lambda client, actions, **kw: sent.append((client, kw)))
    for backend_class in (SwedishOpenSearchBackend, SwedishElasticsearch8SearchBackend):
        server = backend_class({"URLS": ["http://127.0.0.1:9"], "TIMEOUT": 5})
        server.bulk(server.es, [], index="x")
    (opensearch_client, opensearch_options), (elastic_client, elastic_options) = sent
    assert opensearch_options == {"index": "x", "request_timeout": 120}
    assert elastic_client._request_timeout == 120 and elastic_options == {"index": "x"}


class TestServerDown:
    """The server's port is closed: the database answers, one log line says so, and saving
    content neither fails nor waits."""

    @pytest.fixture(autouse=True)
    def unreachable(self, settings):
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "search.backends.opensearch",
                "URLS": ["http://127.0.0.1:9"],  # discard port: nothing listens
                "TIMEOUT": 2,
                "OPTIONS": {"max_retries": 0},
            },
            "database": {"BACKEND": "search.backends.database"},
        }
        searchserver.breaker.reset()
        yield
        searchserver.breaker.reset()

    def test_the_database_answers_and_the_log_says_why(
        self, home, caplog, client, django_user_model
    ):
        searchserver.breaker.reset()  # as after the outage began; the site was loaded before
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="search.server"):
            guidance_page(home, title="Kanelbulle", text="Om kanelbullar.")
            assert [h.title for h in search_run(SearchRequest("kanelbullen", "sv")).hits] == [
                "Kanelbulle"
            ]
            response = client.get("/sv/sok/", {"q": "kanelbulle"})
            suggest = client.get("/api/search/suggest/", {"q": "kanel", "lang": "sv"}).json()
            client.force_login(
                django_user_model.objects.create_superuser("admin", "a@example.se", "x-Lösen-1")
            )
            admin = client.get(reverse("wagtailadmin_pages:search"), {"q": "kanelbulle"})
        assert response.status_code == 200 and "Kanelbulle" in response.content.decode()
        assert admin.status_code == 200 and "Kanelbulle" in admin.content.decode()
        assert [s["title"] for s in suggest["suggestions"]] == ["Kanelbulle"]
        messages = [r.getMessage() for r in caplog.records if r.name == "search.server"]
        assert "unreachable" in messages[0] and "the database answers searches" in messages[0]
        assert "Kanelbulle> not indexed there" in messages[0] and "update_index" in messages[0]
        assert searchserver.breaker.is_open()

    def test_a_refused_search_is_answered_by_the_database(self, home, caplog, monkeypatch):
        from opensearchpy.exceptions import NotFoundError

        guidance_page(home, title="Kanelbulle", text="Om kanelbullar.")
        searchserver.breaker.reset()

        def missing_index(*args, **kwargs):
            raise NotFoundError(404, "index_not_found_exception", {})

        from opensearchpy import OpenSearch

        monkeypatch.setattr(OpenSearch, "search", missing_index)
        monkeypatch.setattr(OpenSearch, "count", missing_index)
        with caplog.at_level(logging.ERROR, logger="search.server"):
            hits = search_run(SearchRequest("kanelbulle", "sv")).hits
        assert [h.title for h in hits] == ["Kanelbulle"]
        refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
        assert refused
        for message in refused:  # the count and the page of results
            assert "(NotFoundError 404 index_not_found_exception)" in message
            assert "update_index" in message and "kanelbulle" not in message
        assert not searchserver.breaker.is_open()  # the server itself is up


def test_both_servers_at_once_is_refused():
    import os
    import subprocess
    import sys

    env = {**os.environ, "OPENSEARCH_URL": "http://a:9200", "ELASTICSEARCH_URL": "http://b:9200"}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Set OPENSEARCH_URL or ELASTICSEARCH_URL, not both." in result.stderr
