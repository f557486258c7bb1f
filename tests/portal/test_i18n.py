"""Languages: translating through wagtail-localize in the admin, and the interface catalogue."""

from pathlib import Path
from urllib.parse import urlencode

import polib
import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from portal.models import StandardPage

CATALOGUE = Path(__file__).resolve().parents[2] / "portal/locale/en/LC_MESSAGES/django.po"


@pytest.fixture
def editor(db, client):
    user = get_user_model().objects.create_superuser("redaktor", "r@example.invalid", "x")
    client.force_login(user)
    return user


@pytest.mark.django_db
def test_editor_translates_a_page_to_english_in_the_admin_and_publishes_it(
    client, editor, home_en, standard_page, django_capture_on_commit_callbacks
):
    english = Locale.objects.get(language_code="en")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[standard_page.pk]),
        {"locales": [english.pk]},
    )
    assert response.status_code == 302

    page_en = standard_page.get_translation(english)
    assert not page_en.live  # a draft until the editor publishes it
    translation_obj = Translation.objects.get(target_locale=english)

    segment = StringSegment.objects.get(
        source=translation_obj.source, string__data=standard_page.title
    )
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation_obj.pk, segment.pk]),
        urlencode({"value": "About the portal"}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)

    # wagtail-localize publishes when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page_en.pk]), {"action": "publish"}
        )
    assert response.status_code == 302

    page_en = StandardPage.objects.get(pk=page_en.pk)
    assert page_en.live and page_en.title == "About the portal"
    client.logout()
    public = client.get(page_en.url)
    document = BeautifulSoup(public.content, "html.parser")
    assert public.status_code == 200 and page_en.url.startswith("/en/")
    assert document.h1.get_text(strip=True) == "About the portal"
    assert document.html["lang"] == "en"


def test_english_catalogue_is_complete():
    catalogue = polib.pofile(str(CATALOGUE))
    assert len(catalogue) > 20
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_interface_strings_switch_language():
    with translation.override("en"):
        assert translation.gettext("Sidan finns inte") == "Page not found"
    with translation.override("sv"):
        assert translation.gettext("Sidan finns inte") == "Sidan finns inte"
