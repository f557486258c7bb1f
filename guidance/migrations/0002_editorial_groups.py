"""The editorial roles with least privilege, and the review workflow every page goes through.

Redaktör writes and submits; Granskare reviews, approves and publishes. Both work only with
pages, images, documents, translations and the guidance snippets; neither manages users.
"""

from django.db import migrations

EDITOR = "Redaktör"
REVIEWER = "Granskare"
WORKFLOW = "Granska och publicera"
TASK = "Granskning"
GUIDANCE_MODELS = ["source", "term", "ruleset", "rule", "roleprofile", "deficiencyexample"]


def _ensure_permissions(apps):
    """Permissions are normally made after migrate; this migration needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups_and_workflow(apps, schema_editor):
    _ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def perm(app_label: str, codename: str):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    groups = {}
    for name, page_actions, snippet_actions, media_actions in (
        (EDITOR, ["add", "change"], ["add", "change"], ["add", "change", "choose"]),
        (
            REVIEWER,
            ["add", "change", "publish", "lock", "unlock"],
            ["add", "change", "delete"],
            ["add", "change", "choose", "delete"],
        ),
    ):
        group, _created = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(
            perm("wagtailadmin", "access_admin"),
            perm("wagtail_localize", "submit_translation"),
            *[perm("guidance", f"{a}_{m}") for m in GUIDANCE_MODELS for a in snippet_actions],
        )
        if root_page is not None:
            for action in page_actions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=perm("wagtailcore", f"{action}_page")
                )
        if root_collection is not None:
            for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                for action in media_actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=perm(app_label, f"{action}_{model}"),
                    )

    task_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task, _created = GroupApprovalTask.objects.get_or_create(
        name=TASK, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[REVIEWER]])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root_page is not None:
        WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})

    # Wagtail's English starter groups and workflow are replaced by the ones above; keep them
    # only where someone already uses them.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()
    unused = Workflow.objects.filter(name="Moderators approval", workflow_pages__isnull=True)
    unused_tasks = GroupApprovalTask.objects.filter(name="Moderators approval", groups__isnull=True)
    unused.delete()
    unused_tasks.delete()


def remove_groups_and_workflow(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, REVIEWER]).delete()
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, remove_groups_and_workflow)]
