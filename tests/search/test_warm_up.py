"""The warm-up the gunicorn master runs before it forks (portal.warmup) with the search's part:
its paths answer, nothing is counted as a search, the word lists are built, and a failing step
never stops the server from starting."""

import logging

import pytest
from wagtail import hooks

from portal import warmup
from search import language
from search.models import SearchQueryDay
from search.wagtail_hooks import search_warm_up_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(monkeypatch):
    """Closing the connections would end the test's transaction: only note that it happens."""
    calls = []
    monkeypatch.setattr(warmup, "_close_connections", lambda: calls.append(True))
    return calls


def test_the_search_paths_answer_and_count_no_search(client, site, closed):
    for path in search_warm_up_paths():
        assert client.get(path).status_code == 200, path
    language._built.clear()
    assert warmup.warm_up(requests=True) > 0
    assert SearchQueryDay.objects.count() == 0
    assert language.LEXICON_VERSION in language._built
    assert language.DOCUMENTS_VERSION in language._built
    assert closed == [True]


def test_a_failing_step_is_logged_and_the_connections_still_closed(site, closed, caplog):
    def broken():
        raise RuntimeError("no database")

    with (
        hooks.register_temporarily("register_warm_up", broken),
        caplog.at_level(logging.ERROR, logger="portal.warmup"),
    ):
        warmup.warm_up(requests=False)
    assert "Warm-up failed" in caplog.text and closed == [True]


def test_a_path_that_fails_is_logged(site, closed, caplog):
    with (
        hooks.register_temporarily("register_warm_up_paths", lambda: ["/sv/finns-inte/"]),
        caplog.at_level(logging.WARNING, logger="portal.warmup"),
    ):
        warmup.warm_up(requests=True)
    assert "/sv/finns-inte/ answered 404" in caplog.text
