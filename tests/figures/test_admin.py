"""Editors keep the data sets in the admin; bad data is refused at save with a clear message."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from figures.models import DataSet
from tests.factories.guidance import SourceFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/figures/dataset/add/?locale=sv"


def member_of(group: str, name: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.invalid", "x")
    user.groups.add(Group.objects.get(name=group))
    return user


def form(source, **overrides) -> dict:
    return {
        "key": "ombud-per-lan",
        "title": "Ombud per län",
        "description": "Hur många ombud varje län hade.",
        "unit": "antal ombud",
        "kind": "stapel",
        "data": "Län;Ombud\nStockholm;56\nJämtland;4",
        "source": source.pk,
        "locator": "tabell 1",
        "period": "december 2004",
        "note": "",
        **overrides,
    }


@pytest.fixture
def editor(client):
    client.force_login(member_of("Redaktör", "red"))
    return client


def test_editors_may_add_and_change_and_reviewers_also_delete():
    editor, reviewer = member_of("Redaktör", "red"), member_of("Granskare", "gr")
    for user in (editor, reviewer):
        assert user.has_perm("figures.add_dataset") and user.has_perm("figures.change_dataset")
    assert not editor.has_perm("figures.delete_dataset")
    assert reviewer.has_perm("figures.delete_dataset")


def test_an_editor_saves_a_good_data_set(editor):
    source = SourceFactory()
    assert editor.get(ADD).status_code == 200
    response = editor.post(ADD, form(source, data="Län;Ombud\nStockholm;56\nJämtland;4,5"))
    assert response.status_code == 302
    dataset = DataSet.objects.get()
    assert dataset.key == "ombud-per-lan" and dataset.locale.language_code == "sv"
    assert [row.label for row in dataset.table().rows] == ["Stockholm", "Jämtland"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("Län;Ombud\nStockholm;\nJämtland;4", "Rad 2 saknar värde i kolumnen ”Ombud”."),
        (
            "Län;Ombud\nStockholm;56\nJämtland;fyra",
            "Rad 3: ”fyra” i kolumnen ”Ombud” är inget tal. Skriv bara siffror, t.ex. 12, 12,5 "
            "eller 1 234.",
        ),
        ("Län;Ombud\nStockholm;56;3", "Rad 2 har 3 kolumner, men rubrikraden har 2."),
        ("Län;Ombud", "Datatabellen har bara en rubrikrad. Lägg till minst en rad med värden."),
    ],
)
def test_bad_data_is_refused_at_save_with_the_message_and_nothing_saved(editor, data, message):
    response = editor.post(ADD, form(SourceFactory(), data=data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["data"] == [message]
    assert not DataSet.objects.exists()


def test_an_empty_data_field_is_refused(editor):
    response = editor.post(ADD, form(SourceFactory(), data=""))
    assert response.status_code == 200
    assert "data" in response.context["form"].errors
    assert not DataSet.objects.exists()


def test_a_key_is_unique_per_language(editor):
    source = SourceFactory()
    assert editor.post(ADD, form(source)).status_code == 302
    response = editor.post(ADD, form(source, title="Igen"))
    assert response.status_code == 200
    assert response.context["form"].errors["key"] == [
        "Nyckeln används redan av en annan dataserie på samma språk."
    ]
    assert DataSet.objects.count() == 1


def test_the_page_editor_offers_the_chart_block(client, home):
    from tests.factories.figures import FiguresPageFactory
    from tests.factories.guidance import GuidancePageFactory

    section = GuidancePageFactory(parent=home, audience="lansstyrelse")
    page = FiguresPageFactory(parent=section)
    client.force_login(get_user_model().objects.create_superuser("root", "r@example.invalid", "x"))
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert "Dataserie" in response.content.decode()
