"""The guide page: tree rules, one question per screen, back, progress, outcomes, languages."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from eligibility.blocks import EligibilityStreamBlock
from eligibility.models import EligibilityGuidePage
from guidance.models import GuidancePage
from portal.models import HomePage
from tests.conftest import translate
from tests.factories.eligibility import (
    EligibilityGuidePageFactory,
    guide_steps,
    outcome,
    question,
)
from tests.factories.guidance import GuidancePageFactory

pytestmark = pytest.mark.django_db

URL = "/sv/stod/kan-jag-fa-ombud/"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text(response) -> str:
    return " ".join(soup(response).get_text(" ").split())


class TestTreeRules:
    def test_the_guide_lives_under_a_guidance_page_and_holds_nothing(self, home, section):
        assert EligibilityGuidePage.allowed_parent_page_models() == [GuidancePage]
        assert EligibilityGuidePage.can_create_at(section)
        assert not EligibilityGuidePage.can_create_at(home)
        assert EligibilityGuidePage.allowed_subpage_models() == []

    def test_a_guidance_page_may_hold_the_guide(self):
        assert EligibilityGuidePage in GuidancePage.allowed_subpage_models()
        assert EligibilityGuidePage not in HomePage.allowed_subpage_models()


class TestScreens:
    def test_the_start_shows_the_intro_and_the_first_question_only(self, client, guide_page):
        response = client.get(URL)
        document = soup(response)
        assert response.status_code == 200
        assert document.h1.get_text(strip=True) == "Kan jag få personligt ombud?"
        assert "Svara på några frågor." in text(response)
        assert [legend.get_text(strip=True) for legend in document.select("legend")] == [
            "Är du 18 år eller äldre?"
        ]
        labels = [label.get_text(strip=True) for label in document.select("fieldset label")]
        assert labels == ["Ja", "Nej"]
        assert document.select_one("fieldset")["aria-describedby"].strip() == "help-alder"
        assert "Fråga 1 av högst 3" in text(response)
        bar = document.select_one("progress")
        assert (bar["value"], bar["max"], bar["aria-labelledby"]) == (
            "1",
            "3",
            "guide-progress-text",
        )
        assert document.select_one("form")["method"] == "get"
        assert "Tillbaka" not in text(response)
        assert document.select_one('meta[name="robots"]') is None
        assert document.title.get_text() == (
            "Fråga 1 av högst 3 – Kan jag få personligt ombud? – PO-portalen"
        )

    def test_choosing_an_answer_leads_to_the_address_with_all_answers(self, client, guide_page):
        response = client.get(URL, {"fraga": "alder", "val": "alder-ja"})
        assert response.status_code == 302
        assert response["Location"] == URL + "?svar=alder-ja"
        response = client.get(URL, {"svar": "alder-ja", "fraga": "behov", "val": "behov-ja"})
        assert response["Location"] == URL + "?svar=alder-ja.behov-ja"

    def test_the_next_question_carries_the_answers_and_a_back_link(self, client, guide_page):
        response = client.get(URL + "?svar=alder-ja.behov-ja")
        document = soup(response)
        assert document.select_one("legend").get_text(strip=True) == "Vill du själv ha stödet?"
        assert document.select_one('input[name="svar"]')["value"] == "alder-ja.behov-ja"
        assert document.select_one('input[name="fraga"]')["value"] == "vill"
        assert "Fråga 3 av högst 3" in text(response)
        back = document.find("a", string="Tillbaka")
        assert back["href"] == URL + "?svar=alder-ja"
        assert document.find("a", string="Börja om")["href"] == URL
        assert document.select_one('meta[name="robots"]')["content"] == "noindex"
        assert "Svara på några frågor." not in text(response)

    def test_back_from_the_second_question_leads_to_the_start(self, client, guide_page):
        back = soup(client.get(URL + "?svar=alder-ja")).find("a", string="Tillbaka")
        assert back["href"] == URL

    def test_a_short_path_counts_its_own_most_questions(self, client, guide_page):
        assert "Fråga 2 av högst 3" in text(client.get(URL + "?svar=alder-ja"))

    def test_an_outcome_explains_why_what_next_and_that_it_is_not_a_decision(
        self, client, guide_page
    ):
        response = client.get(URL + "?svar=alder-ja.behov-ja.vill-ja")
        page_text = text(response)
        assert response.status_code == 200
        assert soup(response).select_one("h2").get_text(strip=True) == "Du kan troligen få stöd"
        assert "Resultat: Troligen" in page_text
        assert "Därför: Du kan troligen få stöd." in page_text
        assert "Kontakta ombuden i din kommun." in page_text
        assert "inte ett beslut" in page_text
        assert "Du har svarat på 3 frågor." in page_text
        assert "avsnittet Målgruppen" in page_text  # the outcome's citation
        assert soup(response).select_one("form.guide__form") is None
        back = soup(response).find("a", string="Tillbaka")
        assert back["href"] == URL + "?svar=alder-ja.behov-ja"

    def test_outcome_kinds_are_said_in_words_not_only_colour(self, client, guide_page):
        assert "Resultat: Troligen inte" in text(client.get(URL + "?svar=alder-nej"))
        assert "Resultat: Kanske" in text(client.get(URL + "?svar=alder-ja.behov-osaker"))

    def test_submitting_without_a_choice_asks_for_one_on_the_same_question(
        self, client, guide_page
    ):
        response = client.get(URL, {"svar": "alder-ja", "fraga": "behov"})
        document = soup(response)
        assert response.status_code == 200
        assert "Välj ett av svaren för att gå vidare." in text(response)
        assert document.select_one("legend").get_text(strip=True).startswith("Behöver du")
        assert document.select_one("#guide-error a")["href"] == "#val-behov-ja"
        assert "guide-error" in document.select_one("fieldset")["aria-describedby"]
        assert document.title.get_text().startswith("Fel: Fråga 2 av högst 3 –")


class TestDirectorySearch:
    def test_no_search_form_without_a_directory_page(self, client, section):
        steps = guide_steps()
        steps[3][1]["show_directory_search"] = True
        EligibilityGuidePageFactory(parent=section, slug="kan-jag-fa-ombud", steps=steps)
        document = soup(client.get(URL + "?svar=alder-ja.behov-ja.vill-ja"))
        assert document.select_one("h2").get_text(strip=True) == "Du kan troligen få stöd"
        assert not document.select("form.guide__search")

    def test_outcomes_that_ask_for_it_search_the_directory_page(self, client, section):
        directory = GuidancePageFactory(parent=section, title="Hitta ombud", slug="hitta-ombud")
        steps = guide_steps()
        steps[3][1]["show_directory_search"] = True
        EligibilityGuidePageFactory(
            parent=section, slug="kan-jag-fa-ombud", steps=steps, directory_page=directory
        )
        form = soup(client.get(URL + "?svar=alder-ja.behov-ja.vill-ja")).select_one(
            "form.guide__search"
        )
        assert form["method"] == "get" and form["action"] == directory.url
        field = form.select_one("input[name=q]")
        assert form.select_one(f'label[for="{field["id"]}"]')
        # An outcome without the flag shows no search.
        assert not soup(client.get(URL + "?svar=alder-nej")).select("form.guide__search")


class TestLanguages:
    def test_the_guide_works_at_its_english_address(self, client, guide_page, home_en):
        section_en = translate(guide_page.get_parent(), "en", title="Support", slug="support")
        assert section_en.url == "/en/support/"
        page_en = translate(guide_page, "en", title="Can I get one?", slug="can-i-get-one")
        response = client.get(page_en.url + "?svar=alder-ja")
        assert response.status_code == 200
        document = soup(response)
        assert document.html["lang"] == "en"
        assert (
            document.select_one("legend").get_text(strip=True) == "Behöver du stöd från flera håll?"
        )
        redirect = client.get(
            page_en.url, {"svar": "alder-ja", "fraga": "behov", "val": "behov-ja"}
        )
        assert redirect["Location"] == "/en/support/can-i-get-one/?svar=alder-ja.behov-ja"


def stream(steps) -> list[dict]:
    """Raw StreamField data, as the admin form posts it: sources by id."""

    def raw(value):
        if isinstance(value, dict):
            return {k: raw(v) for k, v in value.items()}
        if isinstance(value, list):
            return [raw(v) for v in value]
        return getattr(value, "pk", value)

    return [{"type": kind, "value": raw(value)} for kind, value in steps]


def errors_for(steps) -> str:
    block = EligibilityStreamBlock()
    with pytest.raises(ValidationError) as caught:
        block.clean(block.to_python(stream(steps)))
    return " ".join(caught.value.messages)


class TestEditorValidation:
    def test_a_valid_guide_is_accepted(self, db):
        block = EligibilityStreamBlock()
        assert len(block.clean(block.to_python(stream(guide_steps())))) == 7

    def test_a_cycle_is_refused_with_its_keys(self, db):
        steps = guide_steps()
        steps[2][1]["answers"][1]["next"] = "alder"
        message = errors_for(steps)
        assert "slinga" in message and "alder → behov → vill → alder" in message

    def test_an_answer_to_nowhere_is_refused(self, db):
        steps = guide_steps()
        steps[1][1]["answers"][1]["next"] = "saknas"
        assert "leder till 'saknas'" in errors_for(steps)

    def test_an_unreachable_outcome_is_refused(self, db):
        steps = [*guide_steps(), outcome("glomd", "Ingen kommer hit")]
        assert "Inget svar leder till 'glomd'" in errors_for(steps)

    def test_a_duplicate_key_is_refused(self, db):
        steps = [
            *guide_steps(),
            question("alder", "Igen?", [("a", "Ja", "troligen"), ("b", "Nej", "kanske")]),
        ]
        assert "Nyckeln 'alder' används mer än en gång" in errors_for(steps)

    def test_the_content_pack_refuses_a_broken_guide_with_the_same_message(self, db):
        from pathlib import Path

        from portal.content_pack import values
        from portal.content_pack.yaml_lines import PackError

        steps = guide_steps()
        steps[0][1]["answers"][0]["next"] = "saknas"
        page = EligibilityGuidePage(title="Trasig", slug="trasig")
        with pytest.raises(PackError) as caught:
            values.assign(page, {"steps": stream(steps)}, Path("51_eligibility.yaml"), 12)
        assert "leder till 'saknas'" in str(caught.value)


def test_editors_can_open_the_guide_and_its_block_previews_in_the_admin(
    client, guide_page, django_user_model
):
    client.force_login(django_user_model.objects.create_superuser("red", "r@example.invalid", "x"))
    response = client.get(f"/admin/pages/{guide_page.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Leder till" in content and "Svarsalternativ" in content
