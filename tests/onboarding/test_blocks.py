"""Editors' input: keys, options and the right answer are checked when the page is saved."""

import pytest
from django.core.exceptions import ValidationError

from guidance.models import GuidancePage
from onboarding.blocks import ModuleBlock, OnboardingStreamBlock, ScenarioBlock
from onboarding.models import OnboardingPage
from portal.models import HomePage
from tests.factories.guidance import SourceFactory
from tests.factories.onboarding import scenario

pytestmark = pytest.mark.django_db


def raw_scenario(**changes) -> dict:
    value = scenario(source=SourceFactory())
    value["citations"] = [
        {"source": c["source"].pk, "locator": c["locator"]} for c in value["citations"]
    ]
    return {**value, **changes}


def clean_scenario(raw: dict):
    block = ScenarioBlock()
    return block.clean(block.to_python(raw))


def test_a_complete_scenario_is_accepted():
    value = clean_scenario(raw_scenario())
    assert value["correct"] == "god-man"
    assert [option["key"] for option in value["options"]] == ["ombud", "god-man", "boendestod"]


def test_the_right_answer_must_be_one_of_the_options():
    with pytest.raises(ValidationError) as error:
        clean_scenario(raw_scenario(correct="forvaltare"))
    assert set(error.value.block_errors) == {"correct"}
    assert "ombud, god-man, boendestod" in str(error.value.block_errors["correct"])


def test_a_scenario_needs_at_least_two_options():
    raw = raw_scenario(options=[{"key": "god-man", "label": "Den gode mannen"}])
    with pytest.raises(ValidationError) as error:
        clean_scenario(raw)
    assert "options" in error.value.block_errors


def test_option_keys_are_unique_within_a_scenario():
    raw = raw_scenario(
        options=[{"key": "god-man", "label": "God man"}, {"key": "god-man", "label": "Ombud"}]
    )
    with pytest.raises(ValidationError) as error:
        clean_scenario(raw)
    assert "samma nyckel" in str(error.value.block_errors["options"].non_block_errors)


def test_a_scenario_needs_a_citation():
    with pytest.raises(ValidationError) as error:
        clean_scenario(raw_scenario(citations=[]))
    assert "citations" in error.value.block_errors


@pytest.mark.parametrize("key", ["Ombud", "god man", "å", "-ombud", ""])
def test_keys_are_lowercase_ascii_with_hyphens(key):
    with pytest.raises(ValidationError) as error:
        clean_scenario(raw_scenario(key=key))
    assert "key" in error.value.block_errors


def raw_module(key: str, scenarios=()) -> dict:
    return {
        "key": key,
        "title": f"Modul {key}",
        "intro": "<p>Inledning.</p>",
        "pages": [],
        "questions": ["Vad tänker du?"],
        "scenarios": list(scenarios),
    }


def test_scenario_keys_are_unique_within_a_module(home):
    block = ModuleBlock()
    raw = raw_module("uppdraget", [raw_scenario(), raw_scenario()])
    raw["pages"] = [home.pk]
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(raw))
    assert "Två övningar har samma nyckel." in str(
        error.value.block_errors["scenarios"].non_block_errors
    )


def test_a_module_links_at_least_one_page():
    block = ModuleBlock()
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(raw_module("uppdraget")))
    assert "pages" in error.value.block_errors


def test_module_keys_are_unique_on_the_page(home):
    block = OnboardingStreamBlock()
    first, second = raw_module("uppdraget"), raw_module("uppdraget")
    first["pages"] = second["pages"] = [home.pk]
    value = block.to_python(
        [{"type": "module", "value": first}, {"type": "module", "value": second}]
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "Modulnyckeln 'uppdraget' används mer än en gång." in str(error.value)


def test_the_path_lives_under_a_guidance_page_and_holds_nothing(section):
    assert OnboardingPage.allowed_parent_page_models() == [GuidancePage]
    assert OnboardingPage.allowed_subpage_models() == []
    assert OnboardingPage not in HomePage.allowed_subpage_models()
    assert OnboardingPage.can_create_at(section)


def test_a_module_may_cite_the_sources_of_its_intro_and_a_citation_needs_a_source(home):
    block = ModuleBlock()
    raw = raw_module("utbildningen")
    raw["pages"] = [home.pk]
    assert list(block.clean(block.to_python(raw))["citations"]) == []  # optional, as before
    source = SourceFactory(title="Personligt ombud 2000–2004", year=2005)
    raw["citations"] = [{"source": source.pk, "locator": "avsnittet Utbildningar"}]
    value = block.clean(block.to_python(raw))
    assert [c["source"] for c in value["citations"]] == [source]
    html = block.render(value)
    assert "Källa:" in html and "2005" in html and "<cite>Personligt ombud 2000–2004</cite>" in html
    raw["citations"] = [{"source": None, "locator": "avsnittet Utbildningar"}]
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python(raw))
    assert "citations" in error.value.block_errors


def test_a_module_without_citations_renders_no_source_line(home):
    block = ModuleBlock()
    raw = raw_module("uppdraget")
    raw["pages"] = [home.pk]
    assert "Källa:" not in block.render(block.clean(block.to_python(raw)))
