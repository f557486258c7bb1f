"""Read the content pack's YAML files into page and snippet specifications, checking each
against the models (format: content/README.md). Nothing here touches the database."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from wagtail.models import Page, TranslatableMixin

from portal.content_pack import values
from portal.content_pack.yaml_lines import PackError, line_of, load_yaml

PAGE_KEYS = {"key", "type", "parent", "slug", "title", "fields", "translations", "site_root"}
TRANSLATION_KEYS = {"slug", "title", "fields"}
SNIPPET_KEYS = {"key", "fields", "translations"}
SITE_SETTINGS_KEY = "site-settings"
TERM_LINK = re.compile(r'<a term="([^"]*)">')
# Reference kinds of the pack ({$term: key}) and the models they name are declared by each app
# (`content_pack_references`, `content_pack_natural_references`; see portal.registry).


@dataclass
class PageSpec:
    key: str
    model: type[Page]
    parent_key: str | None
    title: str
    slug: str
    fields: dict
    path: Path
    line: int | None
    site_root: bool = False
    translations: dict[str, "PageSpec"] = field(default_factory=dict)


@dataclass
class SnippetSpec:
    model: type
    key: str
    fields: dict
    path: Path
    line: int | None
    translations: dict[str, dict] = field(default_factory=dict)

    @property
    def record_key(self) -> str:
        return f"{self.model._meta.label}:{self.key}"


@dataclass
class Pack:
    pages: list[PageSpec]
    snippets: list[SnippetSpec] = field(default_factory=list)
    site_settings: dict | None = None
    site_settings_path: Path | None = None


# Parsing ------------------------------------------------------------------------------------


def _require(mapping, key: str, path: Path, what: str):
    value = mapping.get(key)
    if value in (None, ""):
        raise PackError(path, line_of(mapping), f"{what} saknar '{key}'")
    return value


def _reject_unknown(raw: dict, allowed: set[str], path: Path) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise PackError(path, line_of(raw), f"okända nycklar: {', '.join(sorted(unknown))}")


def _model(name, path: Path, line, *, page: bool):
    try:
        model = apps.get_model(str(name))
    except (LookupError, ValueError):
        raise PackError(path, line, f"okänd {'sidtyp' if page else 'modell'} '{name}'") from None
    if page and (not issubclass(model, Page) or model is Page):
        raise PackError(path, line, f"'{name}' är ingen sidtyp")
    if not page and issubclass(model, Page):
        raise PackError(path, line, f"'{name}' är en sidtyp; lägg den under content/pages")
    return model


def _other_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}


def _parse_translation(raw, base: PageSpec, language: str, path: Path) -> PageSpec:
    if not isinstance(raw, dict):
        raise PackError(path, base.line, f"översättningen '{language}' ska vara en mappning")
    _reject_unknown(raw, TRANSLATION_KEYS, path)
    what = f"översättningen '{language}' av '{base.key}'"
    return PageSpec(
        key=base.key,
        model=base.model,
        parent_key=base.parent_key,
        title=str(_require(raw, "title", path, what)),
        slug=str(_require(raw, "slug", path, what)),
        # Fields the translation does not give (dates, audience, references) follow the original.
        fields={
            **base.fields,
            **values.check_field_names(base.model, raw.get("fields"), path, line_of(raw)),
        },
        path=path,
        line=line_of(raw),
        site_root=base.site_root,
    )


def _translations_of(raw, path: Path, line) -> dict:
    translations = raw.get("translations") or {}
    if not isinstance(translations, dict):
        raise PackError(path, line, "'translations' ska vara en mappning från språkkod")
    for language in translations:
        if language not in _other_languages():
            raise PackError(path, line_of(translations), f"okänt översättningsspråk '{language}'")
    return translations


def _parse_page(raw, path: Path) -> PageSpec:
    if not isinstance(raw, dict):
        raise PackError(path, None, "varje post under 'pages' ska vara en mappning")
    line = line_of(raw)
    _reject_unknown(raw, PAGE_KEYS, path)
    key = str(_require(raw, "key", path, "en sida"))
    model = _model(_require(raw, "type", path, f"sidan '{key}'"), path, line, page=True)
    spec = PageSpec(
        key=key,
        model=model,
        parent_key=raw.get("parent"),
        title=str(_require(raw, "title", path, f"sidan '{key}'")),
        slug=str(_require(raw, "slug", path, f"sidan '{key}'")),
        fields=values.check_field_names(model, raw.get("fields"), path, line),
        path=path,
        line=line,
        site_root=bool(raw.get("site_root", False)),
    )
    for language, translation in _translations_of(raw, path, line).items():
        spec.translations[language] = _parse_translation(translation, spec, language, path)
    return spec


def _parse_snippets(document, path: Path) -> list[SnippetSpec]:
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise PackError(path, line_of(document), "filen ska ha 'model' och en lista 'items'")
    model = _model(_require(document, "model", path, "filen"), path, line_of(document), page=False)
    translatable = issubclass(model, TranslatableMixin)
    specs = []
    for raw in document["items"]:
        if not isinstance(raw, dict):
            raise PackError(
                path, line_of(document), "varje post under 'items' ska vara en mappning"
            )
        _reject_unknown(raw, SNIPPET_KEYS, path)
        key = str(_require(raw, "key", path, "en post"))
        line = line_of(raw)
        spec = SnippetSpec(
            model=model,
            key=key,
            fields=values.check_field_names(model, raw.get("fields"), path, line, reserved={"id"}),
            path=path,
            line=line,
        )
        translations = _translations_of(raw, path, line)
        if translations and not translatable:
            raise PackError(path, line, f"{model.__name__} kan inte översättas")
        for language, translation in translations.items():
            if not isinstance(translation, dict):
                raise PackError(path, line, f"översättningen '{language}' ska vara en mappning")
            _reject_unknown(translation, {"fields"}, path)
            spec.translations[language] = values.check_field_names(
                model, translation.get("fields"), path, line_of(translation), reserved={"id"}
            )
        specs.append(spec)
    return specs


def _order_by_parent(pages: list[PageSpec]) -> list[PageSpec]:
    """Parents before children; unknown parents and cycles are errors."""
    by_key = {}
    for spec in pages:
        if spec.key in by_key:
            raise PackError(spec.path, spec.line, f"nyckeln '{spec.key}' finns redan")
        by_key[spec.key] = spec
    ordered, placed = [], set()

    def place(spec: PageSpec, trail: tuple[str, ...]) -> None:
        if spec.key in placed:
            return
        if spec.key in trail:
            raise PackError(spec.path, spec.line, f"sidorna bildar en slinga: {' → '.join(trail)}")
        if spec.parent_key is not None:
            parent = by_key.get(spec.parent_key)
            if parent is None:
                raise PackError(spec.path, spec.line, f"föräldern '{spec.parent_key}' finns inte")
            for language in spec.translations:
                if language not in parent.translations:
                    raise PackError(
                        spec.path,
                        spec.line,
                        f"'{spec.key}' har en översättning till '{language}' "
                        f"men föräldern '{parent.key}' har ingen",
                    )
            place(parent, (*trail, spec.key))
        placed.add(spec.key)
        ordered.append(spec)

    for spec in pages:
        place(spec, ())
    return ordered


def parse_pack(content_dir: Path) -> Pack:
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise PackError(content_dir, None, "mappen med innehållspaketet finns inte")
    snippets: list[SnippetSpec] = []
    for path in sorted((content_dir / "snippets").glob("*.yaml")):
        snippets.extend(_parse_snippets(load_yaml(path), path))
    seen: dict[str, SnippetSpec] = {}
    for spec in snippets:
        if spec.record_key in seen:
            raise PackError(spec.path, spec.line, f"nyckeln '{spec.key}' finns redan")
        seen[spec.record_key] = spec
    pages: list[PageSpec] = []
    for path in sorted((content_dir / "pages").glob("*.yaml")):
        document = load_yaml(path)
        if not isinstance(document, dict) or not isinstance(document.get("pages"), list):
            raise PackError(path, line_of(document), "filen ska ha en lista 'pages'")
        pages.extend(_parse_page(raw, path) for raw in document["pages"])
    pack = Pack(pages=_order_by_parent(pages), snippets=snippets)
    site_path = content_dir / "site.yaml"
    if site_path.exists():
        document = load_yaml(site_path)
        if not isinstance(document, dict) or not isinstance(document.get("site_settings"), dict):
            raise PackError(
                site_path, line_of(document), "filen ska ha en mappning 'site_settings'"
            )
        pack.site_settings, pack.site_settings_path = document["site_settings"], site_path
    return pack


# Applying -----------------------------------------------------------------------------------
