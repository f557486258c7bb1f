"""Browser tests: Playwright driving Debian's Chromium, never a browser Playwright downloads."""

import os
import shutil

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

from tests import packs, snapshots

# Playwright's sync API runs an event loop; Django must allow ORM calls from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class SerialLiveServer(WSGIServer):
    """The live server, one request at a time, for a test database in SQLite's memory.

    That database is one connection, shared by the tests and the server's threads. Django's
    threaded server lets two of the browser's requests (a publish and the preview panel's
    refresh) interleave their savepoints on it: "no such savepoint", a 500 that no user would
    see. Served one by one, they cannot. Django closes every connection of a server without
    threads after its answer, so the browser never waits behind an idle keep-alive connection.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.connections_override = connections_override


def _live_server(*args, connections_override=None, **kwargs):
    if connections_override:  # only an in-memory SQLite database is handed over
        return SerialLiveServer(*args, connections_override=connections_override, **kwargs)
    return ThreadedWSGIServer(*args, connections_override=connections_override, **kwargs)


LiveServerThread.server_class = staticmethod(_live_server)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            if CHROMIUM is None:
                item.add_marker(
                    pytest.mark.skip(reason="Chromium saknas: installera Debians paket chromium")
                )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def _load_into_live_server(pack_dir) -> None:
    """The pack in the live server's database: loaded, or copied back from its first load
    (tests/packs.py). A transactional test before may have emptied every table, so the first
    load starts from the rows the migrations left (tests/snapshots.py), and the copies keep
    their content types' ids, which the flush changed in the process's cache."""
    from django.contrib.contenttypes.models import ContentType

    packs.restore_or_load(pack_dir, prepare=lambda: snapshots.back_to_migrated(connection))
    ContentType.objects.clear_cache()


@pytest.fixture
def content(transactional_db, live_server):
    """The real content pack in the live server's database."""
    _load_into_live_server(packs.real_pack_dir())
    return live_server.url


@pytest.fixture
def guidance_content(transactional_db, live_server):
    """The small test pack with every guidance page type, in the live server's database."""
    _load_into_live_server(packs.SMALL_PACK)
    return live_server.url


@pytest.fixture
def tillsyn_content(transactional_db, live_server):
    """The real supervision checklist and the snippets it cites, under a two-page site, in the
    live server's database (tests/packs.py: tillsyn_pack_dir)."""
    _load_into_live_server(packs.tillsyn_pack_dir())
    return live_server.url
