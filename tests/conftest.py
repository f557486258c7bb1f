from pathlib import Path

import pytest
from wagtail.models import Locale, Page, Site

from portal.translations import compile_catalogues
from tests.factories import HomePageFactory, StandardPageFactory

# Checks of what the real content pack says (citations, figures, translations, page weight).
# They read the pack's text and give the same answer on any database, so CI's PostgreSQL run
# leaves them out (`-m "not content"`) to stay within its time; the SQLite run has them all,
# and the real pack is loaded on PostgreSQL by the browser and load tests there.
CONTENT_CHECKS = {
    "tests/checklists/test_content.py",
    "tests/eligibility/test_content.py",
    "tests/figures/test_content.py",
    "tests/guidance/test_english_edition.py",
    "tests/guidance/test_first_edition.py",
    "tests/guidance/test_outcomes_and_training.py",
    "tests/portal/test_page_weight.py",
    "tests/reporting/test_content.py",
}


# The small test pack: one of every guidance item and page type, in both languages.
SMALL_PACK = Path(__file__).resolve().parent / "fixtures" / "guidance_pack"


def pytest_itemcollected(item):
    root = Path(__file__).resolve().parent.parent
    if Path(str(item.fspath)).resolve().relative_to(root).as_posix() in CONTENT_CHECKS:
        item.add_marker(pytest.mark.content)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Within each run of one module's tests (pytest-django has already grouped them by how they
    use the database), those that do not use the module's small pack come first: once loaded,
    the pack stays in the database until the module is done (`small_pack`)."""
    runs: list[list] = []
    for item in items:
        if runs and runs[-1][0].module is item.module:
            runs[-1].append(item)
        else:
            runs.append([item])
    items[:] = [
        item
        for run in runs
        for item in sorted(run, key=lambda item: "small_pack" in getattr(item, "fixturenames", ()))
    ]


@pytest.fixture(scope="module")
def small_pack(django_db_setup, django_db_blocker):
    """The small pack, loaded and indexed once per test module inside a transaction that is rolled
    back after the module; each test's own transaction is a savepoint inside it, so what a test
    changes is undone before the next. Loading the pack takes 6–8 s on PostgreSQL: once per test
    it was most of the suite's time."""
    from django.db import transaction

    from portal.content_pack.loader import load_pack
    from search.services import search_documents_rebuild

    with django_db_blocker.unblock(), transaction.atomic():
        report = load_pack(SMALL_PACK)
        assert report.conflicts == []
        search_documents_rebuild()
        yield report
        transaction.set_rollback(True)


def pytest_configure(config):
    # The English catalogue must be compiled before Django first loads translations.
    compile_catalogues([Path(__file__).resolve().parent.parent / "portal" / "locale"])


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches site root paths; a cache left from another test points at pages gone."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def _file_folders(tmp_path_factory):
    return tmp_path_factory.mktemp("files")


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, _file_folders):
    """Uploads in tests (images, documents) never land in the checkout's var/."""
    settings.MEDIA_ROOT = _file_folders / "media"
    settings.PORTAL_DOCUMENTS_ROOT = _file_folders / "documents"


@pytest.fixture(autouse=True)
def _page_cache_healthy():
    """A test that breaks the cache on purpose must not leave the next one serving uncached."""
    yield
    from portal.pagecache import invalidation

    invalidation.reset_state()


@pytest.fixture(autouse=True)
def _swedish_by_default():
    """Each test starts in the site's language; a request to /en/ must not leak into the next."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.deactivate()


def translate(page: Page, language: str, **fields) -> Page:
    """Make and publish a translation of a page, as an editor would with wagtail-localize."""
    locale = Locale.objects.get(language_code=language)
    translation = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


@pytest.fixture
def home(db) -> Page:
    """A Swedish home page as the default site's root.

    A transactional test before this one empties every table, including the locales, root page
    and site that migrations made; they are made again here when missing."""
    from django.conf import settings

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node() or Page.add_root(
        title="Root", slug="root", locale=Locale.get_default()
    )
    site = Site.objects.filter(is_default_site=True).first()
    welcome = site.root_page if site else None  # Wagtail's "Welcome" page from its migrations
    home = HomePageFactory(parent=root, slug="startsida")
    site = site or Site(is_default_site=True)
    site.root_page = home
    site.hostname, site.port = "testserver", 80
    site.save()
    if welcome is not None:
        welcome.delete()
    return home


@pytest.fixture
def home_en(home) -> Page:
    return translate(home, "en", title="Personal ombudsman", slug="home")


@pytest.fixture
def standard_page(home) -> Page:
    return StandardPageFactory(parent=home, title="Om portalen", slug="om-portalen")
