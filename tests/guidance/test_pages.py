"""Guidance pages rendered from a small pack: citations, rules by date, glossary, comparison."""

import datetime

import pytest
from bs4 import BeautifulSoup

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db


def get(client, url, status=200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


URLS = {
    "guidance": "/sv/stod/",
    "guidance_en": "/en/about-po/",
    "easy_read": "/sv/stod/lattlast/",
    "dilemma": "/sv/stod/etik/anhoriga-vill-veta/",
    "deficiencies": "/sv/stod/systembrister/",
    "glossary": "/sv/begrepp/",
    "glossary_en": "/en/glossary/",
    "sources": "/sv/kallor/",
    "comparison": "/sv/stod/vem-gor-vad/",
    "comparison_en": "/en/about-po/who-does-what/",
    "rule_set": "/sv/mb-2011-5/",
    "rule": "/sv/mb-2011-5/regel/mb2011-ledning-1/",
}


@pytest.mark.parametrize("name", URLS)
def test_every_guidance_page_type_renders_in_its_language(client, pack, name):
    document = get(client, URLS[name])
    assert document.h1.get_text(strip=True)
    assert document.html["lang"] == ("en" if name.endswith("_en") else "sv")


def test_citations_are_numbered_once_and_listed_under_the_text(client, pack):
    document = get(client, "/sv/stod/")
    marks = [str(a.contents[0]) for a in document.select("a.ref-mark")]
    assert marks == ["[1]", "[2]", "[1]", "[3]"]  # text, quote, first and second answer
    listed = [li.get_text(" ", strip=True) for li in document.select(".references li")]
    assert len(listed) == 3
    assert "avsnittet Ombudens arbetsuppgifter" in listed[0]
    assert "avsnittet Målgruppen" in listed[1]
    assert listed[2].startswith("Stockholms stad")
    assert document.select_one(".references li")["id"] == "kalla-1"
    # the mark sits inside the paragraph it supports
    assert document.select_one(".cited-text p a.ref-mark") is not None


def test_guidance_page_shows_rule_term_callout_qa_and_related_pages(client, pack):
    document = get(client, "/sv/stod/")
    rule = document.select_one(".rule")
    assert "Målgruppen är personer 18 år" in rule.get_text() and rule.select_one(".badge--ska")
    term = document.select_one(".term")
    assert term.dfn.get_text() == "God man" and term.a["href"] == "/sv/begrepp/#god-man"
    assert document.select_one(".callout__heading").get_text() == "Bra att veta"
    assert [s.get_text() for s in document.select("details.qa summary")] == [
        "Kostar det något?",
        "Får jag avsluta?",
    ]
    assert [a["href"] for a in document.select("nav.related a")] == [
        "/sv/begrepp/",
        "/sv/stod/vem-gor-vad/",
    ]
    assert document.select_one(".easy-read-link a")["href"] == "/sv/stod/lattlast/"


def test_english_page_links_english_versions_of_related_pages(client, pack):
    document = get(client, "/en/about-po/")
    assert document.select_one(".cited-text").get_text(strip=True).startswith("The ombudsman")


class TestRuleSetPage:
    def test_lists_every_rule_by_topic_with_stable_anchors(self, client, pack):
        document = get(client, "/sv/mb-2011-5/")
        topics = [h.get_text() for h in document.select("section[aria-labelledby^=topic] h2")]
        assert topics == ["Målgrupp", "Ledning och styrning"]
        assert document.select_one("#mb2011-ledning-1") is not None
        assert "2 regler." in document.select_one("[role=status]").get_text()

    def test_shows_only_rules_that_applied_on_a_date(self, client, pack):
        before = get(client, "/sv/mb-2011-5/?datum=2012-01-01")
        after = get(client, "/sv/mb-2011-5/?datum=2014-01-01")
        assert before.select_one("#mb2011-ledning-1") is not None
        assert after.select_one("#mb2011-ledning-1") is None
        assert "1 av 2 regler gällde 2014-01-01." in after.select_one("[role=status]").get_text()

    def test_shows_what_changed_between_versions(self, client, pack):
        document = get(client, "/sv/mb-2011-5/")
        change = document.select_one("#changes-heading").find_next("li")
        assert "ersattes av" in change.get_text()
        assert change.a["href"] == "/sv/sfs-2013-522/regel/sfs2013-ledning-1/"
        newer = get(client, "/sv/sfs-2013-522/")
        assert "ersätter" in newer.select_one("#changes-heading").find_next("li").get_text()

    @pytest.mark.parametrize(
        "raw", ["kalle", "2012-13-45", "1066-10-14", "'; DROP TABLE x;--", "9" * 5000]
    )
    def test_a_bad_date_gets_a_swedish_message_and_all_rules(self, client, pack, raw):
        document = get(client, f"/sv/mb-2011-5/?datum={raw}")
        error = document.select_one("#datum-error").get_text()
        assert "datum" in error.lower()
        assert document.select_one("#datum")["aria-invalid"] == "true"
        assert "2 regler." in document.select_one("[role=status]").get_text()

    def test_each_rule_has_its_own_page(self, client, pack):
        document = get(client, "/sv/mb-2011-5/regel/mb2011-ledning-1/")
        assert document.h1.get_text(strip=True) == "MB 5/2011, regel 1"
        get(client, "/sv/mb-2011-5/regel/sfs2013-ledning-1/", status=404)  # another set's rule
        get(client, "/sv/mb-2011-5/regel/finns-inte/", status=404)


def test_glossary_is_alphabetical_in_each_language(client, pack):
    swedish = get(client, "/sv/begrepp/")
    assert [dt.get_text(" ", strip=True) for dt in swedish.select("dt")] == [
        "Arbetsförmedlingen (AF)",
        "God man",
        "Personligt ombud (PO)",
    ]
    assert [a.get_text() for a in swedish.select(".letter-nav a")] == ["A", "G", "P"]
    english = get(client, "/en/glossary/")
    assert [dt.get_text(strip=True) for dt in english.select("dt")] == ["Trustee (god man)"]


def test_sources_page_lists_the_pages_that_cite_each_source(client, pack):
    document = get(client, "/sv/kallor/")
    mb = document.select_one("#mb-2011-5")
    citing = {a.get_text() for a in mb.select("a")}
    assert {"Om personligt ombud", "Anhöriga vill veta"} <= citing
    assert document.select_one("#oanvand").select("ul a") == []


def test_comparison_renders_a_table_and_cards_with_sources(client, pack):
    document = get(client, "/sv/stod/vem-gor-vad/")
    table = document.select_one(".comparison-table table")
    assert [th.get_text() for th in table.select("thead th")] == [
        "Egenskap",
        "Personligt ombud",
        "God man",
    ]
    rows = {
        tr.th.get_text(): [td.get_text(" ", strip=True) for td in tr.select("td")]
        for tr in table.select("tbody tr")
    }
    assert rows["Yrkesperson eller lekman"][0].startswith("Yrkesperson")
    assert rows["Yrkesperson eller lekman"][1].startswith("Lekman")
    assert rows["Typiska uppgifter"] == ["Uppgift saknas i källorna"] * 2
    # One role at a time: each role links to its own view, the others to a comparison with PO.
    roles = document.select(".role-list li")
    assert [li["id"] for li in roles] == ["roll-personligt-ombud", "roll-god-man"]
    assert [a["href"] for a in roles[1].select("a")] == [
        "/sv/stod/vem-gor-vad/?roll=god-man#jamforelse",
        "/sv/stod/vem-gor-vad/?roll=personligt-ombud&roll=god-man#jamforelse",
    ]
    assert len(document.select(".references li")) >= 1
    # The picker has PO ticked and is open, since nothing is chosen yet.
    picker = document.select_one("form.role-picker")
    assert picker["method"] == "get" and picker.details.has_attr("open")
    assert [i["value"] for i in picker.select("input[checked]")] == ["personligt-ombud"]


def test_comparison_of_chosen_roles_shows_only_them_with_their_sources(client, pack):
    document = get(client, "/sv/stod/vem-gor-vad/?roll=god-man&roll=personligt-ombud")
    compare = document.select_one(".role-compare")
    assert compare.h2.get_text(strip=True) == "Personligt ombud och God man"
    # Page order, not the order of the address; the same cells stacked for phones.
    assert [th.get_text() for th in compare.select("thead th")][1:] == [
        "Personligt ombud",
        "God man",
    ]
    first = compare.select_one(".comparison-stacked dl")
    assert [dt.get_text() for dt in first.select("dt")] == ["Personligt ombud", "God man"]
    assert document.select_one(".role-list") is None
    assert not document.select_one("form.role-picker details").has_attr("open")
    ticked = {i["value"] for i in document.select("form.role-picker input[checked]")}
    assert ticked == {"personligt-ombud", "god-man"}
    assert document.title.get_text().startswith("Personligt ombud, God man – ")


def test_one_role_at_a_time_offers_the_comparison_with_po(client, pack):
    document = get(client, "/sv/stod/vem-gor-vad/?roll=god-man")
    card = document.select_one(".role-card")
    assert card.h2.get_text() == "God man" and card["id"] == "jamforelse"
    assert "Lekman" in card.dl.get_text()
    assert document.select_one(".comparison-table") is None
    links = [a["href"] for a in card.select(".role-card__next a")]
    assert links[0] == "/sv/stod/vem-gor-vad/?roll=personligt-ombud&roll=god-man#jamforelse"
    assert links[1] == "/sv/stod/vem-gor-vad/"
    # Only what the card cites is listed.
    marks = {a["href"] for a in card.select("a.ref-mark")}
    assert marks == {f"#{li['id']}" for li in document.select(".references li")}


@pytest.mark.parametrize(
    "query",
    [
        "?roll=finns-inte",
        "?roll=god-man&roll=finns-inte",
        "?roll=%3Cscript%3Ealert(1)%3C/script%3E",
        "?roll=%27%20OR%201%3D1%20--",
        "?roll=god%00man",
        "?roll=" + "x" * 5000,
        "?roll=../../admin/",
    ],
)
def test_an_unknown_role_is_refused_in_swedish_with_the_picker(client, pack, query):
    response = client.get("/sv/stod/vem-gor-vad/" + query)
    assert response.status_code == 400
    document = BeautifulSoup(response.content, "html.parser")
    error = document.select_one("#role-picker-error")
    assert error.get_text().startswith("Vi hittar inget stöd som heter ”")
    assert error.get_text().endswith("Välj bland stöden i listan.")
    assert len(error.get_text()) < 120  # a long value is cut, not repeated
    assert document.select_one("form.role-picker details").has_attr("open")
    assert document.select_one(".comparison-table table")  # the whole comparison still shows
    assert b"<script>alert" not in response.content
    assert document.title.get_text().startswith("Fel:")


def test_many_role_values_are_refused_without_reading_them_all(client, pack):
    query = "&".join(["roll=god-man", "roll=personligt-ombud"] * 200)
    response = client.get("/sv/stod/vem-gor-vad/?" + query)
    assert response.status_code == 400
    error = BeautifulSoup(response.content, "html.parser").select_one("#role-picker-error")
    assert error.get_text().startswith("Du kan jämföra högst 3 stöd åt gången.")


def test_english_comparison_chooses_roles_by_their_english_slugs(client, pack):
    document = get(client, "/en/about-po/who-does-what/?roll=personal-ombudsman")
    assert document.select_one(".role-card h2").get_text() == "Personal ombudsman"
    response = client.get("/en/about-po/who-does-what/?roll=personligt-ombud")
    assert response.status_code == 400
    error = BeautifulSoup(response.content, "html.parser").select_one("#role-picker-error")
    assert error.get_text() == (
        "We cannot find a support called “personligt-ombud”. Choose from the list."
    )


def test_english_comparison_uses_english_role_profiles(client, pack):
    document = get(client, "/en/about-po/who-does-what/")
    headings = [th.get_text() for th in document.select(".comparison-table thead th")]
    assert "Personal ombudsman" in headings


def test_deficiency_page_shows_examples_by_level_and_actor(client, pack):
    document = get(client, "/sv/stod/systembrister/")
    rows = {tr.th.get_text(): tr for tr in document.select(".matrix tbody tr")}
    assert "Långa väntetider" in rows["Lokal nivå"].get_text()
    assert "Långa väntetider" not in rows["Nationell nivå"].get_text()


def test_dilemma_page_shows_situation_questions_and_references(client, pack):
    document = get(client, "/sv/stod/etik/anhoriga-vill-veta/")
    assert (
        document.select_one("ol.questions li").get_text()
        == "Vad har klienten sagt om sina anhöriga?"
    )
    references = document.select(".dilemma-references li")
    assert len(references) == 2 and references[1].select_one(".rule")


def test_review_due_pages_are_listed(pack):
    import datetime

    from guidance.selectors import pages_due_for_review

    page = GuidancePage.objects.get(slug="etik")
    page.last_reviewed, page.next_review = datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)
    page.save()
    due = pages_due_for_review()
    assert [p.slug for p in due] == ["etik"]


