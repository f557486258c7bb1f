"""Apply a parsed pack to the database: create what is new, update what the pack changed and no
editor has touched since, and report everything else as a conflict, never overwriting it."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from wagtail.models import Locale, Page, Site

from portal import registry
from portal.content_pack import values
from portal.content_pack.parse import (
    SITE_SETTINGS_KEY,
    TERM_LINK,
    Pack,
    PageSpec,
    SnippetSpec,
)
from portal.content_pack.translations import LinkReport
from portal.content_pack.yaml_lines import PackError, line_of
from portal.models import ContentRecord, SiteSettings


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    translations: LinkReport = field(default_factory=LinkReport)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class NewPage:
    """A page the pack adds in this run, in one language: `fields` with its references resolved;
    not `complete` while some refer to pages still to be made (filled in a second pass)."""

    spec: PageSpec
    label: str
    fields: dict
    complete: bool


class Applier:
    """One run of the loader: what exists already, what this run made, and its report."""

    def __init__(self, pack: Pack):
        self.pack = pack
        self.report = LoadReport()
        self.source_language = settings.LANGUAGE_CODE
        self.locales = {
            code: Locale.objects.get_or_create(language_code=code)[0]
            for code, _name in settings.LANGUAGES
        }
        records = list(ContentRecord.objects.select_related("page"))
        # Pages loaded by earlier runs, so references between them resolve in any order.
        self.pages: dict[tuple[str, str], Page] = {
            (r.key, r.language): r.page for r in records if r.page is not None
        }
        self.snippet_ids: dict[str, str] = {
            r.key: r.object_id
            for r in records
            if r.object_id and r.language == self.source_language
        }
        self.pack_keys = {spec.key for spec in pack.pages}
        # Pages created with forward references still to fill in: (spec, language, record).
        self.deferred: list[tuple[PageSpec, str, ContentRecord]] = []
        # Pages loaded before whose new version refers to a page created in this run.
        self.deferred_updates: list[tuple[PageSpec, str, ContentRecord]] = []

    # References

    def resolve_refs(self, value, spec, *, pending: list | None = None):
        """Replace every {$kind: key} with the id of that item in the source language.

        A page may refer to a page the pack creates later (a home page links its sections).
        With `pending`, such a reference becomes None for now and is noted in the list.
        """
        if isinstance(value, dict):
            ref_kinds = [k for k in value if isinstance(k, str) and k.startswith("$")]
            if ref_kinds and len(value) == 1:
                return self.resolve_one(
                    ref_kinds[0][1:], str(value[ref_kinds[0]]), value, spec, pending
                )
            return {k: self.resolve_refs(v, spec, pending=pending) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve_refs(v, spec, pending=pending) for v in value]
        if isinstance(value, str) and "<a term=" in value:
            return self.resolve_term_links(value, spec)
        return value

    def resolve_term_links(self, html: str, spec) -> str:
        """Rich text may refer to a glossary term as <a term="key">…</a>; store it by id."""

        def replace(match: re.Match) -> str:
            term_id = self.resolve_one("term", match.group(1), None, spec, None)
            return f'<a linktype="term" id="{term_id}">'

        return TERM_LINK.sub(replace, html)

    def resolve_one(self, kind: str, key: str, raw, spec, pending):
        line = line_of(raw) or spec.line
        if kind == "page":
            page = self.pages.get((key, self.source_language))
            if page is not None:
                return page.pk
            if pending is not None and key in self.pack_keys:
                pending.append(key)
                return None
            raise PackError(
                spec.path, line, f"hänvisningen till sidan '{key}' går inte att lösa upp"
            )
        natural = registry.content_pack_natural_references()
        snippets = registry.content_pack_references()
        if kind in natural:
            label, field_name = natural[kind]
            found = apps.get_model(label)._default_manager.filter(**{field_name: key}).first()
            if found is None:
                raise PackError(spec.path, line, f"hänvisningen '${kind}: {key}' finns inte")
            return found.pk
        if kind not in snippets:
            raise PackError(spec.path, line, f"okänd hänvisning '${kind}'")
        record_key = f"{apps.get_model(snippets[kind])._meta.label}:{key}"
        object_id = self.snippet_ids.get(record_key)
        if object_id is None:
            raise PackError(
                spec.path,
                line,
                f"hänvisningen '${kind}: {key}' går inte att lösa upp "
                "(finns posten, och kommer den före i paketet?)",
            )
        return int(object_id) if object_id.isdigit() else object_id

    def record_for(self, key: str, language: str) -> ContentRecord | None:
        return ContentRecord.objects.filter(key=key, language=language).first()

    # Snippets

    def apply_snippet(self, spec: SnippetSpec) -> None:
        source = self.apply_snippet_version(spec, self.source_language, spec.fields, None)
        for language, fields in spec.translations.items():
            if source is None:
                self.report.conflicts.append(
                    f"{spec.record_key} [{language}]: originalet saknas; översättningen laddas inte"
                )
                continue
            self.apply_snippet_version(spec, language, fields, source)

    def apply_snippet_version(self, spec: SnippetSpec, language: str, raw_fields, source):
        label = f"{spec.record_key} [{language}]"
        fields = self.resolve_refs(raw_fields, spec)
        digest = values.checksum(fields)
        record = self.record_for(spec.record_key, language)
        model = spec.model
        if record is not None:
            instance = model.objects.filter(pk=record.object_id).first()
            if instance is None:
                self.report.conflicts.append(
                    f"{label}: posten har tagits bort i admin; återskapas inte"
                )
                return None
            if values.state(instance) != record.fingerprint:
                self.report.conflicts.append(
                    f"{label}: posten har ändrats i admin; skrivs inte över"
                )
                return instance
            if record.checksum == digest:
                self.report.unchanged.append(label)
                return instance
            self.write_snippet(instance, spec, fields)
            record.checksum, record.fingerprint = digest, values.state(instance)
            record.save()
            self.report.updated.append(label)
            return instance
        if source is None:
            instance = model()
            if hasattr(instance, "locale_id"):
                instance.locale = self.locales[language]
        else:
            instance = source.copy_for_translation(self.locales[language])
        if "key" in {f.name for f in model._meta.get_fields()}:
            instance.key = spec.key
        self.write_snippet(instance, spec, fields)
        ContentRecord.objects.create(
            key=spec.record_key,
            language=language,
            object_id=str(instance.pk),
            checksum=digest,
            fingerprint=values.state(instance),
        )
        if language == self.source_language:
            self.snippet_ids[spec.record_key] = str(instance.pk)
        self.report.created.append(label)
        return instance

    def write_snippet(self, instance, spec: SnippetSpec, fields: dict) -> None:
        values.assign(instance, fields, spec.path, spec.line)
        what = f"posten '{spec.key}'"
        values.validate(instance, spec.path, spec.line, what=what)
        values.validate_children(instance, spec.path, spec.line, what=what)
        instance.save()
        # Fingerprint what the database holds (a decimal 5 reads back as 5.0), so that a second
        # run does not take the pack's own values for an editor's change.
        instance.refresh_from_db()

    # Pages

    def apply_page(self, spec: PageSpec, language: str, source: Page | None) -> None:
        label = f"{spec.key} [{language}]"
        record = self.record_for(spec.key, language)
        if record is not None:
            pending: list[str] = []
            fields = self.resolve_refs(spec.fields, spec, pending=pending)
            if pending:
                # It now refers to a page the pack adds in this run: update it in the second pass.
                if record.page is not None:
                    self.pages[(spec.key, language)] = record.page.specific
                self.deferred_updates.append((spec, language, record))
                return
            self.update_page(record, spec, label, fields, language)
            return
        pending: list[str] = []
        fields = self.resolve_refs(spec.fields, spec, pending=pending)
        new = NewPage(spec, label, fields, complete=not pending)
        if source is None:
            page = self.create_source_page(new)
        else:
            page = self.create_translation(new, source, self.locales[language])
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
        return values.checksum(
            {
                "type": spec.model._meta.label,
                "title": spec.title,
                "slug": spec.slug,
                "fields": fields,
            }
        )

    def fill_deferred(self) -> None:
        """Second pass: set the forward references of pages created in this run, and update the
        pages loaded before that now refer to them."""
        for spec, _language, record in self.deferred:
            fields = self.resolve_refs(spec.fields, spec)
            page = record.page.specific
            values.assign(page, fields, spec.path, spec.line)
            page = self.publish(page, spec)
            record.checksum = self.checksum(spec, fields)
            record.fingerprint = str(page.latest_revision_id)
            record.save()
        for spec, language, record in self.deferred_updates:
            fields = self.resolve_refs(spec.fields, spec)
            self.update_page(record, spec, f"{spec.key} [{language}]", fields, language)

    def publish(self, page: Page, spec: PageSpec) -> Page:
        values.validate(page, spec.path, spec.line, what=f"sidan '{spec.key}'")
        page.save()
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    def create_source_page(self, new: NewPage) -> Page | None:
        spec, label = new.spec, new.label
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
        return self.create_page(new, parent, self.locales[self.source_language])

    def create_translation(self, new: NewPage, source: Page, locale: Locale) -> Page | None:
        label = new.label
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
        return self.create_page(new, parent, locale, translation_key=source.translation_key)

    def create_page(self, new: NewPage, parent: Page, locale: Locale, **extra) -> Page | None:
        spec, label = new.spec, new.label
        if parent.get_children().filter(slug=spec.slug).exists():
            self.report.conflicts.append(
                f"{label}: det finns redan en sida med adressen '{spec.slug}' som inte kommer "
                "från innehållspaketet; den lämnas orörd"
            )
            return None
        if not spec.model.can_create_at(parent):
            raise PackError(
                spec.path,
                spec.line,
                f"{spec.model.__name__} får inte ligga under {type(parent.specific).__name__}",
            )
        page = spec.model(title=spec.title, slug=spec.slug, locale=locale, **extra)
        values.assign(page, new.fields, spec.path, spec.line, validate_blocks=new.complete)
        # A page not yet in the tree has no path; Wagtail fills the tree fields on add_child.
        values.validate(
            page, spec.path, spec.line, what=f"sidan '{spec.key}'", exclude=["path", "depth"]
        )
        parent.add_child(instance=page)
        return self.publish(page, spec)

    def update_page(self, record, spec, label, fields, language) -> None:
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
        checksum = self.checksum(spec, fields)
        if record.checksum == checksum:
            self.report.unchanged.append(label)
            return
        if type(page) is not spec.model:
            self.report.conflicts.append(
                f"{label}: sidtypen har ändrats i paketet; ta bort sidan i admin och läs in igen"
            )
            return
        page.title, page.slug = spec.title, spec.slug
        values.assign(page, fields, spec.path, spec.line)
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

    # Site settings

    def apply_site_settings(self) -> None:
        data, path = self.pack.site_settings, self.pack.site_settings_path
        site = Site.objects.filter(is_default_site=True).first()
        if data is None or site is None:
            return
        spec = PageSpec(SITE_SETTINGS_KEY, Page, None, "", "", {}, path, line_of(data))
        resolved = self.resolve_refs(data, spec)
        values.check_field_names(SiteSettings, data, path, line_of(data), reserved={"id", "site"})
        instance = SiteSettings.for_site(site)
        record = self.record_for(SITE_SETTINGS_KEY, "")
        digest = values.checksum(resolved)
        if record is not None and record.fingerprint != values.state(instance):
            self.report.conflicts.append(
                "webbplatsinställningar: ändrade i admin; skrivs inte över"
            )
            return
        if record is not None and record.checksum == digest:
            self.report.unchanged.append("webbplatsinställningar")
            return
        values.assign(instance, resolved, path, line_of(data))
        values.validate(instance, path, line_of(data), what="webbplatsinställningarna")
        instance.save()
        ContentRecord.objects.update_or_create(
            key=SITE_SETTINGS_KEY,
            language="",
            defaults={"checksum": digest, "fingerprint": values.state(instance)},
        )
        (self.report.updated if record else self.report.created).append("webbplatsinställningar")

    def run(self) -> LoadReport:
        for spec in self.pack.snippets:
            self.apply_snippet(spec)
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
