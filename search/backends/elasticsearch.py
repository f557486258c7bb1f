"""Elasticsearch 8 with the portal's Swedish and English analysis, synonyms, autocomplete and
database fallback, as defined once in `search.backends.searchserver` (shared with OpenSearch).

The Elasticsearch 8 client refuses OpenSearch servers; use `search.backends.opensearch` there.
"""

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout, TransportError
from elasticsearch import ApiError, Elasticsearch
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8AutocompleteQueryCompiler,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)

from search.backends.database import BatchedAddMixin
from search.backends.searchserver import (
    BackendMixin,
    MappingMixin,
    QueryCompilerMixin,
    ResultsMixin,
    shared_client,
)


class SwedishElasticsearch8Mapping(MappingMixin, Elasticsearch8Mapping):
    pass


class SwedishElasticsearch8QueryCompiler(QueryCompilerMixin, Elasticsearch8SearchQueryCompiler):
    mapping_class = SwedishElasticsearch8Mapping


class SwedishElasticsearch8AutocompleteQueryCompiler(Elasticsearch8AutocompleteQueryCompiler):
    mapping_class = SwedishElasticsearch8Mapping


class SwedishElasticsearch8SearchResults(ResultsMixin, Elasticsearch8SearchResults):
    pass


class SwedishElasticsearch8SearchBackend(
    BatchedAddMixin, BackendMixin, Elasticsearch8SearchBackend
):
    mapping_class = SwedishElasticsearch8Mapping
    query_compiler_class = SwedishElasticsearch8QueryCompiler
    autocomplete_query_compiler_class = SwedishElasticsearch8AutocompleteQueryCompiler
    results_class = SwedishElasticsearch8SearchResults
    client_class = staticmethod(shared_client(Elasticsearch))
    connection_errors = (TransportConnectionError, ConnectionTimeout)
    server_errors = (ApiError, TransportError)

    def bulk(self, client, actions, **kwargs):
        return super().bulk(client.options(request_timeout=self.bulk_timeout), actions, **kwargs)


SearchBackend = SwedishElasticsearch8SearchBackend
