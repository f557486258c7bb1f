"""The Elasticsearch backend: its Swedish analysis settings offline, the real server only when
ELASTICSEARCH_URL is set (no server can run on the CI machine)."""

import os

import pytest

from search.backends.elasticsearch import SwedishElasticsearch8SearchBackend
from search.models import SearchDocument, Synonym

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    return SwedishElasticsearch8SearchBackend(
        {"URLS": [os.environ.get("ELASTICSEARCH_URL", "http://localhost:9200")], "INDEX": "test"}
    )


def test_index_settings_analyse_swedish(backend, site):
    Synonym.objects.create(words="FK, Försäkringskassan")
    from search.language import LEXICON_VERSION, bump

    bump(LEXICON_VERSION)
    analysis = SwedishElasticsearch8SearchBackend({"URLS": ["http://localhost:9200"]}).settings[
        "settings"
    ]["analysis"]
    default = analysis["analyzer"]["default"]["filter"]
    assert default.index("swedish_stemmer") < default.index("asciifolding")
    assert analysis["filter"]["swedish_stemmer"]["language"] == "swedish"
    assert analysis["filter"]["swedish_stop"]["stopwords"] == "_swedish_"
    assert "villkor" in analysis["filter"]["swedish_decompounder"]["word_list"]
    synonyms = analysis["filter"]["swedish_synonyms"]["synonyms"]
    assert "FK, Försäkringskassan" in synonyms
    assert "swedish_synonyms" in analysis["analyzer"]["default_search"]["filter"]
    assert "edgengram_analyzer" in analysis["analyzer"]  # autocomplete keeps Wagtail's own


def test_mapping_of_the_search_documents(backend):
    mapping = backend.mapping_class(SearchDocument).get_mapping()
    properties = mapping["properties"]
    title = next(v for k, v in properties.items() if k.endswith("title") and "edgengram" not in k)
    assert title["type"] == "text"
    assert properties["language_filter"]["type"] == "keyword"
    # the text fields name no analyser, so the Swedish "default" one applies to them
    assert "analyzer" not in properties["body"] and "analyzer" not in properties["_all_text"]


def test_queries_tolerate_typos(backend):
    from modelsearch.query import PlainText

    compiler = backend.query_compiler_class(SearchDocument.objects.all(), PlainText("forvaltare"))
    query = compiler.get_query()
    assert "'fuzziness': 'AUTO'" in str(query)


@pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL är inte satt"
)
def test_live_server_finds_swedish_forms(backend, site):
    index = backend.get_index_for_model(SearchDocument)
    index.reset()
    index.add_model(SearchDocument)
    index.add_items(SearchDocument, list(SearchDocument.objects.all()))
    index.refresh()
    found = backend.search("personliga ombudens", SearchDocument.objects.filter(language="sv"))
    assert len(found) > 0
