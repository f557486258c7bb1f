"""Assigning counties in the Wagtail admin: superusers only."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from checklists.models import County, StaffProfile
from tests.factories.accounts import UserFactory, county_user

pytestmark = pytest.mark.django_db

INDEX = "staff_profiles:index"


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.invalid", "x"))
    return client


@pytest.fixture
def editor_client(client):
    editor = UserFactory(username="redaktor")
    editor.groups.add(Group.objects.get(name="Redaktör"))
    client.force_login(editor)
    return client


def rows(response) -> list[str]:
    document = BeautifulSoup(response.content, "html.parser")
    return [" ".join(row.get_text(" ", strip=True).split()) for row in document.select("tbody tr")]


def test_superusers_list_and_filter_by_county(admin_client, anna):
    county_user(county_code="Z", username="zara")
    response = admin_client.get(reverse(INDEX))
    assert response.status_code == 200
    listed = rows(response)
    assert any("anna" in row and "Stockholms län" in row for row in listed)
    assert any("zara" in row and "Jämtlands län" in row for row in listed)

    jamtland = County.objects.get(code="Z")
    filtered = rows(admin_client.get(reverse(INDEX), {"county": jamtland.pk}))
    assert len(filtered) == 1 and "zara" in filtered[0]

    searched = rows(admin_client.get(reverse(INDEX), {"q": "ann"}))
    assert len(searched) == 1 and "anna" in searched[0]


def test_superusers_change_the_county_but_not_the_user(admin_client, anna):
    profile = anna.tillsyn_profile
    edit = reverse("staff_profiles:edit", args=[profile.pk])
    form = BeautifulSoup(admin_client.get(edit).content, "html.parser")
    assert not form.find("select", attrs={"name": "user"})
    jamtland = County.objects.get(code="Z")
    response = admin_client.post(edit, {"county": jamtland.pk, "user": 999_999})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.county == jamtland and profile.user == anna
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(profile.pk)).exists()


def test_superusers_give_a_county_to_a_new_county_user(admin_client):
    karin = UserFactory(username="karin")
    karin.groups.add(Group.objects.get(name="Länsstyrelse"))
    outsider = UserFactory(username="utomstaende")
    add = reverse("staff_profiles:add")
    form = BeautifulSoup(admin_client.get(add).content, "html.parser")
    choices = [option.get_text() for option in form.select("select[name=user] option")]
    assert "karin" in choices and "utomstaende" not in choices

    stockholm = County.objects.get(code="AB")
    response = admin_client.post(add, {"user": karin.pk, "county": stockholm.pk})
    assert response.status_code == 302
    assert StaffProfile.objects.get(user=karin).county == stockholm
    response = admin_client.post(add, {"user": outsider.pk, "county": stockholm.pk})
    assert response.status_code == 200 and not StaffProfile.objects.filter(user=outsider).exists()


def test_editors_have_no_access(editor_client, anna):
    profile = anna.tillsyn_profile
    for url in (
        reverse(INDEX),
        reverse("staff_profiles:add"),
        reverse("staff_profiles:edit", args=[profile.pk]),
    ):
        response = editor_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("wagtailadmin_home")
    jamtland = County.objects.get(code="Z")
    editor_client.post(reverse("staff_profiles:edit", args=[profile.pk]), {"county": jamtland.pk})
    profile.refresh_from_db()
    assert profile.county.code == "AB"
    menu = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse(INDEX) not in menu


def test_no_group_permissions_are_offered_for_profiles(admin_client):
    group = Group.objects.get(name="Redaktör")
    page = BeautifulSoup(
        admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content,
        "html.parser",
    )
    offered = {int(box["value"]) for box in page.select("input[name=permissions]")}
    profile_permissions = set(
        Permission.objects.filter(codename__endswith="_staffprofile").values_list("pk", flat=True)
    )
    assert offered and profile_permissions and not offered & profile_permissions
