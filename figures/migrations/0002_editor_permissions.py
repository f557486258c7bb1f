"""Editors keep the data sets: Redaktör adds and changes them, Granskare may also delete them
(the same split as for the guidance snippets in guidance 0002)."""

from django.db import migrations

EDITOR = "Redaktör"
REVIEWER = "Granskare"
ACTIONS = {EDITOR: ["add", "change", "view"], REVIEWER: ["add", "change", "delete", "view"]}


def _ensure_permissions(apps):
    """Permissions are normally made after migrate; this migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ACTIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="figures",
                    codename__in=[f"{action}_dataset" for action in actions],
                )
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=list(ACTIONS)):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="figures", codename__endswith="_dataset")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0001_initial"),
        ("guidance", "0002_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
