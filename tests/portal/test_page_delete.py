"""Deleting any page in the admin works, private or not: the page goes with its restriction, its
revisions, its translation and its search entries, and nothing answers at its address."""

from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Locale, Page, PageViewRestriction, Revision

from search.models import SearchDocument
from tests.factories import HomePageFactory
from tests.portal.test_pages import project_page_models
from tests.portal.test_query_counts import CASES

pytestmark = pytest.mark.django_db

# One builder per page type (the cases named after a page type alone); the home page is built
# beside the site's own, which stays.
BUILDERS = {
    name.removesuffix("-outcome"): build
    for name, (build, _ceiling) in CASES.items()
    if ("-" not in name and name[0].isupper()) or name == "EligibilityGuidePage-outcome"
}


def another_home(home, n):
    page = HomePageFactory(parent=Page.get_first_root_node(), title="Andra startsidan", slug="ny")
    page.save_revision().publish()
    return page


def test_every_page_type_is_deleted_here():
    names = {model.__name__ for model in project_page_models()}
    assert names <= set(BUILDERS)


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser(
        "radera", "radera@example.invalid", "Radera-lösen-42"
    )
    client = Client()
    client.force_login(user)
    return client


def built_page(home, name: str) -> Page:
    if name == "HomePage":
        return another_home(home, 2)
    rendering = BUILDERS[name](home, 2)
    path = urlsplit(rendering.url).path
    matches = [page for page in Page.objects.live().specific() if page.url == path]
    assert len(matches) == 1, (name, path)
    return matches[0]


# Every type private (where deleting used to fail), and public pages of the common types.
CASES_TO_DELETE = [(name, True) for name in sorted(BUILDERS)] + [
    ("GuidancePage", False),
    ("StandardPage", False),
]


@pytest.mark.parametrize(
    ("name", "private"),
    CASES_TO_DELETE,
    ids=[f"{name}-{'private' if private else 'public'}" for name, private in CASES_TO_DELETE],
)
def test_deleting_a_page_of_every_type(editor, home, home_en, name, private):
    page = built_page(home, name)
    page.save_revision().publish()  # a second revision, and a search entry
    translation = None
    if page.depth > 2:
        translation = page.copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        translation.save_revision().publish()
    if private:
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    ids = [page.pk] + ([translation.pk] if translation else [])
    assert Revision.page_revisions.filter(object_id__in=[str(i) for i in ids]).exists()
    url = page.url

    response = editor.post(f"/admin/pages/{page.pk}/delete/")

    assert response.status_code == 302, response.content[:500]
    assert not Page.objects.filter(pk__in=ids).exists()
    assert not PageViewRestriction.objects.filter(page_id__in=ids).exists()
    assert not Revision.page_revisions.filter(object_id__in=[str(i) for i in ids]).exists()
    assert not SearchDocument.objects.filter(key__in=[f"page:{i}" for i in ids]).exists()
    assert Client().get(url).status_code == 404
