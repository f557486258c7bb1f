"""Inside a batch of saves (portal.deferred, as the content-pack loader runs), each object is
indexed once at the end, in bulk, as it is then; the public search and the admin's search find
it afterwards exactly as after single saves."""

from unittest import mock

import pytest
from modelsearch.backends.base import BaseSearchBackend
from wagtail.search.backends import get_search_backend

from guidance.models import Term
from portal import deferred
from search.models import SearchDocument
from search.selectors import SearchRequest, search_run
from tests.factories.guidance import TermFactory
from tests.search.conftest import guidance_page

pytestmark = pytest.mark.django_db


def admin_search(query):
    """The admin's snippet search: the model's own index entries."""
    return list(get_search_backend().search(query, Term))


def titles(query):
    return [hit.title for hit in search_run(SearchRequest(query, "sv")).hits]


def test_an_object_saved_three_times_in_a_batch_is_indexed_once_at_the_end(site):
    bulk = mock.patch.object(
        BaseSearchBackend, "add_bulk", autospec=True, side_effect=BaseSearchBackend.add_bulk
    )
    with bulk as add_bulk, deferred.batch():
        term = TermFactory(term="Tvångsvård", definition="Vård utan samtycke.")
        for definition in ("Vård mot patientens vilja.", "Vård enligt LPT, mot patientens vilja."):
            term.definition = definition
            term.save()
        assert not SearchDocument.objects.filter(key=f"term:{term.pk}").exists()
        assert add_bulk.call_count == 0
    term_adds = [call for call in add_bulk.call_args_list if call.args[1] is Term]
    assert [[obj.pk for obj in call.args[2]] for call in term_adds] == [[term.pk]]
    document = SearchDocument.objects.get(key=f"term:{term.pk}")
    assert "LPT" in document.summary
    assert "Tvångsvård" in titles("LPT")  # the public search, through the document
    assert admin_search("tvångsvård") == [term]  # the admin's, through the model


def test_a_page_published_in_a_batch_is_found_after_it_and_not_before(home):
    with deferred.batch():
        guidance_page(home, title="Samordnad plan", text="En SIP samlar insatserna.")
        assert "Samordnad plan" not in titles("SIP")
    assert "Samordnad plan" in titles("SIP")


def test_a_batch_that_fails_leaves_no_document_and_no_index_entry(site):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic(), deferred.batch():
        TermFactory(term="Ingen träff", definition="Finns inte.")
        raise RuntimeError("the load failed")
    assert not SearchDocument.objects.filter(title="Ingen träff").exists()
    assert admin_search("ingen träff") == []
