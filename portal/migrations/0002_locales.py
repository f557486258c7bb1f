"""Create the portal's two content locales, so editors can translate from day one."""

from django.db import migrations

LANGUAGES = ["sv", "en"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
