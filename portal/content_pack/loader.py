"""Parse the content pack and apply it to the database: idempotent, and never over an editor.

Format (see content/README.md and docs/content-pack-guidance.md):
- `content/snippets/*.yaml`: `model:` and `items:`, loaded first, in file order;
- `content/pages/*.yaml`: `pages:`, a list of page specifications;
- `content/site.yaml`: `site_settings:`.
A value `{$page: key}`, `{$source: key}`, `{$rule: key}` … anywhere in fields refers to another
item of the pack. In rich text, `<a term="key">…</a>` refers to a glossary term.
"""

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import override

from portal import deferred
from portal.content_pack.apply import Applier, LoadReport
from portal.content_pack.parse import Pack, PageSpec, SnippetSpec, parse_pack
from portal.content_pack.translations import translations_link

__all__ = ["LoadReport", "Pack", "PageSpec", "SnippetSpec", "load_pack", "parse_pack"]


def load_pack(content_dir: Path, *, dry_run: bool = False) -> LoadReport:
    """Apply the pack in one transaction; any error leaves the database as it was."""
    # Editors and the README read the errors in Swedish, whatever language is active.
    with override(settings.LANGUAGE_CODE):
        return _load(content_dir, dry_run=dry_run)


def _load(content_dir: Path, *, dry_run: bool) -> LoadReport:
    pack = parse_pack(content_dir)
    with transaction.atomic():
        # Indexing for search waits until everything is saved: once per object, not per save.
        with deferred.batch():
            report = Applier(pack).run()
            report.translations = translations_link()
        if dry_run:
            transaction.set_rollback(True)
    return report
