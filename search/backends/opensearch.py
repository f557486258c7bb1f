"""OpenSearch 2 (modelsearch's opensearch2 backend, opensearch-py 2.x) with the portal's Swedish
and English analysis, synonyms, autocomplete and database fallback, as defined once in
`search.backends.searchserver` (shared with Elasticsearch 8).
"""

from modelsearch.backends.opensearch2 import (
    OpenSearch2AutocompleteQueryCompiler,
    OpenSearch2Mapping,
    OpenSearch2SearchBackend,
    OpenSearch2SearchQueryCompiler,
    OpenSearch2SearchResults,
)
from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as ClientConnectionError
from opensearchpy.exceptions import OpenSearchException

from search.backends.database import BatchedAddMixin
from search.backends.searchserver import (
    BackendMixin,
    MappingMixin,
    QueryCompilerMixin,
    ResultsMixin,
    shared_client,
)


class SwedishOpenSearchMapping(MappingMixin, OpenSearch2Mapping):
    pass


class SwedishOpenSearchQueryCompiler(QueryCompilerMixin, OpenSearch2SearchQueryCompiler):
    mapping_class = SwedishOpenSearchMapping


class SwedishOpenSearchAutocompleteQueryCompiler(OpenSearch2AutocompleteQueryCompiler):
    mapping_class = SwedishOpenSearchMapping


class SwedishOpenSearchResults(ResultsMixin, OpenSearch2SearchResults):
    pass


class SwedishOpenSearchBackend(BatchedAddMixin, BackendMixin, OpenSearch2SearchBackend):
    mapping_class = SwedishOpenSearchMapping
    query_compiler_class = SwedishOpenSearchQueryCompiler
    autocomplete_query_compiler_class = SwedishOpenSearchAutocompleteQueryCompiler
    results_class = SwedishOpenSearchResults
    client_class = staticmethod(shared_client(OpenSearch))
    # ConnectionTimeout is a ConnectionError in opensearch-py.
    connection_errors = (ClientConnectionError,)
    server_errors = (OpenSearchException,)

    def bulk(self, client, actions, **kwargs):
        return super().bulk(client, actions, request_timeout=self.bulk_timeout, **kwargs)


SearchBackend = SwedishOpenSearchBackend
