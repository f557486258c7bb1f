"""The real guide of the content pack: every path ends in an outcome, in both languages."""

import pytest
from bs4 import BeautifulSoup

from eligibility import guide
from eligibility.blocks import steps_of
from eligibility.models import EligibilityGuidePage
from eligibility.screens import query_for

# In the `db` group, so pytest-django runs these before the browser tests empty the tables.
pytestmark = pytest.mark.django_db

SOURCES = {"mb-2011-5", "sthlm-2023-arsrapport"}


@pytest.fixture(scope="module")
def pages(real_pack_in_db, django_db_blocker):
    """The real pack's guide in each language, read once for this module."""
    with django_db_blocker.unblock():
        return {
            page.locale.language_code: page
            for page in EligibilityGuidePage.objects.select_related("locale")
        }


@pytest.fixture(params=["sv", "en"])
def page(request, pages):
    return pages[request.param]


def graph_of(page) -> guide.Graph:
    return guide.graph_from_steps(steps_of(page.steps))


def test_the_pack_publishes_the_guide_under_the_support_section_in_both_languages(pages):
    assert set(pages) == {"sv", "en"}
    assert pages["sv"].url == "/sv/for-dig-som-soker-stod/kan-jag-fa-personligt-ombud/"
    assert pages["en"].url == "/en/for-you-who-need-support/can-i-get-a-personal-ombudsman/"
    assert all(p.live for p in pages.values())


def test_the_guide_is_valid_and_every_path_ends_in_an_outcome(page):
    graph = graph_of(page)
    assert guide.problems(steps_of(page.steps)) == []
    paths = guide.all_paths(graph)
    assert len(paths) >= 5
    for answers, end in paths:
        walked = guide.walk(graph, list(answers))
        assert (walked.is_outcome, walked.error) == (True, None), answers
        assert walked.current == end
    assert {end for _answers, end in paths} == set(graph.outcomes)


def test_the_longest_path_is_short(page):
    longest = max(len(answers) for answers, _end in guide.all_paths(graph_of(page)))
    assert 4 <= longest <= 7
    assert guide.remaining_questions(graph_of(page), graph_of(page).start) == longest


def test_both_languages_have_the_same_keys_and_branches(pages):
    assert graph_of(pages["sv"]) == graph_of(pages["en"])


def test_the_guide_covers_the_criteria_of_the_target_group(pages):
    questions = " ".join(
        f"{child.value['question']} {child.value['help_text'].source}"
        for child in pages["sv"].steps
        if child.block_type == "question"
    ).lower()
    for words in ("18 år", "diagnos", "flera håll", "lång", "alkohol eller droger", "bostad"):
        assert words in questions, words
    assert "vill du själv" in questions  # consent


def test_outcomes_are_of_every_kind_cited_and_say_it_is_free_and_needs_no_application(pages):
    outcomes = [c.value for c in pages["sv"].steps if c.block_type == "outcome"]
    assert {o["kind"] for o in outcomes} == {"likely", "maybe", "unlikely"}
    for outcome in outcomes:
        keys = {citation["source"].key for citation in outcome["citations"]}
        assert keys & SOURCES, outcome["key"]
    for outcome in outcomes:
        if outcome["kind"] == "likely":
            text = outcome["next_steps"].source
            assert "kostnadsfritt" in text and "inte ansöka" in text and "beslut" in text
            assert outcome["show_directory_search"]


def test_every_outcome_renders_with_its_heading_and_the_not_a_decision_note(client, page):
    graph = graph_of(page)
    headings = {c.value["key"]: c.value["heading"] for c in page.steps if c.block_type == "outcome"}
    for answers, end in guide.all_paths(graph):
        response = client.get(page.url + query_for(answers))
        assert response.status_code == 200, answers
        document = BeautifulSoup(response.content, "html.parser")
        assert document.select_one(".guide__outcome h2").get_text(strip=True) == headings[end]
        assert document.select_one(".guide__decision")
        for link in document.select(".guide__outcome a"):
            assert link["href"].startswith(f"/{page.locale.language_code}/"), link["href"]


def test_likely_outcomes_search_the_directory_in_the_readers_language(client, page):
    directory = page.directory_page.get_translation(page.locale)
    assert directory.locale_id == page.locale_id
    response = client.get(page.url + "?svar=alder-ja.svarigheter-ja.behov-ja.vill-ja.situation-nej")
    form = BeautifulSoup(response.content, "html.parser").select_one("form.guide__search")
    assert form["method"] == "get" and form["action"] == directory.url
    assert form.select_one("input[name=q]")["id"] == form.select_one("label")["for"]


def test_every_outcome_that_sends_the_reader_to_the_municipality_leads_to_the_directory(
    client, page
):
    """'Contact the ombudsmen in your municipality' comes with the directory: its search, or
    at least a link to it."""
    directory = page.directory_page.get_translation(page.locale)
    graph = graph_of(page)
    words = "din kommun" if page.locale.language_code == "sv" else "your municipality"
    checked = 0
    for answers, end in guide.all_paths(graph):
        outcome = next(c.value for c in page.steps if c.value["key"] == end)
        if words not in outcome["next_steps"].source:
            continue
        checked += 1
        document = BeautifulSoup(client.get(page.url + query_for(answers)).content, "html.parser")
        form = document.select_one("form.guide__search")
        links = {a["href"] for a in document.select(".guide__outcome a")}
        assert (form is not None and form["action"] == directory.url) or directory.url in links, end
    assert checked >= 3


@pytest.mark.parametrize("typed", ["Norrköping", "norrkoping", "Norrköpings kommun", "NORRKÖPING "])
def test_a_municipality_typed_in_the_outcome_search_opens_its_directory_entry(client, pages, typed):
    page = pages["sv"]
    response = client.get(page.url + "?svar=alder-ja.svarigheter-ja.behov-ja.vill-ja.situation-nej")
    form = BeautifulSoup(response.content, "html.parser").select_one("form.guide__search")
    entry = client.get(form["action"], {"q": typed}, follow=True)
    assert entry.redirect_chain[-1][1] == 302
    document = BeautifulSoup(entry.content, "html.parser")
    assert document.h1.get_text(strip=True) == "Personligt ombud i Norrköping"
    assert "Östergötlands län" in document.main.get_text()
