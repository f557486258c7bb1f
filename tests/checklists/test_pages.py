"""The public checklist page: tree rules, rendering, validation of keys, search."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from checklists.blocks import ChecklistStreamBlock
from checklists.models import ChecklistPage
from guidance.models import GuidancePage
from portal.models import HomePage
from tests.factories.checklists import checklist_areas

pytestmark = pytest.mark.django_db


def test_checklist_lives_under_a_guidance_page_and_holds_nothing():
    assert ChecklistPage.allowed_parent_page_models() == [GuidancePage]
    assert ChecklistPage.allowed_subpage_models() == []
    assert ChecklistPage not in HomePage.allowed_subpage_models()


def test_anyone_can_read_the_checklist_with_numbers_rules_and_sources(client, checklist, rule):
    response = client.get(checklist.url)
    assert response.status_code == 200
    document = BeautifulSoup(response.content, "html.parser")
    assert document.h1.get_text(strip=True) == checklist.title
    questions = [h.get_text(" ", strip=True) for h in document.select(".checklist-item__question")]
    assert len(questions) == 6
    assert questions[0].startswith("1.1 Fråga 1.1")
    assert questions[-1].startswith("2.3 ")
    assert "Version 1, publicerad" in document.select_one(".checklist__version").get_text()
    rule_links = document.select(".checklist-item__rules li")
    assert rule.rule_set.short_title in rule_links[0].get_text()
    assert "Bilaga 2" in document.select_one(".source-note").get_text()
    # Printing shows boxes to tick for each item.
    assert len(document.select(".print-only.checklist-item__boxes")) == 6


def test_duplicate_item_keys_are_refused_with_a_swedish_message(rule):
    block = ChecklistStreamBlock()
    raw = checklist_areas(rules=[rule])
    raw[1][1]["items"][0]["key"] = "punkt-1-1"
    value = block.to_python([{"type": t, "value": _raw(v)} for t, v in raw])
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "Punktnyckeln 'punkt-1-1' används mer än en gång." in str(error.value)


def test_duplicate_area_keys_are_refused(rule):
    block = ChecklistStreamBlock()
    raw = checklist_areas(rules=[rule])
    raw[1][1]["key"] = "omr-1"
    for item in raw[1][1]["items"]:
        item["key"] += "-b"
    value = block.to_python([{"type": t, "value": _raw(v)} for t, v in raw])
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "Områdesnyckeln 'omr-1'" in str(error.value)


def _raw(area):
    """The stream's raw form: snippets and sources as primary keys."""
    return {
        **area,
        "items": [
            {
                **item,
                "rules": [rule.pk for rule in item["rules"]],
                "citations": [
                    {"source": c["source"].pk, "locator": c["locator"]} for c in item["citations"]
                ],
            }
            for item in area["items"]
        ],
    }


def test_the_checklist_is_found_by_search(client, checklist):
    from search.services import search_documents_rebuild

    search_documents_rebuild()
    response = client.get("/api/search/", {"q": "ledningsgrupp protokoll", "type": "checklista"})
    hits = response.json()["results"]
    assert [hit["title"] for hit in hits] == [checklist.title]
