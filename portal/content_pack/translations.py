"""Make translated pages real wagtail-localize translations of their originals.

The content pack writes each English page as a page of its own (same `translation_key` as the
Swedish one). wagtail-localize only syncs a page it knows as a translation: a
`TranslationSource` of the original, its segments, a `Translation` to the other locale and the
translated strings. `translations_link` makes those from what the two pages hold, so that
"Synka översatta sidor" works after a Swedish edit and wagtail-localize's editor shows which
strings are out of date. It works on any translated page, from the pack or not, and is
idempotent: `load_content` (and so `make setup`) runs it after every load.

Strings are paired by where they sit: a StreamField block's id differs between the two pages,
so each block is named by its type and its number among the blocks of that type instead. A
field whose two versions do not have the same number of strings (an English summary in one
paragraph, the Swedish in two) is not paired; wagtail-localize then shows it as untranslated.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from portal.models import ContentRecord

TOOL_NAME = "innehållspaketet"


@dataclass
class LinkReport:
    linked: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Per linked page: strings the original has that found no counterpart in the translation.
    unpaired: dict[str, int] = field(default_factory=dict)


def _block_positions(page: Page) -> dict[str, str]:
    """Each StreamField block's id → "<type>#<n>": the n-th block of its type in its parent, so
    that a translation with fewer blocks still pairs its text block with the original's."""
    positions: dict[str, str] = {}

    def walk(value) -> None:
        if isinstance(value, list):
            seen: dict[str, int] = defaultdict(int)
            for item in value:
                if isinstance(item, dict) and "id" in item and "type" in item:
                    kind = str(item["type"])
                    positions[str(item["id"])] = f"{kind}#{seen[kind]}"
                    seen[kind] += 1
                    walk(item.get("value"))
                else:
                    walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    for model_field in page._meta.get_fields():
        if isinstance(model_field, StreamField):
            stream = getattr(page, model_field.name, None)
            if stream is not None:
                walk(list(stream.raw_data))
    return positions


def _place(path: str, positions: dict[str, str]) -> str:
    return ".".join(positions.get(part, part) for part in path.split("."))


def _strings_by_place(page: Page) -> dict[str, list[str]]:
    positions = _block_positions(page)
    strings: dict[str, list[str]] = defaultdict(list)
    for segment in sorted(extract_segments(page), key=lambda s: s.order):
        if isinstance(segment, StringSegmentValue):
            strings[_place(segment.path, positions)].append(segment.string.data)
    return strings


def _is_pack_current(page: Page, records: dict[int, ContentRecord]) -> bool:
    """The page holds exactly what the content pack last wrote (no editor has changed it)."""
    record = records.get(page.pk)
    return record is not None and record.fingerprint == str(page.latest_revision_id)


def _original_as_loaded(page: Page, records: dict[int, ContentRecord]) -> Revision | None:
    """The original's revision as the pack wrote it, when an editor has changed it since: the
    English page translates that version, so the editor's change shows as out of date."""
    record = records.get(page.pk)
    if record is None or record.fingerprint == str(page.latest_revision_id):
        return None
    if not record.fingerprint.isdigit():
        return None
    return Revision.page_revisions.filter(
        pk=int(record.fingerprint), object_id=str(page.pk)
    ).first()


def _import_strings(source: TranslationSource, target: Page) -> tuple[bool, int]:
    """Store the target page's strings as translations of the source's; return whether any
    changed and how many of the source's strings found no counterpart."""
    original = source.as_instance()
    positions = _block_positions(original)
    ours: dict[str, list] = defaultdict(list)
    for segment in (
        source.stringsegment_set.select_related("string", "context").order_by("order").all()
    ):
        ours[_place(segment.context.path, positions)].append(segment)
    theirs = _strings_by_place(target)
    # Every translation the target locale has of the source's strings, in one query.
    existing = {
        (found.translation_of_id, found.context_id): found
        for found in StringTranslation.objects.filter(
            locale=target.locale,
            context_id__in=[s.context_id for segments in ours.values() for s in segments],
        )
    }
    changed, unpaired = False, 0
    for place, segments in ours.items():
        texts = theirs.get(place, [])
        if len(texts) != len(segments):
            unpaired += len(segments)
            continue
        for segment, text in zip(segments, texts, strict=True):
            found = existing.get((segment.string_id, segment.context_id))
            if found is not None and found.data == text:
                continue
            if found is None:
                found = StringTranslation(
                    translation_of=segment.string, locale=target.locale, context=segment.context
                )
            found.data = text
            found.translation_type = StringTranslation.TRANSLATION_TYPE_MANUAL
            found.tool_name = TOOL_NAME
            found.has_error = False
            found.save()  # its own save marks strings with errors; bulk_create would not
            changed = True
    return changed, unpaired


@transaction.atomic
def translations_link() -> LinkReport:
    """Link every translated page to its original in wagtail-localize (see the module)."""
    report = LinkReport()
    default = Locale.get_default()
    records = {
        record.page_id: record
        for record in ContentRecord.objects.filter(page__isnull=False).only(
            "page_id", "fingerprint"
        )
    }
    targets = (
        Page.objects.exclude(locale=default)
        .filter(depth__gt=1, alias_of__isnull=True)
        .order_by("path")
        .specific()
    )
    originals = {
        page.translation_key: page
        for page in Page.objects.filter(
            locale=default, translation_key__in=[target.translation_key for target in targets]
        ).specific()
    }
    for target in targets:
        original = originals.get(target.translation_key)
        if original is None:
            continue
        label = f"{original.title} [{target.locale.language_code}]"
        existing = Translation.objects.filter(
            source__object_id=target.translation_key,
            source__locale=default,
            target_locale=target.locale,
        ).first()
        both_from_pack = _is_pack_current(original, records) and _is_pack_current(target, records)
        if existing is not None and not (existing.enabled and both_from_pack):
            # An editor has taken over one of the two pages: syncing is theirs from now on.
            report.unchanged.append(label)
            continue
        source = TranslationSource.objects.filter(
            object_id=original.translation_key, locale=default
        ).first()
        source_changed = False
        if source is None or both_from_pack:
            source, source_changed = _update_source(source, original, records)
        translation, created = Translation.objects.get_or_create(
            source=source, target_locale=target.locale, defaults={"enabled": True}
        )
        strings_changed, unpaired = _import_strings(source, target)
        if created:
            report.linked.append(label)
            report.unpaired[label] = unpaired
        elif source_changed or strings_changed:
            report.updated.append(label)
        else:
            report.unchanged.append(label)
    return report


def _update_source(source, original: Page, records) -> tuple[TranslationSource, bool]:
    before = source.content_json if source is not None else None
    revision = _original_as_loaded(original, records)
    instance = revision.as_object() if revision is not None else original.specific
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    if revision is not None:
        # Synced as of the pack's version, not now: later edits show as out of date.
        source.last_updated_at = revision.created_at
        source.save(update_fields=["last_updated_at"])
    return source, source.content_json != before
