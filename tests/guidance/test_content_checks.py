"""The content checks find what they are for, on made-up pages (no database). They run on
the real pack in tests/guidance/test_first_edition.py, where the pack is loaded once."""

from tests.content_checks import (
    figures_without_year,
    link_problems,
    period_without_year,
    uncited_normative,
)


def text(html, citations=()):
    return {"type": "text", "value": {"text": html, "citations": list(citations)}}


CITED = [{"source": 1, "locator": "avsnittet Målgruppen"}]


def test_a_normative_statement_without_a_citation_is_found_in_either_language():
    blocks = [
        text("<p>Ombudet <b>ska</b> arbeta på klientens uppdrag.</p>"),
        text("<p>Ombudet ska arbeta på klientens uppdrag.</p>", CITED),
        text("<p>Ombudet träffar klienten hemma.</p>"),  # nothing normative
        {"type": "callout", "value": {"heading": "Bra att veta", "text": "<p>Du bör fråga.</p>"}},
        {
            "type": "qa",
            "value": {
                "items": [
                    {
                        "question": "Får jag byta?",
                        "answer": "<p>Du har rätt att byta.</p>",
                        "citations": [],
                    },
                    {"question": "Kostar det?", "answer": "<p>Nej.</p>", "citations": []},
                ]
            },
        },
    ]
    found = uncited_normative(blocks, language="sv")
    assert found == [
        "Ombudet ska arbeta på klientens uppdrag.",
        "Du har rätt att byta.",  # the question itself states nothing
    ]
    english = [text("<p>A checklist should be drawn up.</p>"), text("<p>It must.</p>", CITED)]
    assert uncited_normative(english, language="en") == ["A checklist should be drawn up."]
    # A stored StreamField's citations are a list of {type, value, id}: not empty is cited.
    stored = [text("<p>Man ska.</p>", [{"type": "item", "value": CITED[0], "id": "x"}])]
    assert uncited_normative(stored, language="sv") == []


def test_a_module_answers_for_its_own_text_not_for_its_questions_or_cited_scenarios():
    def module(intro, citations=()):
        return {
            "type": "module",
            "value": {
                "title": "Sekretess",
                "intro": intro,
                "citations": list(citations),
                "questions": ["Vad ska du fråga din arbetsgivare om?"],
                "scenarios": [
                    {
                        "situation": "Klienten ska flytta.",
                        "answer": "<p>Ja.</p>",
                        "citations": CITED,
                    },
                ],
            },
        }

    assert uncited_normative([module("<p>Här lär du dig om sekretess.</p>")], language="sv") == []
    found = uncited_normative([module("<p>Fullmakt ska vara ett undantag.</p>")], language="sv")
    assert found == ["Sekretess Fullmakt ska vara ett undantag."]
    cited = module("<p>Fullmakt ska vara ett undantag.</p>", CITED)
    assert uncited_normative([cited], language="sv") == []


def test_a_figure_needs_a_year_in_its_block_or_the_heading_above():
    blocks = [
        text("<p>Det fanns 168 kommuner med personligt ombud.</p>", CITED),
        text("<p>År 2012 fanns 168 kommuner med personligt ombud.</p>", CITED),
        {"type": "heading", "value": {"text": "Nationell översikt 2012", "level": "h3"}},
        text("<ul><li>42 kommuner saknade PO</li></ul>", CITED),
        {"type": "heading", "value": {"text": "Driftsformer", "level": "h3"}},
        text("<p>85 procent drevs kommunalt och 15 % på entreprenad.</p>", CITED),
        text("<p>Ombudet har ofta 10–15 klienter.</p>", CITED),
        text("<p>Mellan 2 och 3 är ingen figur, och inte heller SFS 2001:453.</p>"),
        text("<p>Se punkt 8 Sekretess.</p>"),  # a numbered point, not kronor (SEK)
        # Where in a source is no figure: "punkt 8 ombud" in a citation's locator.
        {"type": "citation", "value": {"source": 1, "locator": "punkt 8 ombud och sekretess"}},
    ]
    found = figures_without_year(blocks)
    assert [item.split(" in: ")[0] for item in found] == [
        "'168 kommuner'",
        "'85 procent'",
        "'15 klienter'",
    ]
    assert period_without_year("okänt") and period_without_year("")
    assert not period_without_year("december 2004") and not period_without_year("2002–2004")


PAGES = {"/sv/stod/", "/sv/stod/kontakt/", "/en/support/", "/sv/lattlast/"}


def exists(path):
    return path in PAGES


def test_a_link_to_a_page_missing_in_its_language_or_unmarked_is_found():
    html = """<html><body><nav><a href="/sv/finns-inte-i-menyn/">meny</a></nav><main>
        <a href="/sv/stod/kontakt/#sa-gor-du">Swedish page from Swedish</a>
        <a href="/en/support/">English page</a>
        <a href="/en/stod/kontakt/">a Swedish slug under /en/</a>
        <a href="/sv/lattlast/" hreflang="sv">marked</a>
        <a href="/sv/stod/"><span lang="sv">marked inside</span></a>
        <a href="https://www.ivo.se/">external</a><a href="/static/x.css">static</a>
        <a href="/sv/stod/kontakt/?q=Norrk%C3%B6ping">with a query</a>
    </main></body></html>"""
    assert link_problems(html, language="en", exists=exists) == [
        "/sv/stod/kontakt/: på sv men länken säger inte det",
        "/en/stod/kontakt/: finns inte",
        "/sv/stod/kontakt/: på sv men länken säger inte det",
    ]
    assert link_problems(html, language="sv", exists=exists) == [
        "/en/support/: på en men länken säger inte det",
        "/en/stod/kontakt/: finns inte",
    ]
