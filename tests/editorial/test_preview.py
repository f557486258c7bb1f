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
