"""Browser tests: Playwright driving Debian's Chromium, never a browser Playwright downloads."""

import os
import shutil

import pytest

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


# SQLite copies of the database right after a pack was loaded, by pack directory: loading the
# real pack takes half a minute, restoring a copy a few milliseconds.
_SNAPSHOTS: dict[str, object] = {}


def _load_into_live_server(pack_dir, settings) -> None:
    """Transactional tests empty every table afterwards, including the root page and locales
    that migrations made, so they are recreated before the pack is loaded. On SQLite the loaded
    database is kept and copied back for the next test instead of loading the pack again."""
    from django.core.cache import cache
    from django.db import connection

    key = str(pack_dir)
    if connection.vendor == "sqlite" and key in _SNAPSHOTS:
        connection.ensure_connection()
        _SNAPSHOTS[key].backup(connection.connection)
        cache.clear()  # site root paths and search word lists point at the copied rows
        return
    _load_pack_from_scratch(pack_dir, settings)
    if connection.vendor == "sqlite":
        import sqlite3

        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        _SNAPSHOTS[key] = snapshot


def _load_pack_from_scratch(pack_dir, settings) -> None:
    from wagtail.models import Locale, Page

    from portal.content_pack.loader import load_pack

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", locale=Locale.get_default())
    _recreate_reference_data()
    load_pack(pack_dir)
    from search.services import search_documents_rebuild

    search_documents_rebuild()


def _recreate_reference_data() -> None:
    """Counties and roles come from data migrations, which emptied tables no longer hold; so
    does Wagtail's root collection, without which the editorial groups get no image or document
    permissions (and an editor's upload screen is refused)."""
    import importlib

    from django.apps import apps
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")

    importlib.import_module("checklists.migrations.0002_counties_and_roles").create_reference_data(
        apps
    )


@pytest.fixture
def content(transactional_db, live_server, settings):
    """The real content pack in the live server's database."""
    _load_into_live_server(settings.PORTAL_CONTENT_DIR, settings)
    return live_server.url


@pytest.fixture
def guidance_content(transactional_db, live_server, settings):
    """The small test pack with every guidance page type, in the live server's database."""
    from pathlib import Path

    _load_into_live_server(Path(__file__).resolve().parents[1] / "fixtures/guidance_pack", settings)
    return live_server.url
