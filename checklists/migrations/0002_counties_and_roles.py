"""Sweden's 21 counties, and the roles of the tillsyn tool with least privilege.

Länsstyrelse: assesses the programmes of the user's own county (the county comes from the
user's StaffProfile); no access to the Wagtail admin. Nationell granskare: reads every county's
assessments, changes nothing. Redaktör and Granskare (guidance 0002) keep the programme
register and the municipality list in the admin; neither sees assessments.
"""

from django.db import migrations

COUNTY_STAFF = "Länsstyrelse"
NATIONAL_REVIEWER = "Nationell granskare"
EDITOR = "Redaktör"
REVIEWER = "Granskare"

COUNTIES = [
    ("AB", "Stockholms län"),
    ("AC", "Västerbottens län"),
    ("BD", "Norrbottens län"),
    ("C", "Uppsala län"),
    ("D", "Södermanlands län"),
    ("E", "Östergötlands län"),
    ("F", "Jönköpings län"),
    ("G", "Kronobergs län"),
    ("H", "Kalmar län"),
    ("I", "Gotlands län"),
    ("K", "Blekinge län"),
    ("M", "Skåne län"),
    ("N", "Hallands län"),
    ("O", "Västra Götalands län"),
    ("S", "Värmlands län"),
    ("T", "Örebro län"),
    ("U", "Västmanlands län"),
    ("W", "Dalarnas län"),
    ("X", "Gävleborgs län"),
    ("Y", "Västernorrlands län"),
    ("Z", "Jämtlands län"),
]


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
    """Counties and groups; also called by browser tests after their tables were emptied."""
    County = apps.get_model("checklists", "County")
    for code, name in COUNTIES:
        County.objects.update_or_create(code=code, defaults={"name": name})

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(*codenames):
        return Permission.objects.filter(content_type__app_label="checklists", codename__in=codenames)

    staff, _created = Group.objects.get_or_create(name=COUNTY_STAFF)
    staff.permissions.add(*perms("assess_own_county"))
    national, _created = Group.objects.get_or_create(name=NATIONAL_REVIEWER)
    national.permissions.add(*perms("review_all_counties"))
    register = ["programme", "municipality"]
    for name, actions in ((EDITOR, ["add", "change", "view"]), (REVIEWER, ["add", "change", "delete", "view"])):
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.add(
                *perms(*[f"{action}_{model}" for model in register for action in actions]),
                *perms("view_county"),
            )


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[COUNTY_STAFF, NATIONAL_REVIEWER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checklists", "0001_initial"),
        ("guidance", "0002_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
