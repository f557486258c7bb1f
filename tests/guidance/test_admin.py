"""Editorial roles, the review workflow and the admin's guard rails."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow

from guidance.models import GuidancePage, RoleProfile, Source

pytestmark = pytest.mark.django_db


def member_of(group: str, name: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.invalid", "x")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_the_editorial_groups_exist_with_least_privilege():
    editor = member_of("Redaktör", "r")
    reviewer = member_of("Granskare", "g")
    root = Page.get_first_root_node()
    assert editor.has_perm("wagtailadmin.access_admin")
    assert not editor.is_staff and not editor.is_superuser
    assert editor.has_perm("guidance.change_rule") and not editor.has_perm("guidance.delete_rule")
    assert reviewer.has_perm("guidance.delete_rule")
    assert not editor.has_perm("auth.change_user") and not reviewer.has_perm("auth.change_user")
    assert not root.permissions_for_user(editor).can_publish_subpage()
    assert root.permissions_for_user(reviewer).can_publish_subpage()


def test_every_page_goes_through_review():
    workflow = Page.get_first_root_node().get_workflow()
    assert workflow == Workflow.objects.get(name="Granska och publicera")
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == ["Granskare"]


def test_editor_submits_and_reviewer_approves_and_publishes(client, pack):
    editor, reviewer = member_of("Redaktör", "r"), member_of("Granskare", "g")
    page = GuidancePage.objects.get(slug="etik")
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(edit_url)
    assert response.status_code == 200
    page.title = "Etik, ny rubrik"
    revision = page.save_revision(user=editor)
    Page.get_first_root_node().get_workflow().start(page, editor)
    page.refresh_from_db()
    assert page.title == "Etik och dilemman"  # the live page is unchanged while in review
    state = page.current_workflow_task_state.specific
    assert [a[0] for a in state.task.specific.get_actions(page, reviewer)][:1] == ["reject"]
    assert state.task.specific.get_actions(page, editor) == []
    state.approve(user=reviewer)
    page.refresh_from_db()
    assert page.live and page.title == "Etik, ny rubrik"
    assert page.live_revision_id == revision.pk


def test_editor_can_submit_but_not_publish(pack):
    editor, reviewer = member_of("Redaktör", "r"), member_of("Granskare", "g")
    page = GuidancePage.objects.get(slug="etik")
    editor_perms = page.permissions_for_user(editor)
    assert editor_perms.can_edit() and not editor_perms.can_publish()
    assert page.permissions_for_user(reviewer).can_publish()


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("admin", "a@example.invalid", "x")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", ["source", "term", "ruleset", "rule", "roleprofile", "deficiencyexample"]
)
def test_snippet_admin_views_render(superuser_client, pack, model):
    listing = superuser_client.get(reverse(f"wagtailsnippets_guidance_{model}:list"))
    assert listing.status_code == 200
    add = superuser_client.get(reverse(f"wagtailsnippets_guidance_{model}:add"))
    assert add.status_code == 200


def test_role_without_legal_basis_is_refused_in_the_admin(superuser_client, pack):
    source = Source.objects.get(key="mb-2011-5")
    data = {
        "name": "Ny roll",
        "slug": "ny-roll",
        "summary": "En roll.",
        "attributes-TOTAL_FORMS": "1",
        "attributes-INITIAL_FORMS": "0",
        "attributes-MIN_NUM_FORMS": "1",
        "attributes-MAX_NUM_FORMS": "1000",
        "attributes-0-attribute": "tasks",
        "attributes-0-value": "Hjälper till.",
        "attributes-0-source": str(source.pk),
        "attributes-0-locator": "avsnittet X",
        "attributes-0-ORDER": "1",
    }
    response = superuser_client.post(reverse("wagtailsnippets_guidance_roleprofile:add"), data)
    assert response.status_code == 200
    assert "En roll måste ha ett lagrum" in response.content.decode()
    assert not RoleProfile.objects.filter(slug="ny-roll").exists()
    data["attributes-0-attribute"] = "legal_basis"
    response = superuser_client.post(reverse("wagtailsnippets_guidance_roleprofile:add"), data)
    assert response.status_code == 302
    assert RoleProfile.objects.filter(slug="ny-roll").exists()


def test_a_cited_source_cannot_be_deleted_in_the_admin(superuser_client, pack):
    source = Source.objects.get(key="mb-2011-5")
    response = superuser_client.post(
        reverse("wagtailsnippets_guidance_source:delete", args=[source.pk])
    )
    assert response.status_code == 302
    assert Source.objects.filter(pk=source.pk).exists()
    unused = Source.objects.get(key="oanvand")
    superuser_client.post(reverse("wagtailsnippets_guidance_source:delete", args=[unused.pk]))
    assert not Source.objects.filter(pk=unused.pk).exists()


def test_review_report_lists_due_pages(superuser_client, pack):
    import datetime

    page = GuidancePage.objects.get(slug="etik")
    page.last_reviewed, page.next_review = datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)
    page.save_revision().publish()
    response = superuser_client.get(reverse("guidance_review_due"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Etik och dilemman" in content and "Om personligt ombud" not in content
