"""The editors work in Swedish: the Wagtail admin strings that Wagtail's own Swedish catalogues
lack come from the portal's (portal/locale/sv), found by tools/wagtail_strings_sv.py."""

import re
import sys
from pathlib import Path

import polib
import pytest
import wagtail
from django.test import Client
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import wagtail_strings_sv  # noqa: E402 (a script in tools/, imported as a module)

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_every_string_wagtails_admin_uses_has_swedish():
    package = Path(wagtail.__file__).resolve().parent
    done = wagtail_strings_sv.translated(package)
    used = wagtail_strings_sv.used(package)
    assert len(used) > 1000  # Wagtail's strings were read, not an empty walk
    missing = [
        f"{where}: {message}"
        for (c, message), (_p, where) in used.items()
        if (c, message) not in done
    ]
    assert missing == [], "translate these into portal/locale/sv/LC_MESSAGES/django.po"


def test_each_translation_keeps_the_placeholders_of_its_original():
    broken = []
    for entry in polib.pofile(str(wagtail_strings_sv.OURS)):
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            if not form or sorted(PLACEHOLDER.findall(form)) != sorted(
                PLACEHOLDER.findall(entry.msgid)
            ):
                broken.append(f"{entry.msgid!r} -> {form!r}")
    assert broken == []


def test_the_admin_speaks_swedish_where_wagtail_did_not():
    with translation.override("sv"):
        assert translation.gettext("Empty heading found") == "Tom rubrik hittades"
        assert (
            translation.ngettext(
                "%(num_parent_objects)d page has been published",
                "%(num_parent_objects)d pages have been published",
                3,
            )
            % {"num_parent_objects": 3}
            == "3 sidor har publicerats"
        )


@pytest.mark.django_db
def test_a_redaktor_sees_the_scheduling_note_in_swedish(django_user_model):
    """A Redaktör may schedule but not publish; Wagtail tells them so in its scheduling dialog."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page

    from tests.factories import HomePageFactory, StandardPageFactory

    home = HomePageFactory(parent=Page.get_first_root_node(), slug="hem-svenska")
    page = StandardPageFactory(parent=home, title="Om stödet")
    editor = django_user_model.objects.create_user("redaktor-sv", "r@example.invalid", "x")
    editor.groups.add(Group.objects.get(name="Redaktör"))
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "Alla med redigeringsbehörighet kan schemalägga" in text
    assert "Anyone with editing permissions can create schedules" not in text
