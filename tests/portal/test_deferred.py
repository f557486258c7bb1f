"""portal.deferred: work handed over inside a batch runs once, at its end, with every item."""

import pytest

from portal import deferred


def test_outside_a_batch_the_work_runs_at_once_with_its_one_item():
    calls = []
    deferred.later("k", 1, calls.append)
    deferred.later("k", 2, calls.append)
    assert calls == [[1], [2]]
    assert not deferred.active()


def test_inside_a_batch_each_key_runs_once_at_the_end_with_its_items_in_order_without_repeats():
    calls = []
    with deferred.batch():
        assert deferred.active()
        for item in (3, 1, 3, 2, 1):
            deferred.later("a", item, lambda items: calls.append(("a", items)))
        deferred.later("b", "x", lambda items: calls.append(("b", items)))
        assert calls == []
    assert calls == [("a", [3, 1, 2]), ("b", ["x"])]
    assert not deferred.active()


def test_work_deferred_by_deferred_work_runs_in_a_later_round():
    calls = []

    def first(items):
        calls.append(("first", items))
        deferred.later("second", "y", lambda more: calls.append(("second", more)))

    with deferred.batch():
        deferred.later("first", "x", first)
    assert calls == [("first", ["x"]), ("second", ["y"])]


def test_an_inner_batch_leaves_its_work_to_the_outer_one():
    calls = []
    with deferred.batch():
        with deferred.batch():
            deferred.later("k", 1, calls.append)
        assert calls == []
        deferred.later("k", 2, calls.append)
    assert calls == [[1, 2]]


def test_nothing_runs_when_the_batch_ends_with_an_error():
    calls = []
    with pytest.raises(ValueError), deferred.batch():
        deferred.later("k", 1, calls.append)
        raise ValueError("the load failed")
    assert calls == []
    assert not deferred.active()
    deferred.later("k", 2, calls.append)  # and the next save is handled at once again
    assert calls == [[2]]


def test_work_that_never_stops_deferring_more_is_an_error_not_a_hang():
    def again(items):
        deferred.later("k", items[0] + 1, again)

    with pytest.raises(RuntimeError, match="still deferring"), deferred.batch():
        deferred.later("k", 0, again)
    assert not deferred.active()


# Wagtail's reference index, batched ---------------------------------------------------------


def _references_from(obj):
    from wagtail.models import ReferenceIndex

    return {ref.to_object_id for ref in ReferenceIndex.get_references_for_object(obj)}


@pytest.mark.django_db
def test_references_of_an_object_saved_in_a_batch_are_recorded_once_when_it_ends():
    from unittest import mock

    from wagtail.models import ReferenceIndex

    from tests.factories.guidance import SourceFactory, TermFactory

    record = mock.patch.object(
        ReferenceIndex,
        "create_or_update_for_object",
        wraps=ReferenceIndex.create_or_update_for_object,
    )
    with record as recorded, deferred.batch():
        term = TermFactory()
        term.source = SourceFactory()
        term.save()
        term.save()
        assert _references_from(term) == set()
        assert recorded.call_count == 0
    assert [call.args[0] for call in recorded.call_args_list].count(term) == 1
    assert _references_from(term) == {str(term.source.pk)}


@pytest.mark.django_db
def test_an_object_deleted_in_a_batch_leaves_no_references_and_no_error():
    from wagtail.models import ReferenceIndex

    from tests.factories.guidance import TermFactory

    term = TermFactory()
    assert _references_from(term) == {str(term.source.pk)}
    with deferred.batch():
        term.save()
        source = term.source
        term.delete()
    assert ReferenceIndex.get_references_to(source).count() == 0
