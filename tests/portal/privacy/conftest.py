"""Fixtures of the privacy tests: the page cache (on Redis when REDIS_URL is set), the scene, an
editor, a group and the four kinds of visitor."""

import os
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection

from portal.models import SiteSettings
from tests.factories import StandardPageFactory
from tests.factories.accounts import county_user, login_with_second_factor, totp_device
from tests.factories.guidance import GuidancePageFactory
from tests.portal.privacy.scene import DOCUMENT_SECRET, GROUP, SECRET, Scene, Visitors, publish


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """The page cache on Redis when REDIS_URL is set, else in local memory; files in tmp."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_DOCUMENTS_ROOT = tmp_path / "documents"
    settings.PORTAL_SERVE_MEDIA = True
    url = os.environ.get("REDIS_URL")
    if url:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"po-portalen-privacy-{uuid.uuid4().hex}",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def scene(home) -> Scene:
    SiteSettings.for_site(home.get_site())
    section = publish(StandardPageFactory(parent=home, title="Om stödet", slug="om-stodet"))
    page = publish(
        GuidancePageFactory(
            parent=section,
            title=f"{SECRET} rutin",
            slug="rutin",
            summary=f"{SECRET} sammanfattning om ärenden.",
            body=[("text", {"text": f"<p>{SECRET} ärendehantering.</p>", "citations": []})],
        )
    )
    child = publish(StandardPageFactory(parent=page, title=f"{SECRET} bilaga", slug="bilaga"))
    linker = publish(
        GuidancePageFactory(
            parent=home,
            title="Läs vidare",
            slug="las-vidare",
            body=[("related_pages", {"heading": "Läs också", "pages": [page]})],
        )
    )
    collection = Collection.get_first_root_node().add_child(name="Ledningsgruppens handlingar")
    document = get_document_model().objects.create(
        title=f"{DOCUMENT_SECRET} protokoll",
        collection=collection,
        file=ContentFile(b"%PDF-1.4 protokoll", name="protokoll.pdf"),
    )
    return Scene(section, page, child, linker, document, collection)


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser(
        "redaktor-privat", "redaktor@example.invalid", "Redaktör-lösen-42"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def group(db):
    return Group.objects.create(name=GROUP)


@pytest.fixture
def visitors(group) -> Visitors:
    password_only = Client()
    account = county_user(username="bara-losenord")  # in the group: only the code is missing
    account.groups.add(group)
    totp_device(account)
    password_only.force_login(account)  # the password step only: no code given
    outside_group = Client()
    login_with_second_factor(outside_group, county_user(username="annat-lan"))
    member = Client()
    insider = county_user(username="ledamot")
    insider.groups.add(group)
    login_with_second_factor(member, insider)
    return Visitors(Client(), password_only, outside_group, member)
