"""Terms, rules, roles and sources are no longer in Wagtail's search index as themselves: the
public search finds them as search documents, and the admin searches them (and the systembrist
examples) in the database (portal.admin_search). Their old index entries are removed here; on
SQLite a trigger of Wagtail's removes the full-text rows with them. A search server (OpenSearch, Elasticsearch)
drops them at the next `manage.py update_index` (docs/OPERATIONS.md)."""

from django.db import migrations

FORMER = [
    ("guidance", "term"),
    ("guidance", "rule"),
    ("guidance", "source"),
    ("guidance", "roleprofile"),
    ("guidance", "deficiencyexample"),
]


def forget(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    types = [
        found.pk
        for app_label, model in FORMER
        for found in ContentType.objects.filter(app_label=app_label, model=model)
    ]
    IndexEntry.objects.filter(content_type_id__in=types).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0005_alter_searchdocument_kind"),
        ("wagtailsearch", "0010_add_text_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget, migrations.RunPython.noop)]