class TestTermsInRichText:
    def test_a_term_in_the_text_links_to_the_glossary_and_is_defined_in_place(self, client, pack):
        document = get(client, "/sv/stod/")
        link = document.select_one(".cited-text p a.term-ref")
        assert link.get_text() == "god man"
        assert link["href"] == "/sv/begrepp/#god-man"
        definition = document.find(id=link["aria-describedby"])
        assert definition.name == "dd"
        assert "tingsrätten utser" in definition.get_text()
        assert definition.find_previous("dt").get_text(strip=True) == "God man"

    def test_the_english_page_shows_the_english_definition(self, client, pack):
        document = get(client, "/en/about-po/")
        link = document.select_one("a.term-ref")
        assert link["href"] == "/en/glossary/#trustee"
        assert "appointed by the court" in document.find(id=link["aria-describedby"]).get_text()

    def test_a_deleted_term_leaves_the_words_without_a_broken_link(self, client, pack):
        from guidance.models import Term

        Term.objects.filter(slug__in=["god-man", "trustee"]).delete()
        document = get(client, "/sv/stod/")
        missing = document.select_one("a.term-ref--missing")
        assert missing.get_text() == "god man" and not missing.has_attr("href")
        assert document.select_one(".term-definitions") is None

    def test_editor_round_trip_keeps_the_term_reference(self, pack):
        import json

        from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

        from guidance.blocks import GUIDANCE_FEATURES
        from guidance.models import Term

        term = Term.objects.get(slug="god-man")
        html = f'<p>Inte en <a linktype="term" id="{term.pk}">god man</a>.</p>'
        converter = ContentstateConverter(features=GUIDANCE_FEATURES)
        contentstate = json.loads(converter.from_database_format(html))
        [entity] = contentstate["entityMap"].values()
        assert entity["type"] == "TERM" and entity["data"]["filename"] == "God man"
        stored = converter.to_database_format(json.dumps(contentstate))
        assert f'<a linktype="term" id="{term.pk}">god man</a>' in stored


