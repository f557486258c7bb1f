from pathlib import Path

import pytest
from wagtail.models import Locale, Page, Site

from portal.translations import compile_catalogues
from tests import packs, snapshots
from tests.factories import HomePageFactory, StandardPageFactory

# Checks of what the real content pack says (citations, figures, translations, page weight).
# They read the pack's text and give the same answer on any database, so CI's PostgreSQL run
# leaves them out (`-m "not content"`) to stay within its time; the SQLite run has them all,
# and the real pack is loaded on PostgreSQL by the tillsyn browser tests there.
CONTENT_CHECKS = {
    "tests/checklists/test_content.py",
    "tests/eligibility/test_content.py",
    "tests/figures/test_content.py",
    "tests/guidance/test_english_edition.py",
    "tests/guidance/test_first_edition.py",
    "tests/guidance/test_outcomes_and_training.py",
    "tests/portal/test_page_weight.py",
    "tests/reporting/test_content.py",
    "tests/search/test_quality.py",
}


# Fixtures that keep a pack in the database for the rest of their module (tests/packs.py).
MODULE_PACKS = {"small_pack", "real_pack_in_db"}


def pytest_itemcollected(item):
    root = Path(__file__).resolve().parent.parent
    if Path(str(item.fspath)).resolve().relative_to(root).as_posix() in CONTENT_CHECKS:
        item.add_marker(pytest.mark.content)


def _uses_a_module_pack(item) -> bool:
    return bool(MODULE_PACKS & set(getattr(item, "fixturenames", ())))


# What a test needs, directly or through its fixtures, when it touches the database.
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def pytest_addoption(parser):
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that touch the database (CI's SQLite run: the others give the "
        "same answer on any database and run once, in the PostgreSQL halves)",
    )


def _touches_the_database(item) -> bool:
    return (
        bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        or item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("database") is not None
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """With --database-tests-only, the tests that never touch the database are left out. Then,
    within each run of one module's tests (pytest-django has already grouped them by how they
    use the database), those that use no pack come first: once loaded, a pack stays in the
    database until the module is done (`MODULE_PACKS`)."""
    if config.getoption("--database-tests-only"):
        left_out = [item for item in items if not _touches_the_database(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if _touches_the_database(item)]
    runs: list[list] = []
    for item in items:
        if runs and getattr(runs[-1][0], "module", None) is getattr(item, "module", None):
            runs[-1].append(item)
        else:
            runs.append([item])
    items[:] = [
        item
        for run in runs
        for item in sorted(
            run, key=lambda item: bool(MODULE_PACKS & set(getattr(item, "fixturenames", ())))
        )
    ]


@pytest.fixture(scope="module")
def small_pack(django_db_setup, django_db_blocker):
    """The small test pack (one of every guidance item and page type, in both languages),
    indexed, for the rest of the module; what each test changes is rolled back."""
    with django_db_blocker.unblock(), packs.for_module(packs.SMALL_PACK) as report:
        yield report


@pytest.fixture(scope="module")
def real_pack_in_db(django_db_setup, django_db_blocker):
    """The real content pack, indexed, for the rest of the module; what each test changes is
    rolled back."""
    with django_db_blocker.unblock(), packs.for_module(packs.real_pack_dir()) as report:
        yield report


def pytest_configure(config):
    # The English catalogue must be compiled before Django first loads translations.
    compile_catalogues([Path(__file__).resolve().parent.parent / "portal" / "locale"])
    snapshots.install()  # test databases come migrated from a copy (tests/snapshots.py)


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
    root = packs.root_page_and_locales()
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
