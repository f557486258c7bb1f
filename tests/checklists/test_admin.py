"""Roles of the tillsyn tool: least privilege, the register in the admin, no assessments there."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from checklists.access import access_for
from checklists.models import Programme
from tests.factories.accounts import county_user, reviewer_user

pytestmark = pytest.mark.django_db


def member_of(group: str, name: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.invalid", "x")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_roles_have_least_privilege(stockholm):
    staff = county_user(county_code="AB")
    reviewer = reviewer_user()
    editor = member_of("Redaktör", "red")
    assert access_for(staff).county_id == stockholm.pk and not access_for(staff).reads_all
    assert access_for(reviewer).reads_all and access_for(reviewer).county_id is None
    assert not access_for(editor).allowed
    for user in (staff, reviewer):
        assert not user.has_perm("wagtailadmin.access_admin")
        assert not user.has_perm("checklists.change_programme")
    assert editor.has_perm("checklists.change_programme")
    assert not editor.has_perm("checklists.delete_programme")
    assert member_of("Granskare", "gr").has_perm("checklists.delete_programme")


def test_a_county_user_without_a_county_has_no_access():
    user = county_user(county_code="AB")
    user.tillsyn_profile.county = None
    user.tillsyn_profile.save()
    user = get_user_model().objects.get(pk=user.pk)
    assert not access_for(user).allowed


def test_editor_keeps_the_register_in_the_admin(client, stockholm):
    client.force_login(member_of("Redaktör", "red"))
    response = client.get("/admin/snippets/checklists/programme/add/")
    assert response.status_code == 200
    response = client.post(
        "/admin/snippets/checklists/programme/add/",
        {
            "name": "PO Norrort",
            "county": stockholm.pk,
            "operation_form": "kommunal",
            "employer": "Kommunen",
            "steering_members-TOTAL_FORMS": "1",
            "steering_members-INITIAL_FORMS": "0",
            "steering_members-MIN_NUM_FORMS": "0",
            "steering_members-MAX_NUM_FORMS": "1000",
            "steering_members-0-organisation": "Regionen",
            "steering_members-0-note": "",
            "steering_members-0-ORDER": "1",
            "steering_members-0-DELETE": "",
        },
    )
    assert response.status_code == 302
    programme = Programme.objects.get(name="PO Norrort")
    assert [m.organisation for m in programme.steering_members.all()] == ["Regionen"]


def test_assessments_are_not_in_the_admin(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "x")
    client.force_login(admin)
    assert client.get("/admin/snippets/checklists/assessment/").status_code == 404
    assert client.get("/admin/snippets/checklists/programme/").status_code == 200
