"""What the apps built on the portal tell the foundation about themselves.

The foundation imports no app above it. An app declares what the foundation needs to know on
its AppConfig, and the foundation reads the declarations here (after the app registry is ready):

- `public_content = True`: readers see this app's models, so saving or deleting one clears the
  page cache and purges the CDN (`portal.pagecache.signals`).
- `private_models = ("Assessment", …)`: the app's models written while people use the portal
  (answers, logs, progress, reports): saving them clears nothing.
- `content_pack_references = {"term": "Term", …}`: snippets that the content pack loads and
  that pages refer to as `{$term: key}`; `content_pack_natural_references = {"county":
  ("County", "code")}`: reference data made by migrations, named by a natural key.
- `backup_counts = {"assessments": "Assessment", …}`: rows that a restore must bring back,
  counted in the archive's manifest and compared afterwards, shown under the model's plural
  name (a value may also be a model, an SQL condition and a name, e.g.
  `("wagtailcore.Page", "live = TRUE", "publicerade sidor")`).
- `home_page_types = ("GuidancePage", …)`: page types an editor may put right under a home page
  (read with `declared_page_types`, which other apps may use for their own section pages).

A model is named within its app ("Assessment") or with its app label ("wagtailcore.Page").
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import AppConfig, apps
from django.db.models import Model


def _label(config: AppConfig, name: str) -> str:
    return name if "." in name else f"{config.label}.{name}"


def _declared(attribute: str) -> Iterator[tuple[AppConfig, object]]:
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if value:
            yield config, value


def public_content_apps() -> set[str]:
    return {config.label for config, _value in _declared("public_content")}


def private_models() -> set[str]:
    return {_label(c, name) for c, names in _declared("private_models") for name in names}


def content_pack_references() -> dict[str, str]:
    return {
        kind: _label(config, name)
        for config, references in _declared("content_pack_references")
        for kind, name in references.items()
    }


def content_pack_natural_references() -> dict[str, tuple[str, str]]:
    return {
        kind: (_label(config, name), field)
        for config, references in _declared("content_pack_natural_references")
        for kind, (name, field) in references.items()
    }


@dataclass(frozen=True)
class BackupCount:
    model: type[Model]
    condition: str  # an SQL condition on the table, or ""
    name: str  # what the operator reads


def backup_counts() -> dict[str, BackupCount]:
    counts = {}
    for config, declared in _declared("backup_counts"):
        for key, value in declared.items():
            parts = value if isinstance(value, tuple) else (value,)
            name, condition, title = (*parts, "", "")[:3]
            model = apps.get_model(_label(config, name))
            counts[key] = BackupCount(
                model, condition, str(title or model._meta.verbose_name_plural)
            )
    return counts


def declared_page_types(attribute: str) -> list[str]:
    """Page types that apps list under an attribute of their own choosing (an app above the
    foundation may ask the others the same way, e.g. guidance for its section pages)."""
    return [_label(c, name) for c, names in _declared(attribute) for name in names]
