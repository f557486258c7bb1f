"""The first checklist of the real content pack: complete, cited, tied to the exact rules."""

import pytest

from checklists.models import ChecklistPage, ChecklistVersion

# In the `db` group, so pytest-django runs these before the browser tests empty the tables.
pytestmark = pytest.mark.django_db

TITLE = "Tillsyn och uppföljning av verksamhet med personligt ombud"


@pytest.fixture(scope="module")
def version(real_pack_in_db, django_db_blocker):
    """The real pack's checklist version, read once for this module."""
    with django_db_blocker.unblock():
        return ChecklistVersion.objects.select_related("checklist").get()


@pytest.fixture
def items(version):
    return version.items()


def test_the_pack_publishes_one_checklist_with_a_frozen_first_version(version):
    assert version.title == TITLE
    assert version.number == 1
    assert version.checklist.live


def test_it_covers_every_area_the_issue_names(version):
    titles = " ".join(area["title"].lower() for area in version.areas)
    for word in (
        "ledningsgrupp",
        "uppdrag",
        "målgrupp",
        "avgränsning",
        "systembrist",
        "rekrytering",
        "brukar",
        "rapportering",
        "statsbidrag",
        "huvudmannaskap",
    ):
        assert word in titles, word
    assert len(version.areas) >= 10


def test_every_item_can_be_judged_and_is_cited(items):
    assert 45 <= len(items) <= 70
    for item in items:
        assert item["question"].endswith("?"), item["key"]
        assert "uppfyllt" in item["guidance"], item["key"]
        assert item["evidence"], item["key"]
        assert item["citations"], item["key"]


def test_items_link_the_exact_rules_of_the_grant(items):
    rule_keys = {rule["key"] for item in items for rule in item["rules"]}
    assert any(key.startswith("mb2011-") for key in rule_keys)
    assert any(key.startswith("sfs2013-") for key in rule_keys)
    linked = [rule for item in items for rule in item["rules"]]
    assert all(rule["url"] for rule in linked), "every rule has its own page"


def test_bilaga_2_of_2010_and_the_stockholm_report_are_sources(items):
    sources = {citation["source_key"] for item in items for citation in item["citations"]}
    assert {"mb-2011-5", "sos-2010-spejare", "sthlm-2023-arsrapport"} <= sources
    locators = [c["locator"] for item in items for c in item["citations"]]
    assert any("Bilaga 2" in locator for locator in locators)


def test_item_keys_are_unique_and_stable_slugs(items):
    keys = [item["key"] for item in items]
    assert len(keys) == len(set(keys))
    assert all(key == key.lower() and " " not in key for key in keys)


def test_the_public_page_renders_every_item(client, version):
    page = ChecklistPage.objects.get(locale__language_code="sv")
    response = client.get(page.url)
    assert response.status_code == 200
    assert response.content.decode().count('class="checklist-item"') == len(version.items())


def test_the_english_checklist_adds_no_version_for_the_tool(version):
    # Both pages are live; the one frozen version (the `version` fixture's .get()) is Swedish,
    # and it is all the tool offers new assessments.
    from checklists.selectors import checklist_versions_current

    english = ChecklistPage.objects.get(locale__language_code="en")
    assert english.live and english.translation_key == version.checklist.translation_key
    assert checklist_versions_current() == [version]
