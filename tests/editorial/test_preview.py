"""The admin may frame a page's preview; the public page keeps its strict policy (issue 16)."""

import pytest
from django.urls import reverse

from tests.search.conftest import site  # noqa: F401 (the guidance pack)

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(p.strip() for p in policy.split(";") if "frame-ancestors" in p)


@pytest.mark.parametrize("key", ["vem-gor-vad:sv", "vem-gor-vad:en", "home:sv"])
def test_a_preview_may_be_framed_by_the_admin_only(admin_client, client, site, key):  # noqa: F811
    page = site[key].page.specific
    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.id]))
    assert draft.status_code == 200
    assert page.title in draft.content.decode()
    assert frame_ancestors(draft) == "frame-ancestors 'self'"
    assert draft["X-Frame-Options"] == "SAMEORIGIN"
    # The rest of the policy stays as strict as the public one.
    assert "script-src 'self'" in draft["Content-Security-Policy"]

    public = client.get(page.url)
    assert public.status_code == 200
    assert frame_ancestors(public) == "frame-ancestors 'none'"
    assert public["X-Frame-Options"] == "DENY"


def _page_types_with_builders() -> dict[str, str]:
    """Page type → the query-count test's builder of a page of that type (its first case)."""
    from tests.portal.test_query_counts import CASES

    builders = {}
    for case in CASES:
        if case[0].isupper():
            builders.setdefault(case.split("-")[0], case)
    return builders


@pytest.mark.parametrize("name", sorted(_page_types_with_builders()))
def test_every_page_type_previews_its_draft(admin_client, home, name):
    """The draft, not the live version, in the frame the admin's preview panel uses."""
    from tests.portal.test_pages import project_page_models
    from tests.portal.test_query_counts import CASES

    build, _ceiling = CASES[_page_types_with_builders()[name]]
    build(home, 2)
    model = next(model for model in project_page_models() if model.__name__ == name)
    page = model.objects.order_by("-pk").first()
    page.title = f"{page.title} – utkast i förhandsvisning"
    page.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.id]))
    assert response.status_code == 200
    assert "utkast i förhandsvisning" in response.content.decode()
    assert frame_ancestors(response) == "frame-ancestors 'self'"


def test_every_page_type_is_previewed():
    from tests.portal.test_pages import project_page_models

    assert {model.__name__ for model in project_page_models()} <= set(_page_types_with_builders())