class TestWhatAppliesOnADay:
    """A replaced rule set is never shown as valid beside the set that replaced it."""

    def mark_replaced(self, *, successor_start):
        from guidance.models import RuleSet

        newer = RuleSet.objects.get(key="forordning-2013-522")
        newer.valid_from = successor_start
        newer.issued_on = datetime.date(2013, 6, 13)
        newer.status, newer.status_basis = "galler", "Riksdagen.se, läst 2026-12-06."
        newer.save()
        older = RuleSet.objects.get(key="mb-2011-5")
        older.status, older.status_basis = "ersatt", "Årsrapporten 2023."
        older.replaced_by = newer
        older.save()

    def test_the_status_and_its_basis_are_shown(self, client, pack):
        self.mark_replaced(successor_start=None)
        document = get(client, "/sv/mb-2011-5/")
        status = document.select_one(".rule-set-status").get_text(" ", strip=True)
        assert "Ersatt." in status and "SFS 2013:522" in status and "Årsrapporten 2023" in status
        assert document.select_one(".rule-set-status a")["href"] == "/sv/sfs-2013-522/"

    def test_unknown_status_says_that_no_source_was_found(self, client, pack):
        document = get(client, "/sv/mb-2011-5/")
        status = document.select_one(".rule-set-status").get_text(" ", strip=True)
        assert "Okänd status" in status and "inte hittat" in status

    def test_with_an_unknown_start_the_issue_date_ends_the_older_set(self, client, pack):
        self.mark_replaced(successor_start=None)
        before = get(client, "/sv/mb-2011-5/?datum=2012-01-01")
        assert "2 av 2 regler gällde" in before.select_one("[role=status]").get_text()
        after = get(client, "/sv/mb-2011-5/?datum=2026-12-01")
        assert "0 av 2 regler gällde" in after.select_one("[role=status]").get_text()
        notice = after.select_one(".notice--replaced").get_text(" ", strip=True)
        assert "var ersatt av" in notice and "2013-06-13" in notice and "exakt" in notice
        assert len(after.select("#not-valid-heading + ul li")) == 2
        newer = get(client, "/sv/sfs-2013-522/?datum=2026-12-01")
        assert "1 av 1 regler gällde" in newer.select_one("[role=status]").get_text()
        assert newer.select_one(".notice--replaced") is None

    def test_the_newer_set_is_not_valid_before_it_was_issued(self, client, pack):
        self.mark_replaced(successor_start=None)
        document = get(client, "/sv/sfs-2013-522/?datum=2012-01-01")
        assert "0 av 1 regler gällde" in document.select_one("[role=status]").get_text()
        assert "tidigast" in document.select_one(".notice--replaced").get_text()

    def test_a_rule_and_its_replacement_are_never_both_listed_as_valid(self, pack):
        from guidance.models import Rule, RuleSet
        from guidance.selectors import rule_set_view

        # Dates that overlap: the older rule has no end, the newer rule set no start.
        Rule.objects.filter(key="mb2011-ledning-1").update(valid_to=None)
        RuleSet.objects.filter(key="forordning-2013-522").update(valid_from=None)
        view = rule_set_view(
            rule_set=RuleSet.objects.get(key="mb-2011-5"), day=datetime.date(2026, 12, 1)
        )
        shown = [rule.key for _, rules in view["rules_by_topic"] for rule in rules]
        assert "mb2011-ledning-1" not in shown
        assert [rule.key for rule in view["not_valid"]] == ["mb2011-ledning-1"]
        assert view["not_valid"][0].replaced_on_day is True
