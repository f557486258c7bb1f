"""Parse the content pack and apply it to the database: idempotent, and never over an editor.

Format (see content/README.md): every `content/pages/*.yaml` holds `pages:`, a list of page
specifications; `content/site.yaml` holds `site_settings:`. A value `{$page: key}` anywhere in
fields refers to another page of the pack.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site

from portal.content_pack.yaml_lines import PackError, line_of, load_yaml
from portal.models import ContentRecord, SiteSettings

PAGE_KEYS = {"key", "type", "parent", "slug", "title", "fields", "translations", "site_root"}
TRANSLATION_KEYS = {"slug", "title", "fields"}
RESERVED_FIELDS = {"title", "slug", "locale", "translation_key", "live", "path", "depth"}
SITE_SETTINGS_KEY = "site-settings"


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
class Pack:
    pages: list[PageSpec]
    site_settings: dict | None = None
    site_settings_path: Path | None = None


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


# Parsing ------------------------------------------------------------------------------------


def _require(mapping, key: str, path: Path, what: str):
    value = mapping.get(key)
    if value in (None, ""):
        raise PackError(path, line_of(mapping), f"{what} saknar '{key}'")
    return value


def _page_model(name, path: Path, line) -> type[Page]:
    try:
        model = apps.get_model(str(name))
    except (LookupError, ValueError):
        raise PackError(path, line, f"okänd sidtyp '{name}'") from None
    if not issubclass(model, Page) or model is Page:
        raise PackError(path, line, f"'{name}' är ingen sidtyp")
    return model


def _check_fields(model: type[Page], fields, path: Path, line) -> dict:
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        raise PackError(path, line, "'fields' ska vara en mappning av fältnamn till värden")
    for name in fields:
        if name in RESERVED_FIELDS:
            raise PackError(
                path, line_of(fields) or line, f"fältet '{name}' anges inte under fields"
            )
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            raise PackError(
                path, line_of(fields) or line, f"{model.__name__} har inget fält '{name}'"
            ) from None
        if not model_field.editable or model_field.auto_created:
            raise PackError(path, line_of(fields) or line, f"fältet '{name}' kan inte laddas")
    return fields


def _parse_translation(raw, base: PageSpec, language: str, path: Path) -> PageSpec:
    if not isinstance(raw, dict):
        raise PackError(path, base.line, f"översättningen '{language}' ska vara en mappning")
    unknown = set(raw) - TRANSLATION_KEYS
    if unknown:
        raise PackError(path, line_of(raw), f"okända nycklar: {', '.join(sorted(unknown))}")
    what = f"översättningen '{language}' av '{base.key}'"
    return PageSpec(
        key=base.key,
        model=base.model,
        parent_key=base.parent_key,
        title=str(_require(raw, "title", path, what)),
        slug=str(_require(raw, "slug", path, what)),
        fields=_check_fields(base.model, raw.get("fields"), path, line_of(raw)),
        path=path,
        line=line_of(raw),
        site_root=base.site_root,
    )


def _parse_page(raw, path: Path, languages: set[str]) -> PageSpec:
    if not isinstance(raw, dict):
        raise PackError(path, None, "varje post under 'pages' ska vara en mappning")
    line = line_of(raw)
    unknown = set(raw) - PAGE_KEYS
    if unknown:
        raise PackError(path, line, f"okända nycklar: {', '.join(sorted(unknown))}")
    key = str(_require(raw, "key", path, "en sida"))
    model = _page_model(_require(raw, "type", path, f"sidan '{key}'"), path, line)
    spec = PageSpec(
        key=key,
        model=model,
        parent_key=raw.get("parent"),
        title=str(_require(raw, "title", path, f"sidan '{key}'")),
        slug=str(_require(raw, "slug", path, f"sidan '{key}'")),
        fields=_check_fields(model, raw.get("fields"), path, line),
        path=path,
        line=line,
        site_root=bool(raw.get("site_root", False)),
    )
    translations = raw.get("translations") or {}
    if not isinstance(translations, dict):
        raise PackError(path, line, "'translations' ska vara en mappning från språkkod")
    for language, translation in translations.items():
        if language not in languages or language == settings.LANGUAGE_CODE:
            raise PackError(path, line_of(translations), f"okänt översättningsspråk '{language}'")
        spec.translations[language] = _parse_translation(translation, spec, language, path)
    return spec


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
    languages = {code for code, _name in settings.LANGUAGES}
    pages: list[PageSpec] = []
    for path in sorted((content_dir / "pages").glob("*.yaml")):
        document = load_yaml(path)
        if not isinstance(document, dict) or not isinstance(document.get("pages"), list):
            raise PackError(path, line_of(document), "filen ska ha en lista 'pages'")
        pages.extend(_parse_page(raw, path, languages) for raw in document["pages"])
    pack = Pack(pages=_order_by_parent(pages))
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


def _checksum(data) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


class _Applier:
    def __init__(self, pack: Pack):
        self.pack = pack
        self.report = LoadReport()
        self.source_language = settings.LANGUAGE_CODE
        self.locales = {
            code: Locale.objects.get_or_create(language_code=code)[0]
            for code, _name in settings.LANGUAGES
        }
        # Pages loaded by earlier runs, so references between them resolve in any order.
        self.pages: dict[tuple[str, str], Page] = {
            (record.key, record.language): record.page
            for record in ContentRecord.objects.filter(page__isnull=False).select_related("page")
        }
        self.pack_keys = {spec.key for spec in pack.pages}
        # Pages created with forward references still to fill in: (spec, language, record).
        self.deferred: list[tuple[PageSpec, str, ContentRecord]] = []

    def resolve_refs(self, value, spec: PageSpec, *, pending: list | None = None):
        """Replace every {$page: key} with the id of that page in the source language.

        A page may refer to a page the pack creates later (a home page links its sections).
        With `pending`, such a reference becomes None for now and is noted in the list.
        """
        if isinstance(value, dict):
            if set(value) == {"$page"}:
                key = str(value["$page"])
                page = self.pages.get((key, self.source_language))
                if page is not None:
                    return page.pk
                if pending is not None and key in self.pack_keys:
                    pending.append(key)
                    return None
                raise PackError(
                    spec.path,
                    line_of(value) or spec.line,
                    f"hänvisningen till sidan '{key}' går inte att lösa upp",
                )
            return {k: self.resolve_refs(v, spec, pending=pending) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve_refs(v, spec, pending=pending) for v in value]
        return value

    def set_fields(self, page: Page, spec: PageSpec, fields: dict) -> None:
        for name, value in fields.items():
            model_field = page._meta.get_field(name)
            if isinstance(model_field, StreamField):
                block = model_field.stream_block
                try:
                    stream = block.to_python(value or [])
                    block.clean(stream)
                except ValidationError as error:
                    raise PackError(spec.path, spec.line, f"fältet '{name}': {error}") from None
                except Exception as error:
                    raise PackError(
                        spec.path, spec.line, f"fältet '{name}' har fel form: {error}"
                    ) from None
                setattr(page, name, stream)
            elif isinstance(model_field, models.ForeignKey):
                setattr(page, model_field.attname, value)
            else:
                setattr(page, name, value)

    def validate(self, page: Page, spec: PageSpec) -> None:
        # A page not yet in the tree has no path; Wagtail fills the tree fields on add_child.
        exclude = ["path", "depth"] if page.pk is None else []
        try:
            page.full_clean(exclude=exclude)
        except ValidationError as error:
            messages = "; ".join(
                f"{name}: {' '.join(str(m) for m in errs)}"
                for name, errs in error.message_dict.items()
            )
            raise PackError(
                spec.path, spec.line, f"sidan '{spec.key}' är ogiltig: {messages}"
            ) from None

    def publish(self, page: Page, spec: PageSpec) -> Page:
        self.validate(page, spec)
        page.save()
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    def record_for(self, key: str, language: str) -> ContentRecord | None:
        return ContentRecord.objects.filter(key=key, language=language).first()

    def apply_page(self, spec: PageSpec, language: str, source: Page | None) -> None:
        label = f"{spec.key} [{language}]"
        record = self.record_for(spec.key, language)
        if record is not None:
            # Every page the pack made earlier exists, so references resolve now.
            fields = self.resolve_refs(spec.fields, spec)
            self.update_page(record, spec, label, fields, self.checksum(spec, fields), language)
            return
        pending: list[str] = []
        fields = self.resolve_refs(spec.fields, spec, pending=pending)
        locale = self.locales[language]
        if source is None:
            page = self.create_source_page(spec, label, fields)
        else:
            page = self.create_translation(spec, label, fields, source, locale)
        if page is None:
            return
        record = ContentRecord.objects.create(
            key=spec.key,
            language=language,
            page=page,
            checksum=self.checksum(spec, fields),
            fingerprint=str(page.latest_revision_id),
        )
        self.pages[(spec.key, language)] = page
        self.report.created.append(label)
        if pending:
            self.deferred.append((spec, language, record))

    def checksum(self, spec: PageSpec, fields: dict) -> str:
        return _checksum(
            {
                "type": spec.model._meta.label,
                "title": spec.title,
                "slug": spec.slug,
                "fields": fields,
            }
        )

    def fill_deferred(self) -> None:
        """Second pass: set the forward references of pages created in this run."""
        for spec, _language, record in self.deferred:
            fields = self.resolve_refs(spec.fields, spec)
            page = record.page.specific
            self.set_fields(page, spec, fields)
            page = self.publish(page, spec)
            record.checksum = self.checksum(spec, fields)
            record.fingerprint = str(page.latest_revision_id)
            record.save()

    def create_source_page(self, spec: PageSpec, label: str, fields: dict) -> Page | None:
        if spec.parent_key is None:
            parent = Page.get_first_root_node()
            if parent is None:
                raise PackError(spec.path, spec.line, "sidträdet saknar rot; kör migrate först")
        else:
            parent = self.pages.get((spec.parent_key, self.source_language))
        if parent is None:
            self.report.conflicts.append(
                f"{label}: föräldern '{spec.parent_key}' finns inte längre; sidan laddas inte"
            )
            return None
        return self.create_page(spec, label, fields, parent, self.locales[self.source_language])

    def create_translation(self, spec, label, fields, source: Page, locale: Locale) -> Page | None:
        if source.get_translations().filter(locale=locale).exists():
            self.report.conflicts.append(
                f"{label}: sidan har redan en översättning som inte kommer från innehållspaketet; "
                "den lämnas orörd"
            )
            return None
        parent = source.get_parent()
        if parent.depth > 1:
            parent = parent.get_translations().filter(locale=locale).first()
        if parent is None:
            self.report.conflicts.append(
                f"{label}: föräldern saknar översättning; sidan laddas inte"
            )
            return None
        return self.create_page(
            spec, label, fields, parent, locale, translation_key=source.translation_key
        )

    def create_page(
        self, spec, label, fields, parent: Page, locale: Locale, **extra
    ) -> Page | None:
        if parent.get_children().filter(slug=spec.slug).exists():
            self.report.conflicts.append(
                f"{label}: det finns redan en sida med adressen '{spec.slug}' som inte kommer "
                "från innehållspaketet; den lämnas orörd"
            )
            return None
        page = spec.model(title=spec.title, slug=spec.slug, locale=locale, **extra)
        self.set_fields(page, spec, fields)
        self.validate(page, spec)
        parent.add_child(instance=page)
        return self.publish(page, spec)

    def update_page(self, record, spec, label, fields, checksum, language) -> None:
        if record.page is None:
            self.report.conflicts.append(
                f"{label}: sidan har tagits bort i admin; den återskapas inte"
            )
            return
        page = record.page.specific
        self.pages[(spec.key, language)] = page
        if str(page.latest_revision_id) != record.fingerprint:
            self.report.conflicts.append(
                f"{label}: sidan har ändrats i admin sedan den laddades; den skrivs inte över"
            )
            return
        if record.checksum == checksum:
            self.report.unchanged.append(label)
            return
        page.title, page.slug = spec.title, spec.slug
        self.set_fields(page, spec, fields)
        page = self.publish(page, spec)
        record.page, record.checksum = page, checksum
        record.fingerprint = str(page.latest_revision_id)
        record.save()
        self.report.updated.append(label)

    def claim_site(self, spec: PageSpec) -> None:
        """Make the pack's home page the default site's root, replacing Wagtail's welcome page."""
        home = self.pages.get((spec.key, self.source_language))
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if home is None:
            return
        if site is None:
            site = Site(is_default_site=True)
        elif site.root_page_id == home.pk:
            return
        welcome = site.root_page if site.pk else None
        if welcome is not None and welcome.specific_class is not Page:
            self.report.conflicts.append(
                f"{spec.key}: webbplatsen har redan en annan startsida ('{welcome.title}'); "
                "den byts inte ut"
            )
            return
        site.root_page = home
        # Full URLs (sitemap, hreflang) should name the address the portal is served on.
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.hostname = base.hostname or "localhost"
        site.port = base.port or (443 if base.scheme == "https" else 80)
        site.save()
        if welcome is not None and welcome.get_children_count() == 0:
            welcome.delete()

    def apply_site_settings(self) -> None:
        data, path = self.pack.site_settings, self.pack.site_settings_path
        site = Site.objects.filter(is_default_site=True).first()
        if data is None or site is None:
            return
        spec = PageSpec(SITE_SETTINGS_KEY, Page, None, "", "", {}, path, line_of(data))
        values = self.resolve_refs(data, spec)
        instance = SiteSettings.for_site(site)
        field_names = []
        for name in values:
            try:
                field_names.append(SiteSettings._meta.get_field(name).attname)
            except Exception:
                raise PackError(
                    path, line_of(data), f"webbplatsinställningar saknar fältet '{name}'"
                ) from None
        record = self.record_for(SITE_SETTINGS_KEY, "")
        checksum = _checksum(values)

        def state() -> str:
            return _checksum([getattr(instance, name) for name in field_names])

        if record is not None and record.fingerprint != state():
            self.report.conflicts.append(
                "webbplatsinställningar: ändrade i admin; skrivs inte över"
            )
            return
        if record is not None and record.checksum == checksum:
            self.report.unchanged.append("webbplatsinställningar")
            return
        for name, value in values.items():
            setattr(instance, SiteSettings._meta.get_field(name).attname, value)
        try:
            instance.full_clean()
        except ValidationError as error:
            raise PackError(path, line_of(data), f"webbplatsinställningar: {error}") from None
        instance.save()
        ContentRecord.objects.update_or_create(
            key=SITE_SETTINGS_KEY,
            language="",
            defaults={"checksum": checksum, "fingerprint": state()},
        )
        (self.report.updated if record else self.report.created).append("webbplatsinställningar")

    def run(self) -> LoadReport:
        for spec in self.pack.pages:
            self.apply_page(spec, self.source_language, source=None)
            if spec.site_root:
                self.claim_site(spec)
        for spec in self.pack.pages:
            source = self.pages.get((spec.key, self.source_language))
            for language, translation in spec.translations.items():
                if source is None:
                    self.report.conflicts.append(
                        f"{spec.key} [{language}]: originalsidan saknas; översättningen laddas inte"
                    )
                    continue
                self.apply_page(translation, language, source=source)
        self.fill_deferred()
        self.apply_site_settings()
        return self.report


def load_pack(content_dir: Path, *, dry_run: bool = False) -> LoadReport:
    """Apply the pack in one transaction; any error leaves the database as it was."""
    pack = parse_pack(content_dir)
    with transaction.atomic():
        report = _Applier(pack).run()
        if dry_run:
            transaction.set_rollback(True)
    return report
