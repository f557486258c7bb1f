"""The admin: who works for which programme (superusers only, through the services, logged),
and the form's guidance (editors)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from reporting.models import AuditEntry, ProgrammeMembership
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "a@example.invalid", "x"))
    return client


@pytest.fixture
def editor(db):
    user = UserFactory(username="redaktor")
    user.groups.add(Group.objects.get(name="Redaktör"))
    return user


def test_superusers_tie_an_account_to_a_programme_through_the_services(admin_client, programme):
    user = UserFactory(username="ny")
    response = admin_client.post(
        reverse("programme_memberships:add"),
        {"user": user.pk, "programme": programme.pk, "role": "ledningsgrupp"},
    )
    assert response.status_code == 302
    membership = ProgrammeMembership.objects.get(user=user)
    assert user.groups.filter(name="Ledningsgrupp").exists()
    assert AuditEntry.objects.filter(action="behorighet", programme=programme).exists()
    edit = reverse("programme_memberships:edit", args=[membership.pk])
    response = admin_client.post(edit, {"role": "ombud", "user": 999_999, "programme": 999_999})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.user, membership.programme) == ("ombud", user, programme)
    assert set(user.groups.values_list("name", flat=True)) == {"Personligt ombud"}
    admin_client.post(reverse("programme_memberships:delete", args=[membership.pk]))
    assert not ProgrammeMembership.objects.exists()
    assert not user.groups.exists()


def test_editors_keep_the_guidance_but_never_see_who_works_where(client, editor, programme):
    client.force_login(editor)
    assert client.get(reverse("programme_memberships:index")).status_code in (302, 403)
    response = client.get(reverse("wagtailsnippets_reporting_reportsection:list"))
    assert response.status_code == 200
