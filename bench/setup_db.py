"""Shared by the benchmarks: a database with the real content pack, on DATABASE_URL (a throwaway
SQLite file when unset), and with `--opensearch` a throwaway OpenSearch node beside it. The
short forms of the load and fault tests ask for a minimal site instead (a home page, a few pages
and a published checklist, built with the test factories): loading the whole pack takes minutes
on this machine."""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_opensearch():
    """A node from tools/opensearch for this run (removed at exit), and OPENSEARCH_URL pointing
    the portal at it: call before django_with_content."""
    import atexit

    sys.path.insert(0, str(ROOT / "tools" / "opensearch"))
    from node import Node

    node = Node()
    seconds = node.start()
    atexit.register(node.remove)
    os.environ["OPENSEARCH_URL"] = node.url
    os.environ["OPENSEARCH_INDEX_PREFIX"] = "bench_"
    print(f"# OpenSearch node ready at {node.url} in {seconds:.1f} s")
    return node


def django_with_content(*, name: str, fresh: bool = True, minimal: bool = False) -> str:
    """Set Django up on the benchmark database, load the content (or, with minimal, a small site
    with the checklist), and say which database it is (and search server, if any). With a
    search server, its indices are created first (`update_index --schema-only`), so that the
    content is indexed as it loads, and rebuilt at the end (`update_index`, the alias swap)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"po-portalen-bench-{name}.sqlite3"
        if fresh and path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django
    from django.core.management import call_command

    django.setup()
    import logging

    from django.conf import settings

    settings.DEBUG = False  # no query log: measure what production runs

    logging.disable(logging.WARNING)  # the loader's page-by-page log is not the benchmark
    from django.db import connection

    started = time.perf_counter()
    _seed_from_the_tests_copy()
    call_command("migrate", verbosity=0, interactive=False)
    server = os.environ.get("OPENSEARCH_URL")
    if server:
        call_command("update_index", backend_name="default", schema_only=True, verbosity=0)
    with open(os.devnull, "w") as quiet:
        if minimal:
            _minimal_site()
        else:
            call_command("load_content", verbosity=0, stdout=quiet)
        call_command("rebuild_search", verbosity=0, stdout=quiet)
    what = "minimal site" if minimal else "content"
    print(f"# {connection.vendor}: {what} loaded in {time.perf_counter() - started:.1f} s")
    if server:
        started = time.perf_counter()
        call_command("update_index", backend_name="default", verbosity=0)
        print(f"# OpenSearch: update_index (alias swap) in {time.perf_counter() - started:.1f} s")
        return f"{connection.vendor}, search on OpenSearch"
    return connection.vendor


def _seed_from_the_tests_copy() -> None:
    """An empty database starts as the migrated copy a test run has made (tests/snapshots.py),
    when there is one for these migrations: `migrate` then has nothing to apply, and CI's fault
    test, which runs last, skips a minute of migrations."""
    from django.db import connection

    from tests import snapshots

    if not snapshots.is_empty(connection):
        return
    connection.close()
    if snapshots.seed_installation(os.environ["DATABASE_URL"]):
        print("# database: migrated copy from the test run (tests/snapshots.py)")


def _minimal_site() -> None:
    """A Swedish home page as the site root, a few public pages, and a published checklist
    (which freezes the version assessments answer)."""
    from wagtail.models import Page, Site

    from tests.factories import (
        ChecklistPageFactory,
        GuidancePageFactory,
        HomePageFactory,
        StandardPageFactory,
    )
    from tests.factories.checklists import checklist_areas, publish

    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="startsida")
    site.root_page = home
    site.save()
    if welcome.specific_class is Page:
        welcome.delete()
    StandardPageFactory(parent=home, title="Om portalen", slug="om-portalen")
    section = GuidancePageFactory(
        parent=home, title="För länsstyrelser", slug="lansstyrelse", audience="lansstyrelse"
    )
    for number in range(1, 6):
        GuidancePageFactory(
            parent=section, title=f"Vägledning om personligt ombud {number}", audience="ombud"
        )
    publish(
        ChecklistPageFactory(
            parent=section, live=False, areas=checklist_areas(areas=3, items_per_area=4)
        )
    )
