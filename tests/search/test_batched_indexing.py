"""Inside a batch of saves (portal.deferred, as the content-pack loader runs), each object is
indexed once at the end, in bulk, as it is then; the public search and the admin's search find
it afterwards exactly as after single saves. A term is in one index only: the public search's,
as a search document (the admin searches terms in the database, portal.admin_search)."""

from unittest import mock

import pytest
from modelsearch.backends.base import BaseSearchBackend
from wagtail.search.backends import get_search_backend

from guidance.models import GuidancePage, Term
from portal import deferred
from search.models import SearchDocument
from search.selectors import SearchRequest, search_run
from tests.factories.guidance import TermFactory
from tests.search.conftest import guidance_page

pytestmark = pytest.mark.django_db


def admin_search(query):
    """The admin's page search: the pages' own index entries."""
    return list(get_search_backend().search(query, GuidancePage))


def titles(query):
    return [hit.title for hit in search_run(SearchRequest(query, "sv")).hits]


def test_an_object_saved_three_times_in_a_batch_is_indexed_once_at_the_end(home):
    page = guidance_page(home, title="Samordning", text="Vård och stöd.")
    bulk = mock.patch.object(
        BaseSearchBackend, "add_bulk", autospec=True, side_effect=BaseSearchBackend.add_bulk
    )
    with bulk as add_bulk, deferred.batch():
        term = TermFactory(term="Tvångsvård", definition="Vård utan samtycke.")
        for definition in ("Vård mot patientens vilja.", "Vård enligt LPT, mot patientens vilja."):
            term.definition = definition
            term.save()
        for summary in ("Första.", "Andra, om SIP."):
            page.summary = summary
            page.save_revision().publish()
        assert not SearchDocument.objects.filter(key=f"term:{term.pk}").exists()
        assert add_bulk.call_count == 0
    indexed = [(call.args[1], [obj.pk for obj in call.args[2]]) for call in add_bulk.call_args_list]
    assert (GuidancePage, [page.pk]) in indexed
    assert not [model for model, _pks in indexed if issubclass(model, Term)]  # one index only
    document = SearchDocument.objects.get(key=f"term:{term.pk}")
    assert "LPT" in document.summary
    assert "Tvångsvård" in titles("LPT")  # the public search, through the document
    assert admin_search("SIP") == [page]  # the admin's, through the page's own entry


def test_a_page_published_in_a_batch_is_found_after_it_and_not_before(home):
    with deferred.batch():
        guidance_page(home, title="Samordnad plan", text="En SIP samlar insatserna.")
        assert "Samordnad plan" not in titles("SIP")
    assert "Samordnad plan" in titles("SIP")


def test_a_batch_that_fails_leaves_no_document_and_no_index_entry(home):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic(), deferred.batch():
        TermFactory(term="Ingen träff", definition="Finns inte.")
        guidance_page(home, title="Ingen sida", text="Finns inte heller.")
        raise RuntimeError("the load failed")
    assert not SearchDocument.objects.filter(title__in=["Ingen träff", "Ingen sida"]).exists()
    assert admin_search("Ingen sida") == []
