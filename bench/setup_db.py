"""Shared by the benchmarks: a database with the real content pack, on DATABASE_URL (a throwaway
SQLite file when unset)."""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_with_content(*, name: str, fresh: bool = True) -> str:
    """Set Django up on the benchmark database, load the content, and say which database it is."""
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
    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("load_content", verbosity=0, stdout=quiet)
        call_command("rebuild_search", verbosity=0, stdout=quiet)
    print(f"# {connection.vendor}: content loaded in {time.perf_counter() - started:.1f} s")
    return connection.vendor
