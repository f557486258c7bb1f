"""The roles of the reporting tool, with least privilege.

Personligt ombud: reports systembrister for the programmes the account is tied to
(ProgrammeMembership). Ledningsgrupp: handles the reports of its programmes. Both prepare and
send their programmes' annual reports; neither reaches the Wagtail admin. County staff and
national reviewers keep their groups from checklists 0002. Redaktör and Granskare keep the
form's guidance (ReportSection) in the admin; neither sees any report.
"""

from django.db import migrations

OMBUD = "Personligt ombud"
STEERING = "Ledningsgrupp"
EDITOR = "Redaktör"
REVIEWER = "Granskare"


def _ensure_permissions(apps):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def forwards(apps, schema_editor):
    _ensure_permissions(apps)
    create_reference_data(apps)


def create_reference_data(apps):
    """The groups; also called by browser tests after their tables were emptied."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(*codenames):
        return Permission.objects.filter(content_type__app_label="reporting", codename__in=codenames)

    ombud, _created = Group.objects.get_or_create(name=OMBUD)
    ombud.permissions.add(*perms("report_deficiencies"))
    steering, _created = Group.objects.get_or_create(name=STEERING)
    steering.permissions.add(*perms("steer_programme"))
    for name, actions in ((EDITOR, ["add", "change", "view"]), (REVIEWER, ["add", "change", "delete", "view"])):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(*perms(*[f"{action}_reportsection" for action in actions]))


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("checklists", "0002_counties_and_roles"),
        ("guidance", "0002_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
