"""Editors keep the search synonyms and promoted results; reviewers may too. Both may read the
search statistics (the report requires the synonym permissions)."""

from django.db import migrations

GROUPS = {"Redaktör": ["add", "change"], "Granskare": ["add", "change", "delete"]}
MODELS = [("portal_search", "synonym"), ("wagtailsearchpromotions", "searchpromotion")]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, model in MODELS:
            for action in actions:
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=f"{action}_{model}"
                ).first()
                if permission is not None:
                    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_search", "0001_initial"),
        ("guidance", "0002_editorial_groups"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
